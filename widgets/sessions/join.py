"""Joining a group session: code, stakeholder role, and an optional name."""

from __future__ import annotations

from html import escape

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import TextStyle

from readiness.errors import NotFoundError, ReadinessError
from readiness.framework.model import Framework
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import bdi
from readiness.store import ROLES, Store
from readiness.store.sessions import (
    JOIN_CODE_LENGTH,
    AccessDenied,
    MemberSummary,
    find_session,
    join_session,
    normalise_code,
)
from readiness_widgets.sessions.personal import afresh_button
from readiness_widgets.shared import looks
from readiness_widgets.shared.messages import error_html


def joined_memory_name(join_code: str) -> str:
    """Where a device remembers the assessment it joined a session with."""
    return f"rw-joined:{normalise_code(join_code)}"


def who_text(language: str, role: str, display_name: str, answered: int | None = None) -> str:
    """A member as they see themselves: role, name (or "anonymous"), answers given."""
    parts = [ui(f"role_{role}", language), display_name or ui("anonymous", language)]
    if answered is not None:
        parts.append(ui("answered_short", language, count=answered))
    return " · ".join(parts)


class RejoinPanel(w.VBox):
    """This browser joined the session before (or its member's personal link was opened):
    continue those answers, join as another person (a second participant on a shared
    phone or laptop), or start afresh as a new respondent.

    ``found``: the line saying who was found; the "someone else" button is left out
    without ``on_someone_else`` (a personal link is one person's)."""

    def __init__(self, language: str, found: str, on_continue, on_someone_else,
                 on_start_afresh, continue_text: str = "", session_line: str = ""):
        self.continue_button = w.Button(
            description=continue_text or ui("rejoin_continue", language),
            button_style="primary", layout=w.Layout(width="auto"))
        self.continue_button.on_click(lambda _b: on_continue())
        self.someone_else_button = w.Button(description=ui("rejoin_someone_else", language),
                                            layout=w.Layout(width="auto"))
        self.someone_else_button.on_click(lambda _b: on_someone_else and on_someone_else())
        self.start_afresh_button = afresh_button(language, on_start_afresh)
        self.found = w.HTML(f"<h2>{ui('join_heading', language)}</h2>{session_line}"
                            f"<p>{escape(found)}</p>")
        buttons = [self.continue_button,
                   *([self.someone_else_button] if on_someone_else else []),
                   self.start_afresh_button]
        self.message = w.HTML()
        super().__init__([
            self.found, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")),
            w.HTML(f'<p class="rw-muted">{ui("start_afresh_help", language)}</p>'),
            self.message])
        self.add_class("rw-join")

    @classmethod
    def for_device(cls, language: str, membership: MemberSummary, on_continue,
                   on_someone_else, on_start_afresh) -> RejoinPanel:
        """The question for a browser that joined this session before."""
        who = who_text(language, membership.role, membership.display_name, membership.answered)
        return cls(language, ui("rejoin_found", language, who=who), on_continue,
                   on_someone_else, on_start_afresh)


class JoinPanel(w.VBox):
    """The code (filled in from a join link), the role the member answers as (a required
    choice: the group's results compare the roles, and a default would spoil that), and an
    optional name. Once the code is a session's, the page names its project and round."""

    def __init__(self, framework: Framework, store: Store, language: str, code: str,
                 on_joined, message: str = ""):
        """``message``: shown at once, e.g. why the page came here instead."""
        self.framework, self.store, self.language = framework, store, language
        self.on_joined = on_joined
        # Shared layout and style models (looks.py): a room arrives on this page at once,
        # and each model is one more message for every phone (issue 18.2).
        text_style = looks.shared(TextStyle, description_width="initial")
        self.code = w.Text(value=code, description=ui("join_code", language),
                           style=text_style, layout=looks.layout(), placeholder="ABCD-EFGH")
        self.session_line = looks.html()
        self.session_line.add_class("rw-join-session")
        self.role = w.Dropdown(
            description=ui("role", language), layout=looks.layout(),
            style=looks.shared(DescriptionStyle, description_width="initial"),
            options=[(ui(f"role_{role}", language), role) for role in ROLES], value=None)
        self.role.add_class("rw-role-choice")
        self.display_name = w.Text(description=ui("display_name", language),
                                   style=text_style, layout=looks.layout())
        self.join_button = w.Button(description=ui("join_button", language),
                                    button_style="primary", layout=looks.layout(),
                                    style=looks.shared(w.ButtonStyle))
        self.join_button.on_click(self._on_join)
        self.message = looks.html()
        super().__init__([looks.html(f"<h2>{ui('join_heading', language)}</h2>"),
                          self.session_line,
                          looks.html(f"<p>{ui('join_help', language)}</p>"),
                          self.code, self.role,
                          looks.html(f'<p class="rw-muted rw-role-help">'
                                     f'{ui("role_help", language)}</p>'),
                          self.display_name, self.join_button, self.message],
                         layout=looks.layout())
        self.add_class("rw-join")
        self.code.observe(self._name_session, "value")
        self._name_session()
        if message:
            self._error(message)

    def _name_session(self, _change=None) -> None:
        """The project and round of the session the code opens; nothing while the code is
        incomplete or opens none (and never anything about its members)."""
        code = normalise_code(self.code.value)
        self.session_line.value = ""
        if len(code) != JOIN_CODE_LENGTH:
            return
        try:
            session = find_session(self.store, code)
        except ReadinessError:  # no such session, or the store is away: the join says so
            return
        round_text = f" – {bdi(session.round)}" if session.round else ""
        named = ui("join_session_named", self.language, project=bdi(session.project),
                   round=round_text)
        self.session_line.value = f"<p>{named}</p>"

    def _error(self, text: str) -> None:
        self.message.value = error_html(text)

    def _on_join(self, _button=None) -> None:
        code = normalise_code(self.code.value)
        if not code:
            self._error(ui("code_required", self.language))
            return
        try:
            # A wrong or closed code says so first; an open session then needs the role.
            if self.role.value is None and find_session(self.store, code).is_open:
                self._error(ui("role_required", self.language))
                return
            record = join_session(self.store, self.framework, code, role=self.role.value,
                                  display_name=self.display_name.value)
        except NotFoundError:
            self._error(ui("code_unknown", self.language))
            return
        except AccessDenied:
            self._error(ui("session_closed", self.language))
            return
        except ReadinessError as exc:
            self._error(str(exc))
            return
        self.on_joined(code, record)
