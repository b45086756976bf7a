"""Sample contexts for the coaching sentence templates (core.sentences): every person, number and optional
part each template can take."""

SAMPLES = {
    "coaching/sentences/start_agreement.txt": [
        {"coach": coach, "owner": owner, "coachee": "Tom Verbeek", "text": "Instructie in drie groepjes geven."}
        for coach in (True, False)
        for owner in ("coachee", "coach", "both")
    ],
    "coaching/sentences/start_agreements.txt": [
        {"open": 1, "overdue": 0},
        {"open": 1, "overdue": 1},
        {"open": 3, "overdue": 0},
        {"open": 3, "overdue": 2},
    ],
    "coaching/sentences/start_mandate.txt": [{"coachee": "Tom Verbeek", "coach": "Marieke de Haan"}],
}
