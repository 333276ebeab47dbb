"""Comparing a trainee with a case's reference: question by question, as profiles, when the
reference may be seen, the reference on a group's chart, and the guide's outcome."""

from __future__ import annotations

import re
from html import unescape

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.i18n.languages import pick
from readiness.store.sessions import create_session
from readiness.training.cases import find_case
from readiness.training.exercises import (
    answers_to_finish,
    case_overlay,
    compare,
    may_reveal,
)
from readiness.training.guide import guide_html
from readiness.training.reveal import by_question_html, comparison_chart


@pytest.fixture(scope="module")
def askimsviken():
    from readiness.framework.model import default_framework

    return find_case(default_framework(), "askimsviken")


def _items(html: str) -> dict[str, str]:
    """Each question's list item by its id."""
    return dict(re.findall(r'<li class="rw-cmp [^"]*" data-question="([^"]+)">(.*?)</li>',
                           html, re.S))


def test_every_item_is_compared_with_the_reference_answer(framework, askimsviken):
    answers = {"purpose.task-clarity": 4, "purpose.ambition-fit": 1,
               "gate.direction-open": "open", "resources.meeting-place": 3}
    comparison = compare(framework, answers, askimsviken)
    rows = {row.item.id: row for row in comparison.questions}
    assert list(rows) == [i.id for i in (*framework.gates, *framework.questions)]
    assert rows["purpose.task-clarity"].levels_apart == 3  # reference: 1
    assert rows["purpose.ambition-fit"].same
    assert not rows["gate.direction-open"].same and rows["gate.direction-open"].levels_apart is None
    assert rows["resources.meeting-place"].source_silent  # the source says nothing of premises
    assert rows["purpose.shared-problem"].yours is None


def test_the_comparison_gives_the_reference_s_answer_reason_and_source(framework, askimsviken):
    answers = {"purpose.task-clarity": 4, "resources.meeting-place": 3}
    html = by_question_html(framework, compare(framework, answers, askimsviken), "en")
    items = _items(html)
    assert len(items) == len(framework.gates) + len(framework.questions)
    question = framework.item("purpose.task-clarity")
    task = unescape(items["purpose.task-clarity"])
    assert pick(question.options[3].label, "en") in task  # the trainee's 4
    assert f"1 · {pick(question.options[0].label, 'en')}" in task  # the reference's 1
    assert askimsviken.reference["purpose.task-clarity"].note in task
    assert "differs by 3 on the scale" in task
    assert 'class="rw-source"' in items["purpose.task-clarity"]
    # Where the source is silent the reference gives no option, and says so.
    silent = unescape(items["resources.meeting-place"])
    assert "The source does not say" in silent
    assert not any(pick(option.label, "en") in silent.split("The reference's answer")[1]
                   for option in framework.item("resources.meeting-place").options)
    assert askimsviken.reference["resources.meeting-place"].note in silent
    # Each dimension's line: both scores and how many answers are the same.
    assert re.search(r'data-group="purpose"><summary><strong>Purpose[^<]*</strong> · you 100 '
                     r"· reference 8\.3 · the same answer in 0 of 4", html), html[:1500]


def test_reasons_in_english_say_so_on_a_swedish_page(framework, askimsviken):
    html = by_question_html(framework, compare(framework, {}, askimsviken), "sv")
    assert "Referensens motiveringar är skrivna på engelska." in html
    note = askimsviken.reference["purpose.task-clarity"].note
    assert f'<span lang="en">{note}' in unescape(html)
    assert "Referensens motiveringar" not in by_question_html(
        framework, compare(framework, {}, askimsviken), "en")


def test_a_dimension_the_source_says_nothing_of_is_named_on_the_chart(framework):
    case = find_case(framework, "somali-women-1")  # resources: every answer "don't know"
    comparison = compare(framework, {"resources.funding-or-mandate": 3}, case)
    assert comparison.silent_dimensions == ("resources",)
    figure, summary = comparison_chart(framework, comparison, "en")
    labels = figure["layout"]["yaxis"]["categoryarray"]
    resources = [label for label in labels if label.startswith("Mandate")]
    assert resources and "(reference: the source does not say)" in resources[0]
    assert sum("the source does not say" in label for label in labels) == 1
    assert all(trace["y"] == labels for trace in figure["data"])
    assert "Mandate, resources and roles reference: the source does not say" in summary


def test_the_reveal_rule(framework):
    assert answers_to_finish(framework) == 20  # half of 40 items, rounded up
    assert not may_reveal("trainer", released=False, finished=True)
    assert may_reveal("trainer", released=True, finished=False)
    assert may_reveal("finished", released=False, finished=True)
    assert not may_reveal("finished", released=False, finished=False)
    assert not may_reveal("group", released=False, finished=True)
    assert may_reveal("group", released=True, finished=False)


def test_a_session_on_a_case_overlays_the_reference(store, framework, askimsviken):
    on_case, _key = create_session(store, framework, project="Course")
    store.link_case(on_case.id, "askimsviken")
    plain, _key = create_session(store, framework, project="Norrby")
    [series] = case_overlay(store, framework, on_case.id, "sv")
    assert series.name == "Referens (från källan)"
    assert round(series.scores["purpose"]) == 8
    assert case_overlay(store, framework, plain.id, "sv") == []


def test_the_case_s_reference_is_drawn_unlike_the_median_and_every_role(store, framework):
    """A course of seven roles answering a case: the reference overlaid on the group's
    chart has a colour and a shape that neither the median nor any role has."""
    from readiness.render.charts import group_chart_series, profile_chart
    from readiness.roles import ROLES
    from readiness.scoring.aggregate import Member, group_profile

    session, _key = create_session(store, framework, project="Course")
    store.link_case(session.id, "askimsviken")
    purpose = [q.id for q in framework.questions_in("purpose")]
    group = group_profile(framework, [Member(role, {q: 2 for q in purpose}) for role in ROLES])
    series = [*group_chart_series(group, "en"), *case_overlay(store, framework, session.id,
                                                               "en")]
    traces = profile_chart(framework, series, "en", "n")["data"]
    assert len(traces) == 1 + len(ROLES) + 1
    styles = [(t["marker"]["color"], t["marker"]["symbol"][0].removesuffix("-open"))
              for t in traces]
    reference = styles[-1]
    assert all(reference[0] != colour and reference[1] != symbol
               for colour, symbol in styles[:-1])


def test_the_guide_tells_the_trainer_what_happened(framework, askimsviken):
    for language in ("en", "sv", "da"):
        html = guide_html(framework, askimsviken, language)
        assert pick(askimsviken.what_happened, language) in unescape(html)
        assert 'class="rw-source"' in html  # with its source
    html = guide_html(framework, askimsviken, "en")
    assert "<h2>What really happened (for you: tell it when you reveal the reference)</h2>" in html
    # after the plan, before the discussion questions
    assert (html.index("Suggested 90-minute plan") < html.index("What really happened")
            < html.index("Questions for the discussion"))


def test_no_reference_answer_is_made_up(framework, askimsviken):
    """The comparison shows the case file's answers as they are: a "don't know" stays one."""
    comparison = compare(framework, {}, askimsviken)
    for row in comparison.questions:
        assert row.reference is askimsviken.reference[row.item.id]
        assert row.source_silent == (askimsviken.reference[row.item.id].value == DONT_KNOW)
