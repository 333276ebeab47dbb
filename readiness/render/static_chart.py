"""A chart specification drawn as a static SVG picture, without plotly.js.

Where no browser script runs the chart (a notebook's saved output, its HTML export by
nbconvert, a reader without a kernel), this is what is shown: the profile charts of
:mod:`readiness.render.charts` (dimensions as rows over the framework's bands, scores as
bars or as markers with their spread) drawn as plain SVG, a few kilobytes, with the chart's
words for screen readers. It reads only what those specifications use; it is no plotly.
"""

from __future__ import annotations

import re
from html import escape

WIDTH = 640
ROW = 56  # a dimension's row where the figure does not say (layout.meta.row_height)
PLOT_RIGHT = 24
_TAG = re.compile(r"<(?!br\b)[^>]*>", re.IGNORECASE)


def _lines(label: object) -> list[str]:
    """A plotly label's lines: ``<br>`` breaks them, other tags (``<i>``) are dropped."""
    text = _TAG.sub("", str(label or ""))
    return [line.strip() for line in re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)]


def _text(x: float, y: float, lines: list[str], size: int, anchor: str = "start",
          colour: str = "#222222", extra: str = "") -> str:
    """Lines of text centred on ``y``."""
    first = y - (len(lines) - 1) * size * 0.6
    spans = "".join(f'<tspan x="{x:.1f}" y="{first + i * size * 1.2:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text font-size="{size}" text-anchor="{anchor}" fill="{colour}" '
            f'dominant-baseline="middle"{extra}>{spans}</text>')


def _at(values: object, index: int, default=None):
    """``values[index]`` for a per-point list, ``values`` itself for one value."""
    if isinstance(values, list):
        return values[index] if index < len(values) else default
    return default if values is None else values


def _marker(x: float, y: float, symbol: str, size: float, colour: str) -> str:
    """One marker; an ``-open`` symbol is drawn as an outline (a provisional score)."""
    open_ = symbol.endswith("-open")
    fill = "#ffffff" if open_ else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    r = size / 2
    shape = symbol.removesuffix("-open")
    if shape == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" '
                f'height="{size:.1f}" {style}/>')
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.2:.1f} {y:.1f}L{x:.1f} '
                f'{y + r * 1.2:.1f}L{x - r * 1.2:.1f} {y:.1f}Z" {style}/>')
    if shape == "triangle-up":
        return (f'<path d="M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.2:.1f} {y + r:.1f}'
                f'L{x - r * 1.2:.1f} {y + r:.1f}Z" {style}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'


def figure_svg(figure: dict, description: str = "") -> str:
    """``figure`` (a plotly.js figure with horizontal rows) as an SVG element.

    ``description`` is the chart in words (its ``role="img"`` label and title).
    """
    layout = figure.get("layout") or {}
    data = figure.get("data") or []
    categories = list((layout.get("yaxis") or {}).get("categoryarray")
                      or (data[0].get("y") if data else []) or [])
    label_lines = [_lines(c) for c in categories]
    longest = max((len(line) for lines in label_lines for line in lines), default=10)
    left = min(260, 16 + 6.6 * longest)
    right = WIDTH - PLOT_RIGHT
    annotations = layout.get("annotations") or []
    # Rows as high as profile_chart made them: shorter ones for many dimensions.
    row = float(((layout.get("meta") or {}).get("row_height")) or ROW)
    # Markers side by side over more of a short row (as plotly's scattergap).
    share = 1 - float(layout["scattergap"]) if "scattergap" in layout else 0.7
    label_size = int((((layout.get("yaxis") or {}).get("tickfont")) or {}).get("size") or 12)
    band_lines = max((len(_lines(a.get("text"))) for a in annotations), default=0)
    top = 10 + 12 * band_lines
    bottom = top + row * len(categories)
    lo, hi = (layout.get("xaxis") or {}).get("range") or [0, 100]
    showlegend = bool(layout.get("showlegend")) and len(data) > 1
    height = bottom + 28 + (26 if showlegend else 0)

    def x_of(value: float) -> float:
        return left + (right - left) * (float(value) - lo) / ((hi - lo) or 1)

    def row_y(index: int) -> float:
        return top + row * (index + 0.5)

    parts = []
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "rect" or shape.get("xref") != "x":
            continue
        x0, x1 = x_of(shape.get("x0", lo)), x_of(shape.get("x1", hi))
        fill = escape(str(shape.get("fillcolor", "#eeeeee")))
        parts.append(f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" '
                     f'height="{bottom - top:g}" fill="{fill}"/>')
    for note in annotations:
        if note.get("xref") == "x" and note.get("x") is not None:
            lines = _lines(note.get("text"))
            parts.append(_text(x_of(note["x"]), top - 6 - (len(lines) - 1) * 6, lines, 10,
                               "middle"))
    for tick in (layout.get("xaxis") or {}).get("tickvals") or [lo, hi]:
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom:g}" '
                     'stroke="rgba(0,0,0,0.12)"/>')
        parts.append(_text(x, bottom + 12, [f"{tick:g}"], 11, "middle", "#444444"))
    for index, lines in enumerate(label_lines):
        parts.append(_text(left - 8, row_y(index), lines, label_size, "end"))

    markers = [t for t in data if t.get("type") != "bar"]
    for trace in data:
        xs = trace.get("x") or []
        marker = trace.get("marker") or {}
        line = marker.get("line") or {}
        if trace.get("type") == "bar":
            half = row * float(trace.get("width") or 0.5) / 2
            for index, value in enumerate(xs):
                if value is None or index >= len(categories):
                    continue
                y = row_y(index)
                fill = _at(marker.get("color"), index, "#1d4f7a")
                stroke = _at(line.get("color"), index, fill)
                x0, x1 = x_of(max(lo, 0)), x_of(value)
                parts.append(f'<rect x="{x0:.1f}" y="{y - half:.1f}" width="{max(x1 - x0, 0):.1f}" '
                             f'height="{2 * half:.1f}" fill="{escape(str(fill))}" '
                             f'stroke="{escape(str(stroke))}" stroke-width="2"/>')
                shown = _at(trace.get("text"), index)
                if shown:
                    inside = x1 > right - 40
                    # Near the right edge the value goes inside its bar, in white.
                    parts.append(_text(x1 - 4 if inside else x1 + 4, y, [str(shown)], 12,
                                       "end" if inside else "start",
                                       "#ffffff" if inside else "#222222"))
            continue
        # Markers side by side within a row, one place per series ("scattermode": group).
        place = markers.index(trace)
        offset = (place - (len(markers) - 1) / 2) * (row * share / max(len(markers), 1))
        colour = str(marker.get("color") if isinstance(marker.get("color"), str) else "#1d4f7a")
        size = float(marker.get("size") or 12)
        errors = trace.get("error_x") or {}
        for index, value in enumerate(xs):
            if value is None or index >= len(categories):
                continue
            x, y = x_of(value), row_y(index) + offset
            above, below = _at(errors.get("array"), index), _at(errors.get("arrayminus"), index)
            if above is not None and below is not None:
                x0, x1 = x_of(value - below), x_of(value + above)
                parts.append(f'<path d="M{x0:.1f} {y:.1f}H{x1:.1f}M{x0:.1f} {y - 4:.1f}V{y + 4:.1f}'
                             f'M{x1:.1f} {y - 4:.1f}V{y + 4:.1f}" stroke="{escape(colour)}" '
                             'stroke-width="2" fill="none"/>')
            parts.append(_marker(x, y, str(_at(marker.get("symbol"), index, "circle")), size,
                                 escape(colour)))
            mark = _at(trace.get("text"), index)
            if mark and "text" in str(trace.get("mode", "")):
                text_colour = (trace.get("textfont") or {}).get("color", "#ffffff")
                parts.append(_text(x, y, [str(mark)], 11, "middle", escape(str(text_colour))))
    if showlegend:
        x, y = left, bottom + 40
        for place, trace in enumerate(data):
            colour = escape(str((trace.get("marker") or {}).get("color")
                                if isinstance((trace.get("marker") or {}).get("color"), str)
                                else "#1d4f7a"))
            symbol = _at((trace.get("marker") or {}).get("symbol"), 0, "circle")
            parts.append(_marker(x + 6, y, str(symbol).removesuffix("-open"), 10, colour))
            name = str(trace.get("name") or "")
            parts.append(_text(x + 16, y, [name], 12))
            x += 34 + 6.6 * len(name)
            if x > right - 60 and place + 1 < len(data):
                break  # no room for more on one line; the words below name them all
    title = f"<title>{escape(description)}</title>" if description else ""
    label = f' aria-label="{escape(description)}"' if description else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="100%" style="max-width:{WIDTH}px;font-family:sans-serif" '
            f'role="img"{label}>{title}{"".join(parts)}</svg>')


def fallback_html(figure: dict, description: str = "") -> str:
    """The static picture as a notebook's HTML output (the live chart hides it)."""
    return f'<div class="rw-chart-fallback">{figure_svg(figure, description)}</div>'
