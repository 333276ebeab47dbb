"""The facilitator's pages: create a session, open it with the key, watch it live.

The key is checked by the core on every read and every control, so a page that has not
been given the key cannot reach the group's data, whatever its address says.
"""

from __future__ import annotations

import json
from html import escape

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.ui_text import ui
from readiness.render.charts import round_name, rounds_series
from readiness.render.html_group import members_html, moved_html, series_table
from readiness.render.html_parts import bdi
from readiness.scoring.group_summary import MOVED_POINTS, moved_dimensions
from readiness.store import Store
from readiness.store.sessions import AccessDenied, create_session
from readiness.training.exercises import case_overlay
from readiness_widgets.assessment.files import ReportDownloads
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.sessions.group import GroupResultsPanel
from readiness_widgets.sessions.model import SessionModel, key_memory_name
from readiness_widgets.sessions.plan import SessionPlanPanel
from readiness_widgets.sessions.presentation import present_link
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html


def qr_svg(url: str) -> str:
    """The join link as a QR code, large enough to scan from the back of a room."""
    import segno  # only the facilitator's page needs it

    return segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000",
                                                 light="#fff")


class CreateSessionPanel(w.VBox):
    """Project, area and round; creates the session and hands back its key once."""

    def __init__(self, framework: Framework, store: Store, language: str, on_created):
        self.framework, self.store, self.language = framework, store, language
        self.on_created = on_created
        style = {"description_width": "initial"}
        self.project = w.Text(description=ui("project", language), style=style)
        self.area = w.Text(description=ui("area", language), style=style)
        self.round = w.Text(description=ui("round_name", language), style=style)
        self.create_button = w.Button(description=ui("create_session", language),
                                      button_style="primary")
        self.create_button.on_click(self._on_create)
        self.message = w.HTML()
        super().__init__([w.HTML(f"<h2>{ui('create_session', language)}</h2>"
                                 f"<p>{ui('group_start_help', language)}</p>"),
                          self.project, self.area, self.round, self.create_button,
                          self.message])
        self.add_class("rw-create-session")

    def _on_create(self, _button=None) -> None:
        if not self.project.value.strip():
            self.message.value = error_html(ui("project_required", self.language))
            return
        try:
            session, key = create_session(
                self.store, self.framework, project=self.project.value.strip(),
                area=self.area.value.strip(), language=self.language,
                round_name=self.round.value.strip())
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))
            return
        self.on_created(session, key)


class KeyPanel(w.VBox):
    """Asks for the facilitator key of a session (never taken from the address)."""

    def __init__(self, model: SessionModel, language: str, on_unlocked, message: str = ""):
        self.model, self.language, self.on_unlocked = model, language, on_unlocked
        self.key = w.Password(description=ui("facilitator_key", language),
                              style={"description_width": "initial"})
        self.open_button = w.Button(description=ui("open_facilitator", language),
                                    button_style="primary")
        self.open_button.on_click(self._on_open)
        self.message = w.HTML(error_html(message) if message else "")
        self.heading = w.HTML(f"<h2>{ui('facilitator_heading', language)}: "
                              f"{bdi(model.session.project)}</h2>")
        super().__init__([self.heading, self.key, self.open_button, self.message])

    def _on_open(self, _button=None) -> None:
        if not self.model.unlock(self.key.value.strip()):
            self.message.value = error_html(ui("key_wrong", self.language))
            return
        self.on_unlocked(self.model)


class FacilitatorView(Panel):
    """Join code and QR, controls, the group's results updating as members answer, and
    the group's action plan.

    Bound to an unlocked ``SessionModel``: the checkboxes and the plan follow the model's
    stored flags and plan (a control the store refused springs back), the results follow
    its group."""

    def __init__(self, model: SessionModel, bridge: PageBridge, language: str, *,
                 join_page: str, new_key: bool, on_round):
        """``join_page``: the address participants open. ``new_key``: the session was
        just created, so its key is shown (folded) this once. ``on_round(session)``:
        show the facilitator view of another round of the project (one just started, or
        one chosen among the rounds), with the same key."""
        if not model.key:
            raise AccessDenied("the session model is locked: unlock it with the key first")
        self.model, self.bridge, self.language, self.on_round = model, bridge, language, on_round
        framework, session = model.framework, model.session
        join_url = session.join_link(join_page)
        round_text = f" – {bdi(session.round)}" if session.round else ""
        # Folded, so a projector that is already on does not show it.
        key_note = (f'<details class="rw-key-once"><summary>{ui("facilitator_key", language)}'
                    f'</summary><p>{escape(ui("key_once", language, secret=model.key))}</p>'
                    f"</details>" if new_key else "")
        self.heading = w.HTML(f"<h2>{ui('facilitator_heading', language)}: "
                              f"{bdi(session.project)}{round_text}</h2>{key_note}")
        self.invitation = w.HTML(
            f'<div class="rw-invitation"><div>'
            f'<p>{escape(ui("join_at", language, url=join_page))}</p>'
            f'<p class="rw-join-code">{escape(session.display_code)}</p>'
            f'<p class="rw-join-url"><a href="{escape(join_url)}">{escape(join_url)}</a></p>'
            f'</div><div class="rw-qr" role="img" aria-label="{escape(join_url)}">'
            f"{qr_svg(join_url)}</div></div>")
        # The projector's own page, in a new tab: large type, no names (presentation.py).
        self.present = w.HTML(present_link(session.join_code, language))
        self.is_open = w.Checkbox(description=ui("session_open", language), indent=False)
        self.revealed = w.Checkbox(description=ui("session_reveal", language), indent=False)
        self.download_button = w.Button(description=ui("download_group", language),
                                        icon="download",
                                        layout=w.Layout(width="auto", align_self="flex-start"))
        self.download_button.on_click(self._on_download)
        # Apart from the shareable report: names beside answers, and labelled so.
        self.named_report_button = w.Button(
            description=ui("download_facilitator_report", language), icon="download",
            button_style="warning", layout=w.Layout(width="auto", align_self="flex-start"))
        self.named_report_button.on_click(self._on_named_report)
        self.round_name = w.Text(description=ui("round_name", language),
                                 style={"description_width": "initial"})
        self.round_button = w.Button(description=ui("new_round", language),
                                     layout=w.Layout(width="auto"))
        self.round_button.on_click(self._on_new_round)
        self.message = w.HTML()
        self.full_detail = w.HTML()
        self.full_detail.add_class("rw-full-detail")
        self.status = w.HTML()
        self.status.add_class("rw-live-status")
        self.results = GroupResultsPanel(framework, language, with_distributions=True)
        self.results.overlay = case_overlay(model.store, framework, session.id, language)
        self.plan = SessionPlanPanel(model, language, on_answer=self._show_problem)
        self.members = w.HTML()
        self.rounds_links = w.HBox(layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.rounds_links.add_class("rw-rounds-links")
        self._links_shown: list | None = None
        self.rounds_chart = chart_view(language)
        self.rounds_table = w.HTML()
        self.moved = w.HTML()
        self.rounds_box = w.VBox([w.HTML(f"<h2>{ui('rounds_heading', language)}</h2>"),
                                  self.rounds_links,
                                  w.HTML(f'<p class="rw-muted">{ui("rounds_chart_help", language)}'
                                         "</p>"),
                                  self.rounds_chart, self.rounds_table,
                                  w.HTML(f"<h3>{ui('moved_heading', language)}</h3>"),
                                  self.moved])
        self.rounds_box.add_class("rw-rounds")
        self.rounds_box.layout.display = "none"
        self.reports = ReportDownloads(framework, bridge, language,
                                       f"session-{session.join_code}", model.report_data)
        controls = w.VBox([self.is_open, self.revealed, self.reports,
                           self.named_report_button, self.download_button,
                           w.HBox([self.round_name, self.round_button]), self.message])
        controls.add_class("rw-controls")
        super().__init__([
            self.heading, self.invitation, self.present, controls, self.status,
            w.HTML(f"<h2>{ui('group_results', language)}</h2>"), self.full_detail,
            self.results, self.plan,
            w.HTML(f"<h2>{ui('members_heading', language)}</h2>"), self.members,
            self.rounds_box,
        ])
        self.add_class("rw-facilitator")
        # The model's stored flags drive the boxes; a tick asks the model to store it.
        self._links = [w.dlink((model, "is_open"), (self.is_open, "value")),
                       w.dlink((model, "revealed"), (self.revealed, "value"))]
        self.watch(self.is_open, self._on_open_box, "value")
        self.watch(self.revealed, self._on_reveal_box, "value")
        self.watch(model, self._show_group, ["group", "summaries", "min_size", "min_size_problem"])
        self.watch(model, self._show_problem, "problem")
        self.watch(model, self._show_rounds, ["rounds", "round_sessions"])
        self._show_group()
        self._show_problem()
        self._show_rounds()

    def close(self) -> None:
        for link in self.__dict__.pop("_links", []):
            link.unlink()
        super().close()

    # -- following the model -------------------------------------------------------------
    def _show_group(self, _change=None) -> None:
        model, language = self.model, self.language
        if model.min_size is not None:
            note = ui("facilitator_full_detail", language, n=model.min_size)
            self.full_detail.value = f'<p class="rw-muted">{escape(note)}</p>'
        else:
            self.full_detail.value = error_html(model.min_size_problem)
        counts = ui("joined_count", language, members=model.members, done=model.complete)
        self.status.value = f'<p role="status">{escape(counts)}</p>'
        if model.group is not None:
            self.results.show(model.group)
        self.members.value = members_html(model.summaries, language)

    def _show_problem(self, _change=None) -> None:
        """Why the last control failed: beside the plan when it came from there, else
        with the controls."""
        problem, at_plan = self.model.problem, self.plan.page.asked
        self.message.value = error_html(problem) if problem and not at_plan else ""
        self.plan.show_problem(problem if at_plan else "")

    def _show_rounds(self, _change=None) -> None:
        rounds = self.model.rounds
        if not rounds:
            self.rounds_box.layout.display = "none"
            return
        framework, language = self.model.framework, self.language
        self._remember_key()
        self._show_round_links()
        series = rounds_series(rounds)
        draw(self.rounds_chart, framework, series, language)
        self.rounds_table.value = series_table(framework, series, language,
                                               ui("rounds_table_caption", language))
        profiles = [group for _name, group in rounds]
        self.moved.value = moved_html(framework, moved_dimensions(framework, profiles),
                                      language, MOVED_POINTS)
        self.rounds_box.layout.display = None

    def _remember_key(self) -> None:
        """The key opens every round of the project: this tab remembers it for each, so
        the links between the rounds open their facilitator views without asking."""
        if self.bridge is None:
            return
        for record in self.model.round_sessions:
            name = key_memory_name(record.join_code)
            if self.bridge.memory.get(name) != self.model.key:
                self.bridge.remember(name, self.model.key, tab_only=True)

    def _show_round_links(self) -> None:
        """A way to each round's facilitator view, this one marked as this page. Opened in
        this page, with the key it has (a plain link would load a new page, and the old
        one's reload-on-lost-connection can cancel that navigation)."""
        shown = [(record.id, record.round) for record in self.model.round_sessions]
        if shown == self._links_shown:
            return
        self._links_shown = shown
        language = self.language
        items: list = [w.HTML(f"<p>{escape(ui('rounds_links', language))}:</p>")]
        for index, record in enumerate(self.model.round_sessions, start=1):
            name = round_name(index, record.round)
            if record.id == self.model.session.id:
                here = w.HTML(f'<p aria-current="page"><strong>{escape(name)}</strong> '
                              f'({escape(ui("this_round", language))})</p>')
                here.add_class("rw-round-here")
                items.append(here)
                continue
            button = w.Button(description=name, layout=w.Layout(width="auto"),
                              tooltip=ui("rounds_links", language))
            button.add_class(f"rw-round-link-{index}")
            button.on_click(lambda _b, record=record: self.on_round(record))
            items.append(button)
        old = self.rounds_links.children
        self.rounds_links.children = items
        for child in old:
            child.close()

    # -- controls ----------------------------------------------------------------------
    def _control(self, call, *arguments):
        """Call the model for a control; its problem, if any, shows with the controls."""
        self.plan.page.asked = False
        outcome = call(*arguments)
        self._show_problem()
        return outcome

    def _on_open_box(self, change) -> None:
        if not self._control(self.model.set_open, change["new"]):
            self.is_open.value = self.model.is_open  # refused: show what is stored

    def _on_reveal_box(self, change) -> None:
        if not self._control(self.model.set_revealed, change["new"]):
            self.revealed.value = self.model.revealed

    def _on_named_report(self, _button=None) -> None:
        from readiness.render.report import render_html

        html = render_html(self.model.framework, self.model.report_data(), self.language,
                           with_names=True)
        name = f"session-{self.model.session.join_code}-facilitator-only-report.html"
        self.bridge.download(name, html, "text/html")
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.language, name=name))}</p>')

    def _on_download(self, _button=None) -> None:
        name = f"session-{self.model.session.join_code}.json"
        self.bridge.download(name, json.dumps(self.model.export(), ensure_ascii=False,
                                              indent=2))

    def _on_new_round(self, _button=None) -> None:
        session = self._control(self.model.next_round, self.round_name.value)
        if session is not None:
            self.on_round(session)
