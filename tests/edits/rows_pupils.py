"""Edit matrix rows of pupils (see harness.py)."""

ROWS = {}

# Not sorted yet (issue 10): each name becomes a row in ROWS or gets its reason here.
NOT_EDITS = {
    "pupils:pupil_list": "UNSORTED",
    "pupils:dossier": "UNSORTED",
    "pupils:dossier_pdf": "UNSORTED",
    "pupils:dossier_json": "UNSORTED",
    "pupils:history": "UNSORTED",
    "pupils:observation_create": "UNSORTED",
    "pupils:factor_create": "UNSORTED",
    "pupils:need_create": "UNSORTED",
    "pupils:need_update": "UNSORTED",
    "pupils:advice": "UNSORTED",
    "pupils:care_level": "UNSORTED",
    "pupils:assessment_create": "UNSORTED",
    "pupils:group_overview": "UNSORTED",
    "pupils:import_upload": "UNSORTED",
    "pupils:import_preview": "UNSORTED",
}
