"""Readiness profiles as chart specifications in plotly.js's JSON format.

The spec is plain data, built without importing plotly: a workbook page sends these few
kilobytes to the browser, where plotly.js's small *basic* bundle (served from the Voilà
server, never a CDN) draws them. Reports embed the same spec and bundle.

Every chart is one horizontal row per dimension on a 0-100 scale over the coloured bands:
it reads on a phone, and the same layout carries one assessment (bars), a group (median
with its interquartile range), roles, rounds or a reference profile (markers side by side).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from readiness.i18n.languages import pick
from readiness.i18n.numbers import plotly_separators, rounded, score_text
from readiness.i18n.ui_text import ui

if TYPE_CHECKING:  # the individual page need not load the group statistics
    from readiness.framework.model import Framework
    from readiness.scoring.aggregate import GroupProfile, Spread
    from readiness.scoring.evaluation import Evaluation

PLOTLY_JS_VERSION = "4.1.1"
"""The plotly.js of the workbook's own bundle in ``readiness/render/vendor`` (scatter and bar
traces only, built by ``scripts/plotly_bundle``)."""

BAND_COLOURS = {"strength": "#cfe8cf", "discuss": "#fbeab8", "concern": "#f6cfc9"}
SCORE_COLOUR = "#1d4f7a"
# Colour and marker shape together, so series stay apart in greyscale and for colour-blind
# readers.
SERIES_STYLES = (("#1d4f7a", "circle"), ("#b5482a", "diamond"), ("#2f7d4f", "square"),
                 ("#6b4c9a", "triangle-up"), ("#8a6d1f", "x"), ("#444444", "star"))
# Each role its own colour and shape, the same in every chart, none of them the group
# median's: told apart by colour under protanopia, deuteranopia and tritanopia too (colour
# distance at least 14 in CIELAB after simulating each; tests/render/test_charts.py), and
# each at least 3:1 against every band.
ROLE_STYLES: Mapping[str, tuple[str, str]] = {
    "resident": ("#bb5566", "diamond"), "residents_association": ("#8c510a", "square"),
    "staff": ("#228833", "triangle-up"), "manager": ("#332288", "triangle-down"),
    "partner": ("#0072b2", "pentagon"), "politician": ("#000000", "star"),
    "other": ("#444444", "x")}
OTHER_ROLE_STYLE = ("#777777", "cross")
"""A role this workbook does not know (a newer workbook's file): grey."""
REFERENCE_STYLE = ("#8844dd", "hexagon")
"""A case's reference drawn on a session's group chart beside the roles: neither the
median's style nor any role's (the next of SERIES_STYLES could be either)."""
# Rounds are the group's median again, round after round: circles in shades of the group
# median's blue, from light (the first round) to dark (the latest), each with its round's
# number written on it. None of them is a role's colour and shape.
ROUND_LIGHTEST, ROUND_DARKEST = (0x9d, 0xc2, 0xe6), (0x0e, 0x2f, 0x4d)
ROUND_OUTLINE = "#0e2f4d"
BAND_LABEL_CHARACTERS = 10
ROW_HEIGHT = 56
"""A dimension's row on a page where the chart may be as tall as it needs."""
MIN_ROW_HEIGHT = 26
"""The least a row may shrink to where a height is set (a report's first page): two lines
of a 10-pixel label (plotly adds some 34 pixels over all rows besides)."""
LABEL_CHARACTERS = 18
"""An axis label's line at the full row height (a phone's narrow chart); shorter rows take
longer lines instead of more of them."""
MARKER_SIZE, MIN_MARKER_SIZE = 12, 7
LEGEND_WIDTH, LEGEND_ENTRY, LEGEND_CHARACTER = 640, 40, 8
"""Pixels: a legend's line (a report's chart, less its margins), an entry's marker and
gaps, and a character of its name (13 pixels, sans-serif, with some to spare)."""
GROUP_SHARE, DENSE_GROUP_SHARE = 0.8, 0.9
"""The share of a row that markers side by side take (plotly's scattergap of 0.2), and in
a row too short for them at full size."""
"""A band's label is broken into lines of about this many characters: on a phone a band of
25 points is some 60 pixels wide, and "Worth discussing" on one line ran into "Strength"."""


@dataclass(frozen=True)
class Series:
    """One profile on a chart: a score per dimension (None: not enough answers).

    ``low`` and ``high`` (optional) draw a spread around each score, e.g. the quartiles.
    """

    name: str
    scores: Mapping[str, float | None]
    low: Mapping[str, float | None] | None = None
    high: Mapping[str, float | None] | None = None
    provisional: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """Dimensions whose score is provisional: (questions answered, questions in all)."""
    colour: str = ""
    """A colour of its own, drawn as ``symbol``; else the next of SERIES_STYLES."""
    symbol: str = "circle"
    """The marker's shape where ``colour`` is given (a round: a circle; a role: its own)."""
    mark: str = ""
    """Text written on each of its markers (a round's number)."""


def evaluation_series(name: str, evaluation: Evaluation) -> Series:
    dimensions = evaluation.profile.dimensions
    return Series(name, {d.dimension_id: d.score for d in dimensions},
                  provisional={d.dimension_id: (d.answered, d.total)
                               for d in dimensions if d.provisional})


def median_series(name: str, spreads: Mapping[str, Spread]) -> Series:
    """Median per dimension, without the spread."""
    return Series(name, {key: s.median for key, s in spreads.items()})


def spread_series(name: str, spreads: Mapping[str, Spread]) -> Series:
    """Median per dimension, with the interquartile range as the spread."""
    return Series(name, median_series(name, spreads).scores,
                  {key: s.q1 for key, s in spreads.items()},
                  {key: s.q3 for key, s in spreads.items()})


def group_chart_series(group: GroupProfile, language: str) -> list[Series]:
    """A group's chart: its median with its spread, then each role's median beside it in
    the role's own colour and shape (roles only where the group has several: one role's
    median would repeat the group's).

    The facilitator's and participants' group panel and the report draw the same series."""
    series = [spread_series(ui("group_median", language), group.dimensions)]
    others = group.members - sum(group.role_members.values())  # in roles a shared view hid
    if len(group.by_role) > 1 or (group.by_role and others):
        series += [replace(median_series(ui(f"role_{role}", language), spreads),
                           colour=ROLE_STYLES.get(role, OTHER_ROLE_STYLE)[0],
                           symbol=ROLE_STYLES.get(role, OTHER_ROLE_STYLE)[1])
                   for role, spreads in group.by_role.items()]
    return series


def round_colour(index: int, rounds: int) -> str:
    """The shade of round ``index`` (from 0) of ``rounds``: light first, dark last."""
    share = index / (rounds - 1) if rounds > 1 else 1.0
    return "#" + "".join(f"{round(a + (b - a) * share):02x}"
                         for a, b in zip(ROUND_LIGHTEST, ROUND_DARKEST, strict=True))


def round_name(index: int, name: str) -> str:
    """A round as its legend and table name it: its number, then its name if it has one."""
    from readiness.render.html_parts import isolated  # typed names, kept in their order

    return f"{index} · {isolated(name)}" if name and name != str(index) else str(index)


def rounds_series(rounds: Sequence[tuple[str, GroupProfile]]) -> list[Series]:
    """The rounds of a project side by side: each round's median with its spread, a circle
    in its own shade of blue with the round's number on it, named by number and name. The
    facilitator's page and the report draw the same series."""
    return [replace(spread_series(round_name(index, name), group.dimensions),
                    colour=round_colour(index - 1, len(rounds)), mark=str(index))
            for index, (name, group) in enumerate(rounds, start=1)]


def _band_ranges(framework: Framework) -> list[tuple[str, float, float]]:
    """(band id, from, to) for every band, from the lowest up."""
    ranges = []
    upper = 100.0
    for band in framework.bands:
        ranges.append((band.id, band.min_score, upper))
        upper = band.min_score
    return list(reversed(ranges))


def _wrap(label: str, width: int = LABEL_CHARACTERS) -> str:
    """Break a long axis label into lines so it stays inside a narrow chart."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _rounded(value: float | None) -> float | None:
    """A score where the chart draws it: where the tables' :func:`score_text` says it is."""
    return None if value is None else rounded(value)


def _text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (#rrggbb)."""
    red, green, blue = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "#ffffff"


def _trace(series: Series, labels: list[str], dimension_ids: list[str], index: int,
           as_bars: bool, language: str, marker_size: int = MARKER_SIZE) -> dict:
    colour, symbol = SERIES_STYLES[index % len(SERIES_STYLES)]
    if series.colour:
        colour, symbol = series.colour, series.symbol
    scores = [_rounded(series.scores.get(key)) for key in dimension_ids]
    provisional = [key in series.provisional for key in dimension_ids]
    shown = [score_text(s, language) for s in scores]  # as the tables write them
    trace: dict = {"name": series.name, "y": labels, "x": scores, "orientation": "h",
                   "customdata": shown,
                   "hovertemplate": "%{y}: %{customdata}<extra>" + series.name + "</extra>"}
    if as_bars:
        # A provisional score is hatched and outlined, never a solid bar.
        trace.update(type="bar", width=0.5,
                     marker={"color": ["#ffffff" if p else colour for p in provisional],
                             "pattern": {"shape": ["/" if p else "" for p in provisional],
                                         "fgcolor": colour, "solidity": 0.35},
                             "line": {"color": colour, "width": 2}},
                     text=[None if s is None else text
                           for s, text in zip(scores, shown, strict=True)],
                     textposition="outside", cliponaxis=False)
    else:
        # A provisional score is an open marker of the series' shape.
        trace.update(type="scatter", mode="markers", cliponaxis=False,  # whole marks at 0, 100
                     marker={"color": colour, "size": marker_size,
                             "symbol": [f"{symbol}-open" if p else symbol
                                        for p in provisional],
                             "line": {"color": colour if any(provisional) else "#ffffff",
                                      "width": 2 if any(provisional) else 1}})
        if series.mark:  # the round's number on its circle, large enough to read
            trace.update(mode="markers+text", textposition="middle center",
                         text=[None if s is None else series.mark for s in scores],
                         textfont={"color": _text_colour(colour), "size": 11})
            # As large as the row lets it, never too small for its number.
            trace["marker"].update(size=max(14, min(19, marker_size + 7)),
                                   line={"color": ROUND_OUTLINE, "width": 1})
    if series.low is not None and series.high is not None:
        above, below = [], []
        for key, score in zip(dimension_ids, scores, strict=True):
            low, high = series.low.get(key), series.high.get(key)
            # The ends of the spread where the tables' rounded quartiles say they are.
            above.append(None if score is None or high is None else rounded(high) - score)
            below.append(None if score is None or low is None else score - rounded(low))
        trace["error_x"] = {"type": "data", "symmetric": False, "array": above,
                            "arrayminus": below, "color": colour, "thickness": 2,
                            "width": 6}
    return trace


def _row_layout(framework: Framework, series: Sequence[Series], fixed: int,
                max_height: int | None) -> tuple[int, int, float]:
    """(a dimension's row height, the markers' size, the share of a row the markers side
    by side take): rows tall enough for every series' marker in its own place, and no
    taller than ``max_height`` lets the whole chart be (not below MIN_ROW_HEIGHT). In a
    short row the markers shrink, down to MIN_MARKER_SIZE, and spread over more of it."""
    rows = len(framework.dimensions)
    markers = len(series) if len(series) > 1 else 0
    row = max(ROW_HEIGHT, -(-markers * MARKER_SIZE // GROUP_SHARE) if markers else 0)
    if max_height is not None:
        row = min(row, max(MIN_ROW_HEIGHT, (max_height - fixed) // rows))
    size, share = MARKER_SIZE, GROUP_SHARE
    if markers:
        if row * share / markers < MARKER_SIZE:
            share = DENSE_GROUP_SHARE
        size = int(max(MIN_MARKER_SIZE, min(MARKER_SIZE, row * share // markers)))
    return int(row), size, share


def _label_size(row: int) -> int:
    """The axis labels' font size in pixels: smaller in shorter rows."""
    return 12 if row >= 40 else 11 if row >= 32 else 10


def _label_width(texts: Sequence[str], extra_lines: Sequence[int], row: int) -> int:
    """Characters per line of the axis labels: as at full height, or longer where a short
    row holds fewer lines (plotly's lines are 1.3 times the font size), up to twice as
    long."""
    room = max(2, int(row // (1.3 * _label_size(row))))
    width = LABEL_CHARACTERS
    while width < 2 * LABEL_CHARACTERS and any(
            _wrap(text, width).count("<br>") + 1 + extra > room
            for text, extra in zip(texts, extra_lines, strict=True)):
        width += 2
    return width


def profile_chart(framework: Framework, series: Sequence[Series], language: str,
                  not_enough_label: str, max_height: int | None = None) -> dict:
    """A chart of one or more profiles over the framework's bands.

    One series is drawn as bars with their values; several as markers side by side. A
    dimension no series has enough answers for says so in its label instead of showing 0;
    a provisional score says so in its label, with the questions it rests on.

    Each dimension has a row of ROW_HEIGHT, taller where many series stand side by side.
    ``max_height`` (pixels; a report's first page) shrinks the rows so that 4 to 12
    dimensions fit, with longer label lines in place of more of them.
    """
    dimension_ids = [d.id for d in framework.dimensions]
    as_bars = len(series) == 1
    bands = [(band_id, low, high, next(b for b in framework.bands if b.id == band_id))
             for band_id, low, high in _band_ranges(framework)]
    band_lines = max((_wrap(pick(b.label, language), BAND_LABEL_CHARACTERS).count("<br>") + 1
                      for *_range, b in bands), default=1)
    # The legend's entries in a row, on a second line (or more) where they do not fit.
    legend_lines = 0 if as_bars else -(-sum(LEGEND_ENTRY + LEGEND_CHARACTER * len(s.name)
                                            for s in series) // LEGEND_WIDTH)
    fixed = 78 + 13 * band_lines + 30 * min(legend_lines, 1) + 22 * max(legend_lines - 1, 0)
    row, marker_size, share = _row_layout(framework, series, fixed, max_height)
    notes = []
    for dimension in framework.dimensions:
        if all(s.scores.get(dimension.id) is None for s in series):
            notes.append(f"<br><i>({not_enough_label})</i>")
        elif len(series) == 1 and dimension.id in series[0].provisional:
            answered, total = series[0].provisional[dimension.id]
            note = ui("provisional_note", language, answered=answered, total=total)
            notes.append(f"<br><i>({note})</i>")
        else:
            notes.append("")
    texts = [pick(d.label, language) for d in framework.dimensions]
    width = _label_width(texts, [1 if note else 0 for note in notes], row)
    labels = [_wrap(text, width) + note for text, note in zip(texts, notes, strict=True)]
    data = [_trace(s, labels, dimension_ids, index, as_bars, language, marker_size)
            for index, s in enumerate(series)]
    shapes, annotations = [], []
    for band_id, low, high, band in bands:
        colour = BAND_COLOURS.get(band_id, "#eeeeee")
        shapes.append({"type": "rect", "layer": "below", "xref": "x", "yref": "paper",
                       "x0": low, "x1": high, "y0": 0, "y1": 1,
                       "fillcolor": colour, "line": {"width": 0}})
        # Wrapped, so that neighbouring labels stay apart on a phone.
        annotations.append({"xref": "x", "yref": "paper", "x": (low + high) / 2, "y": 1,
                            "yanchor": "bottom", "showarrow": False,
                            "text": _wrap(pick(band.label, language), BAND_LABEL_CHARACTERS),
                            "font": {"size": 10}})
    plot_height = row * len(dimension_ids) + 34 + 2 * min(legend_lines, 1)
    layout = {
        "xaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "fixedrange": True,
                  "gridcolor": "rgba(0,0,0,0.12)", "zeroline": False},
        # Every dimension keeps its row, even one no series has a score for yet: a fixed
        # range (top to bottom) rather than one fitted to the drawn points.
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": labels,
                  "range": [len(labels) - 0.5, -0.5], "autorange": False,
                  "automargin": True, "fixedrange": True,
                  "tickfont": {"size": _label_size(row)}},
        "shapes": shapes,
        "annotations": annotations,
        "showlegend": not as_bars,
        # The legend as far below the axis as with seven rows, whatever their height.
        "legend": {"orientation": "h", "x": 0, "y": -round(34 / plot_height, 3),
                   "yanchor": "top"},
        "scattermode": "group",
        **({"scattergap": round(1 - share, 2)} if share != GROUP_SHARE else {}),
        "margin": {"l": 8, "r": 24, "t": 16 + 13 * band_lines,
                   "b": 28 + 28 * min(legend_lines, 1) + 22 * max(legend_lines - 1, 0)},
        "height": fixed + row * len(dimension_ids),
        "autosize": True,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "sans-serif", "size": 13},
        "separators": plotly_separators(language),  # 44,4 in Swedish and Danish
        "meta": {"row_height": row},  # for the static picture (static_chart.py)
    }
    return {"data": data, "layout": layout,
            "config": {"displayModeBar": False, "responsive": True, "staticPlot": True}}


def profile_figure(framework: Framework, evaluation: Evaluation, language: str,
                   not_enough_label: str, score_label: str = "Score") -> dict:
    """The chart of one assessment."""
    return profile_chart(framework, [evaluation_series(score_label, evaluation)], language,
                         not_enough_label)


def chart_summary(framework: Framework, series: Sequence[Series], language: str,
                  not_enough_label: str) -> str:
    """The chart in words, for screen readers (the chart itself is an image to them)."""
    parts = []
    for s in series:
        values = []
        for dimension in framework.dimensions:
            score = s.scores.get(dimension.id)
            shown = not_enough_label if score is None else score_text(score, language)
            if dimension.id in s.provisional:
                answered, total = s.provisional[dimension.id]
                note = ui("provisional_note", language, answered=answered, total=total)
                shown += f" ({note})"
            values.append(f"{pick(dimension.label, language)} {shown}")
        parts.append(f"{s.name}: " + ", ".join(values))
    return ". ".join(parts)
