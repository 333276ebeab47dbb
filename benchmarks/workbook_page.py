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

And where the time goes, in the page (its websocket frames and plotly.react, timed where
they arrive): until interactive, the page's HTML and scripts, the kernel's first message,
the widgets on screen, the first answer; per click, the way in (click -> the kernel's
"busy"), the kernel until the frame with the result, the browser before plotly.react,
plotly.react, and on to the mark on screen; the frames and bytes one click brings back.

Prints min / median / max per figure, the parts' medians, a "goal missed" line with the
parts against the bare page's for each goal (issue 18: time to interactive and click ->
chart <= 1.2x the bare page, kernel memory <= 1.3x) that is missed, and the ratios of
the medians as the last line.
Run: ``make benchmark`` (or ``.venv/bin/python benchmarks/workbook_page.py --runs 5``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import (  # noqa: E402  (benchmarks/common.py)
    CHROMIUM,
    LAUNCH_ARGS,
    wait_until_quiet,
    write_bare_notebook,
)

from readiness.framework.model import default_framework  # noqa: E402
from readiness.store import open_store  # noqa: E402
from readiness_server.serve import START_NOTEBOOK  # noqa: E402
from readiness_server.testing import BackgroundServer  # noqa: E402

CHART = ".rw-chart .js-plotly-plot"
CLICKS = 10


# Every websocket frame the page receives, with the moment it arrived (the page's kernel
# messages: "busy" when the kernel starts on the click, the chart's or label's update,
# "idle" when it is done); and each plotly.react call's start and end.
FRAME_PROBE = """(() => {
  const Native = window.WebSocket;
  const text = new TextDecoder();
  window.rwFrames = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const at = performance.now();
        const data = event.data;
        const body = typeof data === "string" ? data
          : data instanceof ArrayBuffer ? text.decode(data) : "";
        window.rwFrames.push([at, body.length, body]);
      });
    }
  };
  window.rwReacts = [];
  const wrap = () => {
    if (!window.Plotly || window.Plotly.rwTimed) { return; }
    const react = window.Plotly.react;
    window.Plotly.react = (...args) => {
      const entry = [performance.now(), null];
      window.rwReacts.push(entry);
      return react.apply(window.Plotly, args).then((value) => {
        entry[1] = performance.now(); return value;
      });
    };
    window.Plotly.rwTimed = true;
  };
  setInterval(wrap, 50);
})();"""

# In-page timing: dispatch the click, then poll (1 ms) until the result is visible; and
# where the time went: from the click to the kernel's "busy" (the click's way in), to the
# frame that carries the result (``marker``: the kernel's work until it sent it, and the
# way out), to plotly.react's start (the browser's work on the frames before it), through
# plotly.react, to the mark on screen; the frames and bytes the kernel sent until "idle".
CLICK_AND_WAIT = """async ([targets, probe, marker]) => {
  const read = new Function(probe);
  const before = read();
  // The first target that is not already chosen (a chosen radio would change nothing).
  const target = targets.map((s) => document.querySelector(s)).find((e) => e && !e.checked);
  window.rwFrames.length = 0;
  window.rwReacts.length = 0;
  const start = performance.now();
  target.click();
  while (read() === before) {
    if (performance.now() - start > 10000) { throw new Error("no redraw after 10 s"); }
    await new Promise((r) => setTimeout(r, 1));
  }
  const total = performance.now() - start;
  const idle = () => window.rwFrames.find((f) => f[2].includes('"execution_state":"idle"')
                                            || f[2].includes('"execution_state": "idle"'));
  while (!idle() && performance.now() - start < 10000) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const at = (test) => { const f = window.rwFrames.find(test); return f ? f[0] - start : null; };
  const busy = at((f) => /"execution_state": ?"busy"/.test(f[2]));
  const result = at((f) => f[2].includes(marker));
  const frames = window.rwFrames.filter((f) => f[0] <= idle()[0]);
  const react = window.rwReacts[0];
  return {total, busy, result, idle: idle()[0] - start,
          frames: frames.length, bytes: frames.reduce((n, f) => n + f[1], 0),
          reactStart: react ? react[0] - start : null,
          reactEnd: react && react[1] ? react[1] - start : null};
}"""
BARE_PROBE = "return document.querySelector('.widget-label').textContent"
TABLE_PROBE = "return document.querySelector('.rw-scores tbody').textContent"
# The chart widget marks each finished drawing (after Plotly.react resolves).
CHART_PROBE = ("const d = document.querySelector('" + CHART + "');"
               " return d ? d.dataset.revision : ''")


# The page's own timeline up to interactive: its HTML and scripts (DOMContentLoaded), the
# kernel's first message (the widgets' state begins to arrive), then the widgets on screen.
LOAD_TIMES = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const frames = window.rwFrames;
  return {html: navigation.domContentLoadedEventEnd, first: frames.length ? frames[0][0] : null,
          shown: performance.now(), frames: frames.length,
          bytes: frames.reduce((n, f) => n + f[1], 0)};
}"""

SPLIT = (("way in", "busy"), ("kernel until the result", "result"),
         ("browser before plotly", "reactStart"), ("plotly.react", "reactEnd"),
         ("to the mark", "total"))
"""Where one click's time goes: each part ends at the moment named (ms after the click)."""


def click_split(click: dict) -> dict[str, float]:
    """One click's parts (ms), its kernel's whole work (busy to idle), frames and bytes."""
    parts, last = {}, 0.0
    for name, key in SPLIT:
        if click.get(key) is not None:
            parts[name], last = click[key] - last, click[key]
    parts["kernel busy"] = click["idle"] - click["busy"]
    parts["frames"], parts["bytes"] = click["frames"], click["bytes"]
    return parts


def measure(browser, served: BackgroundServer, url: str, ready, first_clicks: list[str],
            first_probe: str, before_clicks, click_selectors: list[str], probe: str,
            marker: str, chart: str | None) -> tuple[dict, float]:
    """The page's figures (time to interactive s, time to chart s, median click latency ms,
    kernel RSS MB, kernel USS MB: the memory only this kernel uses, without libraries shared
    with others; where the time to interactive and the clicks' time went), and the moment
    the page had its kernel from the pool (it was interactive)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(FRAME_PROBE)
    page = context.new_page()
    sockets: list[str] = []  # the page's kernel is named in its websocket's address
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.set_default_timeout(60_000)
    start = time.perf_counter()
    page.goto(url)
    ready(page)
    load = page.evaluate(LOAD_TIMES)
    first = page.evaluate(CLICK_AND_WAIT, [first_clicks, first_probe, ""])
    taken_at = time.perf_counter()
    tti = taken_at - start
    if chart:
        page.wait_for_selector(chart)
    to_chart = time.perf_counter() - start
    before_clicks(page)
    clicks = [page.evaluate(CLICK_AND_WAIT, [click_selectors, probe, marker])
              for _ in range(CLICKS)]
    kernel_id = next(url for url in sockets if "/api/kernels/" in url).split(
        "/api/kernels/")[1].split("/")[0]
    memory = served.kernel_process(kernel_id).memory_full_info()
    context.close()
    splits = [click_split(click) for click in clicks]
    figures = {
        "tti": tti, "chart": to_chart,
        "latency": statistics.median(click["total"] for click in clicks),
        "memory": memory.rss / 2**20, "unique": memory.uss / 2**20,
        "load": {"page and scripts": load["html"] / 1000,
                 "kernel's first message": ((load["first"] or load["html"]) - load["html"])
                 / 1000,
                 "widgets on screen": (load["shown"] - (load["first"] or load["html"])) / 1000,
                 "first answer": first["total"] / 1000,
                 "state frames": load["frames"], "state KB": load["bytes"] / 1024},
        "click": {name: statistics.median(split[name] for split in splits)
                  for name in splits[0]},
    }
    return figures, taken_at


def summary(name: str, values: list[float], unit: str) -> str:
    return (f"{name:<28} min {min(values):8.2f}  median {statistics.median(values):8.2f}  "
            f"max {max(values):8.2f} {unit}")


def parts(runs: list[dict], key: str, scale: float, unit: str) -> str:
    """The medians over the runs of one timeline's parts."""
    names = runs[0][key]
    counts = ("frames", "state frames", "bytes", "state KB")
    shown = []
    for name in names:
        value = statistics.median(run[key][name] for run in runs)
        shown.append(f"{value:.0f}" if name in counts else f"{value * scale:.0f} {unit}")
    return ", ".join(f"{name} {value}" for name, value in zip(names, shown, strict=True))


TTI_GOAL, LATENCY_GOAL, MEMORY_GOAL = 1.2, 1.2, 1.3
"""The workbook page against the bare one (issue 18, point 3): medians over the runs."""


IMPORT_STEPS = """
import gc, json, sys, psutil
def resident():
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20
import ipykernel.ipkernel, ipywidgets
steps, last = {}, resident()
for name, modules in (("sqlalchemy (the store)", ["sqlalchemy"]),
                      ("the workbook's modules", ["readiness.framework.model",
                                                  "readiness.store", "readiness_widgets"])):
    for module in modules:
        __import__(module)
    now = resident()
    steps[name], last = now - last, now
print(json.dumps(steps))
"""
"""What the workbook page's kernel imports beyond a bare page's, measured in a fresh
Python: the notebook's imports, SQLAlchemy first (the store's)."""


def import_split() -> dict[str, float]:
    """MB of resident memory each step of ``IMPORT_STEPS`` adds."""
    out = subprocess.run([sys.executable, "-c", IMPORT_STEPS], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def missed(key: str, results: dict[str, list[dict]]) -> str:
    """Where the workbook's extra time or memory goes, part by part against the bare page."""
    def median(name: str, figure: str, part: str | None = None) -> float:
        runs = results[name]
        return statistics.median(run[figure][part] if part else run[figure] for run in runs)

    if key == "memory":
        extra = median("workbook", "memory") - median("bare", "memory")
        imports = import_split()
        return (f"{extra:.1f} MB more: importing "
                + ", ".join(f"{name} {mb:.1f} MB" for name, mb in imports.items())
                + f", the rest ({extra - sum(imports.values()):.1f} MB) the open page: "
                "framework, store connection, widgets")
    figure, factor = ("load", 1000) if key == "tti" else ("click", 1)  # both in ms
    lines = []
    for part in results["workbook"][0][figure]:
        if part in ("frames", "state frames", "bytes", "state KB", "kernel busy"):
            continue
        line = f"{part} {median('workbook', figure, part) * factor:.0f}"
        if part in results["bare"][0][figure]:
            line += f" vs {median('bare', figure, part) * factor:.0f}"
        lines.append(line + " ms")
    return "workbook vs bare: " + ", ".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    store_path = work / "store.sqlite3"
    bare = write_bare_notebook(work / "bare.ipynb")

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
                          [".widget-button"], BARE_PROBE, '"value"', None)
            workbook_steps = (gate_clicks, TABLE_PROBE, next_section, workbook_clicks,
                              CHART_PROBE, '"figure"', CHART)
            plans = (
                ("bare", servers["bare"], servers["bare"].url, bare_ready, bare_steps),
                ("workbook", servers["workbook"], servers["workbook"].url + workbook_url,
                 workbook_ready, workbook_steps),
            )
            for _name, served, url, ready, steps in plans:
                _figures, taken_at = measure(browser, served, url, ready, *steps)  # warm-up
            pids = [s.process.pid for s in servers.values()]
            for run in range(args.runs):
                # Bare and workbook take turns, so that whatever else the machine does
                # weighs on both alike; each page waits until both pools have refilled.
                for name, served, url, ready, steps in plans:
                    wait_until_quiet(*pids, taken_at=taken_at)
                    figures, taken_at = measure(browser, served, url, ready, *steps)
                    results[name].append(figures)
                    print(f"{name} run {run + 1}: interactive {figures['tti']:.2f} s, "
                          f"chart {figures['chart']:.2f} s, click {figures['latency']:.1f} ms,"
                          f" kernel {figures['memory']:.0f} MB", flush=True)
            browser.close()
    finally:
        for served in servers.values():
            served.stop()

    medians = {}
    for name, runs in results.items():
        column = {key: [run[key] for run in runs]
                  for key in ("tti", "chart", "latency", "memory", "unique")}
        medians[name] = {key: statistics.median(values) for key, values in column.items()}
        print(summary(f"{name} time to interactive", column["tti"], "s"))
        if name == "workbook":
            print(summary(f"{name} time to chart", column["chart"], "s"))
        print(summary(f"{name} click latency", column["latency"], "ms"))
        print(summary(f"{name} kernel memory", column["memory"], "MB"))
        print(summary(f"{name} kernel unique", column["unique"], "MB"))
    for name, runs in results.items():  # measured, so a missed goal says where to look
        print(f"{name} until interactive (medians): {parts(runs, 'load', 1000, 'ms')}")
        print(f"{name} click (medians): {parts(runs, 'click', 1, 'ms')}")

    def ratio(key: str) -> float:
        return medians["workbook"][key] / medians["bare"][key]

    for key, goal, what in (("tti", TTI_GOAL, "time to interactive"),
                            ("latency", LATENCY_GOAL, "click -> chart redrawn"),
                            ("memory", MEMORY_GOAL, "kernel memory")):
        if ratio(key) > goal:
            print(f"goal missed: {what} {ratio(key):.2f}x > {goal}x; {missed(key, results)}")
    print(f"ratios workbook/bare (medians; goals tti <={TTI_GOAL}, latency <={LATENCY_GOAL}, "
          f"memory <={MEMORY_GOAL}): tti {ratio('tti'):.2f} (chart {ratio('chart'):.2f})  "
          f"latency {ratio('latency'):.2f} ({medians['workbook']['latency']:.0f} ms)  "
          f"memory {ratio('memory'):.2f} (unique {ratio('unique'):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
