"""Chart specifications: valid plotly, gaps for missing scores, the group's spread."""

from __future__ import annotations

import plotly.graph_objects as go

from readiness.i18n.ui_text import ui
from readiness.render.charts import profile_chart, profile_figure
from readiness.scoring.evaluation import evaluate


def test_chart_spec_is_valid_plotly_and_leaves_gaps(framework):
    answers = {q.id: 4 for q in framework.questions_in("purpose")}
    figure = profile_figure(framework, evaluate(framework, answers), "en", "not enough answers")
    go.Figure(data=figure["data"], layout=figure["layout"])  # raises on an invalid spec
    (bars,) = figure["data"]
    assert bars["type"] == "bar" and bars["x"][0] == 100.0 and bars["x"][1] is None
    assert "not enough answers" in bars["y"][1] and "not enough" not in bars["y"][0]
    # One background area per band, lowest first, labelled in the page's language.
    shapes = figure["layout"]["shapes"]
    assert [s["x0"] for s in shapes] == [b.min_score for b in reversed(framework.bands)]
    labels = [a["text"].replace("<br>", " ") for a in figure["layout"]["annotations"]]
    assert labels == [b.label["en"] for b in reversed(framework.bands)]


def test_group_chart_draws_medians_with_their_spread_side_by_side(framework):
    from readiness.render.charts import spread_series
    from readiness.scoring.aggregate import Member, group_profile

    purpose = [q.id for q in framework.questions_in("purpose")]
    members = [Member("resident", {q: level for q in purpose}) for level in (1, 2, 4)]
    members.append(Member("staff", {q: 4 for q in purpose}))
    group = group_profile(framework, members)
    series = [spread_series("Group", group.dimensions),
              spread_series("Residents", group.by_role["resident"])]
    figure = profile_chart(framework, series, "en", "not enough answers")
    go.Figure(data=figure["data"], layout=figure["layout"])
    median = figure["data"][0]
    assert median["type"] == "scatter" and figure["layout"]["showlegend"]
    purpose_group = group.dimensions["purpose"]
    assert median["x"][0] == round(purpose_group.median, 1)
    assert median["error_x"]["array"][0] == round(purpose_group.q3 - purpose_group.median, 1)
    assert median["error_x"]["arrayminus"][0] == round(
        purpose_group.median - purpose_group.q1, 1)
    assert median["marker"]["symbol"] != figure["data"][1]["marker"]["symbol"]
    # Only purpose has answers, yet every dimension keeps its row, top to bottom.
    axis = figure["layout"]["yaxis"]
    rows = len(framework.dimensions)
    assert axis["categoryarray"] == median["y"] and len(median["y"]) == rows
    assert axis["range"] == [rows - 0.5, -0.5] and axis["autorange"] is False


def test_rounds_are_numbered_circles_in_shades_that_no_role_uses(framework):
    from readiness.render.charts import (
        ROLE_STYLES,
        SERIES_STYLES,
        group_chart_series,
        rounds_series,
    )
    from readiness.scoring.aggregate import Member, group_profile

    purpose = [q.id for q in framework.questions_in("purpose")]
    rounds = [(name, group_profile(framework, [
        Member(role, {q: level for q in purpose})
        for role in ("resident", "staff", "manager")])) for name, level in
        (("planning", 1), ("", 3), ("end", 4))]
    figure = profile_chart(framework, rounds_series(rounds), "en", "not enough answers")
    go.Figure(data=figure["data"], layout=figure["layout"])
    traces = figure["data"]
    assert [t["name"] for t in traces] == ["1 · \u2068planning\u2069", "2", "3 · \u2068end\u2069"]
    colours = [t["marker"]["color"] for t in traces]
    role_colours = {colour for colour, _symbol in (*SERIES_STYLES, *ROLE_STYLES.values())}
    assert len(set(colours)) == 3 and not set(colours) & role_colours
    # Light to dark: the later the round, the darker its shade.
    lightness = [sum(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert lightness == sorted(lightness, reverse=True)
    for number, trace in enumerate(traces, start=1):
        assert trace["mode"] == "markers+text" and set(trace["marker"]["symbol"]) == {"circle"}
        assert trace["text"][0] == str(number) and trace["text"][1] is None  # no score
    # Each number reads on its own shade: black on the light one, white on the dark one.
    assert traces[0]["textfont"]["color"] == "#000000"
    assert traces[2]["textfont"]["color"] == "#ffffff"
    # A role keeps its own colour and shape in the group's chart: none is a round's.
    group = rounds[0][1]
    group_figure = profile_chart(framework, group_chart_series(group, "en"), "en", "n")
    assert {t["marker"]["color"] for t in group_figure["data"]} <= role_colours
    assert all(t["mode"] == "markers" for t in group_figure["data"])


def test_band_labels_are_broken_into_short_lines_in_every_language(framework):
    from readiness.render.charts import BAND_LABEL_CHARACTERS

    answers = {q.id: 4 for q in framework.questions_in("purpose")}
    for language in ("en", "sv", "da"):
        figure = profile_figure(framework, evaluate(framework, answers), language, "n")
        annotations = figure["layout"]["annotations"]
        lines = [line for a in annotations for line in a["text"].split("<br>")]
        assert all(len(line) <= BAND_LABEL_CHARACTERS or " " not in line for line in lines)
        assert {a["font"]["size"] for a in annotations} == {10}
        most = max(a["text"].count("<br>") + 1 for a in annotations)
        assert figure["layout"]["margin"]["t"] >= 13 * most + 10  # room above the plot
    sv = profile_figure(framework, evaluate(framework, answers), "sv", "n")
    assert "Värt att<br>diskutera" in [a["text"] for a in sv["layout"]["annotations"]]


# -- each role's colour and shape ----------------------------------------------------------
# Simulated colour vision (Machado, Oliveira & Fernandes 2009, severity 1), applied to
# linear sRGB; colours then compared in CIELAB (distance 2.3 is just noticeable).
VISIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
MIN_DISTANCE = 14.0  # the chosen colours' smallest distance, in any of the four visions


def _linear(colour: str) -> list[float]:
    values = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]


def _lab(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = [min(1.0, max(0.0, sum(m * v for m, v in zip(row, _linear(colour), strict=True))))
           for row in VISIONS[vision]]
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _contrast(one: str, other: str) -> float:
    def luminance(colour):
        red, green, blue = _linear(colour)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_role_has_a_colour_and_shape_of_its_own_that_colour_blind_readers_tell_apart():
    import itertools
    import math

    from readiness.render.charts import BAND_COLOURS, ROLE_STYLES, SERIES_STYLES, round_colour
    from readiness.roles import ROLES

    assert set(ROLE_STYLES) == set(ROLES)
    median = SERIES_STYLES[0]  # the group's median, drawn first
    styles = [median, *ROLE_STYLES.values()]
    assert len({colour for colour, _ in styles}) == len(styles)
    assert len({symbol for _, symbol in styles}) == len(styles)
    closest = min(math.dist(_lab(one, vision), _lab(other, vision))
                  for (one, _), (other, _) in itertools.combinations(styles, 2)
                  for vision in VISIONS)
    assert closest >= MIN_DISTANCE
    # Every marker stands out from every band behind it (3:1, as WCAG asks of graphics).
    assert all(_contrast(colour, band) >= 3 for colour, _ in styles
               for band in BAND_COLOURS.values())
    # No round's shade is a role's colour.
    shades = {round_colour(i, n) for n in range(1, 8) for i in range(n)}
    assert not shades & {colour for colour, _ in ROLE_STYLES.values()}


def test_the_old_palette_would_fail_the_colour_blind_check():
    """The check means something: the rust and ochre the roles were drawn in until now
    look alike to a red-green colour-blind reader."""
    import math

    rust, ochre = "#b5482a", "#8a6d1f"
    assert math.dist(_lab(rust, "normal"), _lab(ochre, "normal")) > MIN_DISTANCE
    assert math.dist(_lab(rust, "deuteranopia"), _lab(ochre, "deuteranopia")) < 3


def test_a_role_is_drawn_alike_whichever_roles_answer_beside_it(framework):
    from readiness.render.charts import ROLE_STYLES, group_chart_series
    from readiness.roles import ROLES
    from readiness.scoring.aggregate import Member, group_profile

    purpose = [q.id for q in framework.questions_in("purpose")]

    def drawn(roles):
        group = group_profile(framework, [Member(role, {q: 3 for q in purpose})
                                          for role in roles])
        traces = profile_chart(framework, group_chart_series(group, "en"), "en", "n")["data"]
        return {t["name"]: (t["marker"]["color"], t["marker"]["symbol"][0]) for t in traces}

    every = drawn(ROLES)
    # The group's median, then every role in the order the pages offer them.
    assert list(every)[1:] == [ui(f"role_{role}", "en") for role in ROLES]
    for role in ROLES:
        assert every[ui(f"role_{role}", "en")] == ROLE_STYLES[role]
    politician = ui("role_politician", "en")
    assert drawn(["politician", "resident"])[politician] == every[politician]
    assert drawn(["politician", "staff", "other"])[politician] == every[politician]
