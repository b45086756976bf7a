"""Every URL that changes an existing record refuses a stale save: nothing is overwritten, and the
user sees what she typed beside what is stored now (see harness.py for the rows)."""

import pytest
from django.urls import reverse

from tests.access.urls import all_patterns
from tests.forms_on_page import form_data

from .harness import all_not_edits, all_rows

ROWS = all_rows()


def test_every_url_pattern_is_an_edit_row_or_says_why_not():
    rows, not_edits = set(ROWS), set(all_not_edits())
    assert not rows & not_edits, f"both a row and not an edit: {sorted(rows & not_edits)}"
    missing = sorted(set(all_patterns()) - rows - not_edits)
    assert not missing, f"URL patterns in neither the edit matrix nor NOT_EDITS: {missing}"
    unexplained = sorted(name for name, reason in all_not_edits().items() if not reason or reason == "UNSORTED")
    assert not unexplained, f"NOT_EDITS without a reason: {unexplained}"
    stale = sorted((rows | not_edits) - set(all_patterns()))
    assert not stale, f"edit matrix names of URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ROWS))
def test_stale_save_is_refused_and_shows_both_values(world, client, name):
    row = ROWS[name]
    record = row.record(world)
    client.force_login(world.user(row.role))
    url = reverse(name, kwargs=row.url_kwargs(world, record))
    # The user opens the form and types; meanwhile a colleague's save lands.
    loaded = client.get(row.page(world, record) if row.page else url)
    assert loaded.status_code == 200, f"{name}: the form does not open"
    changes = row.changes(world, record)
    data = {**form_data(loaded.content.decode(), containing=changes, action=url), **changes}
    row.colleague(world, record)
    stored = row.value(record)
    typed_text, stored_text = row.shown(world, record)

    response = client.post(url, data)
    assert response.status_code == row.status, response.content.decode()[:2000]
    if response.status_code == 302:
        response = client.get(response.url)
    page = response.content.decode()

    assert row.value(record) == stored, f"{name}: the stale save overwrote the colleague's"
    assert typed_text in page, f"{name}: what the user typed is not shown"
    assert stored_text in page, f"{name}: what is stored now is not shown"
