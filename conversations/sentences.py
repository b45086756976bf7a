"""Sample contexts for the conversations' sentence templates (core.sentences): every person, number and
optional part each template can take."""

SAMPLES = {
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
