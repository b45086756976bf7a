"""Sample contexts for the sentences the group plans app composes (``core.sentences``): one for every
number and optional part each sentence takes (the goal text, the start page's items)."""

import datetime

JANUARY, JUNE = datetime.date(2027, 1, 22), datetime.date(2027, 6, 10)

SAMPLES = {
    "groupplans/sentences/goal.txt": [
        # one pupil / several pupils, each with a level, a score, or both
        {"count": 1, "instrument": "DMT", "level": "III", "score": None, "date": JANUARY},
        {"count": 11, "instrument": "DMT", "level": "III", "score": None, "date": JANUARY},
        {"count": 1, "instrument": "LVS Spelling", "level": None, "score": "152,5", "date": JUNE},
        {"count": 9, "instrument": "LVS Spelling", "level": None, "score": "152,5", "date": JUNE},
        {"count": 1, "instrument": "LVS Rekenen-wiskunde", "level": "II", "score": "210", "date": JUNE},
        {"count": 7, "instrument": "LVS Rekenen-wiskunde", "level": "II", "score": "210", "date": JUNE},
    ],
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
