"""Edit matrix rows of conversations (see harness.py)."""

ROWS = {}

# Not sorted yet (issue 10): each name becomes a row in ROWS or gets its reason here.
NOT_EDITS = {
    "conversations:conversation_list": "UNSORTED",
    "conversations:pupil_conversations": "UNSORTED",
    "conversations:conversation_create": "UNSORTED",
    "conversations:conversation_detail": "UNSORTED",
    "conversations:conversation_edit": "UNSORTED",
    "conversations:notes_edit": "UNSORTED",
    "conversations:notes_compare": "UNSORTED",
    "conversations:conversation_pdf": "UNSORTED",
    "conversations:scale_answers": "UNSORTED",
    "conversations:questions": "UNSORTED",
    "conversations:outcomes": "UNSORTED",
    "conversations:question_bank": "UNSORTED",
    "conversations:round_list": "UNSORTED",
    "conversations:round_create": "UNSORTED",
    "conversations:round_detail": "UNSORTED",
    "conversations:round_edit": "UNSORTED",
    "conversations:round_schedule": "UNSORTED",
    "conversations:round_letters": "UNSORTED",
    "conversations:round_summary": "UNSORTED",
    "conversations:slot_move": "UNSORTED",
}
