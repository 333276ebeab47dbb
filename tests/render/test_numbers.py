"""Do numbers follow the page's language, and do the chart and the tables round alike?
(issue 16.E: the chart said 44.4 where the table said 44, both with a decimal point on a
Swedish page)."""

from __future__ import annotations

import random
import re

import pytest

from readiness.i18n.numbers import number_text, rounded, score_text
from readiness.render.charts import (
    chart_summary,
    evaluation_series,
    group_chart_series,
    profile_chart,
    profile_figure,
)
from readiness.render.html_group import group_score_table, series_table
from readiness.render.html_parts import score_table
from readiness.scoring.aggregate import Member, group_profile
from readiness.scoring.evaluation import evaluate


def test_one_rule_for_every_shown_score():
    assert [score_text(v, "en") for v in (44.4444, 50.0, 62.5, 0.0, 100.0)] == [
        "44.4", "50", "62.5", "0", "100"]
    assert [score_text(v, "sv") for v in (44.4444, 62.5)] == ["44,4", "62,5"]
    assert score_text(66.66666, "da") == "66,7" and score_text(None, "sv") == "–"
    # A half goes up, as people round, not to the even neighbour as round() does.
    assert score_text(62.25, "en") == "62.3" and round(62.25, 1) == 62.2
    assert rounded(33.35) == 33.4
    assert number_text(1.5, "da") == "1,5" and number_text(1.5, "xx") == "1.5"


def _decimal_answers(framework):
    """Answers whose purpose score has a decimal (the first question one level below the
    top, the rest at the top)."""
    questions = framework.questions_in("purpose")
    answers = {q.id: max(o.value for o in q.options) for q in questions}
    first = questions[0]
    answers[first.id] = sorted(o.value for o in first.options)[-2]
    return answers


@pytest.mark.parametrize(("language", "mark"), [("sv", ","), ("da", ","), ("en", ".")])
def test_a_score_with_decimals_uses_the_languages_decimal_mark(framework, language, mark):
    evaluation = evaluate(framework, _decimal_answers(framework))
    score = evaluation.profile.dimensions[0].score
    assert score is not None and score != int(score)  # the case this test is about
    shown = score_text(score, language)
    assert re.fullmatch(rf"\d+\{mark}\d", shown), shown
    table = score_table(framework, evaluation, language)
    assert f"<td>{shown}</td>" in table
    figure = profile_figure(framework, evaluation, language, "–")
    (bars,) = figure["data"]
    assert bars["text"][0] == shown and bars["customdata"][0] == shown
    assert figure["layout"]["separators"][0] == mark  # plotly's own numbers too
    summary = chart_summary(framework, [evaluation_series("x", evaluation)], language, "–")
    assert f" {shown}" in summary
    other = "." if mark == "," else ","
    assert f"{int(score)}{other}" not in table + summary + str(bars["text"])


def test_the_chart_and_the_tables_show_the_same_rounded_number(framework):
    """For many random assessments and groups: the number on each bar is the number in the
    table, and the bar ends where that number says (not at 44.4 beside a table's 44)."""
    rng = random.Random(16)
    cells = re.compile(r'data-dimension="([^"]+)".*?<td[^>]*>([^<]*)', re.S)
    for _ in range(40):
        answers = {q.id: rng.choice([o.value for o in q.options]) for q in framework.questions}
        evaluation = evaluate(framework, answers)
        table = score_table(framework, evaluation, "sv")
        (bars,) = profile_figure(framework, evaluation, "sv", "–")["data"]
        shown = re.findall(r'<th scope="row">[^<]*</th><td>([^<]*)</td>', table)
        assert [t if t is not None else "–" for t in bars["text"]] == shown
        for x, text in zip(bars["x"], shown, strict=True):
            assert text == "–" or x == float(text.replace(",", "."))

        members = [Member(rng.choice(["resident", "staff"]),
                          {q.id: rng.choice([o.value for o in q.options])
                           for q in framework.questions}) for _ in range(5)]
        group = group_profile(framework, members)
        series = group_chart_series(group, "da")
        figure = profile_chart(framework, series, "da", "–")
        medians = dict(cells.findall(group_score_table(framework, group, "da")))
        by_series = series_table(framework, series, "da", "caption")
        for index, dimension in enumerate(framework.dimensions):
            drawn = figure["data"][0]["customdata"][index]
            assert medians[dimension.id].strip() == drawn
            assert f"<td>{drawn}" in by_series
            spread = group.dimensions[dimension.id]
            if spread.median is not None and spread.q3 is not None:
                # The spread's ends are where the table's rounded quartiles are.
                end = figure["data"][0]["x"][index] + figure["data"][0]["error_x"]["array"][index]
                assert end == pytest.approx(float(score_text(spread.q3, "en")))
