"""Sample contexts for the group plans' sentence templates (core.sentences): every person, number and
optional part each template can take."""

SAMPLES = {
    "groupplans/sentences/start_actions.txt": [
        {"overdue": 1, "coming": 0},
        {"overdue": 3, "coming": 0},
        {"overdue": 0, "coming": 1},
        {"overdue": 0, "coming": 2},
        {"overdue": 1, "coming": 1},
        {"overdue": 2, "coming": 3},
    ],
    "groupplans/sentences/start_plan_behind.txt": [
        {"subject": "Rekenen-wiskunde", "group": "Groep 8", "phase": "plannen", "deadline": 50, "passed": 67},
    ],
    "groupplans/sentences/start_plan_due.txt": [
        {"subject": "Spelling", "group": "Groep 5", "phase": "waarnemen", "date": "14 december"},
    ],
    "groupplans/sentences/start_person_overdue.txt": [
        {"name": "Tom Verbeek", "count": 1, "oldest": "4 december"},
        {"name": "Tom Verbeek", "count": 3, "oldest": "4 december"},
        {"name": "Tom Verbeek", "count": 2, "oldest": ""},
    ],
    "groupplans/sentences/start_session.txt": [
        {
            "name": "RT-groep begrijpend lezen",
            "group": "Groep 8",
            "times": 1,
            "days": "woensdag",
            "minutes": 45,
            "pupils": 13,
        },
        {
            "name": "Verlengde instructie",
            "group": "Groep 8",
            "times": 2,
            "days": "dinsdag en donderdag",
            "minutes": 20,
            "pupils": 1,
        },
        {
            "name": "Verdiept aanbod",
            "group": "Groep 6",
            "times": 3,
            "days": "maandag, woensdag en vrijdag",
            "minutes": None,
            "pupils": 0,
        },
        {
            "name": "RT-groep technisch lezen",
            "group": "Groep 4",
            "times": 0,
            "days": "",
            "minutes": None,
            "pupils": 2,
        },
    ],
}
