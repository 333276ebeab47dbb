"""The trainer's page: pick a case and a mode, hand out the exercise, show its trainees the
reference when the course is ready, print the guide, and compare assessments. Also the glue
that puts case exercises on the workbook page."""

from __future__ import annotations

import os
from html import escape

import ipywidgets as w

from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import bdi
from readiness.store import Store
from readiness.store.exercises import find_exercise
from readiness.training.cases import find_case
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.route import Route
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html
from readiness_widgets.training.cases import CaseBanner, CaseStartPanel
from readiness_widgets.training.live import follow_ticks
from readiness_widgets.training.model import TrainerModel


def trainer_page(app, route: Route):
    """The page for ``?case=CODE`` (an exercise handed out), ``?case=ID`` (a case's plain
    link) or ``?trainer=1``."""
    state = app.state
    if route.page == "case":
        exercise = find_exercise(state.store, route.code)
        case = find_case(state.framework, exercise.case_id if exercise else route.code)
        if case is None:
            return app.start_panel(ui("not_found", state.language))
        return CaseStartPanel(state, case, exercise)
    model = TrainerModel(state.framework, state.store, state.language,
                         workbook_url=app.bridge.page_url or "/")
    return TrainerPanel(model, app.bridge, on_session=app.sessions().open_new_session)


def case_banner(app, case_id: str) -> CaseBanner | None:
    case = find_case(app.state.framework, case_id)
    return None if case is None else CaseBanner(app.state.framework, app.state, case,
                                                app.bridge)


class TrainerPanel(Panel):
    def __init__(self, model: TrainerModel, bridge: PageBridge, on_session=None):
        """``on_session(session, key)`` opens the facilitator view of a new group session;
        without it (a notebook outside the served page) the code and key are shown here."""
        self.model, self.bridge, self.on_session = model, bridge, on_session
        language = model.language
        if not model.cases:  # a fork: the shipped cases fit another framework
            framework = f"{model.framework.id} {model.framework.version}"
            super().__init__([
                w.HTML(f"<h2>{ui('trainer_heading', language)}</h2>"),
                w.HTML(f'<p class="rw-trainer-no-cases">'
                       f"{escape(ui('trainer_no_cases', language, framework=framework))}</p>")])
            self.add_class("rw-trainer")
            return
        self.case_picker = w.Dropdown(
            description=ui("case_pick", language), style={"description_width": "initial"},
            options=[(pick(case.title, language), case.id) for case in model.cases.values()],
            layout=w.Layout(width="auto"))
        self.mode = w.ToggleButtons(options=[(ui("mode_alone", language), "alone"),
                                             (ui("mode_group", language), "group")],
                                    style={"button_width": "auto"})
        self.release = w.RadioButtons(
            description=ui("release_policy", language), style={"description_width": "initial"},
            options=[(ui("release_trainer", language), "trainer"),
                     (ui("release_finished", language), "finished")],
            layout=w.Layout(width="auto"))
        self.release.add_class("rw-release-policy")
        self.group_note = w.HTML(
            f'<p class="rw-muted">{escape(ui("group_release_note", language))}</p>')
        self.go_button = w.Button(description=ui("start_exercise", language),
                                  button_style="primary")
        self.go_button.on_click(self._on_go)
        self.guide_button = w.Button(description=ui("download_guide", language),
                                     icon="download", layout=w.Layout(width="auto"))
        self.guide_button.on_click(self._on_guide)
        self.result = w.HTML()
        self.exercise = ExercisePanel(model)
        self.compare = ComparePanel(model)
        super().__init__([
            w.HTML(f"<h2>{ui('trainer_heading', language)}</h2>"),
            self.case_picker, self.mode, self.release, self.group_note,
            w.HBox([self.go_button, self.guide_button], layout=w.Layout(flex_flow="row wrap")),
            self.result, self.exercise, self.compare])
        self.add_class("rw-trainer")
        self._links = [w.link((model, "case_id"), (self.case_picker, "value")),
                       w.link((model, "mode"), (self.mode, "value")),
                       w.link((model, "release"), (self.release, "value"))]
        self.watch(model, self._show_result, ["session", "session_key", "problem"])
        self.watch(model, self._show_mode, "mode")
        self._stop = follow_ticks(bridge, model.refresh)
        self._show_mode()

    def close(self) -> None:
        for link in self.__dict__.pop("_links", []):
            link.unlink()
        if self.__dict__.get("_stop") is not None:
            self._stop()
        super().close()

    def _show_mode(self, _change=None) -> None:
        alone = self.model.mode == "alone"
        self.release.layout.display = None if alone else "none"
        self.exercise.layout.display = None if alone else "none"
        self.group_note.layout.display = "none" if alone else None

    def _on_go(self, _button=None) -> None:
        session = self.model.start()
        if session is not None and self.on_session is not None:
            self.on_session(session, self.model.session_key)

    def _show_result(self, _change=None) -> None:
        model, language = self.model, self.model.language
        if model.problem:
            self.result.value = error_html(model.problem)
        elif model.session is not None and self.on_session is None:
            secret = ui("key_once", language, secret=model.session_key)
            self.result.value = (f'<p class="rw-join-code">'
                                 f"{escape(model.session.display_code)}</p>"
                                 f"<p>{escape(secret)}</p>")
        else:
            self.result.value = ""

    def _on_guide(self, _button=None) -> None:
        name, html = self.model.guide()
        self.bridge.download(name, html, "text/html")


def trainees_html(model: TrainerModel) -> str:
    """The exercise's trainees: name (or none), role, how far they got, finished or not."""
    language = model.language
    if not model.trainees:
        return f'<p class="rw-muted">{escape(ui("trainees_none", language))}</p>'
    total = len(model.framework.gates) + len(model.framework.questions)
    head = "".join(f'<th scope="col">{escape(ui(key, language))}</th>'
                   for key in ("col_name", "col_role", "col_answered", "col_finished"))
    rows = []
    for row in model.trainees:
        name = bdi(row.display_name) if row.display_name else escape(
            ui("trainee_no_name", language))
        finished = ("–" if row.finished_at is None
                    else row.finished_at.astimezone().strftime("%H:%M"))
        answered = ui("count_of_total", language, count=row.answered, total=total)
        rows.append(f'<tr data-assessment="{escape(row.record.id)}"><td>{name}</td>'
                    f"<td>{escape(ui(f'role_{row.record.role}', language))}</td>"
                    f"<td>{escape(answered)}</td><td>{finished}</td></tr>")
    return (f'<table class="rw-trainees"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


class ExercisePanel(Panel):
    """The exercise last handed out on the case: its link, whether its trainees see the
    reference, the button that shows it to them (or hides it again), and its trainees, all
    following the store."""

    def __init__(self, model: TrainerModel):
        self.model = model
        language = model.language
        self.heading = w.HTML()
        self.state_note = w.HTML()
        self.state_note.add_class("rw-release-state")
        self.release_button = w.Button(layout=w.Layout(width="auto"))
        self.release_button.on_click(self._on_release)
        self.trainees = w.HTML()
        self.body = w.VBox([self.heading, self.state_note, self.release_button,
                            w.HTML(f"<h3>{escape(ui('trainees_heading', language))}</h3>"),
                            self.trainees])
        super().__init__([self.body])
        self.add_class("rw-exercise")
        self.watch(model, self._show, ["exercise", "exercise_link"])
        self.watch(model, self._show_trainees, "trainees")
        self._show()

    def _show(self, _change=None) -> None:
        model, language = self.model, self.model.language
        exercise = model.exercise
        self.body.layout.display = "none" if exercise is None else None
        if exercise is None:
            return
        started = exercise.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        link = escape(model.exercise_link)
        title = ui("exercise_heading", language, code=exercise.display_code, time=started)
        self.heading.value = (f"<h3>{escape(title)}</h3>"
                              f"<p>{ui('exercise_link', language)}</p>"
                              f'<p class="rw-exercise-link"><a href="{link}">{link}</a></p>')
        if exercise.released:
            note = ui("exercise_shown_note", language)
        else:
            note = ui(f"exercise_{'held' if exercise.release == 'trainer' else 'each'}_note",
                      language)
        self.state_note.value = f'<p role="status">{escape(note)}</p>'
        self.release_button.description = ui(
            "hold_button" if exercise.released else "release_button", language)
        self.release_button.button_style = "" if exercise.released else "primary"
        self._show_trainees()

    def _show_trainees(self, _change=None) -> None:
        self.trainees.value = trainees_html(self.model)

    def _on_release(self, _button=None) -> None:
        exercise = self.model.exercise
        if exercise is not None:
            self.model.set_released(not exercise.released)


class ComparePanel(Panel):
    """Any two or more assessments (and case references) on one chart; the list follows
    the store (a trainee who starts shows up without a reload)."""

    def __init__(self, model: TrainerModel):
        self.model = model
        language = model.language
        self.picker = w.SelectMultiple(options=model.options, rows=8,
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
        self.watch(model, self._on_options, "options")

    def _on_pick(self, change) -> None:
        self.model.chosen = list(change["new"])

    def _on_options(self, change) -> None:
        """New options keep what was picked (ipywidgets clears it when options change)."""
        chosen = [value for value in self.model.chosen
                  if value in {value for _label, value in change["new"]}]
        self.picker.options = change["new"]
        self.picker.value = tuple(chosen)

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
        self.bridge.follow_store(store)
        workbook = os.environ.get(PUBLIC_URL_ENV_VAR) or "http://127.0.0.1:8866/"
        self.panel = TrainerPanel(TrainerModel(framework, store, language, workbook),
                                  self.bridge)
        style = (Path(__file__).parent.parent / "style.css").read_text(encoding="utf-8")
        super().__init__([w.HTML(f"<style>{style}</style>"), self.panel, self.bridge])
        self.add_class("rw-app")
