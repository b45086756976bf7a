"""Charts against a scale: a fixed vertical domain (a 0-10 answer on a 0-10 axis), and the norm bands of a
growth chart, so that a pupil who stays at one level visibly stays in that level's band."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from conversations.trends import USEFULNESS_SCALE
from core.charts import line_chart
from pupils.dossier import _charts, level_bands
from pupils.models import Assessment, ScaleLevel
from tests import factories as f

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def y_axis(root):
    """(top, bottom) of the plot: the vertical axis line."""
    [axis] = [
        line for line in root.iter(f"{SVG}line") if line.get("x1") == line.get("x2") and line.get("stroke") == "#555555"
    ]
    return float(axis.get("y1")), float(axis.get("y2"))


def point_ys(root):
    return [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]


# --- A fixed domain ----------------------------------------------------------------------------------------------


def test_a_0_to_10_answer_runs_on_a_0_to_10_axis_whatever_the_answers():
    answers = [("1-10", 5), ("8-11", 9), ("6-12", 10)]
    free = parse(line_chart([("Leerling", answers)], title="t"))
    assert "12" in texts(free) or "4" in texts(free)  # without a domain the axis follows the answers

    root = parse(line_chart([("Leerling", answers)], title="t", y_domain=USEFULNESS_SCALE))
    labels = texts(root)
    assert {"0", "10"} <= set(labels) and "12" not in labels and "-2" not in labels
    top, bottom = y_axis(root)
    five, nine, ten = point_ys(root)
    assert ten == pytest.approx(top, abs=0.1)  # 10 is the top of the axis
    assert five == pytest.approx((top + bottom) / 2, abs=0.1)  # 5 halfway
    assert bottom - nine == pytest.approx(0.9 * (bottom - top), abs=0.1)


def test_a_value_outside_the_domain_widens_it_and_is_not_hidden():
    root = parse(line_chart([("A", [("x", 3), ("y", 14)])], title="t", y_domain=(0, 10)))
    top, bottom = y_axis(root)
    assert all(top - 0.1 <= y <= bottom + 0.1 for y in point_ys(root))


def test_the_pupil_usefulness_chart_runs_0_to_10(db):
    from conversations.models import Conversation
    from conversations.trends import pupil_chart

    root = parse(pupil_chart(Conversation.objects.none()))
    assert "Nog geen antwoorden" in "".join(texts(root))  # empty: no axis at all
    markup = line_chart([("Kind", [("a", 6), ("b", 8)])], title="t", y_domain=USEFULNESS_SCALE, y_label="0-10")
    assert {"0", "2", "4", "6", "8", "10"} <= set(texts(parse(markup)))


# --- Norm bands --------------------------------------------------------------------------------------------------


def bands(root):
    """{label: (top, bottom)} of the bands drawn behind the lines."""
    result = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "band":
            rect = group.find(f"{SVG}rect")
            top = float(rect.get("y"))
            result[group.get("data-band")] = (top, top + float(rect.get("height")))
            assert group.find(f"{SVG}text").text == group.get("data-band")  # labelled with text, not only colour
    return result


def test_bands_are_labelled_in_the_chart_or_beside_it():
    series = [("A", [("M3", 2), ("E3", 4)])]
    inside = parse(line_chart(series, title="t", bands=[(0.5, 2.5, "onder de norm")]))
    assert bands(inside) and "onder de norm" in texts(inside)
    beside = parse(line_chart(series, title="t", bands=[(0.5, 2.5, "onder de norm")], band_labels="right"))
    [label] = [t for t in beside.iter(f"{SVG}text") if t.text == "onder de norm"]
    [rect] = [r for r in beside.iter(f"{SVG}rect")]
    assert float(label.get("x")) > float(rect.get("x")) + float(rect.get("width"))  # right of the plot


def i_to_v(db):
    return list(ScaleLevel.objects.filter(scale__code="i-v"))


def results(pupil, instrument_code, level_codes):
    """Unsaved results, one per moment M3..E5, at the given levels; scores rising as a growing pupil's do."""
    test = f.instrument(instrument_code)
    moments = [f"{half}{year}" for year in (3, 4, 5) for half in ("M", "E")]
    out = []
    for index, (moment, code) in enumerate(zip(moments, level_codes, strict=False)):
        level = f.level(test.scale.code, code)
        out.append(
            Assessment(
                pk=index + 1,
                pupil=pupil,
                instrument=test,
                subject=test.subject,
                date=datetime.date(2020 + int(moment[1]), 1 if moment[0] == "M" else 6, 20),
                moment=moment,
                score=Decimal(100 + 12 * index),
                level=level,
            )
        )
    return out


def test_a_pupil_at_level_v_on_every_test_stays_in_band_v(db):
    pupil = f.PupilFactory()
    assessments = results(pupil, "lvs-spelling", ["V"] * 6)
    levels = {assessments[0].level.scale_id: sorted(i_to_v(db), key=lambda lvl: lvl.rank)}

    [chart] = _charts(f.subject("spelling"), assessments, levels)

    root = parse(chart.svg)
    drawn = bands(root)
    assert set(drawn) == {"niveau I", "niveau II", "niveau III", "IV: onder de norm", "V: onder de norm"}
    top, bottom = drawn["V: onder de norm"]
    ys = point_ys(root)
    assert len(ys) == 6 and all(top < y < bottom for y in ys)  # flat, inside band V: no rising line
    assert len(set(ys)) == 1
    # The score is still there, in each point's tooltip (and in the results table beside the chart).
    tips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert tips[-1].endswith("V · 160")


def test_a_pupil_who_climbs_crosses_the_bands(db):
    pupil = f.PupilFactory()
    assessments = results(pupil, "lvs-rekenen-wiskunde", ["V", "V", "IV", "III", "II", "II"])
    levels = {assessments[0].level.scale_id: i_to_v(db)}
    root = parse(_charts(f.subject("rekenen-wiskunde"), assessments, levels)[0].svg)
    drawn = bands(root)
    ys = point_ys(root)
    assert drawn["V: onder de norm"][0] < ys[0] < drawn["V: onder de norm"][1]
    assert drawn["niveau II"][0] < ys[-1] < drawn["niveau II"][1]


def test_level_bands_cover_each_level_and_mark_the_ones_below_the_norm(db):
    drawn = level_bands(i_to_v(db))
    assert [(low, high) for low, high, _label, _fill in drawn] == [
        (0.5, 1.5),
        (1.5, 2.5),
        (2.5, 3.5),
        (3.5, 4.5),
        (4.5, 5.5),
    ]
    assert [label for _low, _high, label, _fill in drawn][:2] == ["V: onder de norm", "IV: onder de norm"]
    assert drawn[0][3] != drawn[3][3]  # below the norm in another colour too
