"""Download of the assessment as JSON, and upload of such a file to resume it here."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.ui_text import ui

from .bridge import PageBridge
from .state import WorkbookState


class UploadBox(w.VBox):
    """Upload an assessment file; a bad file gets the core's message and changes nothing."""

    def __init__(self, state: WorkbookState):
        self.state = state
        self._pending = None
        language = state.language
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description=ui("upload", language))
        self.upload.observe(self._on_upload, "value")
        self.message = w.HTML()
        self.replace_button = w.Button(description=ui("replace", language),
                                       button_style="warning",
                                       layout=w.Layout(display="none"))
        self.replace_button.on_click(self._on_replace)
        super().__init__([self.upload, self.message, self.replace_button])

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.upload.value = ()  # the same file may be uploaded again after a fix
        try:
            checked = self.state.check_upload(bytes(upload["content"]), upload["name"])
        except ReadinessError as exc:
            self._say(str(exc), error=True)
            return
        if self.state.store.has_assessment(checked.record.id):
            self._pending = checked
            self._say(ui("replace_question", self.state.language), error=False)
            self.replace_button.layout.display = ""
            return
        self._import(checked, replace=False)

    def _on_replace(self, _button=None) -> None:
        if self._pending is not None:
            self._import(self._pending, replace=True)

    def _import(self, checked, replace: bool) -> None:
        self._pending = None
        self.replace_button.layout.display = "none"
        try:
            self.state.import_checked(checked, replace=replace)
        except ReadinessError as exc:
            self._say(str(exc), error=True)
            return
        self._say("", error=False)

    def _say(self, text: str, error: bool) -> None:
        css = "rw-error" if error else "rw-muted"
        role = ' role="alert"' if error else ""
        self.message.value = f'<p class="{css}"{role}>{escape(text)}</p>' if text else ""


class FilesPanel(w.VBox):
    def __init__(self, state: WorkbookState, bridge: PageBridge):
        self.state = state
        self.bridge = bridge
        language = state.language
        self.download_button = w.Button(description=ui("download", language), icon="download")
        self.download_button.on_click(self._on_download)
        self.message = w.HTML()
        super().__init__([self.download_button, self.message, UploadBox(state)])

    def _on_download(self, _button=None) -> None:
        name = f"assessment-{self.state.record.id}.json"
        self.bridge.download(name, self.state.export_json())
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.state.language, name=name))}</p>')
