"""How a page keeps in touch with its kernel (issue 18.5): it pings every two seconds
while someone uses it and seldom while it only lies open, so a room of idle phones costs
the server next to nothing; touched again, it pings at once; and a kernel that stops
answering is still noticed. The page's clock is Playwright's, run forward a second at a
time, with real pauses so that the kernel's answers arrive."""

from __future__ import annotations

import os
import signal

from playwright.sync_api import expect

from .conftest import ARTIFACTS
from .test_workbook_page import create, open_workbook, page_kernel


def count_pings(page) -> tuple[list, list[str]]:
    """The moments (the page's clock, ms) the page sent a ping, and its websockets."""
    sent: list[float] = []
    sockets: list[str] = []

    def on_socket(socket) -> None:
        sockets.append(socket.url)

        def on_frame(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            if b'"type": "ping"' in data or b'"type":"ping"' in data:
                sent.append(page.evaluate("() => Date.now()"))

        socket.on("framesent", on_frame)

    page.on("websocket", on_socket)
    return sent, sockets


def run_seconds(page, seconds: int) -> None:
    for _ in range(seconds):
        page.clock.run_for(1000)
        page.wait_for_timeout(40)  # real time for the kernel's answer


def test_a_page_lying_open_pings_seldom_and_at_once_when_touched(page, server):
    page.clock.install()
    pings, _sockets = count_pings(page)
    open_workbook(page, server)
    create(page, project="Pings")
    run_seconds(page, 10)
    in_use = len(pings)
    assert in_use >= 4, pings  # about one every 2 s while the page was just used
    run_seconds(page, 30)  # nobody touches it: it only lies open
    start = page.evaluate("() => Date.now()")
    before = len(pings)
    run_seconds(page, 70)
    idle = [moment for moment in pings[before:] if moment >= start]
    assert 1 <= len(idle) <= 2, idle  # every 60 s, not every 2 s (35)
    touched = len(pings)
    page.keyboard.press("Shift")  # a key pressed: someone is back
    page.wait_for_timeout(300)
    page.clock.run_for(100)
    page.wait_for_timeout(300)
    assert len(pings) > touched  # touched after a while: it pings at once


def test_a_kernel_that_stops_answering_is_noticed(page, server):
    page.clock.install()
    _pings, sockets = count_pings(page)
    open_workbook(page, server)
    create(page, project="Stopped kernel")
    kernel = server.kernel_pid(page_kernel(sockets))
    os.kill(kernel, signal.SIGSTOP)  # hangs: its websocket stays open
    try:
        page.keyboard.press("Shift")  # someone uses the page
        run_seconds(page, 12)
        banner = page.locator(".rw-connection-lost")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Connection lost")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "ping-kernel-stopped.png")
    finally:
        os.kill(kernel, signal.SIGCONT)
    run_seconds(page, 4)
    expect(page.locator(".rw-connection-lost")).to_be_hidden()  # it answers again
