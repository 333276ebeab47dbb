"""A served workbook (readiness_server.testing.BackgroundServer: Voilà as ``readiness serve``
starts it) and Debian's Chromium driven by Playwright.

Each test saves a screenshot in tests/artifacts/ (git-ignored) and fails if the page asked
any host other than the local server for anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from readiness.render.chromium import OFFLINE_FLAGS, find_chromium
from readiness_server.testing import BackgroundServer

from ..conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = find_chromium() or "/usr/bin/chromium"
LAUNCH_ARGS = list(OFFLINE_FLAGS)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Debian's chromium is not installed")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One served workbook for every browser test that needs no server of its own (each
    test makes its own assessments or sessions; tests that count, kill or restart the
    server's processes start their own)."""
    server = BackgroundServer(tmp_path_factory.mktemp("served") / "store.sqlite3").start()
    yield server
    server.stop()


def _open_page(browser, request, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside = []

    def watch(req):
        if not req.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            outside.append(req.url)

    page.on("request", watch)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    finally:
        for open_page in context.pages:  # closed as a tab is: Voilà stops its kernel
            open_page.close(run_before_unload=True)
        context.close()
    assert outside == [], f"the page asked other hosts: {outside}"


@pytest.fixture
def page(browser, request):
    """A page on a projector-sized screen."""
    yield from _open_page(browser, request, 1280, 800)


@pytest.fixture
def phone(browser, request):
    """A page on a phone-sized screen."""
    yield from _open_page(browser, request, 390, 844)


def expect_saved(page, text: str = "All answers saved", timeout: float = 15_000) -> None:
    """Wait until the page says everything given is stored. The status line is hidden
    while the browser still holds an answer the store has not confirmed, and it keeps its
    older text meanwhile, so the text alone (visible or not) would pass too early."""
    status = page.locator(".rw-status")
    expect(status).to_be_visible(timeout=timeout)
    expect(status).to_contain_text(text, timeout=timeout)
