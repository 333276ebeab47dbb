"""Bytes the served workbook's pages move, as Chromium's DevTools protocol counts them
(issue 18): the start page, a joined participant's page and the facilitator's view, each
on a first visit (a fresh browser) and a reload (the same browser), as sent by two servers
in one run: the workbook's (static files compressed once, kept under hashed addresses)
and the same with that turned off (``READINESS_STATIC_PLAIN=1``: as Voilà serves them).
Chromium accepts only gzip, as from a room's server (plain HTTP to a local network
address); ``--brotli`` lets it accept brotli too, as it does from 127.0.0.1 or over HTTPS.
The workbook's server makes its zopfli and brotli copies in the background the first time
a file is asked for and keeps them on disk: the benchmark visits the pages once, waits
until the copies are made, then measures (a computer's very first visitors get gzip's
level 9, about 4.5 % more).
HTTP counts what crossed the wire (headers included); websocket frames (the widgets'
state and messages) are counted as sent, before any compression.

    python benchmarks/page_bytes.py [--brotli]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from readiness.framework.model import default_framework  # noqa: E402
from readiness.store import open_store  # noqa: E402
from readiness.store.sessions import create_session  # noqa: E402
from readiness_server.static_assets import PLAIN_ENV_VAR, default_cache_dir  # noqa: E402
from readiness_server.testing import (  # noqa: E402
    BackgroundServer,
    WireBytes,
    compressed_copies_made,
)

GZIP_ONLY = "gzip, deflate"


def open_start(page, url):
    page.goto(f"{url}?lang=en")
    page.get_by_label("Project name").wait_for()


def open_participant(page, url, code):
    page.goto(f"{url}?join={code}&lang=en")
    page.get_by_label("I answer as").select_option(index=1)
    page.get_by_role("button", name="Join", exact=True).click()
    page.locator(".rw-member-banner").wait_for()
    page.wait_for_function("() => !!window.Plotly")


def open_facilitator(page, url):
    page.goto(f"{url}?new=session&lang=en")
    page.get_by_label("Project name").fill("Bytes")
    page.get_by_role("button", name="Create a group session").click()
    page.locator(".rw-live-status").wait_for()


def reopened(name, page):
    page.reload()
    if name == "participant":
        page.locator(".rw-member-banner").wait_for()
        page.wait_for_function("() => !!window.Plotly")
    elif name == "facilitator":
        page.locator(".rw-live-status").wait_for()
    else:
        page.get_by_label("Project name").wait_for()


def weigh(browser, url, name, open_page, accept, *args) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(60_000)
    wire = WireBytes(page, url, accept_encoding=accept)
    open_page(page, url, *args)
    page.wait_for_timeout(1500)
    first = wire.totals()
    wire.reset()
    reopened(name, page)
    page.wait_for_timeout(1500)
    repeat = wire.totals()
    page.close(run_before_unload=True)
    context.close()
    return {"first": first, "repeat": repeat}


def measure(browser, server, accept) -> dict:
    session, _key = create_session(open_store(str(server.store)), default_framework(),
                                   project="Bytes")
    return {"start": weigh(browser, server.url, "start", open_start, accept),
            "participant": weigh(browser, server.url, "participant", open_participant,
                                 accept, session.join_code),
            "facilitator": weigh(browser, server.url, "facilitator", open_facilitator,
                                 accept)}


def served(tmp: str, name: str, plain: bool) -> BackgroundServer:
    previous = os.environ.get(PLAIN_ENV_VAR)
    os.environ[PLAIN_ENV_VAR] = "1" if plain else ""
    try:
        return BackgroundServer(Path(tmp) / f"{name}.sqlite3").start()
    finally:
        if previous is None:
            os.environ.pop(PLAIN_ENV_VAR)
        else:
            os.environ[PLAIN_ENV_VAR] = previous


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brotli", action="store_true",
                        help="let Chromium accept brotli (127.0.0.1, HTTPS)")
    accept = None if parser.parse_args().brotli else GZIP_ONLY
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for label, plain in (("plain", True), ("workbook", False)):
            server = served(tmp, label, plain)
            try:
                if not plain:  # zopfli and brotli are made once, in the background
                    measure(browser, server, accept)
                    compressed_copies_made(default_cache_dir())
                results[label] = measure(browser, server, accept)
            finally:
                server.stop()
        browser.close()
    print(f"Accept-Encoding: {accept or 'Chromium default (with brotli)'}")
    print(f"{'page':12} {'visit':7} {'plain HTTP':>12} {'workbook HTTP':>14} {'ratio':>6} "
          f"{'fetched':>8} {'ws in':>10} {'ws out':>8}")
    for name in results["workbook"]:
        for visit in ("first", "repeat"):
            plain, ours = results["plain"][name][visit], results["workbook"][name][visit]
            print(f"{name:12} {visit:7} {plain['http']:>12,} {ours['http']:>14,} "
                  f"{ours['http'] / plain['http']:>6.2f} {ours['fetched']:>8} "
                  f"{ours['websocket_in']:>10,} {ours['websocket_out']:>8,}")
    outside = [url for run in results.values() for page in run.values()
               for visit in page.values() for url in visit["outside"]]
    print(f"requests to other hosts: {len(outside)}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
