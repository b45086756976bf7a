"""The pupils file: validation per row, and applying it all or nothing, once, idempotently."""

import datetime

import pytest

from pupils.imports import apply, check
from pupils.models import Enrolment, ImportBatch, Pupil
from schools.models import Role
from tests import factories as f

HEADER = "leerlingnummer;voornaam;tussenvoegsel;achternaam;geboortedatum;groep;jaargroep;datum instroom"


def csv_text(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def plan_for(world, text, role="coordinator"):
    return check("pupils", text, world.school, world.user(role))


def problems(plan):
    return [(p.line, p.column, p.message) for p in plan.problems]


def batch_for(world, text, role="coordinator"):
    return ImportBatch.objects.create(
        school=world.school, user=world.user(role), kind="pupils", filename="leerlingen.csv", content=text
    )


def combination_group(world):
    return f.GroupFactory(
        school_year=world.school.current_year(), name="Groep 7/8", year_level_low=7, year_level_high=8
    )


def test_new_pupils_with_prefixes_are_planned_and_applied_with_their_group(world):
    text = csv_text(
        "2001;Zoë;van der;Berg;17-11-2015;Groep 6;;01-09-2020",
        "2002;Sem;;Jansen;09-09-2019;groep 3;;",
    )
    plan = plan_for(world, text)
    assert plan.ok, problems(plan)
    assert plan.counts == {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "problems": 0}

    apply.confirm(batch_for(world, text), world.user("coordinator"))
    zoe = Pupil.objects.get(school=world.school, source_id="2001")
    assert (zoe.first_name, zoe.name_prefix, zoe.surname) == ("Zoë", "van der", "Berg")
    assert zoe.full_name == "Zoë van der Berg"
    assert zoe.date_of_birth == datetime.date(2015, 11, 17)
    assert zoe.date_in == datetime.date(2020, 9, 1)
    enrolment = zoe.enrolments.get()
    assert enrolment.group == world.groups["six"] and enrolment.year_level == 6
    assert enrolment.school_year == world.school.current_year()
    assert Pupil.objects.get(source_id="2002").enrolments.get().group == world.groups["three"]


@pytest.mark.parametrize(
    "surname,prefix,rest",
    [("van der Berg", "van der", "Berg"), ("Berg, van der", "van der", "Berg"), ("De Vries", "de", "Vries"),
     ("van 't Hoek", "van 't", "Hoek"), ("Jansen", "", "Jansen"), ("Van", "", "Van")],
)  # fmt: skip
def test_without_a_tussenvoegsel_column_the_prefix_is_split_off_the_surname(world, surname, prefix, rest):
    header = "leerlingnummer;voornaam;achternaam;geboortedatum;groep"
    plan = plan_for(world, csv_text(f"2001;Zoë;{surname};17-11-2015;Groep 6", header=header))
    assert plan.ok, problems(plan)
    pupil = plan.rows[0].payload["pupil"]
    assert (pupil.name_prefix, pupil.surname) == (prefix, rest)


def test_with_a_tussenvoegsel_column_the_surname_is_kept_as_written(world):
    plan = plan_for(world, csv_text("2001;Jan;;De Smet;17-11-2015;Groep 6;;"))
    assert plan.rows[0].payload["pupil"].surname == "De Smet"


def test_impossible_and_missing_values_are_problems_on_their_line_and_column(world):
    text = csv_text(
        "2001;Tess;;Visser;31-02-2015;Groep 6;;",
        "2002;;;Kok;11-11-2016;Groep 6;;",
        "2003;Milan;;Bos;1-1-16;Groep 6;;",
        ";Luuk;;Smit;14-03-2015;Groep 6;;",
        "2005;Fay;;Smit;14-03-2099;Groep 6;;",
    )
    assert problems(plan_for(world, text)) == [
        (2, "geboortedatum", "De datum 31-02-2015 bestaat niet."),
        (3, "voornaam", "De voornaam ontbreekt."),
        (4, "geboortedatum", "Schrijf het jaar in ‘1-1-16’ met vier cijfers, bijvoorbeeld 14-03-2015."),
        (5, "leerlingnummer", "Het leerlingnummer ontbreekt."),
        (6, "geboortedatum", "De geboortedatum 14-03-2099 ligt in de toekomst."),
    ]


def test_an_unknown_group_is_a_problem_that_lists_this_years_groups(world):
    plan = plan_for(world, csv_text("2001;Luuk;;Smit;14-03-2015;Groep 9;;", "2002;Bo;;Smit;14-03-2015;Groep 5;;"))
    [first, second] = plan.problems
    assert (first.line, first.column) == (2, "groep")
    assert "Groep ‘Groep 9’ bestaat niet in schooljaar" in first.message
    assert "Groep 3, Groep 6" in first.message
    # Groep 5 exists, but last year: not a group to enrol in now.
    assert second.line == 3 and "Groep 5" in second.message


def test_a_combination_group_needs_a_year_level_within_its_range(world):
    combination_group(world)
    plan = plan_for(
        world,
        csv_text(
            "2001;Sara;;Leeuwen;07-07-2014;Groep 7/8;;",
            "2002;Finn;;Mulder;08-08-2014;Groep 7/8;6;",
            "2003;Noor;;Mulder;08-08-2014;Groep 7/8;8;",
            "2004;Lars;;Mulder;08-08-2014;7/8;groep 7;",
        ),
    )
    assert problems(plan) == [
        (2, "jaargroep", "Groep 7/8 is een combinatiegroep: vul de jaargroep in (7 of 8)."),
        (3, "jaargroep", "Jaargroep 6 hoort niet bij Groep 7/8 (7 of 8)."),
    ]
    assert [row.payload["enrolment"].year_level for row in plan.rows] == [8, 7]


def test_a_duplicate_pupil_number_is_a_problem_on_the_second_line(world):
    plan = plan_for(
        world,
        csv_text("2001;Tess;;Visser;28-02-2015;Groep 6;;", "2002;Bo;;Smit;14-03-2015;Groep 6;;",
                 "2001;Tessa;;Visser;28-02-2015;Groep 6;;"),
    )  # fmt: skip
    assert problems(plan) == [
        (
            4,
            "leerlingnummer",
            "Leerlingnummer 2001 staat ook op regel 2. Elke leerling mag maar één keer in het bestand staan.",
        )
    ]


def test_no_current_school_year_is_one_clear_problem(world):
    school = f.SchoolFactory(name="Nieuwe School")
    f.MembershipFactory(user=world.user("coordinator"), school=school, role=Role.COORDINATOR)
    plan = check("pupils", csv_text("2001;Tess;;Visser;28-02-2015;Groep 6;;"), school, world.user("coordinator"))
    [problem] = plan.problems
    assert problem.line is None and "geen schooljaar dat vandaag loopt" in problem.message


def test_reimporting_the_same_file_changes_nothing(world):
    text = csv_text("2001;Zoë;van der;Berg;17-11-2015;Groep 6;;", "2002;Sem;;Jansen;09-09-2019;Groep 3;;")
    first = apply.confirm(batch_for(world, text), world.user("coordinator"))
    ImportBatch.objects.update(status="applied")
    counts = (Pupil.objects.count(), Enrolment.objects.count())
    pupils_before = list(Pupil.objects.order_by("pk").values())
    enrolments_before = list(Enrolment.objects.order_by("pk").values())

    second = apply.confirm(batch_for(world, text), world.user("coordinator"))
    assert first.counts["new"] == 2
    assert second.counts == {"rows": 2, "new": 0, "changed": 0, "unchanged": 2, "problems": 0}
    assert (Pupil.objects.count(), Enrolment.objects.count()) == counts
    assert list(Pupil.objects.order_by("pk").values()) == pupils_before
    assert list(Enrolment.objects.order_by("pk").values()) == enrolments_before


def test_changed_names_and_groups_update_the_pupil_and_this_years_enrolment(world):
    pupil = world.pupils["six"]
    Pupil.objects.filter(pk=pupil.pk).update(source_id="2001")
    plan = plan_for(world, csv_text("2001;Samuel;;Zes;14-03-2015;Groep 3;;01-09-2019"))
    assert plan.counts["changed"] == 1
    assert plan.rows[0].changes == [
        "voornaam: ‘Sam’ → ‘Samuel’",
        "datum instroom: – → 01-09-2019",
        "groep: Groep 6 → Groep 3",
    ]

    apply.confirm(
        batch_for(world, csv_text("2001;Samuel;;Zes;14-03-2015;Groep 3;;01-09-2019")), world.user("coordinator")
    )
    pupil.refresh_from_db()
    assert pupil.first_name == "Samuel" and pupil.date_in == datetime.date(2019, 9, 1)
    year = world.school.current_year()
    assert pupil.enrolments.get(school_year=year).group == world.groups["three"]
    # Last year's enrolment is history and stays.
    assert pupil.enrolments.filter(group=world.groups["last_year_five"]).exists()


def test_an_empty_optional_cell_never_clears_what_is_known(world):
    pupil = world.pupils["six"]
    Pupil.objects.filter(pk=pupil.pk).update(source_id="2001", date_in=datetime.date(2019, 9, 1))
    plan = plan_for(world, csv_text("2001;Sam;;Zes;14-03-2015;Groep 6;;"))
    assert plan.counts["unchanged"] == 1


def test_a_pupil_entered_by_hand_is_found_by_name_and_birth_date_and_gets_the_number(world):
    dirk = world.pupils["three"]  # Dirk van Drie, 14-03-2015, no number
    plan = plan_for(world, csv_text("3003;Dirk;van;Drie;14-03-2015;Groep 3;;"))
    assert plan.counts == {"rows": 1, "new": 0, "changed": 1, "unchanged": 0, "problems": 0}
    apply.confirm(batch_for(world, csv_text("3003;Dirk;van;Drie;14-03-2015;Groep 3;;")), world.user("coordinator"))
    dirk.refresh_from_db()
    assert dirk.source_id == "3003"
    assert Pupil.objects.filter(school=world.school).count() == 2


def test_the_admin_imports_pupils_she_cannot_read_without_duplicating_them(world):
    Pupil.objects.filter(pk=world.pupils["six"].pk).update(source_id="2001")
    text = csv_text("2001;Sam;;Zes;14-03-2015;Groep 6;;")
    plan = plan_for(world, text, role="admin")
    assert plan.counts["unchanged"] == 1
    apply.confirm(batch_for(world, text, role="admin"), world.user("admin"))
    assert Pupil.objects.filter(source_id="2001").count() == 1


def test_a_problem_in_the_last_row_stores_nothing(world):
    rows = [f"{2000 + n};Kind{n};;Test;14-03-2015;Groep 6;;" for n in range(30)]
    rows.append("2999;Laatste;;Test;31-02-2015;Groep 6;;")
    batch = batch_for(world, csv_text(*rows))
    before = (Pupil.objects.count(), Enrolment.objects.count())
    with pytest.raises(apply.HasProblems) as caught:
        apply.confirm(batch, world.user("coordinator"))
    assert [p.line for p in caught.value.plan.problems] == [32]
    assert (Pupil.objects.count(), Enrolment.objects.count()) == before
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_an_error_halfway_through_applying_stores_nothing(world, monkeypatch):
    batch = batch_for(world, csv_text("2001;Zoë;;Berg;17-11-2015;Groep 6;;", "2002;Sem;;Jansen;09-09-2019;Groep 3;;"))
    before = (Pupil.objects.count(), Enrolment.objects.count())

    def broken(*args, **kwargs):
        raise RuntimeError("schijf vol")

    # Pupils are written first; the enrolments then fail.
    monkeypatch.setattr(Enrolment.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        apply.confirm(batch, world.user("coordinator"))
    assert (Pupil.objects.count(), Enrolment.objects.count()) == before
    batch.refresh_from_db()
    assert batch.status == "pending" and batch.applied_at is None


def test_confirming_twice_applies_once(world):
    batch = batch_for(world, csv_text("2001;Zoë;;Berg;17-11-2015;Groep 6;;"))
    apply.confirm(batch, world.user("coordinator"))
    with pytest.raises(apply.AlreadyHandled):
        apply.confirm(batch, world.user("coordinator"))
    assert Pupil.objects.filter(source_id="2001").count() == 1
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.summary["new"] == 1


def test_a_cancelled_batch_cannot_be_confirmed(world):
    batch = batch_for(world, csv_text("2001;Zoë;;Berg;17-11-2015;Groep 6;;"))
    assert apply.cancel(batch)
    with pytest.raises(apply.AlreadyHandled):
        apply.confirm(batch, world.user("coordinator"))
    assert not Pupil.objects.filter(source_id="2001").exists()
    assert not apply.cancel(batch)


def test_a_family_number_links_brothers_and_sisters_and_an_empty_cell_keeps_it(world):
    header = HEADER + ";gezinsnummer"
    text = csv_text(
        "3001;Lotte;;Visser;01-02-2015;Groep 6;;;G-17",
        "3002;Bram;;Visser;03-04-2018;Groep 3;;;G-17",
        header=header,
    )
    plan = plan_for(world, text)
    assert plan.ok, problems(plan)
    apply.confirm(batch_for(world, text), world.user("coordinator"))
    assert set(Pupil.objects.filter(family="G-17").values_list("first_name", flat=True)) == {"Lotte", "Bram"}

    again = csv_text("3001;Lotte;;Visser;01-02-2015;Groep 6;;;", header=header)
    apply.confirm(batch_for(world, again), world.user("coordinator"))
    assert Pupil.objects.get(source_id="3001").family == "G-17"


def test_a_family_number_longer_than_thirty_characters_is_a_problem(world):
    text = csv_text("3003;Noor;;Smit;01-02-2015;Groep 6;;;" + "x" * 31, header=HEADER + ";gezin")
    plan = plan_for(world, text)
    assert [(line, column) for line, column, _m in problems(plan)] == [(2, "gezin")]
