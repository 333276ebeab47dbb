"""Does the page offer a fork's own language and set lang and dir="rtl" for one written
right to left (issue 17.6)? The browser side: tests/browser/test_fork_language.py."""

from __future__ import annotations

from readiness.framework.model import load_framework
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.frontend.direction import PageDirection
from tests.fixtures.rtl_fork import CODE, write_rtl_fork
from tests.widgets.pages import find


def test_the_page_speaks_the_forks_language_right_to_left(store, tmp_path):
    fork = load_framework(write_rtl_fork(tmp_path / "fork"))
    app = WorkbookApp(fork, store, f"lang={CODE}")
    assert app.language_picker.options == (("English", "en"), ("עברית", CODE))
    assert app.language_picker.value == CODE
    assert "חוברת מוכנות" in app.title.value  # the locale file's page title
    direction = find(app, PageDirection)
    assert [(d.lang, d.dir) for d in direction] == [(CODE, "rtl")]
    start = find(app, StartPanel)[0]
    start.project.value, start.role.value = "Askim", "staff"
    start.create_button.click()
    assert app.state.record.language == CODE  # stored in the fork's language
    app.language_picker.value = "en"  # back to English: the page turns left to right
    assert (direction[0].lang, direction[0].dir) == ("en", "ltr")


def test_a_page_in_a_built_in_language_carries_no_direction_widget(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    assert not find(app, PageDirection)
    assert [code for _, code in app.language_picker.options] == list(framework.languages)
