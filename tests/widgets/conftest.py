"""A page with a new assessment open, for the widget tests."""

from __future__ import annotations

import pytest

from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.shared import typing
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


class Timer:
    def __init__(self, callback):
        self.callback, self.is_cancelled = callback, False

    def cancel(self) -> None:
        self.is_cancelled = True


class KernelClock:
    """Stands in for the kernel's event loop: timers wait until the test lets time pass
    (outside a kernel a note is saved at once; another loop may be running in tests)."""

    def __init__(self):
        self.timers: list[Timer] = []

    def call_later(self, _delay, callback) -> Timer:
        self.timers.append(Timer(callback))
        return self.timers[-1]

    def pass_time(self) -> None:
        for timer in self.timers:
            if not timer.is_cancelled:
                timer.callback()
        self.timers.clear()


@pytest.fixture
def kernel_loop(monkeypatch):
    clock = KernelClock()
    monkeypatch.setattr(typing, "kernel_loop", lambda: clock)
    return clock
