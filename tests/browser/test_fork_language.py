"""A fork's right-to-left language on the served page (issue 17.6): the workbook served
with tests/fixtures/rtl_fork offers the language, and the page's container carries
``lang="he" dir="rtl"`` while it speaks it (the screenshot shows the layout mirrored)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from readiness.i18n.ui_text import ui
from readiness_server.testing import BackgroundServer
from tests.browser.conftest import ARTIFACTS
from tests.fixtures.rtl_fork import CODE, write_rtl_fork

CHART = ".rw-chart .js-plotly-plot"


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rtl-fork")
    fork = write_rtl_fork(folder / "fork")
    with BackgroundServer(folder / "store.sqlite3", framework=fork) as server:
        ui("app_title", CODE)  # this process reads the same locale texts as the kernel
        yield server


def test_the_served_fork_speaks_its_language_right_to_left(page, fork_server):
    from readiness.framework.model import load_framework

    fork = load_framework(fork_server.framework)  # registers the locale in this process too
    page.goto(f"{fork_server.url}?lang={CODE}")
    page.wait_for_selector(f'.rw-app[dir="rtl"][lang="{CODE}"]')
    expect(page.get_by_role("button", name="עברית")).to_have_class(re.compile("mod-active"))
    expect(page.locator(".rw-header h1")).to_have_text(ui("app_title", CODE))
    page.get_by_label(ui("project", CODE)).fill("אסקים")
    page.get_by_label(ui("role", CODE)).select_option(label=ui("role_staff", CODE))
    page.get_by_role("button", name=ui("create", CODE)).click()
    page.wait_for_selector(CHART)
    expect(page.locator(CHART)).to_contain_text(fork.dimensions[0].label[CODE])
    # The header's title stands right of the language picker, as a right-to-left reader
    # expects.
    title = page.locator(".rw-header h1").bounding_box()
    picker = page.get_by_role("button", name="עברית").bounding_box()
    assert title["x"] > picker["x"]
    page.screenshot(path=ARTIFACTS / "fork_language_rtl.png", full_page=True)
    page.get_by_role("button", name="English").click()
    page.wait_for_selector('.rw-app[dir="ltr"][lang="en"]')
