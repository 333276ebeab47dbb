"""The start panel."""

from __future__ import annotations

from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from tests.widgets.pages import find


def test_start_needs_a_project_name(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    start = find(app, StartPanel)[0]
    start.create_button.click()
    assert "Ge projektet ett namn" in start.message.value
    assert store.list_assessments() == []
    assert app.bridge.query == "lang=sv"
