"""Download of the assessment as JSON, and upload of such a file to resume it here."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.errors import ReadinessError
from readiness.report_data import from_store_assessment
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


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportDownloads(w.VBox):
    """Report (HTML) and data (CSV, Excel) downloads of what ``gather()`` returns.

    ``gather`` is called on every click, so the files have the latest answers (and a
    facilitator's key is checked again)."""

    def __init__(self, framework, bridge: PageBridge, language: str, name: str, gather):
        self.framework, self.bridge, self.language = framework, bridge, language
        self.name, self.gather = name, gather
        buttons = []
        for key, handler in (("download_report", self._report), ("download_csv", self._csv),
                             ("download_xlsx", self._xlsx)):
            button = w.Button(description=ui(key, language), icon="download",
                              layout=w.Layout(width="auto"))
            button.on_click(lambda _b, handler=handler: self._run(handler))
            buttons.append(button)
        self.report_button, self.csv_button, self.xlsx_button = buttons
        self.message = w.HTML()
        super().__init__([w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")),
                          self.message])
        self.add_class("rw-downloads")

    def _run(self, handler) -> None:
        preparing = ui("preparing", self.language)
        self.message.value = f'<p class="rw-muted" role="status">{preparing}</p>'
        try:
            names = handler(self.gather())
        except ReadinessError as exc:
            self.message.value = f'<p class="rw-error" role="alert">{escape(str(exc))}</p>'
            return
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.language, name=", ".join(names)))}'
                              "</p>")

    def _report(self, data) -> list[str]:
        from readiness.report import render_html

        name = f"{self.name}-report.html"
        self.bridge.download(name, render_html(self.framework, data, self.language),
                             "text/html")
        return [name]

    def _csv(self, data) -> list[str]:
        from readiness.tabular import csv_texts

        names = []
        for part, text in csv_texts(self.framework, data, self.language):
            name = f"{self.name}-{part}.csv"
            self.bridge.download(name, "\ufeff" + text, "text/csv")  # BOM: Excel reads å
            names.append(name)
        return names

    def _xlsx(self, data) -> list[str]:
        from readiness.tabular import xlsx_bytes

        name = f"{self.name}.xlsx"
        self.bridge.download(name, xlsx_bytes(self.framework, data, self.language), XLSX_MIME)
        return [name]


class FilesPanel(w.VBox):
    def __init__(self, state: WorkbookState, bridge: PageBridge):
        self.state = state
        self.bridge = bridge
        language = state.language
        self.download_button = w.Button(description=ui("download", language), icon="download")
        self.download_button.on_click(self._on_download)
        self.message = w.HTML()
        self.reports = ReportDownloads(
            state.framework, bridge, language, f"assessment-{state.record.id}",
            lambda: from_store_assessment(state.store, state.record.id))
        super().__init__([self.reports, self.download_button, self.message, UploadBox(state)])

    def _on_download(self, _button=None) -> None:
        name = f"assessment-{self.state.record.id}.json"
        self.bridge.download(name, self.state.export_json())
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.state.language, name=name))}</p>')
