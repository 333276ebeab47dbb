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
                   not_enough_label: str, score_label: str = "Score") -> dict:
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
    angles = [round(index * 360 / len(scores), 3) for index in range(len(scores))]
    data: list[dict] = []
    # Each band is one filled ring (a closed outline, outer edge then inner edge): three
    # paths are much cheaper for plotly.js to redraw than a bar per band and dimension.
    circle = [round(step * 5.0, 1) for step in range(73)]
    for band_id, low, high in _band_ranges(framework):
        data.append({
            "type": "scatterpolar",
            "name": band_labels[band_id],
            "theta": circle + circle[::-1],
            "r": [high] * len(circle) + [low] * len(circle),
            "mode": "lines",
            "fill": "toself",
            "fillcolor": BAND_COLOURS.get(band_id, "#eeeeee"),
            "line": {"width": 0, "color": BAND_COLOURS.get(band_id, "#eeeeee")},
            "hoverinfo": "skip",
        })
    values = [None if s.score is None else round(s.score, 1) for s in scores]
    data.append({
        "type": "scatterpolar",
        "name": score_label,
        "theta": [*angles, angles[0]],
        "r": [*values, values[0]],
        "text": [*labels, labels[0]],
        "mode": "lines+markers",
        "connectgaps": False,
        "line": {"color": SCORE_COLOUR, "width": 3},
        "marker": {"size": 9, "color": SCORE_COLOUR},
        "showlegend": True,
        "hovertemplate": "%{text}: %{r}<extra></extra>",
    })
    layout = {
        "polar": {
            "radialaxis": {"range": [0, 100], "tickvals": [0, 50, 75, 100],
                           "angle": 90, "tickfont": {"size": 10}},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "thetaunit": "degrees",
                            "tickmode": "array", "tickvals": angles, "ticktext": labels,
                            "tickfont": {"size": 12}},
        },
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.14},
        "margin": {"l": 130, "r": 130, "t": 40, "b": 70},
        "height": 480,
        "autosize": True,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "sans-serif", "size": 13},
    }
    return {"data": data, "layout": layout,
            "config": {"displayModeBar": False, "responsive": True, "staticPlot": True}}
