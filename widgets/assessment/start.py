"""The start panel: create an assessment, or resume one from a file."""

from __future__ import annotations

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.i18n.ui_text import ui
from readiness.store import ROLES
from readiness_widgets.assessment.files import UploadBox
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.shared.messages import error_html


class StartPanel(w.VBox):
    def __init__(self, state: WorkbookState, message: str = "", on_join=None,
                 on_new_session=None, may_create: bool = True):
        """``on_join(code)`` and ``on_new_session()`` lead to the group-session pages.
        Without ``may_create`` (no host right, see ``WorkbookApp._check_host``) the buttons
        that create or import refuse with a message, whatever the browser sends."""
        language = state.language
        self.state = state
        self.may_create = may_create
        self.project = w.Text(description=ui("project", language),
                              style={"description_width": "initial"})
        self.area = w.Text(description=ui("area", language),
                           style={"description_width": "initial"})
        # No role is chosen for the person: a default would answer for them.
        self.role = w.Dropdown(
            description=ui("role", language), style={"description_width": "initial"},
            options=[(ui(f"role_{role}", language), role) for role in ROLES], value=None)
        self.role.add_class("rw-role-choice")
        self.role_help = w.HTML(f'<p class="rw-muted rw-role-help">{ui("role_help", language)}</p>')
        self.create_button = w.Button(description=ui("create", language),
                                      button_style="primary")
        self.create_button.on_click(self._on_create)
        self.message = w.HTML(error_html(message)
                              if message else "")
        self.upload = UploadBox(state, may_create)
        self.on_join, self.on_new_session = on_join, on_new_session
        self.join_code = w.Text(description=ui("join_code", language), placeholder="ABCD-EFGH",
                                style={"description_width": "initial"})
        self.join_button = w.Button(description=ui("join_button", language))
        self.join_button.on_click(lambda _b: self.on_join and self.on_join(self.join_code.value))
        self.new_session_button = w.Button(description=ui("create_session", language))
        self.new_session_button.on_click(self._on_new_session)
        super().__init__([
            w.HTML(f"<h2>{ui('start_heading', language)}</h2>"),
            self.project, self.area, self.role, self.role_help, self.create_button,
            self.message,
            w.HTML(f"<h2>{ui('resume_heading', language)}</h2>"
                   f"<p>{ui('resume_help', language)}</p>"),
            self.upload,
            w.HTML(f"<h2>{ui('group_heading', language)}</h2>"
                   f"<p>{ui('group_start_help', language)}</p>"),
            w.HBox([self.join_code, self.join_button]), self.new_session_button,
        ])

    def _on_create(self, _button=None) -> None:
        if not self.may_create:
            self._error(ui("host_only", self.state.language))
            return
        project = self.project.value.strip()
        if not project:
            self._error(ui("project_required", self.state.language))
            return
        if self.role.value is None:
            self._error(ui("start_role_required", self.state.language))
            return
        try:
            self.state.create(project, self.area.value.strip(), self.role.value)
        except ReadinessError as exc:
            self._error(str(exc))

    def _on_new_session(self, _button=None) -> None:
        if not self.may_create:  # the session page itself refuses too (SessionPages.page)
            self._error(ui("host_only", self.state.language))
            return
        if self.on_new_session:
            self.on_new_session()

    def _error(self, text: str) -> None:
        self.message.value = error_html(text)
