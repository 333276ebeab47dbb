"""The workbook page: header, start panel or questions beside the results."""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import ipywidgets as w
from traitlets import Instance

from readiness.environment import HOST_TOKEN_ENV_VAR
from readiness.framework.model import Framework
from readiness.i18n.languages import direction, language_name
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import bdi
from readiness.store import Store
from readiness_widgets.assessment.files import FilesPanel
from readiness_widgets.assessment.journal import MEMORY_PREFIX, AnswerJournal
from readiness_widgets.assessment.questions import QuestionsPanel
from readiness_widgets.assessment.results import (
    ActionsPanel,
    FlagsPanel,
    OpenQuestionsPanel,
    ProfilePanel,
)
from readiness_widgets.assessment.retired import retired_notice
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.route import Route
from readiness_widgets.shared.base import close_tree
from readiness_widgets.shared.messages import error_html

STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


QUERY_KEYS = ("assessment", "lang", "join", "facilitate", "present", "new", "host", "case",
              "trainer", "me")


def read_query(query_string: str) -> dict[str, str]:
    """The keys the page understands from its query string (others are ignored).

    ``assessment=ID`` opens an assessment, ``join=CODE`` the join page of a session,
    ``facilitate=CODE`` a session's facilitator view (the key is asked for, never read from
    the address), ``present=CODE`` its presentation for the projector (the key likewise),
    ``new=session`` the page that creates a session; ``lang`` picks the language
    (without it, the browser's language if the workbook speaks it: ``browser_language``).
    ``host=TOKEN`` is the facilitator's own link when the server serves the local network.
    ``case=ID`` starts an exercise on a training case; ``trainer=1`` opens the trainer's page.
    ``me=TOKEN`` is a session member's personal link (the same person on another device or
    in the project's next round).
    """
    parsed = parse_qs(query_string or "")
    return {key: parsed[key][0] for key in QUERY_KEYS if parsed.get(key)}


def browser_language(tags, languages) -> str | None:
    """The first of the browser's languages (``navigator.languages``, most preferred
    first, e.g. ``["sv-SE", "en-US"]``) among ``languages`` (the framework's); None if it
    is none of them."""
    for tag in tags:
        primary = str(tag).split("-", 1)[0].split("_", 1)[0].lower()
        if primary in languages:
            return primary
    return None


class WorkbookApp(w.VBox):
    """Everything on the page. Rebuilt (not patched) when the language, the open
    assessment or the route changes."""

    route = Instance(Route, args=(), help="The page shown while no assessment is open")

    def __init__(self, framework: Framework, store: Store, query_string: str | None = None):
        """``query_string`` opens the page at once; without it the page waits for the
        browser to report its address (the served page, where kernels are preheated)."""
        self.state = WorkbookState(framework, store)
        self.bridge = PageBridge(on_location=self.open_address)
        self.language_picker = w.ToggleButtons(
            options=[(language_name(code), code) for code in framework.languages],
            value=self.state.language, style={"button_width": "auto"})
        self.language_picker.observe(self._on_language, "value")
        self.status = w.HTML()
        self.title = w.HTML()
        self.header = w.HBox([self.title, self.language_picker, self.status])
        self.header.add_class("rw-header")
        self.body = w.VBox()
        # The bridge shows the resume link: right under the header, not below the results.
        super().__init__([w.HTML(f"<style>{STYLE}</style>"), self.header, self.bridge,
                          self.body])
        self.add_class("rw-app")
        self._questions: QuestionsPanel | None = None
        self._opened = False
        self._built_for: tuple | None = None  # what the page was last built for
        self.host = True  # may start assessments and sessions (see _check_host)
        self._sessions = None
        self._direction = None  # sets lang and dir on the page (see _set_direction)
        self.bridge.on_tick(self.tick)
        self.bridge.follow_store(store, self._follow_every)
        self._journal = AnswerJournal(framework)
        self.state.on_settled(self._on_settled)
        if query_string is not None:
            self.open_address(query_string)
        else:
            self._prepare_for_arrivals()

    def _prepare_for_arrivals(self) -> None:
        """A page waiting for its address (Voilà's prepared pages wait minutes for someone
        to arrive) loads the group-session pages meanwhile, once the notebook has run: in a
        meeting most arrivals are joins, and loading them was a third of the kernel's work
        for each, with the room arriving at once (issue 18.2). About 0.7 MB."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no kernel: nothing to prepare for
            return

        def load() -> None:
            import readiness_widgets.sessions.pages  # noqa: F401

        loop.call_later(0.5, load)

    def open_address(self, query_string: str) -> None:
        """Show the page for an address: the assessment it names, or the start page."""
        if self._opened:
            return  # a second report of the address (a re-rendered view) changes nothing
        self._opened = True
        query = read_query(query_string)
        self._check_host(query.get("host", ""))
        language = query.get("lang")
        if language not in self.state.framework.languages:  # the browser's, if we speak it
            language = browser_language(self.bridge.languages, self.state.framework.languages)
        if language is not None:
            self.state.language = language
            self.language_picker.value = language
        message = ""
        if "assessment" in query:
            if not self.state.resume(query["assessment"]):
                message = ui("not_found", self.state.language)
        else:  # join: a browser that joined before is asked who is here now
            self.route = Route.from_query(query)
        self.language_picker.value = self.state.language  # an assessment speaks its own
        self._restore_kept()
        self.state.observe(self._on_record, "record")
        self.state.observe(self._on_saved, ["saved_at", "error", "unsaved", "unsaved_notes",
                                            "unsaved_plan"])
        self.state.observe(self._on_state_language, "language")
        self.observe(self._on_route, "route")
        self._build(message)

    def _check_host(self, token: str) -> None:
        """On the local network (``serve --lan``) only the facilitator's own link may start
        assessments and sessions; everyone else needs a join code or a facilitator key."""
        expected = os.environ.get(HOST_TOKEN_ENV_VAR, "")
        if not expected:
            self.host = True
            return
        remembered = self.bridge.memory.get("rw-host", "")
        self.host = any(hmac.compare_digest(expected, given) for given in (token, remembered)
                        if given)
        if self.host and token:
            self.bridge.remember("rw-host", token, tab_only=True)  # off the address bar

    def _restore_kept(self) -> None:
        """Store what this browser kept for the open assessment while it had no
        connection (a dead kernel or server before a reload); see ``journal.py``."""
        record = self.state.record
        if record is None:
            return
        self.bridge.assessment = record.id  # before any "settled" message is sent
        kept = self.bridge.memory.pop(MEMORY_PREFIX + record.id, None)
        if kept:
            self.state.restore(*self._journal.read(kept))

    def _on_settled(self, kind: str, key: str, value) -> None:
        message = self._journal.settled_message(kind, key, value)
        if message is not None:
            self.bridge.send(message)

    def tick(self) -> None:
        """What a tick sets off (a ping from the browser, or a change to the store):
        retry unsaved answers, read the live group views again."""
        self.state.retry_unsaved()  # answers the store could not take yet
        live = self._live_view()
        if live is not None:
            try:
                live.refresh()
            except Exception:  # noqa: BLE001 - a failed read must not stop the pings
                pass  # the next tick tries again; the page keeps its last view

    def _live_view(self):
        """The model of the group view shown that follows the store, if one is."""
        return self._sessions.live if self._sessions is not None else None

    def _follow_every(self) -> float | None:
        """How often the kernel looks at the store for changes: as often as the live view
        shown needs (``follow_every_s``); never while none is shown (pings still tick)."""
        live = self._live_view()
        return live.follow_every_s if live is not None else None

    def go_to(self, route: Route) -> None:
        """Show a page without an assessment, built anew even if it is the one shown
        (e.g. the facilitator view once its key was typed)."""
        if route == self.route:
            self._build()
        else:
            self.route = route  # builds through _on_route

    # -- reacting to the state -----------------------------------------------------------
    def _on_record(self, _change) -> None:
        self._restore_kept()
        self._build_if_changed()

    def _on_route(self, _change) -> None:
        self._build_if_changed()

    def _on_language(self, change) -> None:
        self.state.set_language(change["new"])

    def _on_state_language(self, change) -> None:
        if self.language_picker.value != change["new"]:
            self.language_picker.value = change["new"]
        self._build_if_changed()

    def _build_if_changed(self) -> None:
        """Build unless the page already shows this assessment in this language: opening
        an assessment changes both at once, and the page is built once, not twice."""
        if self._built_for != self._showing():
            self._build()

    def _showing(self) -> tuple:
        record = self.state.record
        return (record.id if record else None, self.state.language, self.route)

    def _on_saved(self, _change=None) -> None:
        language = self.state.language
        state = self.state
        waiting = len(state.unsaved) + len(state.unsaved_notes) + len(state.unsaved_plan)
        if waiting:
            self.status.value = error_html(ui("store_unavailable", language, count=waiting))
        elif self.state.error:
            self.status.value = error_html(ui("not_saved", language, error=self.state.error))
        elif self.state.saved_at is not None:
            time = self.state.saved_at.astimezone().strftime("%H:%M:%S")
            self.status.value = (f'<p class="rw-status" role="status">'
                                 f'{ui("saved_at", language, time=time)}</p>')
        else:
            self.status.value = ""

    # -- building ----------------------------------------------------------------------
    def _build(self, message: str = "") -> None:
        state = self.state
        language = state.language
        self._built_for = self._showing()
        home = ""
        if state.record is not None or self.route.page != "start":
            # A plain link: the start page in a fresh page (a kernel of its own).
            home = (f'<a class="rw-start-link" href="?{urlencode({"lang": language})}">'
                    f'← {ui("start_page", language)}</a>')
        self.title.value = (f"<h1>{ui('app_title', language)}</h1>"
                            f'<p class="rw-muted">{ui("app_subtitle", language)}</p>{home}')
        self._set_direction(language)
        self.bridge.lost_text = ui("connection_lost", language)
        self.bridge.waiting_text = ui("answers_waiting", language, count="{count}")
        section = self._questions.section_index if self._questions is not None else 0
        for child in self.body.children:
            close_tree(child)
        self._questions = None
        if self._sessions is not None:
            self._sessions.live = None  # until a page that follows the store is built
        if state.record is None:
            self.bridge.link_label = ""  # no assessment yet: nothing to come back to
            self.bridge.query = urlencode({**self.route.query(), "lang": language})
            self.body.children = [self._page_without_assessment(message)]
        else:
            self.bridge.link_label = ui("your_link", language)
            self.bridge.query = urlencode({"assessment": state.record.id, "lang": language})
            project = bdi(state.record.project)
            area = f" – {bdi(state.record.area)}" if state.record.area else ""
            self._questions = QuestionsPanel(state, section)
            notice = retired_notice(state)  # answers to questions changed since
            questions = w.VBox([w.HTML(f"<h2>{project}{area}</h2>"),
                                *([notice] if notice else []), self._questions])
            questions.add_class("rw-col-questions")
            self.profile = ProfilePanel(state)
            results = [self.profile, FlagsPanel(state), ActionsPanel(state),
                       OpenQuestionsPanel(state),
                       FilesPanel(state, self.bridge, may_create=self.host)]
            above: list = []  # a participant's banner, then the group's results once revealed
            case_id = state.store.case_of(state.record.id)
            if case_id is not None:
                from readiness_widgets.training.trainer import case_banner  # case exercises only

                banner = case_banner(self, case_id)
                if banner is not None:
                    above.append(banner)
            if state.store.session_id_of(state.record.id) is not None:
                member = self.sessions().member_panel()
                above.append(member)
                if member.personal is not None:
                    # One link to keep: the personal link does what "your link" does, and
                    # more (another phone, the next round); the address still follows.
                    self.bridge.link_label = ""
            results = w.VBox(results)
            results.add_class("rw-col-results")
            columns = w.Box([questions, results])
            columns.add_class("rw-columns")
            self.body.children = [*above, columns]
        self._on_saved()

    def _set_direction(self, language: str) -> None:
        """``lang`` and ``dir`` on the page's container, once a right-to-left language has
        been shown (a default page never needs the widget that sets them)."""
        if self._direction is None:
            if direction(language) != "rtl":
                return
            from readiness_widgets.frontend.direction import PageDirection

            self._direction = PageDirection()
            self.children = [*self.children, self._direction]
        self._direction.lang, self._direction.dir = language, direction(language)

    # -- pages without an assessment ---------------------------------------------------
    def _page_without_assessment(self, message: str):
        page = self.route.page
        if self.host and page in ("case", "trainer"):
            from readiness_widgets.training.trainer import trainer_page

            return trainer_page(self, self.route)
        if page != "start" or not self.host:
            return self.sessions().page(self.route, self.host)
        return self.start_panel(message)

    def start_panel(self, message: str = "") -> StartPanel:
        return StartPanel(self.state, message,
                          on_join=lambda code: self.go_to(Route("join", code)),
                          on_new_session=lambda: self.go_to(Route("new_session")),
                          may_create=self.host)

    def sessions(self):
        """The group-session pages, built on first use. A page opened for one assessment
        loads the group code only if it waited for its address (``_prepare_for_arrivals``)."""
        if self._sessions is None:
            from readiness_widgets.sessions.pages import SessionPages

            self._sessions = SessionPages(self)
        return self._sessions
