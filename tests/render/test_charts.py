"""Chart specifications: valid plotly, gaps for missing scores, the group's spread."""

from __future__ import annotations

import plotly.graph_objects as go

from readiness.render.charts import profile_figure
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
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == [b.label["en"] for b in reversed(framework.bands)]


def test_group_chart_draws_medians_with_their_spread_side_by_side(framework):
    from readiness.render.charts import profile_chart, spread_series
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
