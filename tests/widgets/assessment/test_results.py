"""The results column: profile chart, red flags, the plan, the actions, open questions."""

from __future__ import annotations

from readiness.framework.conditions import DONT_KNOW
from readiness.render.advice import action_numbers
from readiness.store.plans import assessment_plan
from readiness_widgets.assessment.questions import QuestionView
from readiness_widgets.assessment.results import (
    ActionsPanel,
    FlagsPanel,
    OpenQuestionsPanel,
    PlanRow,
    ProfilePanel,
)
from tests.faults import frozen_store
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


def test_one_answer_gives_a_provisional_score_said_in_words(app):
    profile = find(app, ProfilePanel)[0]
    go_to(app, 1)
    question(app, "purpose.task-clarity").choice.value = 1
    assert "Purpose and scope 0 (provisional: 1 of 4 questions)" in profile.chart.summary
    assert "Concern (provisional)" in profile.table.value and "1 of 4" in profile.table.value
    # Every column is explained in words (no bare "✓").
    assert "Answered: how many of the dimension's questions" in profile.table.value
    assert "✓" not in profile.table.value
    bar = profile.chart.figure["data"][0]
    assert bar["marker"]["pattern"]["shape"][0] == "/"  # hatched, never a solid bar
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    assert bar is not profile.chart.figure["data"][0]
    assert profile.chart.figure["data"][0]["marker"]["pattern"]["shape"][0] == ""


def test_actions_come_once_with_why_and_a_folded_source(app, framework):
    actions = find(app, ActionsPanel)[0]
    assert actions.suggestions() == {}
    flags = find(app, FlagsPanel)[0]
    go_to(app, 1)
    for item in ("purpose.ambition-fit", "purpose.model-aim"):
        question(app, item).choice.value = 1
    suggested = actions.suggestions()
    assert "action.size-goals" in suggested and "action.drop-best-practice" in suggested
    why = suggested["action.size-goals"].text.value
    assert "Why: your answer to “" in why
    assert "the red flag “Goals larger than the project can carry”" in why
    assert '<details class="rw-source-toggle"><summary>Source</summary>' in why
    # Flags point to the numbered actions instead of repeating their text.
    size_goals = framework.action("action.size-goals").text["en"]
    assert size_goals not in flags.content.value and "Suggested actions: " in flags.content.value


def test_taking_an_action_on_stores_it_and_moves_it_into_the_plan(app, store):
    actions = find(app, ActionsPanel)[0]
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    actions.suggestions()["action.size-goals"].take_on.click()
    record = app.state.record.id
    assert [item.action_id for item in assessment_plan(store, record)] == ["action.size-goals"]
    assert "action.size-goals" not in actions.suggestions()  # listed once: in the plan
    row = actions.rows["action.size-goals"]
    row.owner.value = "Samira (boendeföreningen)"
    row.due.value = "före sommaren"
    row.status.value = "in_progress"
    item = assessment_plan(store, record)[0]
    assert (item.owner, item.due, item.status) == ("Samira (boendeföreningen)",
                                                    "före sommaren", "in_progress")
    assert "saved" in app.status.value
    row.let_go.click()
    assert assessment_plan(store, record) == []
    assert "action.size-goals" in actions.suggestions()


def test_a_plan_field_the_store_refuses_springs_back(app, store):
    actions = find(app, ActionsPanel)[0]
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    actions.suggestions()["action.size-goals"].take_on.click()
    row = actions.rows["action.size-goals"]
    row.owner.value = "Eva"
    row.owner.value = "x" * 10_000
    assert row.owner.value == "Eva"  # what is stored
    assert assessment_plan(store, app.state.record.id)[0].owner == "Eva"
    assert "rw-error" in app.status.value


def test_owner_typed_is_saved_once_typing_pauses(app, store, kernel_loop):
    actions = find(app, ActionsPanel)[0]
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    actions.suggestions()["action.size-goals"].take_on.click()
    row = actions.rows["action.size-goals"]
    for text in ("S", "Sa", "Samira"):
        row.owner.value = text
    assert assessment_plan(store, app.state.record.id)[0].owner == ""
    kernel_loop.pass_time()
    assert assessment_plan(store, app.state.record.id)[0].owner == "Samira"


def test_a_plan_change_waits_while_the_store_is_away_and_never_shows_saved(app, tmp_path):
    actions = find(app, ActionsPanel)[0]
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    with frozen_store(tmp_path / "store.sqlite3"):
        actions.suggestions()["action.size-goals"].take_on.click()
        assert "action.size-goals" in app.state.unsaved_plan
        assert "All answers saved" not in app.status.value and "rw-error" in app.status.value
        app.tick()  # still frozen: still waiting
        assert "action.size-goals" in app.state.unsaved_plan
    app.tick()
    assert app.state.unsaved_plan == {}
    assert [i.action_id for i in assessment_plan(app.state.store, app.state.record.id)] == [
        "action.size-goals"]
    assert isinstance(actions.rows["action.size-goals"], PlanRow)


def test_dont_know_answers_become_open_questions_with_why_they_matter(app, framework):
    panel = find(app, OpenQuestionsPanel)[0]
    assert "No question is answered" in panel.content.value
    go_to(app, 1)
    question(app, "purpose.task-clarity").choice.value = DONT_KNOW
    text = framework.question("purpose.task-clarity")
    assert text.text["en"] in panel.content.value and text.why["en"] in panel.content.value
    assert "<h3>Purpose and scope</h3>" in panel.content.value


def test_text_being_typed_is_not_wiped_when_another_action_is_taken_on(app, store,
                                                                        kernel_loop):
    """Taking on a second action rebuilds the plan; the first row's owner, still waiting
    for the typing pause, stays on screen and is then stored with the status."""
    actions = find(app, ActionsPanel)[0]
    go_to(app, 1)
    question(app, "purpose.ambition-fit").choice.value = 1
    question(app, "purpose.model-aim").choice.value = 1
    first, second = list(actions.suggestions())[:2]
    actions.suggestions()[first].take_on.click()
    actions.rows[first].owner.value = "Samira"
    actions.suggestions()[second].take_on.click()
    assert actions.rows[first].owner.value == "Samira"
    actions.rows[first].status.value = "done"  # saved at once, with the owner typed
    item = next(i for i in assessment_plan(store, app.state.record.id) if i.action_id == first)
    assert (item.owner, item.status) == ("Samira", "done")
    assert list(actions.rows) == sorted(actions.rows, key=[a.id for a in
                                                           app.state.framework.actions].index)



def test_an_answer_that_adds_an_action_keeps_the_suggestions_already_shown(app, framework):
    """Each suggestion is a handful of widgets in the browser: an answer that adds one
    action sends that one, and the others stay (renumbered in place where needed)."""
    actions = find(app, ActionsPanel)[0]
    first_dimension = 1 if framework.gates else 0
    sections = list(enumerate(framework.dimensions, start=first_dimension))
    answers = [(index, item) for index, dimension in reversed(sections)
               for item in framework.questions_in(dimension.id)]
    shown, before, now = {}, {}, {}
    # The lowest level, from the last section back, until an answer adds an action that
    # comes before some already shown (so they move down the list).
    for index, item in answers:
        go_to(app, index)
        question(app, item.id).choice.value = item.options[0].value
        now, numbers = actions.suggestions(), action_numbers(app.state.evaluation)
        if set(now) > set(shown) and any(numbers[a] != n for a, n in before.items()):
            break
        shown, before = now, numbers
        boxes = {box: box.children for box in actions.suggested.children}
    assert shown and set(now) > set(shown), "no answer moved the actions already shown"
    for action_id, suggestion in shown.items():
        assert now[action_id] is suggestion, action_id  # the same widgets, not rebuilt
        assert suggestion.text.comm is not None  # still open in the browser
    for action_id, suggestion in now.items():  # each shows its number in the new list
        assert f'rw-action-number">{numbers[action_id]}.<' in suggestion.text.value
    # A box per dimension: the browser redraws a box's children from the first that
    # changed on, so the boxes of the other dimensions keep theirs.
    added = (set(now) - set(shown)).pop()
    for box, children in boxes.items():
        if now[added] not in box.children:
            assert box.children == children
