"""The readiness profile as a chart specification in plotly.js's JSON format.

The spec is plain data, built without importing plotly: a workbook page sends these few
kilobytes to the browser, where plotly.js (served from the Voilà server, never a CDN) draws
them. Reports can embed the same spec.
"""

from __future__ import annotations

from .evaluation import Evaluation
from .framework import Framework
from .i18n import pick

BAND_COLOURS = {"strength": "#cfe8cf", "discuss": "#fbeab8", "concern": "#f6cfc9"}
SCORE_COLOUR = "#1d4f7a"
PLOT_ID = "readiness-profile"


def _band_ranges(framework: Framework) -> list[tuple[str, float, float]]:
    """(band id, from, to) for every band, from the lowest up."""
    ranges = []
    upper = 100.0
    for band in framework.bands:
        ranges.append((band.id, band.min_score, upper))
        upper = band.min_score
    return list(reversed(ranges))


def _wrap(label: str, width: int = 18) -> str:
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


def profile_figure(framework: Framework, evaluation: Evaluation, language: str,
                   not_enough_label: str) -> dict:
    """A radar chart: bands as coloured rings, the scores as a line.

    Dimensions without enough answers break the line and say so in their axis label,
    rather than being drawn as zero.
    """
    scores = evaluation.profile.dimensions
    labels = []
    for score in scores:
        label = _wrap(pick(framework.dimension(score.dimension_id).label, language))
        if score.score is None:
            label += f"<br><i>({not_enough_label})</i>"
        labels.append(label)
    band_labels = {band.id: pick(band.label, language) for band in framework.bands}
    width = 360 / len(scores)
    data: list[dict] = []
    for band_id, low, high in _band_ranges(framework):
        data.append({
            "type": "barpolar",
            "name": band_labels[band_id],
            "theta": labels,
            "r": [high - low] * len(scores),
            "base": low,
            "width": [width] * len(scores),
            "marker": {"color": BAND_COLOURS.get(band_id, "#eeeeee"), "line": {"width": 0}},
            "hoverinfo": "skip",
        })
    values = [None if s.score is None else round(s.score, 1) for s in scores]
    data.append({
        "type": "scatterpolar",
        "name": "",
        "theta": [*labels, labels[0]],
        "r": [*values, values[0]],
        "mode": "lines+markers",
        "connectgaps": False,
        "line": {"color": SCORE_COLOUR, "width": 3},
        "marker": {"size": 9, "color": SCORE_COLOUR},
        "showlegend": False,
        "hovertemplate": "%{theta}: %{r}<extra></extra>",
    })
    layout = {
        "polar": {
            "radialaxis": {"range": [0, 100], "tickvals": [0, 50, 75, 100],
                           "angle": 90, "tickfont": {"size": 10}},
            "angularaxis": {"direction": "clockwise", "rotation": 90,
                            "tickfont": {"size": 12}},
            "bargap": 0,
        },
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.08},
        "margin": {"l": 110, "r": 110, "t": 40, "b": 30},
        "height": 440,
        "autosize": True,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "sans-serif", "size": 13},
    }
    return {"data": data, "layout": layout,
            "config": {"displayModeBar": False, "responsive": True}}
