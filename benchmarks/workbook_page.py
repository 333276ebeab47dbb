"""Benchmark: the workbook page against a bare Voilà page, in headless Chromium.

Both are served the same way (``readiness serve``'s Voilà settings and template); each run
opens a fresh browser context, so nothing is cached between runs. Measured per run:

* time to interactive: from navigation until the page has answered a click (bare: button
  -> label; workbook: an answer to the first question of a resumed assessment, on the
  section the page opens with, shown in the score table);
* time to the profile chart (workbook only): plotly.js loads after the page is interactive;
* latency: click -> visible result (bare: label text; workbook: an answer in the next
  section, after switching to it, until the chart is redrawn), in the page;
* kernel memory: resident memory of the page's kernel after the clicks.

Prints min / median / max per figure, and the ratios workbook / bare as the last line.
Run: ``make benchmark`` (or ``.venv/bin/python benchmarks/workbook_page.py --runs 5``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import CHROMIUM, LAUNCH_ARGS, wait_until_quiet  # noqa: E402  (benchmarks/common.py)

from readiness.framework.model import default_framework  # noqa: E402
from readiness.store import open_store  # noqa: E402
from readiness_server.serve import START_NOTEBOOK  # noqa: E402
from readiness_server.testing import BackgroundServer  # noqa: E402

CHART = ".rw-chart .js-plotly-plot"
CLICKS = 10

BARE_CELL = """import ipywidgets as w
button = w.Button(description="Click")
label = w.Label("0")
def on_click(_):
    label.value = str(int(label.value) + 1)
button.on_click(on_click)
w.VBox([button, label])"""

# In-page timing: dispatch the click, then poll (1 ms) until the result is visible.
CLICK_AND_WAIT = """async ([targets, probe]) => {
  const read = new Function(probe);
  const before = read();
  // The first target that is not already chosen (a chosen radio would change nothing).
  const target = targets.map((s) => document.querySelector(s)).find((e) => e && !e.checked);
  const start = performance.now();
  target.click();
  while (read() === before) {
    if (performance.now() - start > 10000) { throw new Error("no redraw after 10 s"); }
    await new Promise((r) => setTimeout(r, 1));
  }
  return performance.now() - start;
}"""
BARE_PROBE = "return document.querySelector('.widget-label').textContent"
TABLE_PROBE = "return document.querySelector('.rw-scores tbody').textContent"
# The chart widget marks each finished drawing (after Plotly.react resolves).
CHART_PROBE = ("const d = document.querySelector('" + CHART + "');"
               " return d ? d.dataset.revision : ''")


def measure(browser, served: BackgroundServer, url: str, ready, first_clicks: list[str],
            first_probe: str, before_clicks, click_selectors: list[str], probe: str,
            chart: str | None) -> tuple[float, ...]:
    """(time to interactive s, time to chart s, median click latency ms, kernel RSS MB,
    kernel USS MB: the memory only this kernel uses, without libraries shared with others),
    and the moment the page had its kernel from the pool (it was interactive)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sockets: list[str] = []  # the page's kernel is named in its websocket's address
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.set_default_timeout(60_000)
    start = time.perf_counter()
    page.goto(url)
    ready(page)
    page.evaluate(CLICK_AND_WAIT, [first_clicks, first_probe])
    taken_at = time.perf_counter()
    tti = taken_at - start
    if chart:
        page.wait_for_selector(chart)
    to_chart = time.perf_counter() - start
    before_clicks(page)
    latencies = [page.evaluate(CLICK_AND_WAIT, [click_selectors, probe]) for _ in range(CLICKS)]
    kernel_id = next(url for url in sockets if "/api/kernels/" in url).split(
        "/api/kernels/")[1].split("/")[0]
    memory = served.kernel_process(kernel_id).memory_full_info()
    context.close()
    return (tti, to_chart, statistics.median(latencies), memory.rss / 2**20,
            memory.uss / 2**20), taken_at


def summary(name: str, values: list[float], unit: str) -> str:
    return (f"{name:<28} min {min(values):8.2f}  median {statistics.median(values):8.2f}  "
            f"max {max(values):8.2f} {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    store_path = work / "store.sqlite3"
    bare = work / "bare.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BARE_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, bare)

    framework = default_framework()
    store = open_store(str(store_path))
    record = store.create_assessment(framework, project="Benchmark", language="en")
    for question in framework.questions_in("purpose")[1:]:
        store.save_answer(framework, record.id, question.id, 2)
    for question in framework.questions_in("participation"):
        # above the level a closed direction allows, so the gate's answer moves the score
        store.save_answer(framework, record.id, question.id, 3)
    store.save_answer(framework, record.id, "gate.direction-open", "open")  # each click moves
    workbook_url = f"?assessment={record.id}&lang=en"
    gate = ".rw-q-gate-direction-open .widget-radio-box label"
    gate_clicks = [f"{gate}:nth-child(1) input", f"{gate}:nth-child(3) input"]  # open, closed
    first = "purpose-task-clarity"
    workbook_clicks = [f".rw-q-{first} .widget-radio-box label:nth-child(1) input",
                       f".rw-q-{first} .widget-radio-box label:nth-child(4) input"]

    def bare_ready(page):
        page.wait_for_selector(".widget-button")

    def workbook_ready(page):  # the page opens on the gate question's section
        page.wait_for_selector(f"{gate} input")

    def next_section(page):
        page.get_by_label("Section").select_option(index=1)
        page.wait_for_selector(f".rw-q-{first} input")

    results = {"bare": [], "workbook": []}
    servers = {name: BackgroundServer(store_path, notebook=notebook, log=work / f"{name}.log")
               for name, notebook in (("bare", bare), ("workbook", START_NOTEBOOK))}
    try:
        for served in servers.values():
            served.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=LAUNCH_ARGS)
            bare_steps = ([".widget-button"], BARE_PROBE, lambda page: None,
                          [".widget-button"], BARE_PROBE, None)
            workbook_steps = (gate_clicks, TABLE_PROBE, next_section, workbook_clicks,
                              CHART_PROBE, CHART)
            plans = (
                ("bare", servers["bare"], servers["bare"].url, bare_ready, bare_steps),
                ("workbook", servers["workbook"], servers["workbook"].url + workbook_url,
                 workbook_ready, workbook_steps),
            )
            for _name, served, url, ready, steps in plans:
                _figures, taken_at = measure(browser, served, url, ready, *steps)  # warm-up
            for name, served, url, ready, steps in plans:
                for run in range(args.runs):
                    # The pools refill after each page, both at once after the warm-ups;
                    # the second server's first run finds its pool full already.
                    running = [s.process.pid for s in servers.values()
                               if s.process.poll() is None]
                    wait_until_quiet(*running, taken_at=taken_at)
                    figures, taken_at = measure(browser, served, url, ready, *steps)
                    results[name].append(figures)
                    print(f"{name} run {run + 1}: interactive {figures[0]:.2f} s, "
                          f"chart {figures[1]:.2f} s, click {figures[2]:.1f} ms, "
                          f"kernel {figures[3]:.0f} MB", flush=True)
                served.stop()  # done: its kernels leave the machine to the next server
                taken_at = None
            browser.close()
    finally:
        for served in servers.values():
            served.stop()

    columns = {}
    for name in results:
        columns[name] = [list(values) for values in zip(*results[name], strict=True)]
        tti, to_chart, latency, memory, unique = columns[name]
        print(summary(f"{name} time to interactive", tti, "s"))
        if name == "workbook":
            print(summary(f"{name} time to chart", to_chart, "s"))
        print(summary(f"{name} click latency", latency, "ms"))
        print(summary(f"{name} kernel memory", memory, "MB"))
        print(summary(f"{name} kernel unique", unique, "MB"))

    def ratio(index: int) -> float:
        return statistics.median(columns["workbook"][index]) / statistics.median(
            columns["bare"][index])

    workbook_latency = statistics.median(columns["workbook"][2])
    print(f"ratios workbook/bare (medians; goals <=1.3, <=2 and <100 ms, <=1.3): "
          f"tti {ratio(0):.2f} (chart {ratio(1):.2f})  latency {ratio(2):.2f} "
          f"({workbook_latency:.0f} ms)  memory {ratio(3):.2f} (unique {ratio(4):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
