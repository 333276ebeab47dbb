"""A page with a new assessment open, for the widget tests."""

from __future__ import annotations

import pytest

from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from tests.widgets.pages import find


@pytest.fixture
def app(store, framework):
    app = WorkbookApp(framework, store, "lang=en")
    start = find(app, StartPanel)[0]
    start.project.value = "Norrby <script>x</script>"
    start.area.value = "Norrby"
    start.role.value = "staff"
    start.create_button.click()
    return app
