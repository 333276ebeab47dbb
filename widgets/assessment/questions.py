"""Questions, grouped in sections: the gate question(s) first, then one per dimension.

Only the section on screen is built; the others are built when first opened.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import INFERENCE
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import (
    citation,
    inference_html,
    inferred_options_html,
    tension_html,
)
from readiness_widgets.assessment.journal import note_class, question_class
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.shared.base import Panel, close_tree
from readiness_widgets.shared.looks import button, html, layout
from readiness_widgets.shared.typing import TypingPause

GATE_SECTION = "gate"


def _option_label(option, language: str) -> str:
    """An option as the radio button shows it: marked where its situation is the
    workbook's own inference (the mark under the why-text says what that means)."""
    label = pick(option.label, language)
    if option.basis == INFERENCE:
        label += " " + ui("inference_option", language)
    return label


class QuestionView(Panel):
    """One question (or gate) with its anchored options, why it matters and its source.

    The choice shows the state's answer: a refused answer falls back to the stored one,
    and an answer the store has not taken yet is marked as waiting."""

    def __init__(self, state: WorkbookState, item):
        self.state = state
        self.item = item
        language = state.language
        framework = state.framework
        heading_id = question_class(item.id)
        options = [(_option_label(option, language), option.value) for option in item.options]
        options.append((pick(framework.dont_know_label, language), DONT_KNOW))
        self.choice = w.RadioButtons(options=options, value=state.answers.get(item.id),
                                     layout=layout(width="100%"))
        self.choice.add_class("rw-choice")
        self.choice.add_class(heading_id)
        self.choice.observe(self._on_choice, "value")
        self.waiting = html()
        header = html(
            f'<h3 id="{heading_id}">{escape(pick(item.text, language))}</h3>'
            f'<p class="rw-why"><span class="rw-muted">{ui("why", language)}:</span> '
            f"{escape(pick(item.why, language))}</p>"
            f"{inference_html(item.basis, language)}{inferred_options_html(item, language)}"
            f"{citation(framework, item.cites, language)}"
            + "".join(tension_html(framework, tension, language)
                      for tension in framework.tensions_on(item.id)))
        super().__init__([header, self.choice, self.waiting], layout=layout())
        self.add_class("rw-question")
        self.watch(state, self._follow_answer, "answers")
        self.watch(state, self._show_waiting, "unsaved")

    def _on_choice(self, change) -> None:
        if change["new"] == self.state.answers.get(self.item.id):
            return
        self.state.answer(self.item.id, change["new"])
        self._follow_answer()  # refused: back to the answer the state holds

    def _follow_answer(self, _change=None) -> None:
        # Only on a settled change of the answers: while an answer is being written the
        # state still holds the previous one, and moving the choice back then would undo
        # the person's click.
        value = self.state.answers.get(self.item.id)
        if self.choice.value != value:
            self.choice.value = value

    def _show_waiting(self, _change=None) -> None:
        waiting = self.item.id in self.state.unsaved
        text = ui("answer_waiting", self.state.language)
        self.waiting.value = f'<p class="rw-waiting" role="status">{text}</p>' if waiting else ""


class SectionPanel(Panel):
    """A section's questions, its progress and (for a dimension) the group's note."""

    def __init__(self, state: WorkbookState, section: str):
        self.state = state
        self.section = section
        # A note is saved once typing pauses (the gate section has none to save).
        self._pause = TypingPause(lambda text: state.save_note(section, text))
        framework = state.framework
        language = state.language
        if section == GATE_SECTION:
            self.items = framework.gates
            title = ui("gate_section", language)
            description = ""
        else:
            dimension = framework.dimension(section)
            self.items = framework.questions_in(section)
            title = pick(dimension.label, language)
            description = pick(dimension.description, language)
        self.heading = html(f"<h2>{escape(title)}</h2><p>{escape(description)}</p>")
        self.progress = html()
        children = [self.heading, self.progress]
        children += [QuestionView(state, item) for item in self.items]
        if section != GATE_SECTION:
            children += self._note_widgets(dimension)
        super().__init__(children, layout=layout())
        # Answers for the progress, the evaluation for the note prompt: an answer that
        # changes no score leaves the evaluation equal, and traitlets then stays silent.
        self.watch(state, self._refresh, ["answers", "evaluation"])
        self._refresh()

    def _note_widgets(self, dimension):
        language = self.state.language
        self.prompt = html()
        self.note = w.Textarea(value=self.state.notes.get(self.section, ""),
                               description=ui("note", language),
                               placeholder=ui("note_help", language),
                               continuous_update=True,
                               layout=w.Layout(width="100%"))
        self.note.add_class("rw-note")
        self.note.add_class(note_class(dimension.id))
        self.note.observe(self._on_note, "value")
        self._prompt_text = pick(dimension.note_prompt, language)
        return [self.prompt, self.note]

    def _on_note(self, change) -> None:
        """Save once typing pauses, not on every key: the browser keeps every keystroke
        until the store has the text (see ``journal.py``), so the pause loses nothing."""
        self._pause.typed(change["new"])

    def close(self) -> None:
        self._pause.flush()  # a language switch or a new page: save what was typed
        super().close()

    def _refresh(self, _change=None) -> None:
        answered = sum(1 for item in self.items if item.id in self.state.answers)
        text = ui("progress", self.state.language, answered=answered, total=len(self.items))
        self.progress.value = f'<p class="rw-muted">{text}</p>'
        if self.section == GATE_SECTION:
            return
        score = self.state.evaluation.profile[self.section]
        low = score.band is not None and score.band != self.state.framework.bands[0].id
        self.prompt.value = (f'<p class="rw-note-prompt">{escape(self._prompt_text)}</p>'
                             if low else "")


class QuestionsPanel(Panel):
    """Section picker, the current section, previous/next, and overall progress."""

    def __init__(self, state: WorkbookState, section_index: int = 0):
        self.state = state
        language = state.language
        framework = state.framework
        self.sections = ([GATE_SECTION] if framework.gates else []) + [
            d.id for d in framework.dimensions]
        labels = [ui("gate_section", language) if s == GATE_SECTION
                  else pick(framework.dimension(s).label, language) for s in self.sections]
        self.picker = w.Dropdown(
            options=[(f"{i + 1}. {label}", i) for i, label in enumerate(labels)],
            value=min(section_index, len(self.sections) - 1),
            description=ui("section", language), style={"description_width": "initial"})
        self.picker.observe(self._on_pick, "value")
        self.overall = w.IntProgress(min=0, max=len(framework.questions) + len(framework.gates),
                                     description=ui("answered", language),
                                     style={"description_width": "initial"})
        self.overall_text = html()
        self.previous = button(description=ui("previous", language), icon="arrow-left",
                               width=None)
        self.next = button(description=ui("next", language), icon="arrow-right", width=None)
        self.previous.on_click(lambda _b: self._step(-1))
        self.next.on_click(lambda _b: self._step(+1))
        self.body = w.VBox(layout=layout())
        self._panels: dict[str, SectionPanel] = {}
        super().__init__([self.picker, w.HBox([self.overall, self.overall_text],
                                               layout=layout()), self.body,
                          w.HBox([self.previous, self.next], layout=layout())],
                         layout=layout())
        self.watch(state, self._refresh_progress, "answers")
        self._show()
        self._refresh_progress()

    def close(self) -> None:
        for panel in self._panels.values():
            close_tree(panel)
        super().close()

    @property
    def section_index(self) -> int:
        return self.picker.value

    @property
    def current(self) -> SectionPanel:
        """The section on screen."""
        return self.body.children[0]

    @property
    def built_sections(self) -> tuple[str, ...]:
        """The sections built so far, in the order they were first opened (each is built
        once, when first opened, and kept until the page is rebuilt)."""
        return tuple(self._panels)

    def _step(self, delta: int) -> None:
        self.picker.value = max(0, min(len(self.sections) - 1, self.picker.value + delta))

    def _on_pick(self, _change) -> None:
        self._show()

    def _show(self) -> None:
        section = self.sections[self.picker.value]
        if section not in self._panels:
            self._panels[section] = SectionPanel(self.state, section)
        self.body.children = [self._panels[section]]
        self.previous.disabled = self.picker.value == 0
        self.next.disabled = self.picker.value == len(self.sections) - 1

    def _refresh_progress(self, _change=None) -> None:
        known = {q.id for q in self.state.framework.questions} | {
            g.id for g in self.state.framework.gates}
        answered = sum(1 for item in self.state.answers if item in known)
        self.overall.value = answered
        text = ui("progress", self.state.language, answered=answered, total=self.overall.max)
        self.overall_text.value = f'<span class="rw-muted" role="status">{text}</span>'
