"""The results column: profile chart, red flags, actions."""

from __future__ import annotations

from readiness_widgets.assessment.questions import QuestionView
from readiness_widgets.assessment.results import ActionsPanel, FlagsPanel, ProfilePanel
from tests.widgets.pages import find, go_to, question


def test_flag_appears_and_disappears_with_the_gate(app):
    flags = find(app, FlagsPanel)[0]
    view = question(app, "gate.direction-open")
    view.choice.value = "closed"
    assert 'data-flag="flag.direction-closed"' in flags.content.value
    view.choice.value = "open"
    assert "flag.direction-closed" not in flags.content.value


def test_chart_redraws_on_every_answer(app, framework):
    profile = find(app, ProfilePanel)[0]
    assert "Purpose and scope" in profile.table.value  # the table is there at once
    assert "not enough answers" in profile.chart.summary
    section = go_to(app, 1)  # purpose
    for view in find(section, QuestionView):
        view.choice.value = 1
    assert profile.chart.figure["data"][-1]["x"][0] == 0.0
    question(app, "purpose.task-clarity").choice.value = 4
    assert profile.chart.figure["data"][-1]["x"][0] == 25.0
    assert "Purpose and scope 25" in profile.chart.summary  # what a screen reader hears
    assert "Purpose and scope" in profile.table.value


def test_actions_for_the_weakest_dimension_come_with_their_source(app, framework):
    actions = find(app, ActionsPanel)[0]
    assert "data-action" not in actions.content.value
    section = go_to(app, 1)
    for view in find(section, QuestionView):
        view.choice.value = 2
    purpose_actions = [a for a in framework.actions if a.dimension == "purpose"]
    assert purpose_actions
    for action in purpose_actions:
        assert f'data-action="{action.id}"' in actions.content.value
    assert "Source:" in actions.content.value
