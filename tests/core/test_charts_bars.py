import xml.etree.ElementTree as ET

from core.charts import stacked_bars

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = [("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV"), ("V", "V")]


def parse(markup):
    return ET.fromstring(str(markup))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def segments(root):
    """(bar label, tooltip, x, y, width, height) of every segment."""
    found = []
    for group in root.iter(f"{SVG}g"):
        for rect in group.findall(f"{SVG}rect"):
            title = rect.find(f"{SVG}title")
            if title is not None:
                found.append(
                    (
                        group.get("data-bar"),
                        title.text,
                        *(float(rect.get(name)) for name in ("x", "y", "width", "height")),
                    )
                )
    return found


def chart(bars, **kwargs):
    return parse(stacked_bars(bars, LEVELS, **{"title": "Spelling", **kwargs}))


def test_each_bar_runs_to_100_percent_in_the_order_of_the_categories():
    root = chart([("groep 5", {"I": 1, "III": 2, "V": 1}), ("groep 6", {"II": 4})])
    five = [s for s in segments(root) if s[0] == "groep 5"]
    assert [s[1] for s in five] == ["groep 5 – I: 1 (25 %)", "groep 5 – III: 2 (50 %)", "groep 5 – V: 1 (25 %)"]
    widths = [s[4] for s in five]
    assert abs(widths[1] - 2 * widths[0]) < 0.2 and widths[0] == widths[2]
    assert five[0][2] < five[1][2] < five[2][2]  # left to right
    (six,) = [s for s in segments(root) if s[0] == "groep 6"]
    assert abs(six[4] - sum(widths)) < 0.2  # both bars equally long: shares, not counts


def test_labels_in_segments_that_fit_totals_and_legend():
    root = chart([("groep 5", {"I": 20, "II": 1})], total_text=lambda total: f"{total:g} leerlingen")
    labels = texts(root)
    assert "I 95 %" in labels  # wide: label and share
    assert "II 5 %" not in labels and "II" in labels  # narrow: only in the legend (and the tooltip)
    assert "21 leerlingen" in labels
    assert {"I", "II", "III", "IV", "V"} <= set(labels)  # the legend names every category


def test_hatched_categories_carry_lines_so_meaning_is_not_in_colour_alone():
    plain = chart([("groep 5", {"I": 1, "IV": 1})])
    hatched = chart([("groep 5", {"I": 1, "IV": 1})], hatched={"IV"})
    assert len(hatched.findall(f".//{SVG}path")) == len(plain.findall(f".//{SVG}path")) + 2  # segment and legend
    colours = chart([("groep 5", {"I": 1})], colours={"I": "#009E73"})
    assert [s for s in colours.iter(f"{SVG}rect") if s.get("fill") == "#009E73"]


def test_a_gap_between_groups_of_bars_and_columns_when_vertical():
    root = chart([("a", {"I": 1}), None, ("b", {"I": 1})])
    first, second = segments(root)
    assert second[3] - first[3] > 18 + 6  # more than one bar step apart
    tall = chart([("a", {"I": 1, "V": 3}), ("b", {"I": 1})], horizontal=False, height=200)
    level_i, level_v = [s for s in segments(tall) if s[0] == "a"]
    assert level_i[3] > level_v[3]  # the first category at the bottom (SVG y grows downwards)
    assert abs(level_v[5] - 3 * level_i[5]) < 0.2


def test_accessible_title_and_description():
    root = chart([("groep 5", {"I": 1, "IV": 3})], title="Spelling M5")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Spelling M5"
    assert desc.text == "groep 5: I 1 (25 %), IV 3 (75 %)"


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
        assert segments(root) == []
        assert "Geen gegevens" in texts(root)
    assert texts(chart([], empty_text="Nog niets")) == ["Nog niets"]


def test_a_bar_without_results_keeps_its_label_among_others():
    root = chart([("a", {"I": 2}), ("b", {})])
    assert "b" in texts(root)
    assert [s[0] for s in segments(root)] == ["a"]
