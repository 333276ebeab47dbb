"""The trainer's page: pick a case and a mode, hand out the exercise, print the guide, and
compare assessments. Also the glue that puts case exercises on the workbook page."""

from __future__ import annotations

import os
from html import escape

import ipywidgets as w

from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.store import Store
from readiness.training.cases import find_case
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.route import Route
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html
from readiness_widgets.training.cases import CaseBanner, CaseStartPanel
from readiness_widgets.training.model import TrainerModel


def trainer_page(app, route: Route):
    """The page for ``?case=ID`` (a trainee's exercise) or ``?trainer=1``."""
    state = app.state
    if route.page == "case":
        case = find_case(state.framework, route.code)
        if case is None:
            return app.start_panel(ui("not_found", state.language))
        return CaseStartPanel(state, case)
    model = TrainerModel(state.framework, state.store, state.language,
                         workbook_url=app.bridge.page_url or "/")
    return TrainerPanel(model, app.bridge, on_session=app.sessions().open_new_session)


def case_banner(app, case_id: str) -> CaseBanner | None:
    case = find_case(app.state.framework, case_id)
    return None if case is None else CaseBanner(app.state.framework, app.state, case)


class TrainerPanel(Panel):
    def __init__(self, model: TrainerModel, bridge: PageBridge, on_session=None):
        """``on_session(session, key)`` opens the facilitator view of a new group session;
        without it (a notebook outside the served page) the code and key are shown here."""
        self.model, self.bridge, self.on_session = model, bridge, on_session
        language = model.language
        self.case_picker = w.Dropdown(
            description=ui("case_pick", language), style={"description_width": "initial"},
            options=[(pick(case.title, language), case.id) for case in model.cases.values()],
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
        self.compare = ComparePanel(model)
        super().__init__([
            w.HTML(f"<h2>{ui('trainer_heading', language)}</h2>"),
            self.case_picker, self.mode, w.HBox([self.go_button, self.guide_button]),
            self.result, self.compare])
        self.add_class("rw-trainer")
        self._links = [w.link((model, "case_id"), (self.case_picker, "value")),
                       w.link((model, "mode"), (self.mode, "value"))]
        self.watch(model, self._show_result,
                   ["exercise_link", "session", "session_key", "problem"])

    def close(self) -> None:
        for link in self.__dict__.pop("_links", []):
            link.unlink()
        super().close()

    def _on_go(self, _button=None) -> None:
        session = self.model.start()
        if session is not None and self.on_session is not None:
            self.on_session(session, self.model.session_key)

    def _show_result(self, _change=None) -> None:
        model, language = self.model, self.model.language
        if model.problem:
            self.result.value = error_html(model.problem)
        elif model.exercise_link:
            link = escape(model.exercise_link)
            self.result.value = (f"<p>{ui('exercise_link', language)}</p>"
                                 f'<p class="rw-exercise-link"><a href="{link}">{link}</a></p>')
        elif model.session is not None and self.on_session is None:
            secret = ui("key_once", language, secret=model.session_key)
            self.result.value = (f'<p class="rw-join-code">'
                                 f"{escape(model.session.display_code)}</p>"
                                 f"<p>{escape(secret)}</p>")

    def _on_guide(self, _button=None) -> None:
        name, html = self.model.guide()
        self.bridge.download(name, html, "text/html")


class ComparePanel(Panel):
    """Any two or more assessments (and case references) on one chart."""

    def __init__(self, model: TrainerModel):
        self.model = model
        language = model.language
        self.picker = w.SelectMultiple(options=model.compare_options(), rows=8,
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
        self.watch(self.picker, self._on_pick, "value")

    def _on_pick(self, change) -> None:
        self.model.chosen = list(change["new"])

    def _on_compare(self, _button=None) -> None:
        model = self.model
        if model.compare({value: label for label, value in self.picker.options}):
            self.message.value = ""
            draw(self.chart, model.framework, model.compared, model.language)
            self.chart.layout.display = None
        else:
            self.message.value = error_html(model.problem)


class TrainerApp(w.VBox):
    """The trainer's page as a notebook of its own (``notebooks/trainer.ipynb``)."""

    def __init__(self, framework: Framework, store: Store, language: str = "en"):
        from pathlib import Path

        from readiness.environment import PUBLIC_URL_ENV_VAR

        self.bridge = PageBridge()
        workbook = os.environ.get(PUBLIC_URL_ENV_VAR) or "http://127.0.0.1:8866/"
        self.panel = TrainerPanel(TrainerModel(framework, store, language, workbook),
                                  self.bridge)
        style = (Path(__file__).parent.parent / "style.css").read_text(encoding="utf-8")
        super().__init__([w.HTML(f"<style>{style}</style>"), self.panel, self.bridge])
        self.add_class("rw-app")
