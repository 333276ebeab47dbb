"""The group action plan on the facilitator's page: the actions the members' answers call
for, taking them on with who, by when and status, the plan of the round before, and a plan
the store refused or could not take never shown as stored."""

from __future__ import annotations

import json

import pytest

from readiness.store.plans import (
    plan_of_session,
    save_session_plan_item,
    session_plan,
)
from readiness.store.sessions import create_session, join_session
from readiness_widgets.sessions.facilitator import FacilitatorView
from readiness_widgets.sessions.model import SessionModel, key_memory_name
from readiness_widgets.sessions.plan import PreviousPlanRow
from tests.faults import frozen_store
from tests.widgets.pages import find, texts
from tests.widgets.sessions.test_pages import served, tick

NARROW = "action.size-goals"  # called for by low answers on the project's aims


@pytest.fixture
def session_and_key(store, framework):
    return create_session(store, framework, project="Norrby", round_name="planning")


def answer(store, framework, session, levels) -> None:
    """A member per level, each answering every purpose question at that level."""
    for level in levels:
        record = join_session(store, framework, session.join_code, role="staff")
        for question in framework.questions_in("purpose"):
            store.save_answer(framework, record.id, question.id, level)


def facilitate(store, framework, session, key) -> FacilitatorView:
    app = served(store, framework, f"facilitate={session.join_code}&lang=en",
                 {key_memory_name(session.join_code): key})
    view = find(app, FacilitatorView)[0]
    view.app = app
    return view


def stored(store, session_id: str) -> dict:
    return {item.action_id: (item.owner, item.due, item.status)
            for item in plan_of_session(store, session_id)}


@pytest.fixture
def view(store, framework, session_and_key):
    session, key = session_and_key
    answer(store, framework, session, (1, 1, 4))
    return facilitate(store, framework, session, key)


def test_the_actions_called_for_show_how_many_members_call_for_each(view, framework):
    called = view.plan.suggestions()
    assert NARROW in called
    text = called[NARROW].text.value
    assert "(called for by 2 of 3 members)" in text  # the member who answered 4 does not
    assert "Why: members&#x27; answers to “" in text
    assert '<details class="rw-source-toggle"><summary>Source</summary>' in text
    # Grouped by dimension, each action once, in framework order.
    order = [a.id for a in framework.actions]
    assert list(called) == sorted(called, key=order.index)
    assert len(called) == len({r.action.id for r in view.model.recommendations})
    purpose = framework.dimension("purpose").label["en"]
    assert f"<h4>{purpose}</h4>" in view.plan.suggested.children[0].value


def test_the_group_takes_on_two_actions_with_who_by_when_and_status(view, store):
    session_id = view.model.session.id
    first, second = list(view.plan.suggestions())[:2]
    view.plan.suggestions()[first].take_on.click()
    view.plan.suggestions()[second].take_on.click()
    assert stored(store, session_id) == {first: ("", "", "planned"),
                                         second: ("", "", "planned")}
    assert first not in view.plan.suggestions()  # listed once: in the plan now
    row = view.plan.rows[first]
    row.owner.value = "Samira (boendeföreningen)"
    row.due.value = "före sommaren"
    other = view.plan.rows[second]
    other.owner.value = "Eva <b>"
    other.status.value = "in_progress"
    assert stored(store, session_id) == {
        first: ("Samira (boendeföreningen)", "före sommaren", "planned"),
        second: ("Eva <b>", "", "in_progress")}
    assert view.model.plan[second] == {"owner": "Eva <b>", "due": "", "status": "in_progress"}
    # A page opened again shows the plan as stored.
    again = facilitate(store, view.model.framework, view.model.session, view.model.key)
    assert again.plan.rows[second].owner.value == "Eva <b>"
    assert again.plan.rows[first].due.value == "före sommaren"
    row.let_go.click()
    assert list(stored(store, session_id)) == [second]
    assert first in view.plan.suggestions() and first not in view.plan.rows


def test_typing_who_is_saved_once_typing_pauses(view, store, kernel_loop):
    view.plan.suggestions()[NARROW].take_on.click()
    row = view.plan.rows[NARROW]
    for text in ("S", "Sa", "Samira"):
        row.owner.value = text
    assert stored(store, view.model.session.id)[NARROW][0] == ""
    kernel_loop.pass_time()
    assert stored(store, view.model.session.id)[NARROW][0] == "Samira"


def test_a_refused_plan_field_springs_back_and_says_why_beside_the_plan(view, store):
    view.plan.suggestions()[NARROW].take_on.click()
    row = view.plan.rows[NARROW]
    row.owner.value = "Eva"
    row.owner.value = "x" * 10_000
    assert row.owner.value == "Eva"  # what is stored
    assert stored(store, view.model.session.id)[NARROW][0] == "Eva"
    assert "rw-error" in view.plan.message.value and "owner" in view.plan.message.value
    assert view.message.value == ""  # said beside the plan, not at the controls
    row.due.value = "i maj"  # the next change is stored and clears the message
    assert view.plan.message.value == ""


def test_a_frozen_store_leaves_the_view_showing_what_is_stored(view, store, tmp_path):
    session_id = view.model.session.id
    view.plan.suggestions()[NARROW].take_on.click()
    row = view.plan.rows[NARROW]
    row.owner.value = "Eva"
    others = [a for a in view.plan.suggestions() if a != NARROW]
    with frozen_store(tmp_path / "store.sqlite3"):
        view.plan.suggestions()[others[0]].take_on.click()
        assert others[0] not in view.plan.rows and others[0] in view.plan.suggestions()
        row.owner.value = "Samira"
        assert row.owner.value == "Eva"
        row.status.value = "done"
        assert row.status.value == "planned"
        row.let_go.click()
        assert NARROW in view.plan.rows
        assert "rw-error" in view.plan.message.value
        assert view.model.plan == {NARROW: {"owner": "Eva", "due": "", "status": "planned"}}
    assert stored(store, session_id) == {NARROW: ("Eva", "", "planned")}
    view.plan.suggestions()[others[0]].take_on.click()  # the store is back: stored
    assert set(stored(store, session_id)) == {NARROW, others[0]}
    assert view.plan.message.value == ""


def test_the_second_round_shows_the_first_rounds_plan_to_mark(store, framework,
                                                              session_and_key, tmp_path):
    session, key = session_and_key
    answer(store, framework, session, (1, 1, 2))
    first = facilitate(store, framework, session, key)
    assert first.plan.previous_box.layout.display == "none"  # a first round: nothing before
    first.plan.suggestions()[NARROW].take_on.click()
    first.plan.rows[NARROW].owner.value = "Samira"
    first.plan.rows[NARROW].due.value = "<i>before summer</i>"
    first.round_name.value = "mid-term"
    first.round_button.click()
    later = find(first.app, FacilitatorView)[0]
    assert later.model.session.round == "mid-term" and later.model.plan == {}
    box = later.plan.previous_box
    assert box.layout.display is None
    assert "The plan from the previous round: <bdi>planning</bdi>" in box.children[0].value
    row = later.plan.previous[NARROW]
    assert isinstance(row, PreviousPlanRow) and row.status.value == "planned"
    assert "Samira" in row.text.value and "&lt;i&gt;before summer" in row.text.value
    row.status.value = "done"
    assert stored(store, session.id) == {NARROW: ("Samira", "<i>before summer</i>", "done")}
    assert plan_of_session(store, later.model.session.id) == []  # the new round's own plan
    with frozen_store(tmp_path / "store.sqlite3"):
        row.status.value = "dropped"
        assert row.status.value == "done"  # springs back to what is stored
        assert "rw-error" in later.plan.message.value
    assert stored(store, session.id)[NARROW][2] == "done"
    sent = []  # the report of both rounds prints the first round's plan as marked
    first.app.bridge.send = sent.append
    later.reports.report_button.click()
    planning = sent[-1]["content"].split("<h2>Our action plan: <bdi>planning</bdi></h2>")[1]
    assert planning.split("</table>")[0].endswith(
        f'<tr data-action="{NARROW}"><td>{framework.action(NARROW).text["en"]}</td>'
        "<td><bdi>Samira</bdi></td><td><bdi>&lt;i&gt;before summer&lt;/i&gt;</bdi></td>"
        "<td>Done</td></tr></tbody>")
    # The new round's plan is made beside it, from the new answers.
    answer(store, framework, later.model.session, (1, 2, 2))
    tick(first.app)
    later.plan.suggestions()[NARROW].take_on.click()
    assert list(stored(store, later.model.session.id)) == [NARROW]
    assert later.plan.previous[NARROW].status.value == "done"


def test_a_second_round_after_an_empty_plan_says_so(store, framework, session_and_key):
    session, key = session_and_key
    first = facilitate(store, framework, session, key)
    first.round_name.value = "mid-term"
    first.round_button.click()
    later = find(first.app, FacilitatorView)[0]
    assert later.plan.previous_box.layout.display is None
    assert later.plan.previous == {}
    assert "The previous round made no action plan." in later.plan.previous_rows.children[0].value


def test_a_wrong_key_cannot_change_the_plan(store, framework, session_and_key):
    session, key = session_and_key
    save_session_plan_item(store, framework, session.id, key, NARROW, owner="Eva")
    locked = SessionModel(framework, store, session)
    assert not locked.set_plan(NARROW, {"owner": "Mallory"})
    assert not locked.set_plan("action.drop-best-practice", {})
    assert not locked.set_plan(NARROW, None)
    assert "does not open" in locked.problem and locked.plan == {}
    guessing = SessionModel(framework, store, session)
    assert not guessing.unlock("guess")
    guessing.set_state({"key": "guess"})  # even a model handed a wrong key
    assert not guessing.set_plan(NARROW, {"status": "dropped"})
    assert not guessing.mark_previous(NARROW, "dropped")
    assert "does not open" in guessing.problem and guessing.plan == {}
    assert stored(store, session.id) == {NARROW: ("Eva", "", "planned")}
    assert [i.owner for i in session_plan(store, session.id, key)] == ["Eva"]


def test_refresh_reads_a_plan_changed_in_another_tab(view, store, framework):
    model = view.model
    save_session_plan_item(store, framework, model.session.id, model.key, NARROW,
                           owner="Eva", status="in_progress")
    tick(view.app)
    assert model.plan == {NARROW: {"owner": "Eva", "due": "", "status": "in_progress"}}
    assert view.plan.rows[NARROW].owner.value == "Eva"


def test_the_session_download_and_the_report_carry_the_plan(view, store):
    view.plan.suggestions()[NARROW].take_on.click()
    view.plan.rows[NARROW].owner.value = "Samira <b>"
    view.plan.rows[NARROW].due.value = "före sommaren"
    sent = []
    view.app.bridge.send = sent.append
    view.download_button.click()
    data = json.loads(sent[-1]["content"])
    assert [(p["action"], p["owner"], p["due"], p["status"]) for p in data["plan"]] == [
        (NARROW, "Samira <b>", "före sommaren", "planned")]
    view.reports.report_button.click()
    report = sent[-1]["content"]
    assert f'<tr data-action="{NARROW}">' in report
    assert "<bdi>Samira &lt;b&gt;</bdi>" in report and "<bdi>före sommaren</bdi>" in report


def test_before_any_answer_nothing_is_called_for_and_every_action_can_be_taken_on(
        store, framework, session_and_key):
    session, key = session_and_key
    view = facilitate(store, framework, session, key)
    assert "No member's answers call for an action yet." in view.plan.suggested.children[0].value
    assert "No action taken on yet." in view.plan.plan_rows.children[0].value
    assert "<h3>Our action plan: <bdi>planning</bdi></h3>" in texts(view.plan)
    answer(store, framework, session, (1,))
    tick(view.app)
    called = list(view.plan.suggestions())
    assert "(called for by 1 of 1 members)" in view.plan.suggestions()[called[0]].text.value
    for action_id in called:
        view.plan.suggestions()[action_id].take_on.click()
    assert list(view.plan.rows) == called  # in framework order
    assert "Every suggested action is in your plan." in view.plan.suggested.children[0].value
    assert set(stored(store, session.id)) == set(called)
