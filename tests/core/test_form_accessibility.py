"""Every form field has a name a screen reader reads, and a form with errors says so at the top.

For every page of the access matrix, as every role that may open it, first as shown and then with each of
its forms sent back empty (as tests/core/test_security_headers.py does):

- every visible ``input``/``select``/``textarea`` has a ``<label for>``, sits inside a ``<label>``, or has an
  ``aria-label``/``aria-labelledby`` that points at text;
- on a page with errors there is one error summary (``data-error-summary``), every link in it points at an
  element of the page, and it links to every field marked invalid;
- a field shown with an error (Bootstrap's ``is-invalid``) has ``aria-invalid="true"`` and an
  ``aria-describedby`` naming an element that holds text (its message).

A new page needs a matrix row, so it is covered without more. See docs/accessibility-forms.md.
"""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse

from tests import factories as f
from tests.access.test_matrix import MATRIX, ROLES
from tests.forms_on_page import form_data, forms_on_page

CONTROLS = ("input", "select", "textarea")
UNLABELLED_TYPES = ("hidden", "submit", "button", "image", "reset")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The controls, labels, ids (with their text) and the error summary of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls = []  # (tag, attrs, inside a <label>, line)
        self.label_for = set()
        self.label_text = {}  # id -> the text of its <label for>
        self.text_of = {}  # id -> the text inside the element
        self.summaries = []  # each: list of link targets
        self._open = []  # (tag, attrs) of open elements
        self._skip = 0  # depth inside <template>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._skip += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if "data-error-summary" in attrs:
            self.summaries.append([])
        if tag == "a" and self._in_summary() and (attrs.get("href") or "").startswith("#"):
            self.summaries[-1].append(attrs["href"][1:])
        if tag in CONTROLS and not self._skip:
            inside_label = any(open_tag == "label" for open_tag, _a in self._open)
            self.controls.append((tag, attrs, inside_label, self.getpos()[0]))
        if attrs.get("id") is not None:
            self.text_of.setdefault(attrs["id"], "")
        if tag not in VOID:
            self._open.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "template":
            self._skip -= 1
        # Close up to the matching element (HTML lets some end tags be left out).
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for tag, attrs in self._open:
            if tag == "label" and attrs.get("for"):
                self.label_text[attrs["for"]] = self.label_text.get(attrs["for"], "") + data
            if attrs.get("id") is not None:
                self.text_of[attrs["id"]] = self.text_of.get(attrs["id"], "") + data

    def _in_summary(self):
        return any("data-error-summary" in attrs for _tag, attrs in self._open)


def read(html):
    page = Page()
    page.feed(html)
    page.close()
    return page


def has_text(page, ids):
    return any(page.text_of.get(id_, "").strip() for id_ in (ids or "").split())


def is_visible(attrs):
    kind = (attrs.get("type") or "text").lower()
    return kind not in UNLABELLED_TYPES and "hidden" not in attrs


def label_problems(page):
    problems = []
    for tag, attrs, inside_label, line in page.controls:
        if tag == "input" and not is_visible(attrs):
            continue
        named = (
            (attrs.get("id") and attrs["id"] in page.label_for)
            or inside_label
            or (attrs.get("aria-label") or "").strip()
            or has_text(page, attrs.get("aria-labelledby"))
        )
        if not named:
            problems.append(f"<{tag} name={attrs.get('name')!r}> at line {line} has no label")
    return problems


def error_problems(page):
    problems = []
    invalid = []
    for tag, attrs, _inside_label, line in page.controls:
        at = f"<{tag} name={attrs.get('name')!r}> at line {line}"
        if "is-invalid" in (attrs.get("class") or "").split() and attrs.get("aria-invalid") != "true":
            problems.append(f"{at} is shown invalid without aria-invalid")
        if attrs.get("aria-invalid") == "true":
            invalid.append(attrs)
            described = attrs.get("aria-describedby") or ""
            if not described:
                problems.append(f"{at} is invalid without aria-describedby")
            missing = [id_ for id_ in described.split() if id_ not in page.text_of]
            if missing:
                problems.append(f"{at}: aria-describedby names {missing}, not on the page")
            elif described and not has_text(page, described):
                problems.append(f"{at}: aria-describedby {described!r} holds no text")
    if invalid and not page.summaries:
        problems.append(f"{len(invalid)} invalid fields and no error summary")
    if len(page.summaries) > 1:
        problems.append(f"{len(page.summaries)} error summaries")
    for targets in page.summaries:
        missing = [target for target in targets if target not in page.text_of]
        problems += [f"the summary links to #{target}, which is not on the page" for target in missing]
        for attrs in invalid:
            id_ = attrs.get("id")
            # A group of radios or checkboxes (id_staff_0, id_staff_1, ...) is linked by its first option.
            group = id_.rsplit("_", 1)[0] + "_0" if id_ and id_.rsplit("_", 1)[-1].isdigit() else None
            if id_ and id_ not in targets and group not in targets:
                problems.append(f"the summary has no link to invalid field #{id_}")
    return problems


def problems_of(html):
    page = read(html)
    return label_problems(page) + error_problems(page)


def reaching_roles(statuses):
    return [role for role in ROLES if statuses[role][0] == 200]


PAGES = sorted(
    name for name, (method, _k, _d, statuses) in MATRIX.items() if method == "get" and reaching_roles(statuses)
)


def role_problems(world, client, name, role):
    _method, make_kwargs, make_data, _statuses = MATRIX[name]
    client.logout()
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse(name.split("#")[0], kwargs=make_kwargs(world, role, "in") if make_kwargs else None)
    response = client.get(url, make_data(world, role, "in") if make_data else {})
    if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
        return []
    html = response.content.decode()
    failures = [f"{role} GET {url}: {problem}" for problem in problems_of(html)]
    for action, fields in forms_on_page(html):
        if action.split("?")[0] in ("", url):
            refused = client.post(url, dict.fromkeys(fields, ""))
            if refused.status_code == 200 and refused.get("Content-Type", "").startswith("text/html"):
                found = problems_of(refused.content.decode())
                failures += [f"{role} POST {url} (empty): {problem}" for problem in found]
    return failures


@pytest.mark.parametrize("name", PAGES)
def test_every_field_is_labelled_and_every_error_tied_and_summarised(world, client, name):
    failures = []
    for role in reaching_roles(MATRIX[name][3]):
        # Each role in a savepoint rolled back after it: the matrix's kwargs create objects, not always twice.
        with transaction.atomic():
            failures += role_problems(world, client, name, role)
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def test_the_checks_find_unlabelled_fields_and_untied_errors():
    # The page test above can only fail if these findings are made.
    html = (
        '<label for="a">A</label><input id="a" name="a">'
        '<label>B <input name="b"></label>'
        '<span id="c-name">C</span><select name="c" aria-labelledby="c-name"></select>'
        '<input name="d" placeholder="only a placeholder">'
        '<textarea name="e" aria-labelledby="nowhere"></textarea>'
        '<input type="hidden" name="f"><input type="submit" name="g">'
        '<label for="h">H</label><input id="h" name="h" class="form-control is-invalid">'
        '<label for="i">I</label><input id="i" name="i" aria-invalid="true" aria-describedby="i_error">'
    )
    assert problems_of(html) == [
        "<input name='d'> at line 1 has no label",
        "<textarea name='e'> at line 1 has no label",
        "<input name='h'> at line 1 is shown invalid without aria-invalid",
        "<input name='i'> at line 1: aria-describedby names ['i_error'], not on the page",
        "1 invalid fields and no error summary",
    ]
    tied = html.replace(' class="form-control is-invalid"', "") + '<p id="i_error">Vul dit in.</p>'
    assert problems_of(tied + '<div data-error-summary><a href="#i">I</a></div>')[2:] == []
    assert problems_of(tied + '<div data-error-summary><a href="#gone">I</a></div>')[2:] == [
        "the summary links to #gone, which is not on the page",
        "the summary has no link to invalid field #i",
    ]


def label_of(page, id_):
    return " ".join(page.label_text.get(id_, "").split())


def summary_of(html):
    """The heading and the items (text, link target) of the page's error summary."""
    start = html.index("data-error-summary")
    end = html.index("</div>", start)
    part = html[start:end]
    heading = " ".join(part.split("<h2", 1)[1].split(">", 1)[1].split("</h2>")[0].split())
    items = []
    for item in part.split("<li>")[1:]:
        item = item.split("</li>")[0]
        target = item.split('href="#', 1)[1].split('"')[0] if 'href="#' in item else ""
        text = " ".join(item.split(">", 1)[1].split("<")[0].split()) if target else " ".join(item.split())
        items.append((text, target))
    return heading, items


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.user("coordinator"))
    return client


def test_the_meeting_form_labels_each_action_by_its_row(coordinator):
    html = coordinator.get(reverse("groupplans:meeting_create")).content.decode()
    page = read(html)
    assert "{#" not in html and "{% comment" not in html  # the templates' own notes never reach the page
    assert label_of(page, "id_acties-0-text") == "Actie 1: actie (verplicht)"
    assert label_of(page, "id_acties-1-owner") == "Actie 2: wie (verplicht)"
    assert label_of(page, "id_acties-2-due_date") == "Actie 3: uiterlijk op (verplicht)"
    # Fields of the meeting itself: a visible label, required in words.
    assert label_of(page, "id_kind").endswith(" (verplicht)")
    assert label_problems(page) == []


def test_a_changed_meeting_labels_the_delete_box_by_its_row(world, coordinator):
    meeting = f.MeetingFactory(school=world.school, group=world.groups["six"])
    f.ActionFactory(meeting=meeting, owner=world.user("coordinator"))
    page = read(coordinator.get(reverse("groupplans:meeting_edit", args=[meeting.pk])).content.decode())
    assert label_of(page, "id_acties-0-DELETE") == "Actie 1: verwijderen"
    assert label_of(page, "id_acties-1-text").startswith("Actie 2: ")


def test_the_summary_counts_one_field_in_the_singular(world, coordinator):
    data = form_data(coordinator.get(reverse("groupplans:meeting_create")).content.decode(), containing=["kind"])
    data.update(kind="group", date="", group=str(world.groups["six"].pk))
    html = coordinator.post(reverse("groupplans:meeting_create"), data).content.decode()
    heading, items = summary_of(html)
    assert heading == "Controleer dit formulier: 1 veld is niet goed ingevuld"
    assert items == [("Datum: Dit veld is verplicht.", "id_date")]


def test_the_summary_counts_fields_in_the_plural_and_names_their_rows(world, coordinator):
    data = form_data(coordinator.get(reverse("groupplans:meeting_create")).content.decode(), containing=["kind"])
    data.update({"kind": "", "acties-1-text": "Ouders bellen"})
    html = coordinator.post(reverse("groupplans:meeting_create"), data).content.decode()
    heading, items = summary_of(html)
    targets = [target for _text, target in items]
    assert heading.startswith("Controleer dit formulier: ") and heading.endswith(" velden zijn niet goed ingevuld")
    assert int(heading.split(": ")[1].split()[0]) == len(set(targets)) >= 3
    assert {"id_kind", "id_acties-1-owner", "id_acties-1-due_date"} <= set(targets)
    assert any(text.startswith("Actie 2: wie: ") for text, _target in items)
    assert error_problems(read(html)) == []


def test_the_summary_holds_errors_of_the_form_as_a_whole():
    from django import forms
    from django.template import Context, Template

    class Form(forms.Form):
        name = forms.CharField(label="Naam")

        def clean(self):
            raise forms.ValidationError("Deze combinatie bestaat al.")

    from django.test import RequestFactory

    template = Template("{% load error_summary %}{% error_summary %}")
    posted = RequestFactory().post("/")
    html = template.render(Context({"form": Form(data={}), "request": posted}))
    assert summary_of(html) == (
        "Controleer dit formulier: 1 veld is niet goed ingevuld",
        [("Deze combinatie bestaat al.", ""), ("Naam: Dit veld is verplicht.", "id_name")],
    )
    # A form not sent yet has no summary, nor has a filter form bound to the query string.
    assert "data-error-summary" not in template.render(Context({"form": Form(), "request": posted}))
    filtered = RequestFactory().get("/?name=")
    assert "data-error-summary" not in template.render(Context({"form": Form(data={}), "request": filtered}))
