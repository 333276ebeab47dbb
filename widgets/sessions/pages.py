"""The group-session pages of the workbook app: join, facilitate, present (the projector),
create, and a member's banner. Loaded by the pages that need them (see
``WorkbookApp.sessions``), and by a page waiting for its address, ahead of a join
(``WorkbookApp._prepare_for_arrivals``)."""

from __future__ import annotations

import os

from readiness.environment import join_page
from readiness.errors import ReadinessError
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import bdi
from readiness.store.sessions import (
    PersonalLinkRefused,
    SessionRecord,
    find_session,
    join_with_personal_link,
    open_personal_link,
    own_membership,
    personal_link_token,
    session_of_assessment,
    start_afresh,
    token_opens,
)
from readiness_widgets.route import Route
from readiness_widgets.sessions.facilitator import CreateSessionPanel, FacilitatorView, KeyPanel
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.join import JoinPanel, RejoinPanel, joined_memory_name, who_text
from readiness_widgets.sessions.model import (
    MemberSessionModel,
    SessionModel,
    follow_across_rounds,
    key_memory_name,
)
from readiness_widgets.sessions.personal import (
    PERSONAL_MEMORY_PREFIX,
    PersonalLinkPanel,
    personal_link,
    personal_memory_name,
)
from readiness_widgets.shared.messages import error_html


class SessionPages:
    """Builds the session pages for the app's route; ``live`` is the model of the one
    shown that follows the store (the app refreshes it on the browser's ticks)."""

    def __init__(self, app):
        self.app = app
        self.state = app.state
        self.bridge = app.bridge
        self.facilitator_key = ""  # the key this page was given (checked before use)
        self.new_key = False  # show the key once, right after the session was created
        self.someone_else = False  # "I am someone else": join anew on this browser
        self.live: SessionModel | MemberSessionModel | None = None

    def page(self, route: Route, host: bool):
        self.live = None
        if route.page == "join":
            return self._rejoin_panel(route.code) or self._join_panel(route.code)
        if route.page == "me":
            return self._personal_link_page(route.code)
        if route.page in ("facilitate", "present"):
            return self._facilitator_page(route)
        if not host:  # on the local network, strangers may only join
            return self._join_panel("")
        state = self.state
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
            self.app.go_to(Route("join", code))

        return RejoinPanel.for_device(
            self.state.language, membership, on_continue=lambda: self._continue(joined),
            on_someone_else=someone_else,
            on_start_afresh=lambda: self._start_afresh(joined, code))

    # -- the personal link --------------------------------------------------------------
    def _personal_link_page(self, token: str):
        """A member's personal link opened (on any device): continue their answers in
        its round, or join the project's next round as the same member; or start afresh.
        A token that opens nothing says so and joins no one."""
        state = self.state
        language = state.language
        try:
            link = open_personal_link(state.store, token)
        except PersonalLinkRefused:
            return self._join_panel("", ui("personal_link_refused", language))
        except ReadinessError as exc:  # the store is away
            return self._join_panel("", str(exc))
        session = link.session
        round_text = f" – {bdi(session.round)}" if session.round else ""
        named = ui("join_session_named", language, project=bdi(session.project),
                   round=round_text)
        start_afresh_ = lambda: self._start_afresh(link.newest, session.join_code)  # noqa: E731
        if link.assessment_id is not None:
            membership = own_membership(state.store, session.join_code, link.assessment_id)
            who = who_text(language, link.role, link.display_name,
                           membership.answered if membership else None)
            return RejoinPanel(
                language, ui("personal_link_found", language, who=who),
                on_continue=lambda: self._continue_as(session.join_code, link.assessment_id,
                                                      token),
                on_someone_else=None, on_start_afresh=start_afresh_,
                session_line=f"<p>{named}</p>")
        panel = None

        def join_as_me() -> None:
            try:
                record = join_with_personal_link(state.store, state.framework, token)
            except PersonalLinkRefused:
                panel.message.value = error_html(ui("personal_link_refused", language))
                return
            except ReadinessError as exc:  # closed meanwhile, or the store is away
                panel.message.value = error_html(str(exc))
                return
            self._continue_as(session.join_code, record.id, token)

        who = who_text(language, link.role, link.display_name)
        panel = RejoinPanel(language, ui("personal_link_next_round", language, who=who),
                            on_continue=join_as_me, on_someone_else=None,
                            on_start_afresh=start_afresh_,
                            continue_text=ui("personal_link_join", language),
                            session_line=f"<p>{named}</p>")
        return panel

    def _continue_as(self, join_code: str, assessment_id: str, token: str) -> None:
        """Continue a membership opened by its personal link: this device now remembers
        it (to rejoin, and to be followed into later rounds) and shows the same link."""
        self.bridge.remember(joined_memory_name(join_code), assessment_id)
        self.bridge.remember(personal_memory_name(assessment_id), token)
        self._continue(assessment_id)

    def _start_afresh(self, assessment_id: str, join_code: str) -> None:
        """Count this person as a new respondent: their personal links stop working, this
        device forgets their memberships, and the join page of the session makes a new one
        (a new member key). Their answers stay, under the old key."""
        state = self.state
        state.retry_unsaved()
        if state.unsaved or state.unsaved_notes or state.unsaved_plan:
            self.app.status.value = error_html(ui("start_afresh_waiting", state.language))
            return
        try:
            start_afresh(state.store, assessment_id)
        except ReadinessError as exc:
            self.app.status.value = error_html(str(exc))
            return
        for name in list(self.bridge.memory):
            if name.startswith((joined_memory_name(""), PERSONAL_MEMORY_PREFIX)):
                self.bridge.forget(name)
        self.someone_else = True
        if state.record is None:
            self.app.go_to(Route("join", join_code))
            return
        with self.app.hold_trait_notifications():  # one page built: the join page
            self.app.route = Route("join", join_code)
            state.close()

    def _continue(self, assessment_id: str) -> None:
        self.app.route = Route()  # the assessment's page: no other page to come back to
        self.state.resume(assessment_id)

    def member_panel(self) -> MemberSessionPanel:
        state = self.state
        model = MemberSessionModel(state.framework, state.store,
                                   session_of_assessment(state.store, state.record.id),
                                   state.record.id, state.record.role)
        self.live = model
        return MemberSessionPanel(model, state.language, self._personal_panel())

    def _personal_panel(self) -> PersonalLinkPanel | None:
        """The member's personal link: the one this device keeps for the membership if it
        still works, else a new one (kept on this device). None while the store is away."""
        state = self.state
        record = state.record
        name = personal_memory_name(record.id)
        token = self.bridge.memory.get(name, "")
        try:
            if not token or not token_opens(state.store, token, record.id):
                token = personal_link_token(state.store, record.id)
                self.bridge.remember(name, token)
        except ReadinessError:
            return None
        code = session_of_assessment(state.store, record.id).join_code
        link = personal_link(self._join_page(), token, state.language)
        return PersonalLinkPanel(link, state.language,
                                 lambda: self._start_afresh(record.id, code))

    def open_new_session(self, session: SessionRecord, key: str) -> None:
        """The facilitator view of a session just created elsewhere (e.g. for a case)."""
        self._on_session(session, key, True)

    def _on_joined(self, code: str, record) -> None:
        follow_across_rounds(self.state.store, self.bridge.memory, record.id)  # same R-number
        self.bridge.remember(joined_memory_name(code), record.id)
        store = self.state.store
        case_id = store.case_of(store.session_id_of(record.id) or "")
        if case_id is not None:  # a session run on a training case: each member's exercise
            store.link_case(record.id, case_id)
        self._continue(record.id)

    def _on_session(self, session: SessionRecord, key: str, new_key: bool = True,
                    page: str = "facilitate") -> None:
        """A session to facilitate (or present), with its (checked) key: remembered for
        this tab only."""
        self.facilitator_key = key
        self.new_key = new_key
        self.bridge.remember(key_memory_name(session.join_code), key, tab_only=True)
        self.app.go_to(Route(page, session.join_code))

    def _facilitator_page(self, route: Route):
        """The facilitator view or the projector's presentation: either needs the key,
        from this page or this tab's memory (a tab the facilitator view opens gets a copy),
        never from the address."""
        state = self.state
        try:
            session = find_session(state.store, route.code)
        except ReadinessError:
            message = ui("session_unknown", state.language)
            if self.app.host:
                return self.app.start_panel(message)
            return self._join_panel("", message)  # never the start page
        model = SessionModel(state.framework, state.store, session)
        key = (self.facilitator_key
               or self.bridge.memory.get(key_memory_name(session.join_code), ""))
        if not model.unlock(key):
            return KeyPanel(model, state.language,
                            lambda unlocked: self._on_session(unlocked.session, unlocked.key,
                                                              False, route.page))
        self.live = model
        if route.page == "present":
            return self._presentation(model)
        return FacilitatorView(model, self.bridge, state.language, join_page=self._join_page(),
                               new_key=self.new_key,
                               on_round=lambda next_: self._on_session(next_, model.key, False))

    def _presentation(self, model: SessionModel):
        from readiness_widgets.sessions.presentation import PresentationView  # projector only
        from readiness_widgets.sessions.presentation_model import PresentationModel

        self.new_key = False  # shown once: not again when the presentation is left
        code = model.session.join_code
        return PresentationView(PresentationModel(model, self.state.language),
                                self.state.language, join_page=self._join_page(),
                                on_leave=lambda: self.app.go_to(Route("facilitate", code)))

    def _join_page(self) -> str:
        """The address participants open: the server's public address when it serves the
        local network (set by ``readiness serve --lan``); under JupyterHub this page in each
        person's own server; else this page's own (``readiness.environment.join_page``)."""
        return join_page(self.bridge.page_url, os.environ)
