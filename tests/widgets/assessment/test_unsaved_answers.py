"""Answers the store cannot take yet, and answers the browser kept while the page had no
kernel: kept, marked, retried and stored, never called saved before they are (no kernel,
no browser; the served page is tested in tests/browser/test_nothing_lost.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from readiness.errors import StoreUnavailable
from readiness.framework.conditions import DONT_KNOW
from readiness.store import open_store
from readiness.store.plans import assessment_plan, save_plan_item
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.journal import MEMORY_PREFIX, AnswerJournal
from readiness_widgets.assessment.questions import QuestionsPanel, QuestionView
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.assessment.state import WorkbookState
from tests.faults import frozen_store

TASK, FIT = "purpose.task-clarity", "purpose.ambition-fit"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "store.sqlite3"


@pytest.fixture
def state(path, framework):
    state = WorkbookState(framework, open_store(str(path)))
    state.create("Norrby", "", "staff")
    settled: list = []
    state.on_settled(lambda *event: settled.append(event))
    state.settled = settled
    return state


def stored(path, assessment_id) -> dict:
    store = open_store(str(path))
    try:
        return store.answer_values(assessment_id)
    finally:
        store.close()


def test_a_store_that_cannot_be_written_raises_store_unavailable_and_recovers(path, framework):
    store = open_store(str(path))
    record = store.create_assessment(framework, project="Norrby")
    store.save_answer(framework, record.id, TASK, 1)
    with frozen_store(path):
        with pytest.raises(StoreUnavailable, match="cannot be (written|used) .*nothing was"):
            store.save_answer(framework, record.id, TASK, 2)
        # A store opened while frozen: SQLite opens the file read-only without a word.
        late = open_store(str(path))
        with pytest.raises(StoreUnavailable):
            late.save_answer(framework, record.id, TASK, 3)
    store.save_answer(framework, record.id, FIT, 4)
    late.save_answer(framework, record.id, TASK, 3)  # a fresh connection, not a stale one
    assert store.answer_values(record.id) == {TASK: 3, FIT: 4}


def test_an_answer_the_store_cannot_take_is_kept_marked_and_stored_on_retry(state, path):
    state.answer(TASK, 1)
    assert state.settled == [("answer", TASK, 1)]
    with frozen_store(path):
        state.answer(FIT, 3)
        state.save_note("purpose", "Vi behöver mer tid")
        assert state.unsaved == {FIT: 3}
        assert state.unsaved_notes == {"purpose": "Vi behöver mer tid"}
        assert "cannot be" in state.store_problem
        assert state.answers == {TASK: 1, FIT: 3}  # shown as given, scored as given
        assert state.evaluation.profile["purpose"].answered == 2
        state.retry_unsaved()  # still frozen: kept
        assert state.unsaved == {FIT: 3}
        assert stored(path, state.record.id) == {TASK: 1}
        assert state.settled == [("answer", TASK, 1)]  # the browser keeps its copy
    state.retry_unsaved()
    assert (state.unsaved, state.unsaved_notes, state.store_problem) == ({}, {}, "")
    assert stored(path, state.record.id) == {TASK: 1, FIT: 3}
    assert state.store.notes(state.record.id)["purpose"].text == "Vi behöver mer tid"
    assert state.settled[1:] == [("answer", FIT, 3), ("note", "purpose", "Vi behöver mer tid")]


def test_a_refused_answer_is_not_kept(path, framework):
    app = _app_on_purpose(path, framework, "en")
    view = _question(app, TASK)
    view.choice.value = DONT_KNOW
    assert app.state.answers[TASK] == DONT_KNOW
    app.state.answer(TASK, 9)  # an option that does not exist: the core refuses it
    assert app.state.answers[TASK] == DONT_KNOW
    assert view.choice.value == DONT_KNOW
    assert app.state.unsaved == {}
    assert "rw-error" in app.status.value
    assert stored(path, app.state.record.id) == {TASK: DONT_KNOW}


def test_the_page_says_not_saved_and_marks_the_question_while_the_store_is_away(path,
                                                                               framework):
    app = _app_on_purpose(path, framework, "sv")
    view = _question(app, TASK)
    view.choice.value = 2
    assert "Alla svar sparade" in app.status.value
    with frozen_store(path):
        view.choice.value = 3
        assert "rw-error" in app.status.value
        assert "ändringar som väntar (svar, anteckningar eller planen): 1." in app.status.value
        assert "sparade" not in app.status.value
        assert "Inte sparat än" in view.waiting.value
        assert view.choice.value == 3  # the choice stays as the person made it
        app.tick()  # the browser's ping: a retry, still frozen
        assert "rw-error" in app.status.value
    app.tick()
    assert "Alla svar sparade" in app.status.value
    assert view.waiting.value == ""
    assert stored(path, app.state.record.id) == {TASK: 3}


def test_restore_stores_what_the_browser_kept_unless_the_store_holds_newer(state, path,
                                                                           framework):
    state.answer(TASK, 1)
    before = datetime.now(UTC) - timedelta(minutes=5)
    later = datetime.now(UTC) + timedelta(seconds=5)
    state.restore({TASK: (4, before), FIT: (2, later)}, {"purpose": ("Ny text", later)})
    assert stored(path, state.record.id) == {TASK: 1, FIT: 2}  # the older copy is dropped
    assert state.store.notes(state.record.id)["purpose"].text == "Ny text"
    # Every kept entry is settled, so the browser forgets the outdated one too.
    assert ("answer", TASK, 4) in state.settled and ("answer", FIT, 2) in state.settled


def test_the_page_stores_what_its_browser_kept_when_it_opens(path, framework):
    store = open_store(str(path))
    record = store.create_assessment(framework, project="Norrby")
    journal = AnswerJournal(framework)
    kept = {journal.settled_message("answer", TASK, 3)["key"]: {"v": 2, "t": 4e12},
            journal.settled_message("note", "purpose", "")["key"]: {"v": "Text", "t": 4e12}}
    app = WorkbookApp(framework, store)
    app.bridge.memory = {MEMORY_PREFIX + record.id: json.dumps(kept)}
    sent: list = []
    app.bridge.send = sent.append
    app.open_address(f"assessment={record.id}&lang=en")
    assert store.answer_values(record.id) == {TASK: 3}
    assert store.notes(record.id)["purpose"].text == "Text"
    assert app.bridge.assessment == record.id
    assert {"type": "settled", "key": "q:rw-q-purpose-task-clarity", "value": 2} in sent


def test_a_plan_typed_while_the_kernel_was_gone_is_stored_when_the_page_opens(path,
                                                                             framework):
    """Who and by when, typed into a plan row while the connection was lost, are kept by
    the browser and stored by the next kernel; the browser is then told to forget them."""
    store = open_store(str(path))
    record = store.create_assessment(framework, project="Norrby")
    save_plan_item(store, framework, record.id, "action.size-goals")
    journal = AnswerJournal(framework)
    typed = {"owner": "Samira", "due": "före sommaren", "status": "in_progress"}
    settle = journal.settled_message("plan", "action.size-goals", typed)
    kept = {settle["key"]: {"v": settle["value"], "t": 4e12}}
    assert settle["key"] == "p:rw-planned-action-size-goals"
    assert json.loads(settle["value"]) == ["Samira", "före sommaren", 1]  # the list's 2nd
    app = WorkbookApp(framework, store)
    app.bridge.memory = {MEMORY_PREFIX + record.id: json.dumps(kept)}
    sent: list = []
    app.bridge.send = sent.append
    app.open_address(f"assessment={record.id}&lang=sv")
    item = assessment_plan(store, record.id)[0]
    assert (item.owner, item.due, item.status) == ("Samira", "före sommaren", "in_progress")
    assert settle in sent
    # An older copy than what is stored is dropped (and settled), never stored over it.
    old = {settle["key"]: {"v": journal.settled_message("plan", "action.size-goals", {
        "owner": "Old", "due": "", "status": "planned"})["value"], "t": 1e12}}
    again = WorkbookApp(framework, store)
    again.bridge.memory = {MEMORY_PREFIX + record.id: json.dumps(old)}
    again.open_address(f"assessment={record.id}&lang=sv")
    assert assessment_plan(store, record.id)[0].owner == "Samira"


@pytest.mark.parametrize("kept", [
    "not json", "[]", '{"q:rw-q-purpose-task-clarity": {"v": true, "t": 1}}',
    '{"q:rw-q-purpose-task-clarity": {"v": 99, "t": 1}}',
    '{"q:rw-q-purpose-task-clarity": {"v": -1, "t": 1}}',
    '{"q:rw-q-purpose-task-clarity": {"v": 1, "t": "yesterday"}}',
    '{"q:rw-q-no-such-question": {"v": 1, "t": 1}}',
    '{"n:rw-note-purpose": {"v": 5, "t": 1}}',
    '{"p:rw-planned-action-size-goals": {"v": "[\\"Eva\\",\\"\\",4]", "t": 1}}',
    '{"p:rw-planned-action-size-goals": {"v": "[\\"Eva\\",\\"\\"]", "t": 1}}',
    '{"p:rw-planned-action-size-goals": {"v": ["Eva", "", 0], "t": 1}}',
    '{"p:rw-planned-action-no-such": {"v": "[\\"Eva\\",\\"\\",0]", "t": 1}}',
    "[" * 5000,
])
def test_a_malformed_or_tampered_browser_copy_is_ignored(framework, kept):
    assert AnswerJournal(framework).read(kept) == ({}, {}, {})


def _app_on_purpose(path, framework, language: str) -> WorkbookApp:
    """A page with a new assessment, showing the purpose questions."""
    app = WorkbookApp(framework, open_store(str(path)), f"lang={language}")
    start = next(w for w in _walk(app) if isinstance(w, StartPanel))
    start.project.value = "Norrby"
    start.role.value = "staff"
    start.create_button.click()
    next(w for w in _walk(app) if isinstance(w, QuestionsPanel)).picker.value = 1
    return app


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _question(app, item_id) -> QuestionView:
    return next(w for w in _walk(app) if isinstance(w, QuestionView) and w.item.id == item_id)
