"""Questions and sections: stored at once, built when first opened."""

from __future__ import annotations

from readiness.framework.conditions import DONT_KNOW
from readiness_widgets.assessment.questions import (
    QuestionsPanel,
    QuestionView,
    SectionPanel,
)
from tests.widgets.pages import find, go_to, question


def test_an_answer_is_stored_at_once_and_reported_saved(app, store):
    view = question(app, "gate.direction-open")
    section = find(app, SectionPanel)[0]
    assert "0 of 1 answered" in section.progress.value
    view.choice.value = "partly"  # changes no score: progress must still move
    assert "1 of 1 answered" in section.progress.value
    record_id = app.state.record.id
    assert store.answer_values(record_id) == {"gate.direction-open": "partly"}
    assert "All answers saved" in app.status.value


def test_dont_know_counts_as_missing(app):
    section = go_to(app, 1)
    views = find(section, QuestionView)
    for view in views[:2]:
        view.choice.value = 4
    for view in views[2:]:
        view.choice.value = DONT_KNOW
    score = app.state.evaluation.profile["purpose"]
    assert score.score == 100.0 and score.answered == 2


def test_sections_are_built_when_first_opened(app):
    panel = find(app, QuestionsPanel)[0]
    assert panel.built_sections == ("gate",)
    panel.next.click()
    purpose = panel.current
    panel.next.click()
    assert panel.built_sections == ("gate", "purpose", "participation")
    assert panel.current.section == "participation"
    panel.previous.click()
    assert panel.current is purpose  # built once, kept
    assert panel.built_sections == ("gate", "purpose", "participation")


def test_low_answers_prompt_for_a_note(app):
    section = go_to(app, 1)
    assert section.prompt.value == ""
    for view in find(section, QuestionView):
        view.choice.value = 1
    assert "rw-note-prompt" in section.prompt.value


def test_a_note_is_saved_once_typing_pauses(app, store, kernel_loop):
    section = go_to(app, 1)
    saves: list = []
    app.state.observe(lambda change: saves.append(change["new"]), "notes")
    for text in ("V", "Vi", "Vi beh", "Vi behöver tid"):
        section.note.value = text
    assert store.notes(app.state.record.id) == {}  # nothing written while typing
    assert sum(not timer.is_cancelled for timer in kernel_loop.timers) == 1
    kernel_loop.pass_time()
    assert len(saves) == 1
    assert store.notes(app.state.record.id)["purpose"].text == "Vi behöver tid"


def test_a_note_typed_just_before_a_language_switch_is_saved(app, store, kernel_loop):
    section = go_to(app, 1)
    section.note.value = "Sagt i sista stund"
    app.language_picker.value = "sv"  # closes the section before the pause is over
    assert store.notes(app.state.record.id)["purpose"].text == "Sagt i sista stund"


def test_outside_a_kernel_a_note_is_saved_at_once(app, store):
    go_to(app, 1).note.value = "Direkt"
    assert store.notes(app.state.record.id)["purpose"].text == "Direkt"
