import re
import xml.etree.ElementTree as ET

from core.charts import FILLS, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = [("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV"), ("V", "V")]
BOX = re.compile(r"M([-\d.]+) ([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+z")


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def boxes(root, fill):
    """(x, y, width, height) of every rectangle of the category drawn in ``fill``: its legend swatch first, then its
    segments in the order of the bars."""
    (path,) = [path for path in root.iter(f"{SVG}path") if path.get("fill") == fill]
    return [tuple(float(value) for value in match) for match in BOX.findall(path.get("d"))]


def segments(root, fill):
    return boxes(root, fill)[1:]


def hatching(root):
    return [path for path in root.iter(f"{SVG}path") if path.get("stroke") == "#ffffff"]


def chart(bars, **kwargs):
    return parse(stacked_bars(bars, LEVELS, **{"title": "Spelling", **kwargs}))


def test_each_bar_runs_to_100_percent_in_the_order_of_the_categories():
    root = chart([("groep 5", {"I": 1, "III": 2, "V": 1}), ("groep 6", {"II": 4})])
    (one,), (three,), (five,) = (segments(root, FILLS[index]) for index in (0, 2, 4))
    assert abs(three[2] - 2 * one[2]) < 0.2 and one[2] == five[2]  # shares 25, 50 and 25 %
    assert one[0] < three[0] < five[0]  # left to right
    assert abs(three[0] - (one[0] + one[2])) < 0.2  # each segment starts where the one before ends
    (six,) = segments(root, FILLS[1])
    assert abs(six[2] - (one[2] + three[2] + five[2])) < 0.2  # both bars equally long: shares, not counts
    assert six[1] > one[1]  # the second bar below the first
    assert segments(root, FILLS[3]) == []  # a category without counts has only its swatch


def test_labels_in_segments_that_fit_totals_and_legend():
    root = chart([("groep 5", {"I": 20, "II": 1})], total_text=lambda total: f"{total:g} leerlingen")
    labels = texts(root)
    assert "I 95 %" in labels  # wide: label and share
    assert "II 5 %" not in labels and labels.count("II") == 2  # narrow: its label alone (and in the legend)
    assert "21 leerlingen" in labels
    assert {"I", "II", "III", "IV", "V"} <= set(labels)  # the legend names every category
    plain = texts(chart([("groep 5", {"I": 20, "II": 1})], segment_labels=False, totals=False))
    assert plain == ["0 %", "50 %", "100 %", "I", "II", "III", "IV", "V", "groep 5"]


def test_hatched_categories_carry_lines_so_meaning_is_not_in_colour_alone():
    assert hatching(chart([("groep 5", {"I": 1, "IV": 1})])) == []
    root = chart([("groep 5", {"I": 1, "IV": 1, "V": 1})], hatched={"IV", "V"})
    (lines,) = hatching(root)  # all of it in one path
    starts = [(float(x), float(y)) for x, y in re.findall(r"M([-\d.]+) ([-\d.]+)", lines.get("d"))]
    (_swatch, four), (_swatch5, five) = boxes(root, FILLS[3]), boxes(root, FILLS[4])
    in_bar = [(x, y) for x, y in starts if y > four[1]]
    # Lines over IV and V together (neighbours are hatched as one), none over I.
    assert in_bar and all(four[0] - 0.1 <= x <= five[0] + five[2] for x, y in in_bar)
    assert any(x < five[0] for x, y in in_bar) and any(x > five[0] for x, y in in_bar)
    colours = chart([("groep 5", {"I": 1})], colours={"I": "#123456"})
    assert segments(colours, "#123456")


def test_a_gap_between_groups_of_bars_and_columns_when_vertical():
    root = chart([("a", {"I": 1}), None, ("b", {"I": 1})])
    first, second = segments(root, FILLS[0])
    assert second[1] - first[1] > 18 + 6  # more than one bar step apart
    tall = chart([("a", {"I": 1, "V": 3}), ("b", {"I": 1})], horizontal=False, height=200)
    (level_i, _b), (level_v,) = segments(tall, FILLS[0]), segments(tall, FILLS[4])
    assert level_i[1] > level_v[1]  # the first category at the bottom (SVG y grows downwards)
    assert abs(level_v[3] - 3 * level_i[3]) < 0.2


def test_accessible_title_and_description_and_nothing_per_segment():
    root = chart([("groep 5", {"I": 1, "IV": 3})], title="Spelling M5")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Spelling M5"
    assert desc.text == "groep 5: I 1 (25 %), IV 3 (75 %)"
    assert len(list(root.iter(f"{SVG}title"))) == 1  # no tooltip per segment
    assert chart([("a", {"I": 1})], desc="Zie de tabel.").find(f"{SVG}desc").text == "Zie de tabel."


def test_light_markup_one_path_per_category():
    bars = [(f"groep {grade}", {"I": 20, "II": 30, "III": 35, "IV": 25, "V": 15}) for grade in range(3, 9)]
    markup = stacked_bars(bars, LEVELS, hatched={"IV", "V"}, segment_labels=False, totals=False, title="Spelling")
    root = parse(markup)
    assert len([path for path in root.iter(f"{SVG}path") if path.get("fill") in FILLS]) == 5
    assert len(list(root.iter(f"{SVG}rect"))) == 0
    assert len(list(root.iter(f"{SVG}text"))) == 3 + 5 + 6  # axis, legend, bars
    assert len(markup) < 8 * 1024


def test_text_is_escaped_and_markup_self_contained():
    nasty = '<script>alert("x")</script> & "co"'
    markup = stacked_bars([(nasty, {nasty: 2})], [(nasty, nasty)], title=nasty, hatched={nasty})
    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == nasty
    assert nasty in texts(root)
    for forbidden in ("href", "<style", "<script", "url("):
        assert forbidden not in markup
    assert markup == stacked_bars([(nasty, {nasty: 2})], [(nasty, nasty)], title=nasty, hatched={nasty})


def test_empty_bars_draw_a_message():
    for bars in ([], [("a", {})], [("a", {"I": 0})]):
        root = chart(bars)
        assert not [path for path in root.iter(f"{SVG}path") if path.get("fill") in FILLS]
        assert "Geen gegevens" in texts(root)
    assert texts(chart([], empty_text="Nog niets")) == ["Nog niets"]


def test_a_bar_without_results_keeps_its_label_among_others():
    root = chart([("a", {"I": 2}), ("b", {})])
    assert "b" in texts(root)
    assert len(segments(root, FILLS[0])) == 1
