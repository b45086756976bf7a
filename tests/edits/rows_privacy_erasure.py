"""Edit matrix entries of erasure on request (see harness.py): none of its pages edits a record."""

NOT_EDITS = {
    "privacy:erase_pupil": "wist een leerling na bevestiging met haar naam; een tweede keer geeft een 404",
    "privacy:erase_records": "leest alleen",
    "privacy:erase_record": "wist één gegeven; het formulier draagt het id ervan, een tweede keer geeft een 404",
}
