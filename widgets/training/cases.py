"""Case exercises on the workbook page: the case to read first, and the reveal afterwards."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import ROLES
from readiness.training.cases import Case
from readiness.training.exercises import compare, comparison_series, reveal_html
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.shared.base import Panel


def case_text_html(case: Case, language: str, open_: bool) -> str:
    opened = " open" if open_ else ""
    return (f'<details class="rw-case"{opened}><summary><strong>{ui("case_heading", language)}'
            f": {escape(pick(case.title, language))}</strong> · "
            f"{escape(pick(case.setting, language))}</summary>"
            f'<p class="rw-muted">{ui("case_help", language)}</p>'
            f"<p>{escape(pick(case.description, language))}</p></details>")


class CaseStartPanel(w.VBox):
    """The case to read, a role, and a button that starts the trainee's own exercise."""

    def __init__(self, state: WorkbookState, case: Case):
        language = state.language
        self.state, self.case = state, case
        self.role = w.Dropdown(
            description=ui("role", language), style={"description_width": "initial"},
            options=[(ui(f"role_{role}", language), role) for role in ROLES], value="other")
        self.start_button = w.Button(description=ui("start_exercise", language),
                                     button_style="primary")
        self.start_button.on_click(self._on_start)
        self.case_text = w.HTML(case_text_html(case, language, open_=True))
        super().__init__([self.case_text, self.role, self.start_button])
        self.add_class("rw-case-start")

    def _on_start(self, _button=None) -> None:
        state, case = self.state, self.case
        record = state.store.create_assessment(
            state.framework, project=pick(case.title, state.language),
            area=pick(case.setting, state.language), role=self.role.value,
            language=state.language)
        state.store.link_case(record.id, case.id)
        state.resume(record.id)


class CaseBanner(Panel):
    """Above an exercise: the case (folded once answering), and the reveal."""

    def __init__(self, framework: Framework, state: WorkbookState, case: Case):
        language = state.language
        self.framework, self.state, self.case = framework, state, case
        self.reveal_button = w.Button(description=ui("reveal_button", language),
                                      button_style="info", layout=w.Layout(width="auto"))
        self.reveal_button.on_click(self._on_reveal)
        self.chart = chart_view(language)
        self.details = w.HTML()
        self.revealed = w.VBox([self.chart, self.details])
        self.revealed.layout.display = "none"
        self.revealed.add_class("rw-reveal")
        super().__init__([w.HTML(case_text_html(case, language, open_=False)),
                          self.reveal_button, self.revealed])
        self.add_class("rw-case-banner")
        self.watch(state, self._refresh, "evaluation")

    def _on_reveal(self, _button=None) -> None:
        self.revealed.layout.display = None
        self._refresh()

    def _refresh(self, _change=None) -> None:
        if self.revealed.layout.display == "none":
            return  # nothing to redraw until the trainee asks to see the reference
        language = self.state.language
        comparison = compare(self.framework, self.state.answers, self.case)
        draw(self.chart, self.framework, comparison_series(comparison, language), language)
        self.details.value = reveal_html(self.framework, self.case, comparison, language)
