"""Small server-side SVG charts: one line chart, drawn the same in the browser and in WeasyPrint.

    svg = line_chart(
        [("Reeks A", [("M3", 120), ("E3", 131), ("M4", None), ("E4", 140)])],
        width=560, height=220, y_label="score", title="Voorbeeld",
    )

A series is ``(label, points)``; a point is ``(x_label, value)`` or
``(x_label, value, tooltip)``. ``None`` leaves a gap in the line. The x axis is
categorical (``x_labels`` gives the order; by default the order in which the
labels first appear). ``bands`` are horizontal ranges ``(low, high, label)`` or
``(low, high, label, fill)`` drawn behind the lines; ``y_ticks`` replaces the
numeric ticks by ``(value, label)`` pairs, e.g. to name the levels of a scale.

The markup is self-contained: presentation attributes only, no scripts, no
stylesheets, no external references, every text escaped. ``<title>`` and
``<desc>`` make it accessible; each point carries a ``<title>`` tooltip.
"""

import hashlib
import math
import re
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Okabe-Ito: distinguishable with the common kinds of colour blindness, and in greyscale by dash pattern.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
FONT = "'Source Sans 3', Helvetica, Arial, sans-serif"
AXIS = "#555555"
GRID = "#dddddd"
BAND_FILL = "#eeeeee"


def _num(value):
    """Coordinates with at most one decimal, so the markup is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _format(value):
    return f"{value:g}"


def nice_ticks(low, high, count=5):
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _points(series):
    for _label, points in series:
        yield from points


def line_chart(
    series,
    *,
    width=560,
    height=220,
    y_label="",
    x_labels=None,
    bands=None,
    title="",
    desc="",
    y_ticks=None,
    empty_text=None,
    chart_id=None,
):
    """Return SVG markup (a safe string) for a line chart of ``series``."""
    series = [(str(label), [tuple(point) for point in points]) for label, points in series]
    if x_labels is None:
        x_labels = []
        for point in _points(series):
            if str(point[0]) not in x_labels:
                x_labels.append(str(point[0]))
    x_labels = [str(label) for label in x_labels]
    values = [float(point[1]) for point in _points(series) if point[1] is not None and str(point[0]) in x_labels]
    bands = [tuple(band) for band in (bands or [])]
    if chart_id is None:
        digest = hashlib.sha1(repr((title, series, x_labels, bands)).encode()).hexdigest()[:10]
        chart_id = f"chart-{digest}"
    chart_id = re.sub(r"[^A-Za-z0-9_-]", "-", str(chart_id))
    empty = not values or not x_labels
    if empty_text is None:
        empty_text = _("Geen gegevens")
    if not desc:
        desc = (
            str(empty_text)
            if empty
            else "; ".join(
                f"{label}: " + ", ".join(f"{p[0]} {_format(float(p[1]))}" for p in points if p[1] is not None)
                for label, points in series
            )
        )

    out = [
        # Full width up to the drawn size, height from the viewBox ratio: the same in browsers and WeasyPrint
        # (which ignores the ratio when given height:auto).
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="11" style="display:block;max-width:{width}px">',
        f'<title id="{chart_id}-title">{escape(str(title))}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    if empty:
        out.append(
            f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{GRID}"/>'
            f'<text x="{_num(width / 2)}" y="{_num(height / 2)}" text-anchor="middle" fill="{AXIS}">'
            f"{escape(str(empty_text))}</text></svg>"
        )
        return mark_safe("".join(out))

    # Vertical range: the data, the bands and the explicit ticks.
    if y_ticks:
        y_ticks = [(float(value), str(label)) for value, label in y_ticks]
        tick_values = [value for value, _label in y_ticks]
        low, high = min(tick_values + values) - 0.5, max(tick_values + values) + 0.5
    else:
        extent = values + [float(v) for band in bands for v in band[:2]]
        low, high = min(extent), max(extent)
        pad = (high - low) * 0.08 or 1
        ticks = nice_ticks(low - pad, high + pad)
        low, high = ticks[0], ticks[-1]
        y_ticks = [(value, _format(value)) for value in ticks]

    legend = len(series) > 1
    # Room for the longest tick label (about 5.5 px a character at 11 px) and the rotated axis label.
    left = int(10 + (16 if y_label else 0) + 5.5 * max(len(label) for _value, label in y_ticks))
    top = 26 if legend else 10
    right, bottom = 12, 24
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_at(index):
        return left + (index + 0.5) * plot_w / len(x_labels)

    def y_at(value):
        return top + plot_h - (value - low) / (high - low) * plot_h

    for band in bands:
        band_low, band_high, label = float(band[0]), float(band[1]), str(band[2])
        fill = band[3] if len(band) > 3 else BAND_FILL
        y1, y2 = y_at(min(max(band_high, low), high)), y_at(max(min(band_low, high), low))
        out.append(
            f'<rect x="{left}" y="{_num(y1)}" width="{plot_w}" height="{_num(max(y2 - y1, 0))}" fill={quoteattr(fill)}>'
            f"<title>{escape(label)}</title></rect>"
            f'<text x="{left + plot_w - 4}" y="{_num(y1 + 11)}" text-anchor="end" fill="{AXIS}" font-size="9">'
            f"{escape(label)}</text>"
        )

    for value, label in y_ticks:
        if not low <= value <= high:
            continue
        y = _num(y_at(value))
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y}" y2="{y}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 5}" y="{y}" dy="3.5" text-anchor="end" fill="{AXIS}">{escape(label)}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{AXIS}" stroke-width="1"/>'
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    # Thin out the x labels when they would overlap (about 34 px per label).
    every = max(1, math.ceil(len(x_labels) * 34 / plot_w))
    for index, label in enumerate(x_labels):
        if index % every == 0 or index == len(x_labels) - 1:
            out.append(
                f'<text x="{_num(x_at(index))}" y="{top + plot_h + 15}" text-anchor="middle" fill="{AXIS}">'
                f"{escape(label)}</text>"
            )
    if y_label:
        y_mid = _num(top + plot_h / 2)
        out.append(
            f'<text x="12" y="{y_mid}" transform="rotate(-90 12 {y_mid})" text-anchor="middle" fill="{AXIS}">'
            f"{escape(str(y_label))}</text>"
        )

    position = {label: index for index, label in enumerate(x_labels)}
    legend_x = left
    for number, (label, points) in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        ordered = sorted(
            ((position[str(point[0])], point) for point in points if str(point[0]) in position), key=lambda t: t[0]
        )
        # A None value breaks the line; a moment without any point does not.
        runs, run = [], []
        for index, point in ordered:
            if point[1] is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((index, point))
        if run:
            runs.append(run)
        placed = [item for segment in runs for item in segment]
        out.append(f'<g class="series" data-series={quoteattr(label)}>')
        for segment in runs:
            if len(segment) > 1:
                coords = " ".join(f"{_num(x_at(i))},{_num(y_at(float(p[1])))}" for i, p in segment)
                out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for index, point in placed:
            tip = point[2] if len(point) > 2 and point[2] else _format(float(point[1]))
            out.append(
                f'<circle cx="{_num(x_at(index))}" cy="{_num(y_at(float(point[1])))}" r="3.5" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1"><title>{escape(f"{label} – {point[0]}: {tip}")}</title></circle>'
            )
        out.append("</g>")
        if legend:
            out.append(
                f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="9" y2="9" stroke="{colour}" stroke-width="2"'
                f'{dash_attr}/><text x="{legend_x + 22}" y="12.5" fill="#222222">{escape(label)}</text>'
            )
            legend_x += 30 + 6 * len(label)
    out.append("</svg>")
    return mark_safe("".join(out))
