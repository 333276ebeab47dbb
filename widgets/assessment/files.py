"""Download of the assessment as JSON, and upload of such a file to resume it here."""

from __future__ import annotations

from html import escape

import ipywidgets as w
from traitlets import Int, Unicode

from readiness.errors import ReadinessError
from readiness.exchange.assessment_file import MAX_FILE_BYTES
from readiness.exchange.report_data import from_store_assessment
from readiness.i18n.numbers import number_text
from readiness.i18n.ui_text import ui
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.frontend.bridge import PageBridge
from readiness_widgets.frontend.esm_widget import EsmWidget
from readiness_widgets.shared import looks
from readiness_widgets.shared.messages import error_html, status_html

_PICKER_ESM = """
export default {
  render({ model, el }) {
    const input = document.createElement("input");
    input.type = "file";
    input.hidden = true;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "jupyter-button widget-button";
    const show = () => {
      button.textContent = model.get("label");
      input.accept = model.get("accept");
    };
    model.on("change:label", show);
    model.on("change:accept", show);
    show();
    button.addEventListener("click", () => input.click());
    input.addEventListener("change", async () => {
      const file = input.files[0];
      input.value = "";  // the same file may be chosen again after a fix
      if (!file) { return; }
      if (file.size > model.get("max_bytes")) {  // never sent: the kernel says why
        model.send({ type: "refused", name: file.name, size: file.size });
        return;
      }
      const data = await file.arrayBuffer();
      model.send({ type: "file", name: file.name }, undefined, [data]);
    });
    el.append(button, input);
  },
};
"""


class FilePicker(EsmWidget):
    """A button that sends the file a person picks, or only its name and size when it is
    larger than ``max_bytes``: the browser checks the size before sending anything.

    ipywidgets' FileUpload sends any file whole over the page's connection; one over the
    server's message limit (10 MB) closes the connection without a word."""

    _esm = Unicode(_PICKER_ESM).tag(sync=True)
    label = Unicode("").tag(sync=True)
    accept = Unicode(".json,application/json").tag(sync=True)
    max_bytes = Int(MAX_FILE_BYTES).tag(sync=True)

    def __init__(self, on_file, on_refused, **kwargs):
        """``on_file(name, data)`` gets an accepted file; ``on_refused(name, size)`` one
        that was too large to send."""
        super().__init__(**kwargs)
        self._on_file, self._on_refused = on_file, on_refused
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict):
            return
        name = str(content.get("name", "file"))
        if content.get("type") == "file" and buffers:
            self._on_file(name, bytes(buffers[0]))
        elif content.get("type") == "refused":
            try:
                size = int(content.get("size", 0))
            except (TypeError, ValueError):
                size = 0
            self._on_refused(name, size)


def megabytes(size: int, language: str) -> str:
    """A file size as people read it: 50 MB, 1.5 MB (1,5 MB in Swedish and Danish)."""
    return f"{number_text(size / 1_000_000, language)} MB"


class UploadBox(w.VBox):
    """Upload an assessment file; a bad file gets the core's message and changes nothing.

    Without ``may_create`` (a page on the local network opened without the facilitator's
    link) the only file accepted is the open assessment's own, to replace it: nothing new
    enters the store. The check is made here, in the kernel, on every file."""

    def __init__(self, state: WorkbookState, may_create: bool = True):
        self.state = state
        self.may_create = may_create
        self._pending = None
        language = state.language
        self.upload = FilePicker(self._on_file, self._on_refused,
                                 label=ui("upload", language))
        self.message = looks.html()
        self.replace_button = w.Button(description=ui("replace", language),
                                       button_style="warning",
                                       layout=w.Layout(display="none"))
        self.replace_button.on_click(self._on_replace)
        super().__init__([self.upload, self.message, self.replace_button])
        if not may_create and state.record is None:
            self.layout.display = "none"  # nothing it could do here

    def _allowed(self, checked) -> bool:
        record = self.state.record
        return self.may_create or (record is not None and checked.record.id == record.id)

    def _on_refused(self, name: str, size: int) -> None:
        language = self.state.language
        self._say(ui("upload_too_large", language, name=name,
                     size=megabytes(size, language),
                     limit=megabytes(MAX_FILE_BYTES, language)), error=True)

    def _on_file(self, name: str, data: bytes) -> None:
        self._pending = None
        self.replace_button.layout.display = "none"
        if not self.may_create and self.state.record is None:
            self._say(ui("host_only", self.state.language), error=True)
            return
        try:
            checked = self.state.check_upload(data, name)
        except ReadinessError as exc:
            self._say(str(exc), error=True)
            return
        if not self._allowed(checked):
            self._say(ui("host_only", self.state.language), error=True)
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
        if not self._allowed(checked):
            self._say(ui("host_only", self.state.language), error=True)
            return
        try:
            self.state.import_checked(checked, replace=replace)
        except ReadinessError as exc:
            self._say(str(exc), error=True)
            return
        self._say("", error=False)

    def _say(self, text: str, error: bool) -> None:
        if not text:
            self.message.value = ""
        else:
            self.message.value = error_html(text) if error else status_html(text)


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
            button = looks.button(description=ui(key, language), icon="download")
            button.on_click(lambda _b, handler=handler: self._run(handler))
            buttons.append(button)
        self.report_button, self.csv_button, self.xlsx_button = buttons
        self.message = looks.html()
        super().__init__([w.HBox(buttons, layout=looks.layout(flex_flow="row wrap")),
                          self.message], layout=looks.layout())
        self.add_class("rw-downloads")

    def _run(self, handler) -> None:
        preparing = ui("preparing", self.language)
        self.message.value = f'<p class="rw-muted" role="status">{preparing}</p>'
        try:
            names = handler(self.gather())
        except ReadinessError as exc:
            self.message.value = error_html(str(exc))
            return
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.language, name=", ".join(names)))}'
                              "</p>")

    def _report(self, data) -> list[str]:
        from readiness.render.report import render_html

        name = f"{self.name}-report.html"
        self.bridge.download(name, render_html(self.framework, data, self.language),
                             "text/html")
        return [name]

    def _csv(self, data) -> list[str]:
        from readiness.exchange.tabular import csv_texts

        names = []
        for part, text in csv_texts(self.framework, data, self.language):
            name = f"{self.name}-{part}.csv"
            self.bridge.download(name, "\ufeff" + text, "text/csv")  # BOM: Excel reads å
            names.append(name)
        return names

    def _xlsx(self, data) -> list[str]:
        from readiness.exchange.tabular import xlsx_bytes

        name = f"{self.name}.xlsx"
        self.bridge.download(name, xlsx_bytes(self.framework, data, self.language), XLSX_MIME)
        return [name]


class FilesPanel(w.VBox):
    def __init__(self, state: WorkbookState, bridge: PageBridge, may_create: bool = True):
        """``may_create``: the page may add assessments from files (see ``UploadBox``)."""
        self.state = state
        self.bridge = bridge
        language = state.language
        self.download_button = looks.button(description=ui("download", language),
                                            icon="download", width=None)
        self.download_button.on_click(self._on_download)
        self.message = looks.html()
        self.reports = ReportDownloads(
            state.framework, bridge, language, f"assessment-{state.record.id}",
            lambda: from_store_assessment(state.store, state.record.id))
        self.upload = UploadBox(state, may_create)
        super().__init__([self.reports, self.download_button, self.message, self.upload],
                         layout=looks.layout())

    def _on_download(self, _button=None) -> None:
        name = f"assessment-{self.state.record.id}.json"
        self.bridge.download(name, self.state.export_json())
        self.message.value = (f'<p class="rw-muted" role="status">'
                              f'{escape(ui("downloaded", self.state.language, name=name))}</p>')
