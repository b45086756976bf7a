"""Small server-side SVG charts: one line chart, drawn the same in the browser and in WeasyPrint.

    svg = line_chart(
        [("Reeks A", [("M3", 120), ("E3", 131), ("M4", None), ("E4", 140)])],
        width=560, height=220, y_label="score", title="Voorbeeld",
    )

A series is ``(label, points)``; a point is ``(x_label, value)`` or
``(x_label, value, tooltip)``. ``None`` leaves a gap in the line. The x axis is
categorical (``x_labels`` gives the order; by default the order in which the
labels first appear). ``bands`` are horizontal ranges ``(low, high, label)`` or
``(low, high, label, fill)`` drawn behind the lines, each with its label as
text (not only a colour); ``y_ticks`` replaces the numeric ticks by
``(value, label)`` pairs, e.g. to name the levels of a scale. ``y_domain``
``(low, high)`` fixes the vertical axis, e.g. ``(0, 10)`` for a 0-10 answer,
whatever the values (a value outside it still widens the axis, never hides).
``band_labels="right"`` puts the band labels in a margin right of the plot,
where no point can cover them (for bands that fill the plot, like levels).

The markup is self-contained: presentation attributes only, no scripts, no
stylesheets, no external references, every text escaped. ``<title>`` and
``<desc>`` make it accessible; each point carries a ``<title>`` tooltip.
"""

import hashlib
import math
import re
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import get_format
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


def format_number(value):
    """A number as the reader writes it: no trailing zeros, and the decimal separator of the active language
    ("84,4" in Dutch, not "84.4")."""
    return f"{value:g}".replace(".", str(get_format("DECIMAL_SEPARATOR")))


_format = format_number


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
    y_domain=None,
    band_labels="inside",
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
        # A value on a named tick is read as its name (a level "IV"), not as its place on the axis ("2").
        tick_names = {float(value): str(label) for value, label in (y_ticks or [])}

        def spoken(value):
            return tick_names.get(float(value)) or _format(float(value))

        desc = (
            str(empty_text)
            if empty
            else "; ".join(
                f"{label}: " + ", ".join(f"{p[0]} {spoken(p[1])}" for p in points if p[1] is not None)
                for label, points in series
            )
        )

    out = [
        # The drawn size, narrower when the page is (class "svg-chart": max-width 100% in app.css and pdf.css, no
        # style attribute, which the Content-Security-Policy refuses); height from the viewBox ratio.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-chart" width="{width}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="11">',
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

    # Vertical range: a fixed domain, or the data, the bands and the explicit ticks.
    if y_domain is not None:
        low, high = min([float(y_domain[0])] + values), max([float(y_domain[1])] + values)
        if y_ticks:
            y_ticks = [(float(value), str(label)) for value, label in y_ticks]
        else:
            # Six ticks: whole steps of 2 on a 0-10 scale.
            y_ticks = [(value, _format(value)) for value in nice_ticks(low, high, 6) if low <= value <= high]
    elif y_ticks:
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
    labels_right = band_labels == "right" and bands
    right = int(14 + 5 * max(len(str(band[2])) for band in bands)) if labels_right else 12
    bottom = 24
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_at(index):
        return left + (index + 0.5) * plot_w / len(x_labels)

    def y_at(value):
        return top + plot_h - (value - low) / (high - low) * plot_h

    for band in bands:
        band_low, band_high, label = float(band[0]), float(band[1]), str(band[2])
        fill = band[3] if len(band) > 3 else BAND_FILL
        y1, y2 = y_at(min(max(band_high, low), high)), y_at(max(min(band_low, high), low))
        if labels_right:  # beside the band, in the middle of its height
            label_x, label_y, anchor = left + plot_w + 4, (y1 + y2) / 2 + 3, "start"
        else:  # at the band's top right, or in its middle when the band is too low for a line of text above
            label_x, label_y, anchor = left + plot_w - 4, y1 + 11 if y2 - y1 >= 22 else (y1 + y2) / 2 + 3, "end"
        out.append(
            f'<g class="band" data-band={quoteattr(label)}>'
            f'<rect x="{left}" y="{_num(y1)}" width="{plot_w}" height="{_num(max(y2 - y1, 0))}" fill={quoteattr(fill)}>'
            f"<title>{escape(label)}</title></rect>"
            f'<text x="{_num(label_x)}" y="{_num(label_y)}" text-anchor="{anchor}" fill="{AXIS}" font-size="9">'
            f"{escape(label)}</text></g>"
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


# --- Stacked bars ---------------------------------------------------------------------------------------------------

HATCH_STEP = 6
SEGMENT_TEXT = "#000000"
LABEL_TEXT = "#222222"
# Fills for stacked segments: Okabe-Ito (with its yellow, which is fine as an area with black text on it).
FILLS = ["#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7"]


def _text_width(text, size=11):
    """A generous estimate of the drawn width of ``text`` (no font metrics on the server)."""
    return len(text) * size * 0.56


def _box(x, y, w, h):
    """Path data for the rectangle (x, y, w, h)."""
    return f"M{_num(x)} {_num(y)}h{_num(w)}v{_num(h)}h{_num(-w)}z"


def _hatch(x, y, w, h):
    """Path data for diagonal lines over the rectangle (x, y, w, h), clipped by arithmetic (no clipPath or
    pattern: those need references, and the markup stays self-contained). Lines lie on x + y = k * step for
    every chart, so the hatching of neighbouring segments lines up. Each line is a move and a relative line:
    they all run up to the right at 45 degrees."""
    step = HATCH_STEP
    parts = []
    k = math.floor((x + y) / step) + 1
    while k * step < x + w + y + h:
        c = k * step
        # Where the line enters at the lower left (left edge, else bottom edge) and leaves at the upper right
        # (top edge, else right edge).
        x1, y1 = (x, c - x) if c - x <= y + h else (c - y - h, y + h)
        x2 = c - y if c - y <= x + w else x + w
        parts.append(f"M{_num(x1)} {_num(y1)}l{_num(x2 - x1)} {_num(x1 - x2)}")
        k += 1
    return "".join(parts)


def _percent(share):
    return f"{share:.0f} %"


def stacked_bars(
    bars,
    categories,
    *,
    horizontal=True,
    width=560,
    height=220,
    bar_size=18,
    colours=None,
    hatched=(),
    title="",
    desc="",
    total_text=None,
    totals=True,
    segment_labels=True,
    empty_text=None,
    chart_id=None,
):
    """Return SVG markup (a safe string) with one bar per entry of ``bars``, each split into the shares of its
    categories (every bar runs to 100 %).

    ``bars`` is a list of ``(label, counts)`` with ``counts`` a dict category key -> number; ``None`` in the
    list leaves a gap (to group bars). ``categories`` is a list of ``(key, label)`` in stacking order (first
    at the left or the bottom). ``colours`` maps a key to its fill (default Okabe-Ito in order); ``hatched``
    keys get diagonal lines too, so that a meaning (say, below a norm) does not rest on colour alone. With
    ``segment_labels`` every segment wide enough carries its label (and its share when that fits too); the
    legend names every category and with ``totals`` each bar ends in its total (``total_text(total)`` formats
    it; default the number). ``horizontal=False`` draws columns in a chart ``height`` high; horizontal bars take
    the height they need.

    The markup is light on purpose, since WeasyPrint pays for every element: one ``<title>`` and one ``<desc>``
    (every count and share, for screen readers) instead of a tooltip per segment, one path per category (its
    legend swatch and its segments in every bar), one path for all hatching and the texts in a few groups."""
    categories = [(str(key), str(label)) for key, label in categories]
    bars = [None if bar is None else (str(bar[0]), dict(bar[1])) for bar in bars]
    hatched = {str(key) for key in hatched}
    fills = {key: FILLS[index % len(FILLS)] for index, (key, _label) in enumerate(categories)}
    fills.update({str(key): value for key, value in (colours or {}).items()})
    total_text = total_text or (lambda total: _format(total))
    real = [bar for bar in bars if bar is not None]
    sums = [sum(float(counts.get(key) or 0) for key, _label in categories) for _label, counts in real]
    if chart_id is None:
        digest = hashlib.sha1(repr((title, bars, categories)).encode()).hexdigest()[:10]
        chart_id = f"chart-{digest}"
    chart_id = re.sub(r"[^A-Za-z0-9_-]", "-", str(chart_id))
    empty = not real or not categories or not any(sums)
    if empty_text is None:
        empty_text = _("Geen gegevens")
    if not desc:
        desc = str(empty_text) if empty else "; ".join(_bar_desc(label, counts, categories) for label, counts in real)

    # Legend: swatches with labels, wrapped over as many lines as needed.
    legend, x, line = [], 0.0, 0
    for key, label in categories:
        item = 18 + _text_width(label) + 14
        if x and x + item > width:
            x, line = 0.0, line + 1
        legend.append((key, label, x, line))
        x += item
    legend_height = 18 * (line + 1) + 6

    if horizontal:
        gaps = sum(1 for bar in bars if bar is None)
        height = legend_height + len(real) * (bar_size + 6) + gaps * 10 + 26
    top = legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-chart" width="{width}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}" font-size="11">',
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

    shapes = {key: [] for key, _label in categories}  # path data per category
    hatching, legend_texts = [], []
    for key, label, x, line in legend:
        y = 4 + line * 18
        shapes[key].append(_box(x, y, 14, 12))
        if key in hatched:
            hatching.append(_hatch(x, y, 14, 12))
        legend_texts.append(f'<text x="{_num(x + 18)}" y="{y + 10}">{escape(label)}</text>')

    totals_text = [str(total_text(total)) for total in sums]
    if horizontal:
        left = min(int(8 + max(_text_width(label) for label, _counts in real)), int(width * 0.4))
        # Room for the totals, or else for the half of the "100 %" label that sticks out past the bars.
        right = (
            int(10 + max(_text_width(text) for text in totals_text)) if totals else int(4 + _text_width("100 %") / 2)
        )
        plot = (left, top, width - left - right, height - top - 26)
        room = 0
    else:
        left, right = 42, 8
        room = (width - left - right - 8) / len(bars) - 4
        # Room under the columns for the longest label, broken over lines.
        bottom = 22 + 12 * max(len(_wrap(label, room)) - 1 for label, _counts in real)
        plot = (left, top + 12, width - left - right, height - top - 12 - bottom)

    position = top + 2 if horizontal else left + 4
    step = (plot[2] - 8) / len(bars) if not horizontal else None
    labels, ends, inside = [], [], []
    index = 0
    for bar in bars:
        if bar is None:
            position += 10 if horizontal else step
            continue
        label, counts = bar
        total, text = sums[index], totals_text[index]
        index += 1
        if horizontal:
            box = (left, position, plot[2], bar_size)
            position += bar_size + 6
        else:
            thickness = min(bar_size * 2, step * 0.7)
            box = (position + (step - thickness) / 2, plot[1], thickness, plot[3])
            position += step
        labels.append(_bar_label(label, box, horizontal, room))
        ends.append(_bar_total(text, box, horizontal))
        run = None  # neighbouring hatched segments are hatched as one: fewer, longer lines
        for key, name, share, segment in _segments(counts, total, box, categories, horizontal):
            shapes[key].append(_box(*segment))
            if key in hatched:
                run = _union(run, segment)
            elif run:
                hatching.append(_hatch(*run))
                run = None
            if segment_labels:
                inside.extend(_segment_label(name, share, segment, key in hatched))
        if run:
            hatching.append(_hatch(*run))

    out.extend(_percent_axis(plot, horizontal))
    out.extend(f'<path d="{"".join(shapes[key])}" fill={quoteattr(fills[key])}/>' for key, _label in categories)
    if hatching:
        out.append(
            f'<path d="{"".join(hatching)}" stroke="#ffffff" stroke-width="1.5" stroke-opacity="0.8" fill="none"/>'
        )
    anchor = "end" if horizontal else "middle"
    out.append(f'<g fill="{LABEL_TEXT}">{"".join(legend_texts)}</g>')
    out.append(f'<g fill="{LABEL_TEXT}" text-anchor="{anchor}" class="bar-labels">{"".join(labels)}</g>')
    ends_anchor = "" if horizontal else ' text-anchor="middle"'
    if totals:
        out.append(f'<g fill="{AXIS}"{ends_anchor} class="totals">{"".join(ends)}</g>')
    if inside:
        out.append(f'<g fill="{SEGMENT_TEXT}" font-size="10" text-anchor="middle">{"".join(inside)}</g>')
    out.append("</svg>")
    return mark_safe("".join(out))


def _bar_desc(label, counts, categories):
    total = sum(float(counts.get(key) or 0) for key, _label in categories)
    parts = [
        f"{name} {_format(float(counts.get(key) or 0))} ({_percent(100 * float(counts.get(key) or 0) / total)})"
        for key, name in categories
        if total and counts.get(key)
    ]
    return f"{label}: " + (", ".join(parts) if parts else "–")


def _percent_axis(plot, horizontal):
    """Grid lines (one path) at 0, 25, 50, 75 and 100 %, labelled at 0, 50 and 100 % (every text costs)."""
    left, top, w, h = plot
    lines, labels = [], []
    for share in (0, 25, 50, 75, 100):
        if horizontal:
            x = _num(left + w * share / 100)
            lines.append(f"M{x} {top}V{_num(top + h)}")
            label = f'<text x="{x}" y="{_num(top + h + 15)}">{_percent(share)}</text>'
        else:
            y = _num(top + h - h * share / 100)
            lines.append(f"M{left} {y}H{left + w}")
            label = f'<text x="{left - 5}" y="{y}" dy="3.5">{_percent(share)}</text>'
        if share % 50 == 0:
            labels.append(label)
    anchor = "middle" if horizontal else "end"
    return [
        f'<path d="{"".join(lines)}" stroke="{GRID}" stroke-width="1"/>',
        f'<g fill="{AXIS}" text-anchor="{anchor}">{"".join(labels)}</g>',
    ]


def _segments(counts, total, box, categories, horizontal):
    """``(key, name, share, (x, y, w, h))`` of every segment of a bar drawn in ``box``, in stacking order."""
    x, y, w, h = box
    done = 0.0
    for key, name in categories:
        count = float(counts.get(key) or 0)
        if not total or not count:
            continue
        share = count / total
        if horizontal:
            yield key, name, share, (x + w * done, y, w * share, h)
        else:
            yield key, name, share, (x, y + h - h * (done + share), w, h * share)
        done += share


def _union(box, other):
    """The smallest rectangle holding ``box`` (or None) and ``other``."""
    if box is None:
        return other
    x, y = min(box[0], other[0]), min(box[1], other[1])
    return (x, y, max(box[0] + box[2], other[0] + other[2]) - x, max(box[1] + box[3], other[1] + other[3]) - y)


def _bar_label(label, box, horizontal, room):
    """A bar's label: left of a horizontal bar, under a column (in lines of at most ``room`` wide)."""
    x, y, w, h = box
    if horizontal:
        return f'<text x="{_num(x - 6)}" y="{_num(y + h / 2)}" dy="3.5">{escape(label)}</text>'
    lines = "".join(
        f'<tspan x="{_num(x + w / 2)}" dy="{0 if number == 0 else 12}">{escape(line)}</tspan>'
        for number, line in enumerate(_wrap(label, room))
    )
    return f'<text x="{_num(x + w / 2)}" y="{_num(y + h + 14)}">{lines}</text>'


def _bar_total(text, box, horizontal):
    """A bar's total: right of a horizontal bar, above a column."""
    x, y, w, h = box
    if horizontal:
        return f'<text x="{_num(x + w + 6)}" y="{_num(y + h / 2)}" dy="3.5">{escape(text)}</text>'
    return f'<text x="{_num(x + w / 2)}" y="{_num(y - 3)}">{escape(text)}</text>'


def _segment_label(name, share, segment, hatched):
    """The label of a segment where it fits (over a light backing where the segment is hatched), or nothing."""
    sx, sy, sw, sh = segment
    text = _segment_text(name, share, sw, sh)
    if not text:
        return []
    out = []
    if hatched:
        tw = _text_width(text, 10) + 2
        out.append(
            f'<rect x="{_num(sx + (sw - tw) / 2)}" y="{_num(sy + sh / 2 - 6)}" width="{_num(tw)}" height="12" '
            f'fill="#ffffff" fill-opacity="0.85" rx="2"/>'
        )
    out.append(f'<text x="{_num(sx + sw / 2)}" y="{_num(sy + sh / 2)}" dy="3.5">{escape(text)}</text>')
    return out


def _wrap(text, room):
    """``text`` broken at spaces into lines of about ``room`` wide (a single long word stays whole)."""
    lines = []
    for word in text.split(" "):
        if lines and _text_width(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _segment_text(name, share, w, h):
    """The segment's label with its share, or its label alone, or nothing: whatever fits."""
    if h < 11:
        return ""
    for text in (f"{name} {_percent(100 * share)}", name):
        if _text_width(text, 10) + 4 <= w:
            return text
    return ""
