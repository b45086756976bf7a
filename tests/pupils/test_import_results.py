"""The test results file: the rules of Assessment.clean per row, idempotent on (pupil, test, domain, date)."""

import datetime
from decimal import Decimal

import pytest

from core.models import Revision
from pupils.imports import apply, check
from pupils.models import Assessment, ImportBatch, Pupil
from tests import factories as f

HEADER = "leerlingnummer;toets;vak;datum;toetsmoment;score;niveau;percentage;norm gehaald"


@pytest.fixture
def numbered(world):
    """Sam Zes is 1001, Dirk van Drie 1002; Vera of the foreign school is 1003 there."""
    for key, number in (("six", "1001"), ("three", "1002"), ("foreign", "1003")):
        Pupil.objects.filter(pk=world.pupils[key].pk).update(source_id=number)
    return world


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def plan_for(world, text):
    return check("results", text, world.school, world.user("coordinator"))


def problems(plan):
    return [(p.line, p.column, p.message) for p in plan.problems]


def confirm(world, text):
    batch = ImportBatch.objects.create(
        school=world.school, user=world.user("coordinator"), kind="results", filename="r.csv", content=text
    )
    return apply.confirm(batch, world.user("coordinator"))


def test_results_are_read_with_codes_or_names_decimal_commas_and_levels_in_any_case(numbered):
    text = csv_text(
        "1001;LVS Spelling;;20-01-2026;m6;152,5;iv;;",
        "1001;lvs-rekenen-wiskunde;;20-01-2026;M6;201;II;;",
        "1002;Methodetoets rekenen;;06-03-2026;;;;85%;ja",
        "1002;avi;;22-01-2026;;;avi start;;",
        "1001;Doorstroomtoets groep 8;lezen;10-02-2026;;;2F;;",
        "1001;Doorstroomtoets groep 8;Rekenen;10-02-2026;;;< 1f;;",
    )
    plan = plan_for(numbered, text)
    assert plan.ok, problems(plan)
    assert plan.counts == {"rows": 6, "new": 6, "changed": 0, "unchanged": 0, "problems": 0}

    confirm(numbered, text)
    spelling = Assessment.objects.get(pupil=numbered.pupils["six"], instrument__code="lvs-spelling")
    assert spelling.subject.code == "spelling"
    assert (spelling.moment, spelling.score, spelling.level.code) == ("M6", Decimal("152.5"), "IV")
    method = Assessment.objects.get(instrument__code="methode-rekenen")
    assert (method.percentage, method.meets_norm, method.score) == (85, True, None)
    assert Assessment.objects.get(instrument__code="avi").level.code == "AVI-Start"
    transition = {a.subject.code: a.level.code for a in Assessment.objects.filter(instrument__code="doorstroomtoets")}
    assert transition == {"lezen": "2F/1S", "rekenen-wiskunde": "<1F"}


def test_a_level_outside_the_scale_is_a_problem_naming_the_scale(numbered):
    plan = plan_for(
        numbered,
        csv_text("1001;LVS Spelling;;20-01-2026;M6;;VI;;", "1001;LVS Rekenen-wiskunde;;20-01-2026;M6;;A;;"),
    )
    assert problems(plan) == [
        (2, "niveau", "Niveau ‘VI’ hoort niet bij de schaal I–V (I, II, III, IV, V)."),
        (3, "niveau", "Niveau ‘A’ hoort niet bij de schaal I–V (I, II, III, IV, V)."),
    ]


def test_unknown_tests_subjects_and_pupils_of_other_schools_are_problems(numbered):
    plan = plan_for(
        numbered,
        csv_text(
            "1001;Cito Spelling;;20-01-2026;M6;150;III;;",
            "1003;LVS Spelling;;20-01-2026;M6;150;III;;",
            "1001;Doorstroomtoets groep 8;gym;10-02-2026;;;1F;;",
        ),
    )
    [(l1, c1, m1), (l2, c2, m2), (l3, c3, m3)] = problems(plan)
    assert (l1, c1) == (2, "toets") and "Toets ‘Cito Spelling’ is onbekend" in m1 and "lvs-spelling" in m1
    assert (l2, c2) == (3, "leerlingnummer") and "Leerlingnummer 1003 is niet bekend bij De Wilg" in m2
    assert (l3, c3) == (4, "vak") and "Vak ‘gym’ is onbekend" in m3


def test_the_rules_of_a_result_entered_by_hand_apply_to_every_row(numbered):
    plan = plan_for(
        numbered,
        csv_text(
            "1001;LVS Spelling;;20-01-2026;;150;III;;",  # monitoring needs a moment
            "1001;LVS Spelling;;21-01-2026;X9;150;III;;",  # moment format
            "1001;LVS Spelling;;22-01-2026;M6;;;;",  # score or level
            "1001;LVS Spelling;rekenen-wiskunde;23-01-2026;M6;150;;;",  # the test's own subject
            "1001;Doorstroomtoets groep 8;;10-02-2026;;;1F;;",  # multi-domain needs the domain
            "1001;Methodetoets spelling;;06-03-2026;;;;;ja",  # score or percentage
            "1001;Methodetoets spelling;;07-03-2026;;;;120;",  # at most 100 %
            "1001;Methodetoets spelling;;08-03-2026;;;I;80;",  # no levels
        ),
    )
    assert problems(plan) == [
        (2, "toetsmoment", "Vul het toetsmoment in, bijvoorbeeld M5."),
        (3, "toetsmoment", "Een toetsmoment is M of E met een groep, bijvoorbeeld M5 of E7."),
        (4, "score", "Vul een vaardigheidsscore of een niveau in."),
        (5, "vak", "Deze toets hoort bij Spelling."),
        (
            6,
            "vak",
            "Doorstroomtoets groep 8 heeft meer domeinen: vul in de kolom vak het domein in, bijvoorbeeld lezen, "
            "taalverzorging of rekenen-wiskunde.",
        ),
        (7, "score", "Vul een score of een percentage in."),
        (8, "percentage", "Zorg ervoor dat deze waarde hoogstens 100 is."),
        (9, "niveau", "Methodetoets spelling heeft geen niveaus."),
    ]


def test_bad_numbers_dates_and_yes_no_are_problems(numbered):
    plan = plan_for(
        numbered,
        csv_text(
            "1001;LVS Spelling;;20-01-2026;M6;twee;;;",
            "1001;LVS Spelling;;31-02-2026;M6;150;;;",
            "1001;LVS Spelling;;20-01-2099;M6;150;;;",
            "1001;Methodetoets spelling;;06-03-2026;;;;80;misschien",
            "1001;LVS Spelling;;21-01-2026;M6;150,55;;;",
        ),
    )
    assert [(line, column) for line, column, _message in problems(plan)] == [
        (2, "score"),
        (3, "datum"),
        (4, "datum"),
        (5, "norm gehaald"),
        (6, "score"),
    ]
    assert "De datum 31-02-2026 bestaat niet." in plan.problems[1].message
    assert "toekomst" in plan.problems[2].message


def test_the_same_result_twice_in_a_file_is_a_problem_on_the_second_line(numbered):
    plan = plan_for(
        numbered,
        csv_text("1001;LVS Spelling;;20-01-2026;M6;150;III;;", "1001;lvs-spelling;Spelling;20-01-2026;M6;151;III;;"),
    )
    [problem] = plan.problems
    assert problem.line == 3
    assert "staat ook op regel 2" in problem.message


def test_reimporting_changes_nothing_and_a_corrected_score_changes_only_that_result(numbered):
    rows = ["1001;LVS Spelling;;20-01-2026;M6;150;III;;", "1002;LVS Spelling;;20-01-2026;M6;140;IV;;"]
    confirm(numbered, csv_text(*rows))
    before = list(Assessment.objects.order_by("pk").values())
    revisions = Revision.objects.count()
    assert revisions == 2

    again = confirm(numbered, csv_text(*rows))
    assert again.counts == {"rows": 2, "new": 0, "changed": 0, "unchanged": 2, "problems": 0}
    assert list(Assessment.objects.order_by("pk").values()) == before
    assert Revision.objects.count() == revisions

    corrected = plan_for(numbered, csv_text(rows[0], "1002;LVS Spelling;;20-01-2026;M6;145;III;;"))
    assert corrected.counts["changed"] == 1
    assert corrected.rows[1].changes == ["score: 140 → 145", "niveau: IV → III"]
    confirm(numbered, csv_text(rows[0], "1002;LVS Spelling;;20-01-2026;M6;145;III;;"))
    result = Assessment.objects.get(pupil=numbered.pupils["three"])
    assert (result.score, result.level.code) == (Decimal("145"), "III")
    assert Assessment.objects.count() == 2
    assert Revision.objects.filter(object_id=str(result.pk)).count() == 2


def test_an_existing_result_entered_by_hand_is_updated_not_duplicated(numbered):
    f.AssessmentFactory(pupil=numbered.pupils["six"], date=datetime.date(2026, 1, 20), score=150)
    plan = plan_for(numbered, csv_text("1001;LVS Spelling;;20-01-2026;M5;150;III;;"))
    assert plan.counts["unchanged"] == 1


def test_a_problem_in_the_last_row_of_many_stores_nothing(numbered):
    rows = [f"1001;LVS Spelling;;{day:02d}-01-2026;M6;150;III;;" for day in range(1, 29)]
    rows.append("1002;LVS Spelling;;20-01-2026;M6;150;VI;;")
    batch = ImportBatch.objects.create(
        school=numbered.school, user=numbered.user("coordinator"), kind="results", content=csv_text(*rows)
    )
    with pytest.raises(apply.HasProblems):
        apply.confirm(batch, numbered.user("coordinator"))
    assert not Assessment.objects.exists()
    assert not Revision.objects.exists()


def test_an_error_while_writing_results_stores_nothing(numbered, monkeypatch):
    batch = ImportBatch.objects.create(
        school=numbered.school,
        user=numbered.user("coordinator"),
        kind="results",
        content=csv_text("1001;LVS Spelling;;20-01-2026;M6;150;III;;"),
    )

    def broken(*args, **kwargs):
        raise RuntimeError("verbinding weg")

    monkeypatch.setattr(Revision.objects, "bulk_create", broken)  # after the results are written
    with pytest.raises(RuntimeError):
        apply.confirm(batch, numbered.user("coordinator"))
    assert not Assessment.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "pending"
