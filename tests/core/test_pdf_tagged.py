"""Every kind of PDF the app exports is a tagged PDF (PDF/UA-1) that a screen reader can read: marked,
with a structure tree, the document language, a title, headings in order, table cells tied to their
headers and charts with a text alternative. Checked on the demo school, read back with pypdf."""

import io
from collections import Counter

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from coaching.models import Letter, Trajectory
from conversations.models import Conversation, Round
from groupplans.models import Goal, GroupPlan, IndividualPlan
from pupils.models import Instrument, Pupil
from reports.models import HalfYearReport
from schools import demo
from schools.models import School, User
from tests.demo_once import demo_per_module, load_demo

demo_school = demo_per_module(load_demo)
HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


@pytest.fixture
def school(demo_school, db):
    return School.objects.get(name=demo.MAIN_SCHOOL)


@pytest.fixture
def ib(school, login):
    return login(User.objects.get(username="ib"), school)


@pytest.fixture
def plan(school):
    return (
        GroupPlan.objects.filter(group__school_year__school=school, instruction_groups__isnull=False)
        .distinct()
        .order_by("-group__year_level_low", "pk")
        .first()
    )


def individual_plan(plan):
    pupil = Pupil.objects.filter(enrolments__group=plan.group).order_by("pk").first()
    individual = IndividualPlan.objects.create(
        pupil=pupil, period=plan.period, subject=plan.subject, approach="Dagelijks tien minuten extra.", who="rt"
    )
    Goal.objects.create(
        individual_plan=individual,
        what="Niveau III halen.",
        instrument=Instrument.objects.first(),
        date=plan.period.end_date,
    )
    return individual


def held_conversation(school):
    return Conversation.objects.filter(pupil__school=school, status=Conversation.Status.HELD).order_by("pk").first()


def oldest_pupil(school):
    return Pupil.objects.filter(school=school, date_out__isnull=True, enrolments__year_level=8).order_by("pk").first()


# kind -> (url and expected title from the demo, whether it has tables, whether it has charts)
def exports(school, plan):
    trajectory = Trajectory.objects.get()
    report = HalfYearReport.objects.filter(school=school).order_by("pk").first()
    round_ = Round.objects.get(name="Rapportgesprekken groep 8")
    conversation = held_conversation(school)
    individual = individual_plan(plan)
    pupil = oldest_pupil(school)
    year = plan.group.school_year.name
    return {
        "plan": (
            reverse("groupplans:plan_pdf", args=[plan.pk]),
            f"Groepsplan {plan.group} – {plan.subject} – {plan.period.name} ({year})",
        ),
        "plans": (reverse("groupplans:plans_pdf"), f"Groepsplannen {school.name}"),
        "individual plan": (
            reverse("groupplans:individual_plan_pdf", args=[individual.pk]),
            f"Handelingsplan {individual.pupil.full_name}",
        ),
        "schedule": (
            reverse("groupplans:schedule_pdf", args=[plan.pk]),
            f"Weekrooster {plan.group.name} – {plan.subject.name}",
        ),
        "dossier": (reverse("pupils:dossier_pdf", args=[pupil.pk]), f"Leerlingdossier {pupil.full_name}"),
        "conversation": (
            reverse("conversations:conversation_pdf", args=[conversation.pk]),
            f"{conversation.get_kind_display().capitalize()} {conversation.pupil.full_name}",
        ),
        "round letters": (reverse("conversations:round_letters", args=[round_.pk]), f"Uitnodigingen {round_.name}"),
        "coaching trajectory": (
            reverse("coaching:trajectory_pdf", args=[trajectory.pk]),
            f"Coachingstraject {trajectory.coachee}",
        ),
        "coaching letter": (
            reverse("coaching:letter_pdf", args=[Letter.objects.get().pk]),
            f"Brief aan {trajectory.coachee}",
        ),
        "progress report": (
            reverse("reports:report_pdf", args=[report.pk]),
            f"Halfjaarrapportage {report.school_year.name} – {school.name}",
        ),
    }


WITHOUT_TABLES = {"round letters", "coaching letter"}
# A personal letter reads as a letter: no headings. Every other document opens with its title as H1.
WITHOUT_HEADINGS = {"coaching letter"}
WITH_CHARTS = {"dossier", "coaching trajectory", "progress report"}


def elements(node):
    """The structure elements under ``node``, depth first (document order)."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from elements(kid)
    elif isinstance(node, DictionaryObject) and "/S" in node:
        yield node
        if "/K" in node:
            yield from elements(node["/K"])


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response
    return PdfReader(io.BytesIO(response.content))


KINDS = [
    "plan",
    "plans",
    "individual plan",
    "schedule",
    "dossier",
    "conversation",
    "round letters",
    "coaching trajectory",
    "coaching letter",
    "progress report",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_export_is_a_tagged_pdf_with_title_language_headings_and_table_headers(ib, school, plan, kind):
    url, title = exports(school, plan)[kind]
    reader = fetch(ib, url)
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title == title
    # The viewer shows the title, not the file name; the XMP metadata claims PDF/UA-1.
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()

    tree = list(elements(catalog["/StructTreeRoot"]["/K"]))
    tags = Counter(str(element["/S"]) for element in tree)
    assert tags["/P"] > 0

    levels = [int(element["/S"][2]) for element in tree if element["/S"] in HEADINGS]
    if kind in WITHOUT_HEADINGS:
        assert levels == []
    else:
        assert levels[0] == 1, levels
        skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skipped == [], f"heading levels skipped: {skipped}"

    tables = [element for element in tree if element["/S"] == "/Table"]
    if kind in WITHOUT_TABLES:
        assert tables == []
    else:
        assert tables
        for table in tables:
            assert any(cell["/S"] == "/TH" for cell in elements(table["/K"]))
        # Every data cell names its headers: column headers, and row headers where the first column is one
        # (th scope="row"); without the scope a row header would count as a column header of column 1 only.
        cells = [element for element in tree if element["/S"] == "/TD"]
        assert all(cell["/A"].get("/Headers") for cell in cells)

    figures = [element for element in tree if element["/S"] == "/Figure"]
    if kind in WITH_CHARTS:
        assert figures
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_an_english_user_gets_a_pdf_in_english(ib, school, plan):
    # The document language is the language its labels are printed in: the user's (base.html does the same).
    ib.cookies["django_language"] = "en"
    url, _title = exports(school, plan)["schedule"]
    reader = fetch(ib, url)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_words_hidden_on_paper_are_read_out_in_the_pdf(ib, school, plan):
    # The dossier prints an arrow for the development of a score; the words behind it ("hoger dan de vorige
    # keer") are hidden on paper, as on the page, but must be in the PDF for a screen reader.
    url, _title = exports(school, plan)["dossier"]
    text = " ".join(page.extract_text() for page in fetch(ib, url).pages)
    assert "dan de vorige keer" in text
