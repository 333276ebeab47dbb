"""Faults while people answer: a store that cannot be written, a kernel that dies, a page
scrolled far down when the connection goes. Nothing given is lost, and the page never says
"saved" for an answer the store does not hold."""

from __future__ import annotations

import os
import signal
import time

import pytest
from playwright.sync_api import expect

from readiness.store import open_store
from tests.browser.conftest import ARTIFACTS, expect_saved
from tests.browser.test_workbook_page import (
    CHART,
    create,
    go_to_section,
    open_workbook,
    option,
    page_kernel,
)
from tests.faults import frozen_store, page_kept_from_reconnecting

BANNER = ".rw-connection-lost"


def scroll_to_bottom(page) -> float:
    """Scroll the page's scrolling panel (Voilà's, not the window) to its end."""
    return page.evaluate("""() => {
        let e = document.querySelector('.rw-app');
        while (e && !(e.scrollHeight > e.clientHeight
                      && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))) {
            e = e.parentElement;
        }
        e.scrollTop = e.scrollHeight;
        return e.scrollTop;
    }""")


def stored(server, assessment: str) -> dict:
    store = open_store(str(server.store))
    try:
        return store.answer_values(assessment)
    finally:
        store.close()


def test_an_unwritable_store_says_not_saved_keeps_the_answer_and_saves_it_later(page, server):
    open_workbook(page, server)
    assessment = create(page)
    go_to_section(page, 1)
    option(page, "purpose.task-clarity", 1).click()
    expect_saved(page)
    with frozen_store(server.store):
        option(page, "purpose.ambition-fit", 2).click()
        page.get_by_role("textbox", name="Note").fill("Vi behöver mer tid")
        # Told at once, in the error colour, and the answer is marked as waiting.
        expect(page.locator(".rw-header .rw-error")).to_contain_text("Not saved",
                                                                    timeout=15_000)
        expect(page.locator(".rw-q-purpose-ambition-fit").locator("xpath=..")
               .locator(".rw-waiting")).to_be_visible(timeout=15_000)
        expect(page.locator(".rw-status")).to_be_hidden()
        expect(page.locator(".rw-q-purpose-ambition-fit input").nth(2)).to_be_checked()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".rw-header").scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "store-unavailable.png")
    # Writable again: the page stores what waited, by itself, and says so. (The store is
    # not read while frozen: a second connection may open the frozen file without its
    # write-ahead log; the fault-injection suite compares page and store throughout.)
    expect_saved(page, timeout=15_000)
    expect(page.locator(".rw-waiting")).to_have_count(0)
    assert stored(server, assessment) == {"purpose.task-clarity": 2, "purpose.ambition-fit": 3}
    store = open_store(str(server.store))
    assert store.notes(assessment)["purpose"].text == "Vi behöver mer tid"
    store.close()
    page.reload()
    page.wait_for_selector(CHART)
    go_to_section(page, 1)
    expect(page.locator(".rw-q-purpose-ambition-fit input").nth(2)).to_be_checked()


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_connection_banner_is_in_view_on_a_scrolled_page(browser, server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    try:
        open_workbook(page, server)
        create(page)
        assert scroll_to_bottom(page) > 300
        with page_kept_from_reconnecting(page):
            os.kill(server.kernel_pid(page_kernel(sockets)), signal.SIGKILL)
            expect(page.locator(BANNER)).to_be_visible(timeout=20_000)
            box = page.evaluate(f"() => {{ const r = document.querySelector('{BANNER}')"
                                ".getBoundingClientRect(); return [r.top, r.bottom, r.width,"
                                " window.innerHeight, window.innerWidth]; }")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"connection-lost-{width}.png")
        top, bottom, banner_width, view_height, view_width = box
        assert 0 <= top < bottom <= view_height, box
        assert banner_width >= view_width * 0.9, box
    finally:
        context.close()


def test_answers_given_after_the_kernel_died_are_kept_and_stored_on_reload(page, server):
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_workbook(page, server)
    assessment = create(page)
    go_to_section(page, 1)
    option(page, "purpose.task-clarity", 0).click()
    expect_saved(page)
    killed = time.monotonic()
    with page_kept_from_reconnecting(page):  # this test reloads the page itself, below
        os.kill(server.kernel_pid(page_kernel(sockets)), signal.SIGKILL)
        expect(page.locator(BANNER)).to_contain_text("Connection lost", timeout=10_000)
        told = time.monotonic() - killed
        option(page, "purpose.task-clarity", 2).click()
        option(page, "purpose.ambition-fit", 1).click()
        option(page, "purpose.shared-problem", 3).click()
        expect(page.locator(BANNER)).to_contain_text("Answers not saved yet: 3")
        expect(page.locator(".rw-status")).to_be_hidden()  # never "saved" while answers wait
        assert stored(server, assessment) == {"purpose.task-clarity": 1}
        print(f"the page said the connection was lost {told:.1f} s after the kernel died")
        page.reload()
        page.wait_for_selector(CHART)
    expect(page.locator(BANNER)).to_be_hidden()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(stored(server, assessment)) < 3:
        time.sleep(0.3)
    assert stored(server, assessment) == {"purpose.task-clarity": 3,
                                          "purpose.ambition-fit": 2,
                                          "purpose.shared-problem": 4}
    go_to_section(page, 1)
    expect(page.locator(".rw-q-purpose-shared-problem input").nth(3)).to_be_checked()
    expect_saved(page)
    assert page.evaluate("() => Object.keys(localStorage).filter("
                         "k => k.startsWith('rw-unsaved:')).length") == 0
