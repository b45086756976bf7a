"""Bad input never answers 500 and never changes anything.

For every URL of the access matrix that takes a POST, as every role that may post there, the form
as the page offers it is submitted with each of a fixed set of bad values in every field: empty,
100,000 characters, a NUL byte, superscript and Arabic-Indic digits, a 23-digit number, a negative
number, impossible dates, an id of the other school, and broken formset management forms.

- Pass "all fields": every field (hidden ones too, so the version the form carries) holds the bad
  value. Such a submission cannot be valid: it must be refused without a 5xx and leave the
  database exactly as it was.
- Pass "visible fields": the hidden fields keep what the page gave (a valid version), the fields a
  person types in hold the bad value. A text field may rightly accept "-1", so only "no 5xx" is
  asserted here: this pass reaches the database with the bad value.
- Broken management forms keep every other field as the page gave it, so only the formset's
  counts are wrong: the post must be refused and change nothing.

Every GET page is also requested with the query parameters the pages read, each holding each bad
value: no 5xx.

The same test runs on SQLite and, in CI, on PostgreSQL.
"""

import hashlib
import os

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import AuditAction, AuditEntry
from tests.access.admin_matrix import admin_url_kwargs
from tests.access.test_matrix import MATRIX, ROLES
from tests.forms_on_page import choice_options, forms_on_page, hidden_names

LONG = "x" * 100_000
BAD = {
    "empty": "",
    "long": LONG,
    "nul": "a\x00b",
    "superscript": "²",
    "arabic-indic": "٣",
    "23 digits": "1" * 23,
    "negative": "-1",
    "30 February": "2026-02-30",
    "year 99999": "31-12-99999",
}
# Values that name something of the other school: filled in per world.
OTHER_SCHOOL = ("foreign pupil", "foreign group", "foreign person")
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
BROKEN_MANAGEMENT = {
    "negative initial": {"-INITIAL_FORMS": "-1"},
    "negative total": {"-TOTAL_FORMS": "-1"},
    "huge total": {"-TOTAL_FORMS": "1" * 23, "-INITIAL_FORMS": "1" * 23},
    "superscript counts": {"-TOTAL_FORMS": "²", "-INITIAL_FORMS": "²"},
}
# One-click actions post no form of their own page: these are the names they may read.
BUTTON_FIELDS = (
    "pupil",
    "instruction_group",
    "from_group",
    "to_group",
    "group",
    "next",
    "state",
    "done",
    "version",
    "phase",
    "school",
    "language",
    "starts_at",
    "date",
    "time",
    "question",
    "conversation",
)
# The query parameters pages read.
QUERY_PARAMS = (
    "q",
    "groep",
    "group",
    "question",
    "vraag",
    "vak",
    "sorteer",
    "richting",
    "pagina",
    "page",
    "leerling",
    "pupil",
    "jaar",
    "periode",
    "status",
    "soort",
    "next",
    "van",
    "tot",
    "school",
    "model",
    "stap",
    "o",
    "p",
    "school__id__exact",
    "role__exact",
)
# Actions that rightly need no input at all: a bare POST is the user pressing the button.
NO_INPUT = {
    "logout": "uitloggen",
    "two_factor_disable": "tweestapsverificatie uitzetten",
}
# Forms where nothing filled in is a valid answer, with why.
EMPTY_IS_VALID = {
    # A school may leave a kind of instruction group without organisation (as the documented 'eigen groep').
    "groupplans:defaults_edit": "geen standaardorganisatie voor deze soort",
}
# Admin (beheer) pages that take a form: add and change of what a school's admin manages.
ADMIN_FORMS = [
    f"admin:{prefix}_{view}"
    for prefix in ("schools_schoolyear", "schools_group", "schools_membership", "schools_user")
    for view in ("add", "change")
] + ["admin:schools_school_change"]
ADMIN_GETS = [
    f"admin:{prefix}_changelist"
    for prefix in ("schools_schoolyear", "schools_group", "schools_membership", "schools_user", "schools_school")
]


@pytest.fixture
def client():
    # A 500 is a status to count here, not an exception to stop at.
    return Client(raise_request_exception=False)


def may_reach(statuses, role):
    return statuses[role][0] in (200, 302) and not (role == "anonymous" and statuses[role][0] == 302)


POST_CASES = sorted(
    [(name, role) for name, (_m, _k, _d, statuses) in MATRIX.items() for role in ROLES if may_reach(statuses, role)]
    + [(name, "admin") for name in ADMIN_FORMS]
)
GET_CASES = sorted(
    [(name, next(r for r in ROLES if may_reach(s, r))) for name, (m, _k, _d, s) in MATRIX.items() if m == "get"]
    + [(name, "admin") for name in ADMIN_GETS]
)


def tally(count):
    """With FUZZ_TALLY=<file>, each test adds how many requests it sent (for the figures in docs/saving.md)."""
    path = os.environ.get("FUZZ_TALLY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{count}\n")


def fingerprint():
    """A digest of everything stored, but for what a refused request may rightly leave behind:
    sessions, and audit entries of reads and failed logins."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model in (Session,) or model._meta.label == "schools.LoginFailure":
            continue
        rows = model._default_manager.all()
        if model is AuditEntry:
            rows = rows.exclude(action__in=[AuditAction.VIEW, AuditAction.LOGIN_FAILED])
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("last_login",)]
        digest.update(model._meta.label.encode())
        digest.update(repr(list(rows.order_by("pk").values_list(*fields))).encode())
    return digest.hexdigest()


def url_for(world, name, role):
    if name.startswith("admin:"):
        return reverse(name, kwargs=admin_url_kwargs(world, name.split(":", 1)[1], "in"))
    _method, make_kwargs, _data, _statuses = MATRIX[name]
    # A matrix key "<url name>#<case>" is a second case of the same URL pattern.
    return reverse(name.split("#")[0], kwargs=make_kwargs(world, role, "in") if make_kwargs else None)


def page_forms(client, name, url):
    """The post forms that submit to ``url``, as {field: [values]}; for a one-click action, the names
    such actions read."""
    if not name.startswith("admin:") and MATRIX[name][0] == "post":
        return [dict.fromkeys(BUTTON_FIELDS, [""])], set(), {}
    response = client.get(url)
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return [], set(), {}
    html = response.content.decode()
    forms = [fields for action, fields in forms_on_page(html) if action.split("?")[0] in ("", url)]
    return forms, hidden_names(html), choice_options(html)


def other_school_ids(world):
    return {
        "foreign pupil": str(world.pupils["foreign"].pk),
        "foreign group": str(world.groups["foreign"].pk),
        "foreign person": str(world.user("outsider").pk),
    }


def _is_record_choice(offered):
    # Records are offered by id; a choice of codes (a level, a status) is not a choice of records.
    return any(value.isdigit() for value in offered)


def is_management(field):
    return field.endswith(MANAGEMENT)


class Database:
    """Tells whether a request changed what is stored. A digest of every table is costly, so it is
    only taken again after a request that sent a write statement (INSERT, UPDATE, DELETE) to a table
    that counts; a request that sent none cannot have changed anything."""

    # Tables a refused request may rightly write to: the session, the audit entry of a read, the
    # count of failed logins. (Audit entries of changes are compared in the digest all the same.)
    IGNORED = ("django_session", "core_auditentry", "schools_loginfailure")

    def __init__(self):
        self.digest = fingerprint()
        self.wrote = False

    def _watch(self, execute, sql, params, many, context):
        head = sql.lstrip()[:80].upper()
        if head.startswith(("INSERT", "UPDATE", "DELETE")) and not any(t.upper() in head for t in self.IGNORED):
            self.wrote = True
        return execute(sql, params, many, context)

    def post(self, client, url, data):
        """POST and return (response, whether the database changed)."""
        self.wrote = False
        with connection.execute_wrapper(self._watch):
            response = client.post(url, data)
        if not self.wrote:
            return response, False
        before, self.digest = self.digest, fingerprint()
        return response, self.digest != before


@pytest.mark.parametrize("name,role", POST_CASES, ids=[f"{n}-{r}" for n, r in POST_CASES])
def test_bad_values_in_every_form_answer_no_5xx_and_change_nothing(world, client, name, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = url_for(world, name, role)
    forms, hidden, options = page_forms(client, name, url)
    if not forms:
        pytest.skip("no form on this page posts to it")
    foreign = other_school_ids(world)
    database = Database()
    failures = []
    sent = 0

    def refused(data, label, may_change=False):
        """Post ``data``: no 5xx, and (unless ``may_change``) nothing stored changes."""
        nonlocal sent
        response, changed = database.post(client, url, data)
        sent += 1
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif changed and not may_change:
            failures.append(f"{label}: the database changed ({response.status_code})")

    for fields in forms:
        # Pass "all fields": must be refused and change nothing.
        for label, bad in BAD.items():
            data = {field: (given if is_management(field) else bad) for field, given in fields.items()}
            if data or name not in NO_INPUT:
                refused(data, f"{label} in every field", may_change=name in NO_INPUT or name in EMPTY_IS_VALID)
        # An id of the other school in every choice of records that does not offer it, the rest as given.
        for label, bad in foreign.items():
            chosen = [field for field in fields if options.get(field) and bad not in options[field]]
            if any(_is_record_choice(options[field]) for field in chosen):
                refused({**fields, **dict.fromkeys(chosen, bad)}, f"{label} in every choice")
        # Broken management forms, everything else as given.
        if any(is_management(field) for field in fields):
            for label, broken in BROKEN_MANAGEMENT.items():
                data = dict(fields)
                for field in fields:
                    for suffix, bad in broken.items():
                        if field.endswith(suffix):
                            data[field] = bad
                refused(data, label)
    # Pass "visible fields" last (it may rightly save): a valid version, bad typed values, no 5xx.
    for fields in forms:
        for label, bad in {**BAD, **foreign}.items():
            data = {
                field: (given if is_management(field) or field in hidden else bad) for field, given in fields.items()
            }
            refused(data, f"{label} in the visible fields", may_change=True)
    tally(sent)
    assert not failures, f"POST {url} as {role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("name,role", GET_CASES, ids=[f"{n}-{r}" for n, r in GET_CASES])
def test_bad_query_parameters_answer_no_5xx(world, client, name, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = url_for(world, name, role)
    failures = []
    sent = 0
    for label, bad in {**BAD, **other_school_ids(world)}.items():
        response = client.get(url, dict.fromkeys(QUERY_PARAMS, bad))
        sent += 1
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
    tally(sent)
    assert not failures, f"GET {url} as {role}:\n" + "\n".join(failures)


def test_the_database_watcher_sees_a_save_and_ignores_a_read(world, client):
    # The fuzz test above can only fail if this can: a valid save is seen as a change, a page view is not.
    client.force_login(world.user("coordinator"))
    pupil = world.pupils["six"]
    url = reverse("pupils:observation_create", kwargs={"pk": pupil.pk})
    database = Database()
    response, changed = database.post(client, url, {"date": "2026-10-01", "kind": "classroom", "text": "Rustig"})
    assert (response.status_code, changed) == (302, True)
    response, changed = database.post(client, url, {"date": "", "kind": "", "text": ""})
    assert (response.status_code, changed) == (200, False)
