"""The group overview service (pupils.overview): levels, directions, summaries, filter and sorting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pupils.models import Assessment, Instrument, InstrumentKind, Pupil
from pupils.overview import build_overview
from pupils.services import set_care_level
from tests import factories as f

# Six subject columns: five monitoring tests and technical reading (DMT).
COLUMN_INSTRUMENTS = (
    "lvs-spelling",
    "lvs-begrijpend-lezen",
    "lvs-rekenen-wiskunde",
    "lvs-woordenschat",
    "lvs-studievaardigheden",
    "dmt",
)
# Six moments, oldest first: M3 .. E5.
MOMENTS = [
    (f"{half}{year_level}", datetime.date(2020 + year_level, 1 if half == "M" else 6, 20))
    for year_level in (3, 4, 5)
    for half in ("M", "E")
]
LEVELS = ("I", "II", "III", "IV", "V")


def add_pupils(group, n, school=None, **kwargs):
    school = school or group.school_year.school
    pupils = []
    for _ in range(n):
        pupil = f.PupilFactory(school=school, **kwargs)
        f.EnrolmentFactory(pupil=pupil, group=group)
        pupils.append(pupil)
    return pupils


def add_results(pupils, instruments=COLUMN_INSTRUMENTS, moments=MOMENTS, level_for=None):
    """One result per pupil, instrument and moment, in one bulk insert. ``level_for(i, j, k)`` picks the level code."""
    level_for = level_for or (lambda i, j, k: LEVELS[(i + j + k) % 5])
    tests = [f.instrument(code) for code in instruments]
    levels = {level.code: level for level in f.level("i-v", "I").scale.levels.all()}
    Assessment.objects.bulk_create(
        Assessment(
            pupil=pupil,
            instrument=test,
            subject=test.subject,
            date=date,
            moment=moment if test.has_moment else "",
            score=100 + 10 * k + i,
            level=levels[level_for(i, j, k)],
        )
        for i, pupil in enumerate(pupils)
        for j, test in enumerate(tests)
        for k, (moment, date) in enumerate(moments)
    )


def result(pupil, code, level_code, date, moment="", score=150):
    test = f.instrument(code)
    return f.AssessmentFactory(
        pupil=pupil,
        instrument=test,
        date=date,
        moment=moment or ("M5" if test.has_moment else ""),
        score=score,
        level=f.level(test.scale.code, level_code),
    )


def old_spelling_test():
    """A monitoring test that reports in A-E, as older reports do."""
    return Instrument.objects.create(
        code="lvs-spelling-oud",
        name="LVS Spelling (oud)",
        kind=InstrumentKind.MONITORING,
        subject=f.subject("spelling"),
        scale=f.level("a-e", "A").scale,
    )


def overview_of(world, user_role="coordinator", group_key="six", **kwargs):
    from schools import access

    return build_overview(
        world.groups[group_key], access.pupils(world.user(user_role), world.school), subject=kwargs.get("subject")
    )


def row_of(overview, pupil):
    return next(row for row in overview.rows if row.pupil.pk == pupil.pk)


def names(overview):
    return [row.pupil.first_name for row in overview.rows]


# --- Summary -------------------------------------------------------------------------------------------------------


def test_summary_counts_pupils_per_level_and_below_the_norm(world):
    group = world.groups["six"]
    world.pupils["six"].delete()  # a group of exactly 30, like the seed's group 8
    pupils = add_pupils(group, 30)
    # 23 of 30 insufficient in spelling (IV or V), as in the seed's entrance test.
    spelling = ["I"] * 2 + ["II"] * 2 + ["III"] * 3 + ["IV"] * 10 + ["V"] * 13
    add_results(pupils, instruments=["lvs-spelling"], moments=MOMENTS[-1:], level_for=lambda i, j, k: spelling[i])

    overview = overview_of(world)

    [summary] = overview.summaries
    assert summary.subject.code == "spelling"
    assert (summary.below_norm, summary.with_level, summary.without_level) == (23, 30, 0)
    assert [(level.code, level.count, level.below_norm) for level in summary.levels] == [
        ("I", 2, False),
        ("II", 2, False),
        ("III", 3, False),
        ("IV", 10, True),
        ("V", 13, True),
    ]
    assert summary.below_norm_share == 77


def test_summary_counts_only_the_latest_result_and_pupils_without_a_result(world):
    sam = world.pupils["six"]
    other, without = add_pupils(world.groups["six"], 2)
    result(sam, "lvs-spelling", "V", datetime.date(2025, 1, 20), "M5")
    result(sam, "lvs-spelling", "II", datetime.date(2025, 6, 20), "E5")
    result(other, "lvs-spelling", "IV", datetime.date(2025, 6, 20), "E5")
    result(without, "lvs-rekenen-wiskunde", "I", datetime.date(2025, 6, 20), "E5")

    summary = next(s for s in overview_of(world).summaries if s.subject.code == "spelling")

    assert (summary.below_norm, summary.with_level, summary.without_level) == (1, 2, 1)
    assert {level.code: level.count for level in summary.levels} == {"I": 0, "II": 1, "III": 0, "IV": 1, "V": 0}


def test_a_subject_with_two_scales_counts_each_scale_in_its_own_order(world):
    sam = world.pupils["six"]
    [other] = add_pupils(world.groups["six"], 1)
    result(sam, "lvs-spelling", "II", datetime.date(2025, 6, 20), "E5")
    a_to_e = old_spelling_test()
    Assessment.objects.create(
        pupil=other,
        instrument=a_to_e,
        subject=a_to_e.subject,
        date=datetime.date(2025, 6, 21),
        moment="E5",
        level=f.level("a-e", "D"),
    )

    [summary] = overview_of(world).summaries

    assert [level.code for level in summary.levels] == ["A", "B", "C", "D", "E", "I", "II", "III", "IV", "V"]
    assert (summary.below_norm, summary.with_level) == (1, 2)


# --- Cells: latest level and direction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "previous,latest,direction",
    [("III", "II", "up"), ("II", "IV", "down"), ("III", "III", "same"), (None, "III", None)],
)
def test_direction_since_the_previous_moment(world, previous, latest, direction):
    sam = world.pupils["six"]
    if previous:
        result(sam, "lvs-spelling", previous, datetime.date(2025, 1, 20), "M5")
    result(sam, "lvs-spelling", latest, datetime.date(2025, 6, 20), "E5")

    cell = row_of(overview_of(world), sam).cells["spelling"]

    assert cell.level_code == latest and cell.moment == "E5"
    assert cell.direction == direction
    assert cell.previous_code == (previous or "")
    assert cell.below_norm == (latest in ("IV", "V"))


def test_the_latest_result_wins_even_when_inserted_out_of_order(world):
    sam = world.pupils["six"]
    result(sam, "lvs-spelling", "I", datetime.date(2025, 6, 20), "E5")  # the newest, entered first
    result(sam, "lvs-spelling", "V", datetime.date(2024, 6, 20), "E4")
    result(sam, "lvs-spelling", "IV", datetime.date(2025, 1, 20), "M5")  # the one before the newest

    cell = row_of(overview_of(world), sam).cells["spelling"]

    assert (cell.level_code, cell.moment) == ("I", "E5")
    assert (cell.previous_code, cell.previous_moment, cell.direction) == ("IV", "M5", "up")


def test_results_before_the_previous_one_do_not_matter(world):
    sam = world.pupils["six"]
    for n, code in enumerate(["I", "II", "III", "IV", "V", "IV"]):
        result(sam, "lvs-spelling", code, datetime.date(2020 + n, 6, 20), f"E{3 + n}")

    cell = row_of(overview_of(world), sam).cells["spelling"]

    assert (cell.level_code, cell.previous_code, cell.direction, cell.moment) == ("IV", "V", "up", "E8")


def test_levels_of_different_scales_have_no_direction(world):
    sam = world.pupils["six"]
    a_to_e = old_spelling_test()
    Assessment.objects.create(
        pupil=sam,
        instrument=a_to_e,
        subject=a_to_e.subject,
        date=datetime.date(2024, 6, 20),
        moment="E4",
        level=f.level("a-e", "A"),
    )
    result(sam, "lvs-spelling", "III", datetime.date(2025, 6, 20), "E5")

    assert row_of(overview_of(world), sam).cells["spelling"].direction is None


def test_a_score_without_a_level_compares_by_score(world):
    sam = world.pupils["six"]
    test = f.instrument("lvs-rekenen-wiskunde")
    for date, score in [(datetime.date(2025, 1, 20), 140), (datetime.date(2025, 6, 20), 152)]:
        f.AssessmentFactory(pupil=sam, instrument=test, date=date, moment="M5", score=score, level=None)

    overview = overview_of(world)
    cell = row_of(overview, sam).cells["rekenen-wiskunde"]

    assert (cell.level_code, cell.score_display, cell.direction) == ("", "152", "up")
    [summary] = overview.summaries
    assert (summary.with_level, summary.without_level) == (0, 1)


# --- Columns -------------------------------------------------------------------------------------------------------


def test_columns_are_the_tested_subjects_with_results_of_monitoring_tests_and_dmt(world):
    sam = world.pupils["six"]
    result(sam, "lvs-rekenen-wiskunde", "II", datetime.date(2025, 6, 20), "E5")
    result(sam, "lvs-spelling", "II", datetime.date(2025, 6, 20), "E5")
    result(sam, "dmt", "III", datetime.date(2025, 6, 20))
    result(sam, "avi", "E5", datetime.date(2025, 6, 21))  # a reading level, no column of its own
    f.AssessmentFactory(
        pupil=sam,
        instrument=f.instrument("methode-spelling"),
        date=datetime.date(2025, 6, 22),
        moment="",
        score=30,
        level=None,
    )
    # A result of a pupil of another group makes no column here.
    result(world.pupils["three"], "lvs-woordenschat", "I", datetime.date(2025, 6, 20), "E5")

    overview = overview_of(world)

    assert [s.code for s in overview.columns] == ["spelling", "rekenen-wiskunde", "technisch-lezen"]
    cells = row_of(overview, sam).cells
    assert cells["spelling"].level_code == "II"  # the method test of a later date does not count
    assert cells["technisch-lezen"].level_code == "III" and cells["technisch-lezen"].instrument == "DMT"
    assert cells["technisch-lezen"].label == "20-06-2025"  # DMT has no moment; its date stands in


def test_a_group_without_results_has_rows_but_no_columns(world):
    overview = overview_of(world)
    assert names(overview) == ["Sam"]
    assert overview.columns == [] and overview.summaries == [] and overview.rows[0].columns == []


def test_filter_by_subject_shows_that_column_and_its_summary_only(world):
    pupils = [world.pupils["six"], *add_pupils(world.groups["six"], 3)]
    add_results(pupils)

    overview = overview_of(world, subject="woordenschat")

    assert [s.code for s in overview.columns] == ["woordenschat"]
    assert [s.subject.code for s in overview.summaries] == ["woordenschat"]
    assert len(overview.subjects) == 6  # every subject stays available in the filter
    assert all(len(row.columns) == 1 for row in overview.rows)
    assert overview.subject_filter == "woordenschat"


@pytest.mark.parametrize("subject", ["bestaat-niet", "werkhouding", ""])
def test_filter_on_an_unknown_or_untested_subject_shows_every_column(world, subject):
    add_results([world.pupils["six"]])
    overview = overview_of(world, subject=subject)
    assert len(overview.columns) == 6 and overview.subject_filter == ""


# --- Rows ----------------------------------------------------------------------------------------------------------


def test_rows_are_the_readable_pupils_of_the_group_only(world):
    three = world.groups["three"]
    [unassigned] = add_pupils(three, 1, first_name="Noor")
    assert names(overview_of(world, "coordinator", "three")) == ["Dirk", "Noor"]
    # The remedial teacher sees only the pupil assigned to her.
    assert names(overview_of(world, "remedial", "three")) == ["Dirk"]
    assert unassigned.pk not in [row.pupil.pk for row in overview_of(world, "remedial", "three").rows]


def test_a_pupil_of_last_years_group_is_a_row_there_and_in_this_years_group(world):
    assert names(overview_of(world, "coordinator", "last_year_five")) == ["Sam"]
    assert names(overview_of(world, "coordinator", "six")) == ["Sam"]


def test_row_holds_the_care_level_and_the_open_needs_newest_first(world):
    sam = world.pupils["six"]
    set_care_level(sam, 3, "Intern onderzoek afgerond.", world.user("coordinator"))
    f.NeedFactory(pupil=sam, text="oudste behoefte is")
    f.NeedFactory(pupil=sam, text="middelste behoefte is")
    f.NeedFactory(pupil=sam, text="nieuwste behoefte is")
    f.NeedFactory(pupil=sam, text="niet meer actueel is", is_open=False)

    row = row_of(overview_of(world), sam)

    assert row.care_level == 3 and row.care_level_label.startswith("3 –")
    assert row.needs_count == 3
    assert [need.text for need in row.needs_shown] == ["nieuwste behoefte is", "middelste behoefte is"]
    assert row.needs_more == 1


# --- Sorting -------------------------------------------------------------------------------------------------------


@pytest.fixture
def three_pupils(world):
    """Anna, Bram and Cor (and Sam without results) with distinct values in every column."""
    group = world.groups["six"]
    anna, bram, cor = (
        add_pupils(group, 1, first_name=first, surname=surname)[0]
        for first, surname in [("Anna", "Aal"), ("Bram", "Bos"), ("Cor", "Cool")]
    )
    user = world.user("coordinator")
    set_care_level(anna, 2, "Extra instructie.", user)
    set_care_level(bram, 3, "Intern onderzoek.", user)
    for _ in range(2):
        f.NeedFactory(pupil=cor)
    f.NeedFactory(pupil=anna)
    # Spelling: Anna III (score 120), Bram I, Cor III (score 130): level first, then score.
    result(anna, "lvs-spelling", "III", datetime.date(2025, 6, 20), "E5", score=120)
    result(bram, "lvs-spelling", "I", datetime.date(2025, 6, 20), "E5", score=110)
    result(cor, "lvs-spelling", "III", datetime.date(2025, 6, 20), "E5", score=130)
    # Rekenen: only Bram (V) and Cor (II).
    result(bram, "lvs-rekenen-wiskunde", "V", datetime.date(2025, 6, 20), "E5")
    result(cor, "lvs-rekenen-wiskunde", "II", datetime.date(2025, 6, 20), "E5")
    return anna, bram, cor


@pytest.mark.parametrize(
    "key,ascending",
    [
        ("naam", ["Anna", "Bram", "Cor", "Sam"]),
        ("zorgniveau", ["Cor", "Sam", "Anna", "Bram"]),
        ("behoeften", ["Bram", "Sam", "Anna", "Cor"]),
        ("spelling", ["Anna", "Cor", "Bram", "Sam"]),
        ("rekenen-wiskunde", ["Bram", "Cor", "Anna", "Sam"]),
    ],
)
def test_sort_by_each_column_both_ways(world, three_pupils, key, ascending):
    overview = overview_of(world)
    assert overview.sort_by(key) == key
    assert names(overview) == ascending and not overview.descending

    overview.sort_by(key, descending=True)
    if key == "naam":
        assert names(overview) == list(reversed(ascending))
    else:
        # Reversed, but equal values stay in name order and pupils without a value stay last.
        expected = {
            "zorgniveau": ["Bram", "Anna", "Cor", "Sam"],
            "behoeften": ["Cor", "Anna", "Bram", "Sam"],
            "spelling": ["Bram", "Cor", "Anna", "Sam"],
            "rekenen-wiskunde": ["Cor", "Bram", "Anna", "Sam"],
        }[key]
        assert names(overview) == expected
    assert overview.descending


@pytest.mark.parametrize("key", ["bestaat-niet", "", "pk", "woordenschat"])
def test_unknown_sort_key_falls_back_to_name_order(world, three_pupils, key):
    overview = overview_of(world)
    assert overview.sort_by(key, descending=True) == "naam"
    assert names(overview) == ["Anna", "Bram", "Cor", "Sam"] and not overview.descending


def test_name_order_ignores_prefix_case_and_accents(world):
    group = world.groups["six"]
    for first, prefix, surname in [("Eva", "van der", "Berg"), ("Ömer", "", "Çelik"), ("Liam", "de", "Boer")]:
        add_pupils(group, 1, first_name=first, name_prefix=prefix, surname=surname)
    assert names(overview_of(world)) == ["Eva", "Liam", "Ömer", "Sam"]


# --- Queries -------------------------------------------------------------------------------------------------------


def count_queries(world):
    with CaptureQueriesContext(connection) as queries:
        overview = overview_of(world)
        overview.sort_by("spelling", descending=True)
    return len(queries), overview


def test_a_fixed_number_of_queries_whatever_the_number_of_pupils_and_results(world):
    group = world.groups["six"]
    pupils = add_pupils(group, 30)
    add_results(pupils)  # 30 pupils x 6 subjects x 6 moments
    for pupil in pupils[:10]:
        f.NeedFactory(pupil=pupil)
    small, overview = count_queries(world)
    assert len(overview.rows) == 31 and len(overview.columns) == 6

    more = add_pupils(group, 30)
    add_results(more)
    add_results(pupils + more, moments=[(m, d.replace(year=d.year + 10)) for m, d in MOMENTS])  # twelve moments
    for pupil in more:
        f.NeedFactory(pupil=pupil)
    large, overview = count_queries(world)

    assert len(overview.rows) == 61
    assert small == large <= 6, (small, large)


def test_no_queries_beyond_pupils_and_needs_for_an_empty_group(world):
    Pupil.objects.filter(pk=world.pupils["six"].pk).delete()
    queries, overview = count_queries(world)
    assert overview.rows == [] and queries <= 2


# --- Entrance test and doorstroomtoets -----------------------------------------------------------------------------


def group_of(world, year_level):
    group = f.GroupFactory(
        school_year=world.groups["six"].school_year, name=f"Groep {year_level}", year_level_low=year_level
    )
    return group


def transition(pupil, code, levels, date=datetime.date(2025, 4, 15)):
    """A transition test result per domain: ``levels`` maps subject code to reference level."""
    test = f.instrument(code)
    for subject_code, level_code in levels.items():
        f.AssessmentFactory(
            pupil=pupil,
            instrument=test,
            subject=f.subject(subject_code),
            date=date,
            moment="",
            score=None,
            level=f.level("referentieniveau", level_code),
        )


def test_groups_7_and_8_have_columns_for_the_entrance_test_and_the_doorstroomtoets(world):
    from schools import access

    readable = access.pupils(world.user("coordinator"), world.school)
    seven, eight = group_of(world, 7), group_of(world, 8)
    assert [t.code for t in build_overview(seven, readable).tests] == ["entreetoets"]
    assert [t.code for t in build_overview(eight, readable).tests] == ["entreetoets", "doorstroomtoets"]
    # Group 6 has neither: the tests do not belong to it.
    assert overview_of(world).tests == []


def test_the_entrance_test_cell_shows_the_lowest_level_and_the_domains_below_the_norm(world):
    from schools import access

    eight = group_of(world, 8)
    weak, strong, absent = add_pupils(eight, 3)
    transition(weak, "entreetoets", {"spelling": "<1F", "begrijpend-lezen": "1F", "rekenen-wiskunde": "<1F"})
    transition(strong, "entreetoets", {"spelling": "2F/1S", "begrijpend-lezen": "1F", "rekenen-wiskunde": "2F/1S"})
    # An older entrance test of the weak pupil does not count; the latest per domain does.
    transition(weak, "entreetoets", {"spelling": "2F/1S"}, date=datetime.date(2024, 4, 15))

    overview = build_overview(eight, access.pupils(world.user("coordinator"), world.school))

    weak_cell = row_of(overview, weak).tests["entreetoets"]
    assert weak_cell.level_code == "<1F" and weak_cell.below_norm
    assert [d.name for d in weak_cell.below] == ["Spelling", "Rekenen-wiskunde"]
    assert [d.abbreviation for d in weak_cell.below] == ["Sp", "RW"]
    strong_cell = row_of(overview, strong).tests["entreetoets"]
    assert strong_cell.level_code == "1F" and not strong_cell.below_norm
    assert row_of(overview, absent).tests == {} and row_of(overview, absent).test_columns == [None, None]
    # The domains make no subject columns of their own.
    assert overview.columns == []
    [entrance, doorstroom] = overview.test_summaries
    assert (entrance.below_norm, entrance.with_level) == (1, 2)
    assert (doorstroom.below_norm, doorstroom.with_level) == (0, 0)

    overview.sort_by("entreetoets")
    assert [row.pupil for row in overview.rows] == [weak, strong, absent]  # without a result: last
    overview.sort_by("entreetoets", descending=True)
    assert [row.pupil for row in overview.rows] == [strong, weak, absent]


def test_a_subject_filter_hides_the_test_columns(world):
    from schools import access

    eight = group_of(world, 8)
    [pupil] = add_pupils(eight, 1)
    result(pupil, "lvs-spelling", "II", datetime.date(2025, 6, 20), "E7")
    transition(pupil, "entreetoets", {"spelling": "1F"})
    overview = build_overview(eight, access.pupils(world.user("coordinator"), world.school), subject="spelling")
    assert [s.code for s in overview.columns] == ["spelling"] and overview.tests == []


def test_the_test_columns_cost_no_extra_query(world):
    eight = group_of(world, 8)
    pupils = add_pupils(eight, 20)
    add_results(pupils)
    for pupil in pupils:
        transition(pupil, "entreetoets", {"spelling": "<1F", "begrijpend-lezen": "1F"})
    world.groups["six"] = eight
    queries, overview = count_queries(world)
    assert queries <= 6 and len(overview.rows) == 20 and overview.rows[0].tests


def test_subject_abbreviations():
    from pupils.models import Subject
    from pupils.overview import abbreviation

    assert abbreviation(Subject(code="begrijpend-lezen", name="Begrijpend lezen")) == "BL"
    assert abbreviation(Subject(code="nieuw", name="Engelse taal")) == "ET"
    assert abbreviation(Subject(code="muziek", name="Muziek")) == "Muz"
