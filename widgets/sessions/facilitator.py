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
from readiness.render.charts import spread_series
from readiness.render.html_group import isolated, members_html, moved_html
from readiness.render.html_parts import bdi
from readiness.scoring.aggregate import group_profile, min_group_size
from readiness.scoring.group_summary import MOVED_POINTS, complete_members, moved_dimensions
from readiness.store import Store
from readiness.store.sessions import (
    AccessDenied,
    SessionRecord,
    check_facilitator,
    create_session,
    member_summaries,
    next_round,
    project_rounds,
    session_activity,
    session_export,
    session_members,
    set_session_flags,
)
from readiness_widgets.assessment.files import ReportDownloads
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.sessions.group import GroupResultsPanel
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html


def key_memory_name(session: SessionRecord) -> str:
    return f"rw-key:{session.join_code}"


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

    def __init__(self, store: Store, session: SessionRecord, language: str, on_key,
                 message: str = ""):
        self.store, self.session, self.language, self.on_key = store, session, language, on_key
        self.key = w.Password(description=ui("facilitator_key", language),
                              style={"description_width": "initial"})
        self.open_button = w.Button(description=ui("open_facilitator", language),
                                    button_style="primary")
        self.open_button.on_click(self._on_open)
        self.message = w.HTML(error_html(message) if message else "")
        super().__init__([w.HTML(f"<h2>{ui('facilitator_heading', language)}: "
                                 f"{bdi(session.project)}</h2>"),
                          self.key, self.open_button, self.message])

    def _on_open(self, _button=None) -> None:
        try:
            check_facilitator(self.store, self.session.id, self.key.value.strip())
        except AccessDenied:
            self.message.value = error_html(ui("key_wrong", self.language))
            return
        self.on_key(self.key.value.strip())


class FacilitatorView(Panel):
    """Join code and QR, controls, and the group's results updating as members answer."""

    def __init__(self, framework: Framework, store: Store, session: SessionRecord, key: str,
                 language: str, bridge: PageBridge, join_page: str, new_key: bool,
                 on_session):
        check_facilitator(store, session.id, key)
        self.framework, self.store, self.session, self.key = framework, store, session, key
        self.language, self.bridge, self.on_session = language, bridge, on_session
        self._marker: tuple | None = None
        join_url = f"{join_page}?join={session.join_code}"
        round_text = f" – {bdi(session.round)}" if session.round else ""
        # Folded, so a projector that is already on does not show it.
        key_note = (f'<details class="rw-key-once"><summary>{ui("facilitator_key", language)}'
                    f'</summary><p>{escape(ui("key_once", language, secret=key))}</p></details>'
                    if new_key else "")
        invitation = w.HTML(
            f'<div class="rw-invitation"><div>'
            f'<p>{escape(ui("join_at", language, url=join_page))}</p>'
            f'<p class="rw-join-code">{escape(session.display_code)}</p>'
            f'<p class="rw-join-url"><a href="{escape(join_url)}">{escape(join_url)}</a></p>'
            f'</div><div class="rw-qr" role="img" aria-label="{escape(join_url)}">'
            f"{qr_svg(join_url)}</div></div>")
        self.is_open = w.Checkbox(value=session.is_open, description=ui("session_open", language),
                                  indent=False)
        self.revealed = w.Checkbox(value=session.revealed, indent=False,
                                   description=ui("session_reveal", language))
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
        self.members = w.HTML()
        self.rounds_chart = chart_view(language)
        self.moved = w.HTML()
        self.rounds_box = w.VBox([w.HTML(f"<h2>{ui('rounds_heading', language)}</h2>"),
                                  self.rounds_chart,
                                  w.HTML(f"<h3>{ui('moved_heading', language)}</h3>"),
                                  self.moved])
        self.rounds_box.layout.display = "none"
        self.reports = ReportDownloads(framework, bridge, language,
                                       f"session-{session.join_code}", self._report_data)
        controls = w.VBox([self.is_open, self.revealed, self.reports,
                           self.named_report_button, self.download_button,
                           w.HBox([self.round_name, self.round_button]), self.message])
        controls.add_class("rw-controls")
        super().__init__([
            w.HTML(f"<h2>{ui('facilitator_heading', language)}: "
                   f"{bdi(session.project)}{round_text}</h2>{key_note}"),
            invitation, controls, self.status,
            w.HTML(f"<h2>{ui('group_results', language)}</h2>"), self.full_detail,
            self.results,
            w.HTML(f"<h2>{ui('members_heading', language)}</h2>"), self.members,
            self.rounds_box,
        ])
        self.add_class("rw-facilitator")
        self.watch(self.is_open, self._on_open_change, "value")
        self.watch(self.revealed, self._on_reveal_change, "value")
        self.refresh()
        self._show_rounds()

    # -- live --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the group again if anyone joined or answered since the last look."""
        marker = session_activity(self.store, self.session.id)
        if marker == self._marker:
            return
        self._marker = marker
        try:  # read on every change, so the line follows the server's setting
            note = ui("facilitator_full_detail", self.language, n=min_group_size())
            self.full_detail.value = f'<p class="rw-muted">{escape(note)}</p>'
        except ReadinessError as exc:
            self.full_detail.value = error_html(str(exc))
        members = session_members(self.store, self.session.id, self.key)
        group = group_profile(self.framework, members)
        done = complete_members(self.framework, members)
        counts = ui("joined_count", self.language, members=len(members), done=done)
        self.status.value = f'<p role="status">{escape(counts)}</p>'
        self.results.show(group)
        self.members.value = members_html(
            member_summaries(self.store, self.session.id, self.key), self.language)

    def _show_rounds(self) -> None:
        rounds = project_rounds(self.store, self.session.id, self.key)
        if len(rounds) < 2:
            return
        profiles, series = [], []
        for index, record in enumerate(rounds, start=1):
            group = group_profile(self.framework,
                                  session_members(self.store, record.id, self.key))
            profiles.append(group)
            series.append(spread_series(isolated(record.round or f"{index}"),
                                        group.dimensions))
        language = self.language
        draw(self.rounds_chart, self.framework, series, language)
        self.moved.value = moved_html(self.framework, moved_dimensions(self.framework, profiles),
                                      language, MOVED_POINTS)
        self.rounds_box.layout.display = None

    # -- controls ----------------------------------------------------------------------
    def _on_open_change(self, change) -> None:
        self._control(is_open=change["new"])

    def _on_reveal_change(self, change) -> None:
        self._control(revealed=change["new"])

    def _control(self, **flags) -> None:
        try:
            set_session_flags(self.store, self.session.id, self.key, **flags)
            self.message.value = ""
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))

    def _report_data(self):
        """This session, or every round of the project once there are several."""
        from readiness.exchange.report_data import from_sessions

        rounds = project_rounds(self.store, self.session.id, self.key)  # checks the key
        return from_sessions(self.store, [r.id for r in rounds] if len(rounds) > 1
                             else [self.session.id])

    def _on_named_report(self, _button=None) -> None:
        from readiness.render.report import render_html

        html = render_html(self.framework, self._report_data(), self.language, with_names=True)
        name = f"session-{self.session.join_code}-facilitator-only-report.html"
        self.bridge.download(name, html, "text/html")
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.language, name=name))}</p>')

    def _on_download(self, _button=None) -> None:
        data = session_export(self.store, self.framework, self.session.id, self.key)
        name = f"session-{self.session.join_code}.json"
        self.bridge.download(name, json.dumps(data, ensure_ascii=False, indent=2))

    def _on_new_round(self, _button=None) -> None:
        try:
            session = next_round(self.store, self.framework, self.session.id, self.key,
                                 self.round_name.value.strip())
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))
            return
        self.on_session(session, self.key, False)
