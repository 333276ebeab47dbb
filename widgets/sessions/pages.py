"""The group-session pages of the workbook app: join, facilitate, create, and a member's
banner. Loaded only by pages that need them (see ``WorkbookApp.sessions``)."""

from __future__ import annotations

import os

from readiness.environment import PUBLIC_URL_ENV_VAR
from readiness.errors import ReadinessError
from readiness.i18n.ui_text import ui
from readiness.store.sessions import (
    AccessDenied,
    check_facilitator,
    find_session,
    own_membership,
    session_of_assessment,
)
from readiness_widgets.sessions.facilitator import CreateSessionPanel, FacilitatorView, KeyPanel
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.join import JoinPanel, RejoinPanel, joined_memory_name


class SessionPages:
    def __init__(self, app):
        self.app = app
        self.state = app.state
        self.bridge = app.bridge
        self.facilitator_key = ""  # the key this page was given (checked before use)
        self.new_key = False  # show the key once, right after the session was created
        self.someone_else = False  # "I am someone else": join anew on this browser

    def page(self, page: dict[str, str], host: bool):
        state = self.state
        if "join" in page:
            return self._rejoin_panel(page["join"]) or self._join_panel(page["join"])
        if "facilitate" in page:
            return self._facilitator_page(page["facilitate"])
        if not host:  # on the local network, strangers may only join
            return self._join_panel("")
        return CreateSessionPanel(state.framework, state.store, state.language,
                                  self._on_session)

    def _join_panel(self, code: str, message: str = "") -> JoinPanel:
        state = self.state
        return JoinPanel(state.framework, state.store, state.language, code, self._on_joined,
                         message)

    def _rejoin_panel(self, code: str) -> RejoinPanel | None:
        """When this browser joined the session before: "continue" or "I am someone else"
        (never straight into the answers: the browser may be someone else's now)."""
        joined = self.bridge.memory.get(joined_memory_name(code))
        if self.someone_else or not joined:
            return None
        membership = own_membership(self.state.store, code, joined)
        if membership is None:
            return None

        def someone_else() -> None:
            self.someone_else = True
            self.app.go_to(join=code)

        return RejoinPanel(self.state.language, membership,
                           on_continue=lambda: self._continue(joined),
                           on_someone_else=someone_else)

    def _continue(self, assessment_id: str) -> None:
        self.app._page = {}
        self.state.resume(assessment_id)

    def member_panel(self) -> MemberSessionPanel:
        state = self.state
        session = session_of_assessment(state.store, state.record.id)
        return MemberSessionPanel(state.framework, state.store, session,
                                  state.record.id, state.record.role, state.language)

    def open_new_session(self, session, key: str) -> None:
        """The facilitator view of a session just created elsewhere (e.g. for a case)."""
        self._on_session(session, key, True)

    def _on_joined(self, code: str, record) -> None:
        self.bridge.remember(joined_memory_name(code), record.id)
        store = self.state.store
        case_id = store.case_of(store.session_id_of(record.id) or "")
        if case_id is not None:  # a session run on a training case: each member's exercise
            store.link_case(record.id, case_id)
        self._continue(record.id)

    def _on_session(self, session, key: str, new_key: bool = True) -> None:
        """A session to facilitate, with its (checked) key: remembered for this tab only."""
        self.facilitator_key = key
        self.new_key = new_key
        self.bridge.remember(f"rw-key:{session.join_code}", key, tab_only=True)
        self.app.go_to(facilitate=session.join_code)

    def _facilitator_page(self, code: str):
        state = self.state
        try:
            session = find_session(state.store, code)
        except ReadinessError:
            message = ui("session_unknown", state.language)
            if self.app._host:
                return self.app.start_panel(message)
            return self._join_panel("", message)  # never the start page
        key = self.facilitator_key or self.bridge.memory.get(f"rw-key:{session.join_code}", "")
        try:
            check_facilitator(state.store, session.id, key)
        except AccessDenied:
            return KeyPanel(state.store, session, state.language,
                            lambda typed: self._on_session(session, typed, False))
        view = FacilitatorView(state.framework, state.store, session, key, state.language,
                               self.bridge, self._join_page(), self.new_key,
                               self._on_session)
        self.app._live.append(view)
        return view

    def _join_page(self) -> str:
        """The address participants open: the server's public address when it serves the
        local network (set by ``readiness serve --lan``), else this page's own."""
        return os.environ.get(PUBLIC_URL_ENV_VAR) or self.bridge.page_url or "/"
