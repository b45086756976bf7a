"""Sample contexts for the sentences the group plans app composes (``core.sentences``): one for every
number and optional part each sentence takes."""

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
    ]
}
