"""Downloading and uploading an assessment file."""

from __future__ import annotations

import json

from readiness.exchange.assessment_file import MAX_FILE_BYTES, export_json
from readiness.store import open_store
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.files import FilesPanel
from readiness_widgets.assessment.start import StartPanel
from tests.widgets.pages import find, from_browser, question, upload


def test_download_sends_the_assessment_to_the_browser(app, monkeypatch):
    sent = []
    monkeypatch.setattr(app.bridge, "send", lambda content, buffers=None: sent.append(content))
    question(app, "gate.direction-open").choice.value = "open"
    files = find(app, FilesPanel)[0]
    files.download_button.click()
    message = sent[-1]
    assert message["type"] == "download" and message["name"].endswith(".json")
    document = json.loads(message["content"])
    assert document["answers"][0]["value"] == "open"


def test_a_file_too_large_to_send_is_refused_in_the_page_language(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    box = find(app, StartPanel)[0].upload
    assert box.upload.max_bytes == MAX_FILE_BYTES  # the browser sends nothing larger
    from_browser(box.upload, {"type": "refused", "name": "stor.json", "size": 50_000_000})
    assert "stor.json är 50 MB; en skattningsfil får vara högst 1 MB" in box.message.value
    assert 'role="alert"' in box.message.value and store.list_assessments() == []


def test_upload_of_a_bad_file_explains_and_changes_nothing(store, framework):
    app = WorkbookApp(framework, store, "")
    box = find(app, StartPanel)[0].upload
    upload(box, b'{"format": "readiness-assessment", "format_version": 9}')
    assert "newer than this workbook" in box.message.value
    assert store.list_assessments() == []
    assert app.state.record is None


def test_upload_resumes_elsewhere_and_asks_before_replacing(tmp_path, app, store, framework):
    question(app, "gate.direction-open").choice.value = "partly"
    data = export_json(store, app.state.record.id).encode()
    elsewhere = open_store(str(tmp_path / "elsewhere.sqlite3"))
    other = WorkbookApp(framework, elsewhere, "")
    upload(find(other, StartPanel)[0].upload, data)
    assert other.state.answers == {"gate.direction-open": "partly"}
    # The same file again, from the open assessment's own files panel: ask first.
    question(other, "gate.direction-open").choice.value = "closed"
    box = find(other, FilesPanel)[0].upload
    upload(box, data)
    assert "already stored here" in box.message.value
    assert elsewhere.answer_values(other.state.record.id) == {"gate.direction-open": "closed"}
    box.replace_button.click()
    assert elsewhere.answer_values(other.state.record.id) == {"gate.direction-open": "partly"}
