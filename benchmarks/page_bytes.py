"""Bytes a participant's served workbook page moves, as Chromium's DevTools count them:
HTTP (as transferred, headers included) and websocket frames in each direction, from
opening the page until a new assessment's chart is drawn, and which part of HTTP is the
plotly.js bundle. Each run is a fresh browser context (nothing cached).

    python benchmarks/page_bytes.py [--runs 3]

To weigh a change, run it before and after the change in the same conditions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from readiness_server.testing import BackgroundServer  # noqa: E402

CHART = ".rw-chart .js-plotly-plot"


def measure(page, url: str) -> dict[str, int]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    totals = {"http": 0, "plotly": 0, "websocket_in": 0, "websocket_out": 0}
    urls: dict[str, str] = {}

    def finished(event) -> None:
        totals["http"] += event["encodedDataLength"]
        if "plotly-basic" in urls.get(event["requestId"], ""):
            totals["plotly"] += event["encodedDataLength"]

    def frame(direction: str):
        def count(event) -> None:
            totals[direction] += len(event["response"]["payloadData"].encode())
        return count

    cdp.on("Network.responseReceived",
           lambda event: urls.__setitem__(event["requestId"], event["response"]["url"]))
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", frame("websocket_in"))
    cdp.on("Network.webSocketFrameSent", frame("websocket_out"))
    page.goto(url + "?lang=en")
    page.get_by_label("Project name").fill("Bytes")
    role = page.get_by_label("I answer as")
    if role.count():
        role.select_option(index=1)
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_function(f"() => {{ const d = document.querySelector('{CHART}');"
                           " return d && d.dataset.revision; }")
    page.wait_for_timeout(1000)  # what arrives right after the drawing
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, \
            BackgroundServer(Path(tmp) / "store.sqlite3") as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        results = []
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(60_000)
            results.append(measure(page, server.url))
            page.close(run_before_unload=True)
            context.close()
        browser.close()
    for name in results[0]:
        values = [result[name] for result in results]
        print(f"{name}: median {statistics.median(values):,.0f} bytes "
              f"(runs: {', '.join(f'{v:,}' for v in values)})")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
