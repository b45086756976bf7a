"""Sample contexts for the pupils' sentence templates (core.sentences): every person, number and optional
part each template can take."""

SAMPLES = {
    "pupils/sentences/start_new_observation.txt": [
        {"pupil": "Anouk de Wit", "kind": "observatie in de klas", "author": "Esther Claassen"},
        {"pupil": "Anouk de Wit", "kind": "analyse van werk", "author": ""},
    ],
    "pupils/sentences/start_new_need.txt": [
        {"pupil": "Lina Kaya", "author": "Marieke de Haan"},
        {"pupil": "Lina Kaya", "author": ""},
    ],
    "pupils/sentences/start_care_level.txt": [
        {"pupil": "Sem Mulder", "level": 3, "author": "Marieke de Haan"},
        {"pupil": "Sem Mulder", "level": 2, "author": ""},
    ],
    "pupils/sentences/start_import.txt": [
        {"kind": "toetsresultaten", "filename": "cito-midden.csv", "author": "Marieke de Haan"},
        {"kind": "leerlingen en groepen", "filename": "leerlingen.csv", "author": ""},
    ],
    "pupils/sentences/start_remedial_pupil.txt": [
        {"pupil": "Finn Bakker", "group": "Groep 8", "subject": "begrijpend lezen, wekelijks", "end_date": ""},
        {"pupil": "Finn Bakker", "group": "", "subject": "", "end_date": "31 januari"},
        {"pupil": "Finn Bakker", "group": "Groep 8", "subject": "spelling", "end_date": "31 januari"},
    ],
}
