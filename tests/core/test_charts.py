import xml.etree.ElementTree as ET

from core.charts import line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def circles(root):
    return root.findall(f".//{SVG}circle")


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def chart(series, **kwargs):
    return parse(line_chart(series, **{"width": 560, "height": 220, "title": "Groei", **kwargs}))


def test_one_point_per_value_with_a_tooltip():
    root = chart(
        [("Reeks A", [("M3", 120), ("E3", 131), ("M4", 140, "II · 140")]), ("Reeks B", [("M3", 100), ("M4", 110)])],
        y_label="score",
    )
    assert len(circles(root)) == 5
    tips = [c.find(f"{SVG}title").text for c in circles(root)]
    assert "Reeks A – E3: 131" in tips
    assert "Reeks A – M4: II · 140" in tips  # a tooltip given with the point wins
    assert len(root.findall(f".//{SVG}polyline")) == 2


def test_axis_labels_in_order_and_ticks_cover_the_values():
    root = chart([("A", [("E3", 131), ("M3", 120)])], x_labels=["M3", "E3", "M4"], y_label="vaardigheidsscore")
    labels = texts(root)
    assert labels.index("M3") < labels.index("E3") < labels.index("M4")
    assert "vaardigheidsscore" in labels
    numbers = [float(t) for t in labels if t.replace(".", "").isdigit()]
    assert min(numbers) <= 120 and max(numbers) >= 131


def test_points_are_placed_left_to_right_and_higher_values_higher():
    root = chart([("A", [("M3", 100), ("E3", 150)])])
    first, second = circles(root)
    assert float(first.get("cx")) < float(second.get("cx"))
    assert float(first.get("cy")) > float(second.get("cy"))  # SVG y grows downwards


def test_accessible_title_and_description():
    root = chart([("Spelling", [("M3", 120), ("E3", 131)])], title="Spelling per moment")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Spelling per moment"
    assert desc.text == "Spelling: M3 120, E3 131"


def test_text_is_escaped():
    nasty = '<script>alert("x")</script> & "co"'
    markup = line_chart(
        [(nasty, [(nasty, 1), ("b", 2, nasty)])],
        width=400,
        height=200,
        title=nasty,
        y_label=nasty,
        bands=[(0, 1, nasty)],
    )
    assert "<script>" not in markup
    root = parse(markup)  # still well-formed XML
    assert root.find(f"{SVG}title").text == nasty
    assert nasty in texts(root)
    assert not root.findall(f".//{SVG}script")


def test_empty_series_draw_a_message_and_no_points():
    for series in ([], [("A", [])], [("A", [("M3", None), ("E3", None)])]):
        root = chart(series)
        assert circles(root) == []
        assert "Geen gegevens" in texts(root)
    root = chart([("A", [])], empty_text="Nog niets")
    assert texts(root) == ["Nog niets"]


def test_none_breaks_the_line():
    root = chart([("A", [("M3", 1), ("E3", 2), ("M4", None), ("E4", 3), ("M5", 4)])])
    assert len(circles(root)) == 4
    assert len(root.findall(f".//{SVG}polyline")) == 2


def test_named_ticks_and_bands():
    root = chart(
        [("AVI", [("M3", 2), ("E3", 4)])],
        y_ticks=[(1, "AVI-Start"), (2, "M3"), (3, "E3"), (4, "M4")],
        bands=[(0.5, 2.5, "onder de norm", "#f6e0e0")],
    )
    assert {"AVI-Start", "M3", "E3", "M4", "onder de norm"} <= set(texts(root))
    band = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#f6e0e0"]
    assert len(band) == 1 and float(band[0].get("height")) > 0


def test_self_contained_markup():
    markup = line_chart([("A", [("M3", 1), ("E3", 2)])], width=300, height=150, title="t")
    assert "href" not in markup and "<style" not in markup and "<script" not in markup and "url(" not in markup
    assert markup == line_chart([("A", [("M3", 1), ("E3", 2)])], width=300, height=150, title="t")  # deterministic


def test_legend_only_for_several_series():
    one = texts(chart([("Alleen", [("M3", 1)])]))
    two = texts(chart([("Eerste", [("M3", 1)]), ("Tweede", [("M3", 2)])]))
    assert "Alleen" not in one
    assert {"Eerste", "Tweede"} <= set(two)


def test_nice_ticks():
    assert nice_ticks(0, 10) == [0, 2.5, 5, 7.5, 10]
    ticks = nice_ticks(93, 187)
    assert ticks[0] <= 93 and ticks[-1] >= 187
    assert nice_ticks(5, 5)  # a flat series still gets an axis
