"""What a screen reader reads of a chart (its <desc>) and the axis labels: Dutch numbers, and levels by name."""

import xml.etree.ElementTree as ET

from django.utils import translation

from core.charts import line_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(series, **kwargs):
    with translation.override("nl"):
        return ET.fromstring(str(line_chart(series, **{"width": 560, "height": 220, "title": "Groei", **kwargs})))


def desc(root):
    return root.find(f"{SVG}desc").text


def test_decimals_are_written_with_a_comma():
    root = chart([("Leerlingen met een voldoende", [("2025-2026", 84.4), ("2026-2027", 87.5)])])
    assert desc(root) == "Leerlingen met een voldoende: 2025-2026 84,4, 2026-2027 87,5"
    tick_labels = [element.text for element in root.iter(f"{SVG}text")]
    assert not any("." in (label or "") for label in tick_labels if (label or "")[:1].isdigit())


def test_a_level_is_read_by_its_name_not_its_place_on_the_axis():
    levels = [(1, "V"), (2, "IV"), (3, "III"), (4, "II"), (5, "I")]
    root = chart([("DMT", [("M3", 2), ("E3", 1)])], y_ticks=levels)
    assert desc(root) == "DMT: M3 IV, E3 V"


def test_a_value_between_named_ticks_is_read_as_a_number():
    root = chart([("Schaal", [("M3", 7.5)])], y_ticks=[(0, "0"), (10, "10")])
    assert desc(root) == "Schaal: M3 7,5"
