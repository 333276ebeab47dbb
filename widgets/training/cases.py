"""Case exercises on the workbook page: the case to read first, and the reveal afterwards."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import ROLES
from readiness.store.exercises import Exercise, start_exercise
from readiness.training.cases import Case
from readiness.training.exercises import compare
from readiness.training.reveal import comparison_chart, reveal_html
from readiness_widgets.assessment.results import chart_view
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html
from readiness_widgets.training.live import follow_ticks
from readiness_widgets.training.model import CaseExerciseModel


def case_text_html(case: Case, language: str, open_: bool) -> str:
    opened = " open" if open_ else ""
    return (f'<details class="rw-case"{opened}><summary><strong>{ui("case_heading", language)}'
            f": {escape(pick(case.title, language))}</strong> · "
            f"{escape(pick(case.setting, language))}</summary>"
            f'<p class="rw-muted">{ui("case_help_answer", language)}</p>'
            f"<p>{escape(pick(case.description, language))}</p></details>")


class CaseStartPanel(w.VBox):
    """The case to read, the role (an explicit choice) and an optional name, and a button
    that starts the trainee's own exercise."""

    def __init__(self, state: WorkbookState, case: Case, exercise: Exercise | None = None):
        language = state.language
        self.state, self.case, self.exercise = state, case, exercise
        style = {"description_width": "initial"}
        self.role = w.RadioButtons(
            description=ui("role", language), style=style, value=None,
            options=[(ui(f"role_{role}", language), role) for role in ROLES])
        self.display_name = w.Text(description=ui("display_name", language), style=style)
        self.start_button = w.Button(description=ui("start_exercise", language),
                                     button_style="primary")
        self.start_button.on_click(self._on_start)
        self.case_text = w.HTML(case_text_html(case, language, open_=True))
        self.message = w.HTML()
        super().__init__([
            self.case_text, self.role,
            w.HTML(f'<p class="rw-muted rw-role-help">{escape(ui("role_help", language))}</p>'),
            self.display_name,
            w.HTML(f'<p class="rw-muted">{escape(ui("trainee_name_help", language))}</p>'),
            self.start_button, self.message])
        self.add_class("rw-case-start")

    def _on_start(self, _button=None) -> None:
        state, case, language = self.state, self.case, self.state.language
        if self.role.value is None:
            self.message.value = error_html(ui("trainee_role_required", language))
            return
        try:
            record = start_exercise(state.store, state.framework, case.id,
                                    exercise=self.exercise,
                                    project=pick(case.title, language),
                                    area=pick(case.setting, language), role=self.role.value,
                                    language=language, display_name=self.display_name.value)
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = ""
        state.resume(record.id)


class CaseBanner(Panel):
    """Above an exercise: the case (folded once answering), "finished answering", and the
    reveal once the trainee may see it (``CaseExerciseModel.may_reveal``), following the
    trainer's release live."""

    def __init__(self, framework: Framework, state: WorkbookState, case: Case,
                 bridge: PageBridge | None = None):
        language = state.language
        self.framework, self.state, self.case = framework, state, case
        self.model = CaseExerciseModel(framework, state.store, case, state.record.id, language)
        self.status = w.HTML()
        self.status.add_class("rw-exercise-status")
        self.message = w.HTML()
        self.finish_button = w.Button(description=ui("exercise_finish_button", language),
                                      icon="check", layout=w.Layout(width="auto"))
        self.finish_button.on_click(self._on_finish)
        self.reveal_button = w.Button(description=ui("reveal_button", language),
                                      button_style="info", layout=w.Layout(width="auto"))
        self.reveal_button.on_click(self._on_reveal)
        self.chart = chart_view(language)
        self.details = w.HTML()
        self.revealed = w.VBox([self.chart, self.details])
        self.revealed.layout.display = "none"
        self.revealed.add_class("rw-reveal")
        self.opened = False  # the trainee asked to see the reveal
        super().__init__([w.HTML(case_text_html(case, language, open_=False)), self.status,
                          w.HBox([self.finish_button, self.reveal_button],
                                 layout=w.Layout(flex_flow="row wrap")),
                          self.message, self.revealed])
        self.add_class("rw-case-banner")
        self.watch(state, self._refresh, "evaluation")
        self.watch(self.model, self._show, ["release", "released", "finished", "may_reveal",
                                            "problem"])
        self._stop = follow_ticks(bridge, self.model.refresh) if bridge is not None else None
        self._show()

    def close(self) -> None:
        if self.__dict__.get("_stop") is not None:
            self._stop()
        super().close()

    def _show(self, _change=None) -> None:
        model, language = self.model, self.state.language
        if model.may_reveal:
            text = ui("exercise_released", language)
        elif model.release == "group":
            text = ui("exercise_group_wait", language)
        elif model.finished:
            text = ui("exercise_finished_held", language)
        else:
            text = ui(f"exercise_wait_{model.release}", language)
        self.status.value = f'<p role="status">{escape(text)}</p>'
        self.message.value = error_html(model.problem) if model.problem else ""
        waiting = not model.finished and model.release != "group" and not model.may_reveal
        self.finish_button.layout.display = None if waiting else "none"
        self.reveal_button.layout.display = (
            None if model.may_reveal and not self.opened else "none")
        if not model.may_reveal:  # held back again: the reveal goes too
            self.opened = False
            self.revealed.layout.display = "none"

    def _on_finish(self, _button=None) -> None:
        if self.model.finish(len(self.state.answers)) and self.model.may_reveal:
            self._on_reveal()  # finished, and nothing holds it back: show it at once

    def _on_reveal(self, _button=None) -> None:
        if not self.model.may_reveal:
            return
        self.opened = True
        self.revealed.layout.display = None
        self._show()
        self._refresh()

    def _refresh(self, _change=None) -> None:
        if not self.opened:
            return  # nothing to redraw until the trainee asks to see the reference
        language = self.state.language
        comparison = compare(self.framework, self.state.answers, self.case)
        figure, summary = comparison_chart(self.framework, comparison, language)
        with self.chart.hold_sync():
            self.chart.figure, self.chart.summary = figure, summary
        self.details.value = reveal_html(self.framework, self.case, comparison, language)
