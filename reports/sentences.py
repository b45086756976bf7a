"""Sample contexts for the reports' sentence templates (core.sentences): every person, number and optional
part each template can take."""

SAMPLES = {
    "reports/sentences/start_end_result.txt": [
        {"indicator": "1F", "share": 84.2, "first": "2023-2024", "last": "2025-2026", "vs": "below", "threshold": 85.0},
        {
            "indicator": "1S/2F",
            "share": 45.5,
            "first": "2025-2026",
            "last": "2025-2026",
            "vs": "above",
            "threshold": 42.4,
        },
        {"indicator": "1F", "share": 90.0, "first": "2024-2025", "last": "2025-2026", "vs": None, "threshold": None},
    ],
    "reports/sentences/start_on_schedule.txt": [
        {"plans": 6, "on_schedule": 2, "percent": 33},
        {"plans": 6, "on_schedule": 1, "percent": 17},
        {"plans": 0, "on_schedule": 0, "percent": 0},
    ],
    "reports/sentences/start_care.txt": [
        {"at_plan_level": 1, "pupils": 170, "plan_level": 3},
        {"at_plan_level": 3, "pupils": 170, "plan_level": 3},
    ],
    "reports/sentences/start_draft_report.txt": [{"half": 1, "year": "2026-2027"}, {"half": 2, "year": "2026-2027"}],
    "reports/sentences/start_targets.txt": [{"year": "2026-2027"}],
    "reports/sentences/start_final_report.txt": [
        {"half": 1, "year": "2025-2026", "date": "12 februari 2026"},
        {"half": 2, "year": "2025-2026", "date": ""},
    ],
}
