"""The workbook page: header, start panel or questions beside the results."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import ipywidgets as w

from readiness.framework import Framework
from readiness.i18n import LANGUAGE_NAMES, LANGUAGES
from readiness.store import Store
from readiness.ui_text import ui

from .base import close_tree
from .bridge import PageBridge
from .files import FilesPanel
from .questions import QuestionsPanel
from .results import ActionsPanel, FlagsPanel, ProfilePanel
from .start import StartPanel
from .state import WorkbookState

STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


def read_query(query_string: str) -> dict[str, str]:
    """``assessment`` and ``lang`` from a page's query string (other keys ignored)."""
    parsed = parse_qs(query_string or "")
    return {key: parsed[key][0] for key in ("assessment", "lang") if parsed.get(key)}


class WorkbookApp(w.VBox):
    """Everything on the page. Rebuilt (not patched) when the language changes."""

    def __init__(self, framework: Framework, store: Store, query_string: str | None = None):
        """``query_string`` opens the page at once; without it the page waits for the
        browser to report its address (the served page, where kernels are preheated)."""
        self.state = WorkbookState(framework, store)
        self.bridge = PageBridge(on_location=self.open_address)
        self.language_picker = w.ToggleButtons(
            options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES],
            value=self.state.language, style={"button_width": "auto"})
        self.language_picker.observe(self._on_language, "value")
        self.status = w.HTML()
        self.title = w.HTML()
        self.header = w.HBox([self.title, self.language_picker, self.status])
        self.header.add_class("rw-header")
        self.body = w.VBox()
        super().__init__([w.HTML(f"<style>{STYLE}</style>"), self.header, self.body,
                          self.bridge])
        self.add_class("rw-app")
        self._questions: QuestionsPanel | None = None
        self._opened = False
        if query_string is not None:
            self.open_address(query_string)

    def open_address(self, query_string: str) -> None:
        """Show the page for an address: the assessment it names, or the start page."""
        if self._opened:
            return  # a second report of the address (a re-rendered view) changes nothing
        self._opened = True
        query = read_query(query_string)
        if query.get("lang") in LANGUAGES:
            self.state.language = query["lang"]
            self.language_picker.value = query["lang"]
        message = ""
        if "assessment" in query and not self.state.resume(query["assessment"]):
            message = ui("not_found", self.state.language)
        self.state.observe(self._on_record, "record")
        self.state.observe(self._on_saved, ["saved_at", "error"])
        self.state.observe(self._on_state_language, "language")
        self._build(message)

    # -- reacting to the state -----------------------------------------------------------
    def _on_record(self, _change) -> None:
        self._build()

    def _on_language(self, change) -> None:
        self.state.set_language(change["new"])

    def _on_state_language(self, change) -> None:
        if self.language_picker.value != change["new"]:
            self.language_picker.value = change["new"]
        self._build()

    def _on_saved(self, _change=None) -> None:
        language = self.state.language
        if self.state.error:
            text = escape(ui("not_saved", language, error=self.state.error))
            self.status.value = f'<p class="rw-error" role="alert">{text}</p>'
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
        self.title.value = (f"<h1>{ui('app_title', language)}</h1>"
                            f'<p class="rw-muted">{ui("app_subtitle", language)}</p>')
        self.bridge.lost_text = ui("connection_lost", language)
        section = self._questions.section_index if self._questions is not None else 0
        for child in self.body.children:
            close_tree(child)
        self._questions = None
        if state.record is None:
            self.bridge.link_label = ""  # no assessment yet: nothing to come back to
            self.bridge.query = urlencode({"lang": language})
            self.body.children = [StartPanel(state, message)]
        else:
            self.bridge.link_label = ui("your_link", language)
            self.bridge.query = urlencode({"assessment": state.record.id, "lang": language})
            project = escape(state.record.project)
            area = f" – {escape(state.record.area)}" if state.record.area else ""
            self._questions = QuestionsPanel(state, section)
            questions = w.VBox([w.HTML(f"<h2>{project}{area}</h2>"), self._questions])
            questions.add_class("rw-col-questions")
            self.profile = ProfilePanel(state)
            results = w.VBox([self.profile, FlagsPanel(state), ActionsPanel(state),
                              FilesPanel(state, self.bridge)])
            results.add_class("rw-col-results")
            columns = w.Box([questions, results])
            columns.add_class("rw-columns")
            self.body.children = [columns]
        self._on_saved()
