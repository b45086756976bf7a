"""Sample contexts for the sentences the conversations app composes (core.sentences): one for every
number and optional part each sentence can take. ``tests/core/test_sentences.py`` renders them all."""

SAMPLES = {
    "conversations/sentences/summary_coverage.txt": [
        {"held": 28, "total": 30, "percent": 93},
        {"held": 0, "total": 30, "percent": 0},
        {"held": 1, "total": 30, "percent": 3},
        {"held": 1, "total": 1, "percent": 100},
        {"held": 0, "total": 1, "percent": 0},
    ],
    "conversations/sentences/letter_staff.txt": [
        {"names": "Jan de Vries (leerkracht)", "count": 1, "pupil": ""},
        {"names": "Jan de Vries (leerkracht)", "count": 1, "pupil": "Sanne"},
        {"names": "Jan de Vries (leerkracht) en Ria Bos (intern begeleider)", "count": 2, "pupil": "Daan"},
        {"names": "Jan de Vries, Ria Bos (intern begeleider) en Eva Smit (leerkracht)", "count": 3, "pupil": ""},
        {"names": "", "count": 0, "pupil": "Sanne"},
    ],
    "conversations/sentences/letter_where.txt": [
        {
            "count": 1,
            "location": "het lokaal van groep 8",
            "school": "De Wilg",
            "address": "Schoolstraat 1",
            "postcode": "1234 AB",
            "city": "Lindeveen",
        },
        {
            "count": 2,
            "location": "het lokaal van groep 8",
            "school": "De Wilg",
            "address": "Schoolstraat 1",
            "postcode": "1234 AB",
            "city": "Lindeveen",
        },
        {"count": 1, "location": "", "school": "De Wilg", "address": "Schoolstraat 1", "postcode": "", "city": ""},
        {"count": 2, "location": "", "school": "De Wilg", "address": "", "postcode": "", "city": "Lindeveen"},
        {"count": 1, "location": "de speelzaal", "school": "De Wilg", "address": "", "postcode": "", "city": ""},
        {"count": 2, "location": "de speelzaal", "school": "De Wilg", "address": "", "postcode": "", "city": ""},
    ],
    "conversations/sentences/letter_contact.txt": [
        {"count": 1, "phone": "0123 45 67 89"},
        {"count": 2, "phone": "0123 45 67 89"},
        {"count": 1, "phone": ""},
        {"count": 3, "phone": ""},
    ],
    # the start page's items
    "conversations/sentences/start_day.txt": [
        {
            "round": "Adviesgesprekken groep 8",
            "count": 1,
            "day": "dinsdag 15 december",
            "start": "15:00",
            "leader": True,
        },
        {
            "round": "Adviesgesprekken groep 8",
            "count": 16,
            "day": "dinsdag 15 december",
            "start": "15:00",
            "leader": True,
        },
        {
            "round": "Adviesgesprekken groep 8",
            "count": 14,
            "day": "donderdag 17 december",
            "start": "15:00",
            "leader": False,
        },
    ],
    "conversations/sentences/start_conversation.txt": [
        {
            "kind": "oudergesprek",
            "pupil": "Sanne de Vries",
            "day": "woensdag 9 december",
            "start": "15:30",
            "leader": True,
        },
        {
            "kind": "kindgesprek",
            "pupil": "Sanne de Vries",
            "day": "woensdag 9 december",
            "start": "15:30",
            "leader": False,
        },
    ],
    "conversations/sentences/start_unrecorded.txt": [{"count": 1}, {"count": 4}],
    "conversations/sentences/start_round.txt": [
        {"round": "Adviesgesprekken groep 8", "group": "", "days": 2, "first": "dinsdag 15 december", "planned": 30},
        {"round": "Rapportgesprekken", "group": "Groep 5", "days": 1, "first": "dinsdag 15 december", "planned": 1},
    ],
}
