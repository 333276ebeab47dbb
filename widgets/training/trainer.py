"""The trainer's page: pick a case and a mode, hand out the exercise, print the guide, and
compare assessments. Also the glue that puts case exercises on the workbook page."""

from __future__ import annotations

import os
from html import escape
from urllib.parse import urlencode

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import Store
from readiness.store.sessions import create_session
from readiness.training.cases import Case, find_case, load_cases
from readiness.training.exercises import guide_html, overlay_series
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.shared.messages import error_html
from readiness_widgets.training.cases import CaseBanner, CaseStartPanel


def trainer_page(app, page: dict[str, str]):
    """The page for ``?case=ID`` (a trainee's exercise) or ``?trainer=1``."""
    state = app.state
    if "case" in page:
        case = find_case(state.framework, page["case"])
        if case is None:
            return app.start_panel(ui("not_found", state.language))
        return CaseStartPanel(state, case)
    return TrainerPanel(state.framework, state.store, state.language, app.bridge,
                        workbook_url=app.bridge.page_url or "/",
                        on_session=app.sessions().open_new_session)


def case_banner(app, case_id: str) -> CaseBanner | None:
    case = find_case(app.state.framework, case_id)
    return None if case is None else CaseBanner(app.state.framework, app.state, case)


class TrainerPanel(w.VBox):
    def __init__(self, framework: Framework, store: Store, language: str, bridge: PageBridge,
                 workbook_url: str, on_session=None):
        """``workbook_url``: the served workbook page that trainees open.
        ``on_session(session, key)`` opens the facilitator view of a new group session;
        without it (a notebook outside the served page) the code and key are shown here."""
        self.framework, self.store, self.language, self.bridge = (
            framework, store, language, bridge)
        self.workbook_url = workbook_url
        self.on_session = on_session
        self.cases = {case.id: case for case in load_cases(framework)}
        self.case_picker = w.Dropdown(
            description=ui("case_pick", language), style={"description_width": "initial"},
            options=[(pick(case.title, language), case.id) for case in self.cases.values()],
            layout=w.Layout(width="auto"))
        self.mode = w.ToggleButtons(options=[(ui("mode_alone", language), "alone"),
                                             (ui("mode_group", language), "group")],
                                    style={"button_width": "auto"})
        self.go_button = w.Button(description=ui("start_exercise", language),
                                  button_style="primary")
        self.go_button.on_click(self._on_go)
        self.guide_button = w.Button(description=ui("download_guide", language),
                                     icon="download", layout=w.Layout(width="auto"))
        self.guide_button.on_click(self._on_guide)
        self.result = w.HTML()
        self.compare = ComparePanel(framework, store, language, self.cases)
        super().__init__([
            w.HTML(f"<h2>{ui('trainer_heading', language)}</h2>"),
            self.case_picker, self.mode, w.HBox([self.go_button, self.guide_button]),
            self.result, self.compare])
        self.add_class("rw-trainer")

    @property
    def case(self) -> Case:
        return self.cases[self.case_picker.value]

    def _on_go(self, _button=None) -> None:
        case, language = self.case, self.language
        if self.mode.value == "alone":
            link = f"{self.workbook_url}?{urlencode({'case': case.id, 'lang': language})}"
            self.result.value = (f"<p>{ui('exercise_link', language)}</p>"
                                 f'<p class="rw-exercise-link"><a href="{escape(link)}">'
                                 f"{escape(link)}</a></p>")
            return
        session, key = create_session(self.store, self.framework,
                                      project=pick(case.title, language),
                                      area=pick(case.setting, language), language=language)
        self.store.link_case(session.id, case.id)
        if self.on_session is not None:
            self.on_session(session, key)
            return
        self.result.value = (f'<p class="rw-join-code">{escape(session.display_code)}</p>'
                             f"<p>{escape(ui('key_once', language, secret=key))}</p>")

    def _on_guide(self, _button=None) -> None:
        case = self.case
        self.bridge.download(f"guide-{case.id}-{self.language}.html",
                             guide_html(self.framework, case, self.language), "text/html")


class ComparePanel(w.VBox):
    """Any two or more assessments (and case references) on one chart."""

    def __init__(self, framework: Framework, store: Store, language: str,
                 cases: dict[str, Case]):
        self.framework, self.store, self.language, self.cases = (
            framework, store, language, cases)
        options = [(f"{ui('reference', language)}: {pick(case.title, language)}",
                    f"case:{case.id}") for case in cases.values()]
        for record in store.exercise_assessments():  # never a group session's member
            label = (f"{record.project} · {ui(f'role_{record.role}', language)} · "
                     f"{record.updated_at:%Y-%m-%d %H:%M}")
            options.append((label, f"assessment:{record.id}"))
        self.picker = w.SelectMultiple(options=options, rows=8,
                                       layout=w.Layout(width="100%"))
        self.compare_button = w.Button(description=ui("compare_button", language))
        self.compare_button.on_click(self._on_compare)
        self.message = w.HTML()
        self.chart = chart_view(language)
        self.chart.layout.display = "none"
        help_text = ui("compare_help_exercises", language)
        super().__init__([w.HTML(f"<h2>{ui('compare_heading', language)}</h2>"
                                 f'<p class="rw-muted">{help_text}</p>'),
                          self.picker, self.compare_button, self.message, self.chart])

    def _named_answers(self, choice: str) -> tuple[str, dict]:
        kind, _, identifier = choice.partition(":")
        if kind == "case":
            case = self.cases[identifier]
            return (f"{ui('reference', self.language)}: {pick(case.title, self.language)}",
                    case.answers)
        if identifier not in {record.id for record in self.store.exercise_assessments()}:
            raise ReadinessError(ui("not_found", self.language))  # e.g. joined a session since
        label = next(text for text, value in self.picker.options if value == choice)
        return label, self.store.answer_values(identifier)

    def _on_compare(self, _button=None) -> None:
        chosen = list(self.picker.value)
        if len(chosen) < 2:
            self.message.value = error_html(ui("compare_pick_two", self.language))
            return
        try:
            named = [self._named_answers(c) for c in chosen]
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = ""
        draw(self.chart, self.framework, overlay_series(self.framework, named), self.language)
        self.chart.layout.display = None


class TrainerApp(w.VBox):
    """The trainer's page as a notebook of its own (``notebooks/trainer.ipynb``)."""

    def __init__(self, framework: Framework, store: Store, language: str = "en"):
        from pathlib import Path

        from readiness.environment import PUBLIC_URL_ENV_VAR

        self.bridge = PageBridge()
        workbook = os.environ.get(PUBLIC_URL_ENV_VAR) or "http://127.0.0.1:8866/"
        self.panel = TrainerPanel(framework, store, language, self.bridge, workbook)
        style = (Path(__file__).parent.parent / "style.css").read_text(encoding="utf-8")
        super().__init__([w.HTML(f"<style>{style}</style>"), self.panel, self.bridge])
        self.add_class("rw-app")
