"""Chart specifications: valid plotly, gaps for missing scores, the group's spread."""

from __future__ import annotations

import plotly.graph_objects as go

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
    assert axis["categoryarray"] == median["y"] and len(median["y"]) == 7
    assert axis["range"] == [6.5, -0.5] and axis["autorange"] is False


def test_rounds_are_numbered_circles_in_shades_that_no_role_uses(framework):
    from readiness.render.charts import SERIES_STYLES, group_chart_series, rounds_series
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
    role_colours = {colour for colour, _symbol in SERIES_STYLES}
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
