"""Benchmark: participant pages opening one group session at once, in headless Chromium.

Measured in one run, on one server with the shipped settings (``notebooks/voila.json``),
prepared for the group as docs/group-sessions.md advises: as many pages ready ahead as
there are participants, as ``readiness serve --pool 30`` does (``--pool 2`` measures the
shipped default):

* one participant page alone: time until the join page is interactive, then joining and
  answering;
* ``--pages`` participant pages (30) opened at the same moment: time until all are
  interactive, and until all have joined and answered;
* memory: the server and all its kernels (RSS), alone and with those pages;
* the same with ``--participants`` participants (30) that speak the widget protocol
  instead of running a browser (``protocol_participant.py``): what the server itself does
  for 30 phones, without 30 browsers on the same processor;
* the baseline (issue 18.2): the same ``--participants`` arrivals on a bare Voilà page (one
  button and a label), served by a second server with the same pool and settings, taking
  turns with the workbook over ``--runs`` runs (3). Per run: the time until all are
  interactive, the server's and its kernels' CPU until then per arrival, and the median
  time of each step of arriving (the page, the websocket, the widgets' states, until the
  join page or button answers); then min/median/max and the ratios of the medians against
  the goals (<= 1.3), with the steps side by side where a goal is missed;
* answers lost: the store is compared with what the participants sent.

The last line prints the ratios (many at once / one alone). Note that the browsers run on
the same machine as the server, so they compete with it for the CPU; phones would not.
Pages leave as closed tabs do (Voilà's page then stops its kernel).

The store is a new SQLite file unless ``--store`` names one: a store URL
(``--store postgresql://user:password@host/database``, whose database gets the benchmark's
sessions) or ``--store postgres``, a throwaway PostgreSQL server started as the tests start
it (tests/postgres.py; Debian's postgresql, scripts/ensure-postgres).

Run: ``make benchmark`` (``--pages 30``). The test run (tests/benchmarks/test_benchmark.py) opens 5
Chromium pages with the same 30 protocol participants: on 2 cores, 30 browsers measure the
machine more than the server.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import (  # noqa: E402  (benchmarks/common.py)
    CHROMIUM,
    LAUNCH_ARGS,
    cpu_seconds,
    stopped_after,
    tree_cpu_s,
    wait_until_quiet,
    write_bare_notebook,
)
from protocol_participant import (  # noqa: E402
    ProtocolParticipant,
    is_button,
    is_dropdown,
)

from readiness.framework.model import default_framework  # noqa: E402
from readiness.i18n.ui_text import ui  # noqa: E402
from readiness.store import ROLES, open_store  # noqa: E402
from readiness.store.sessions import create_session, session_members  # noqa: E402
from readiness_server.testing import BackgroundServer  # noqa: E402

ANSWERS = (("gate-direction-open", 0), ("purpose-task-clarity", 2),
           ("purpose-ambition-fit", 1), ("purpose-shared-problem", 3),
           ("purpose-model-aim", 2))


def browser_cpu_s() -> float:
    """CPU seconds used so far by every Chromium process (only this benchmark's run)."""
    return cpu_seconds(p for p in psutil.process_iter(["name"])
                       if "chrom" in (p.info["name"] or ""))


def tree_rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


STALLED_AFTER_MS = 150_000
RELOADS = []  # one entry per page a participant would have had to reload


async def open_join_page(browser, url: str):
    """Open the join page like a participant: one who waits long enough, then reloads."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(url)
    join = page.get_by_role("button", name=ui("join_button", "en"), exact=True)
    for attempt in range(3):
        try:
            await join.wait_for(timeout=STALLED_AFTER_MS)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            RELOADS.append(url)
            await page.reload()
    return context, page


async def join_and_answer(page) -> None:
    await page.get_by_label(ui("role", "en")).select_option(label=ui("role_staff", "en"))
    await page.get_by_role("button", name=ui("join_button", "en"), exact=True).click()
    await page.locator(".rw-member-banner").wait_for()
    for css_id, index in ANSWERS:
        if css_id.startswith("purpose") and not await page.locator(f".rw-q-{css_id}").count():
            await page.get_by_label(ui("section", "en")).select_option(index=1)
        await page.locator(f".rw-q-{css_id} .widget-radio-box label").nth(index).click()
    await page.locator(".rw-status").filter(has_text="All answers saved").wait_for()
    await page.wait_for_timeout(300)  # the last answer's round trip


async def close_pages(opened) -> None:
    """Close the pages as a participant closes a tab, so Voilà stops their kernels."""
    for _context, page in opened:
        await page.close(run_before_unload=True)
    await asyncio.sleep(1)  # the page's shutdown beacon
    for context, _page in opened:
        await context.close()


async def run_pages(browser, url: str, count: int) -> tuple[float, float, list, float]:
    """(all interactive s, all answered s, the pages, the moment all had their kernels)."""
    start = time.perf_counter()
    opened = await asyncio.gather(*(open_join_page(browser, url) for _ in range(count)))
    taken_at = time.perf_counter()
    await asyncio.gather(*(join_and_answer(page) for _context, page in opened))
    answered = time.perf_counter() - start
    return taken_at - start, answered, opened, taken_at


async def answer_all(participant: ProtocolParticipant) -> None:
    """The five answers, switching to the second section as a person does."""
    section_chosen = False
    for css_id, index in ANSWERS:
        if css_id.startswith("purpose") and not section_chosen:
            await participant.choose(is_dropdown(ui("section", "en")), 1)
            section_chosen = True
        await participant.choose(lambda s, c=css_id: f"rw-q-{c}" in s.get("_dom_classes", ()),
                                 index)


async def protocol_participant(base: str, query: str, start: float) -> tuple[float, float]:
    """One participant without a browser: (seconds until interactive, until answered)."""
    times = await workbook_arrival(base, query, start, lambda: None)
    return times["interactive"] - start, times["answered"] - start


# -- the baseline: the same arrivals on a bare Voilà page (issue 18.2) ------------------------
ARRIVAL_GOAL = 1.3  # the workbook's 30 arrivals against the bare page's: time and CPU
STEPS = ("page", "websocket", "widgets", "interactive")


async def bare_arrival(base: str, start: float, arrived) -> dict:
    """One participant on the bare page: open it, click its button, see the count."""
    participant = ProtocolParticipant(base)
    try:
        await participant.open("")
        await participant.wait_for(is_button("Click"))
        participant.times["interactive"] = time.perf_counter()
        arrived()
        await participant.click("Click")
        await participant.wait_for(lambda s: s.get("_model_name") == "LabelModel"
                                   and s.get("value") == "1")
        return participant.times
    finally:
        await asyncio.sleep(0.5)
        await participant.close()


async def workbook_arrival(base: str, query: str, start: float, arrived) -> dict:
    """One participant on the workbook: open the join page, join and give five answers."""
    participant = ProtocolParticipant(base)
    try:
        await participant.open(query)
        await participant.wait_for(is_button(ui("join_button", "en")))
        participant.times["interactive"] = time.perf_counter()
        arrived()
        await participant.choose(is_dropdown(ui("role", "en")), ROLES.index("staff"))
        await participant.click(ui("join_button", "en"))
        await participant.wait_for(
            lambda s: str(s.get("value", "")).startswith('<p class="rw-member-banner"'))
        await answer_all(participant)
        participant.times["answered"] = time.perf_counter()
        return participant.times
    finally:
        await asyncio.sleep(0.5)  # let the last answers reach the kernel before closing
        await participant.close()


async def arrivals(pid: int, count: int, arrive) -> dict:
    """``count`` participants at once: the moment the last is interactive (s), the server's
    and its kernels' CPU until then per participant, and the median time of each step."""
    start = time.perf_counter()
    server = psutil.Process(pid)
    cpu_before, server_before = tree_cpu_s(pid), sum(server.cpu_times()[:2])
    interactive: list[float] = []
    figures: dict = {}

    def arrived() -> None:
        interactive.append(time.perf_counter())
        if len(interactive) == count:  # the last one: what the arrivals cost
            figures["all_interactive"] = interactive[-1] - start
            figures["cpu_per_arrival"] = (tree_cpu_s(pid) - cpu_before) / count
            figures["server_cpu_per_arrival"] = (sum(server.cpu_times()[:2])
                                                 - server_before) / count

    times = await asyncio.gather(*(arrive(start, arrived) for _ in range(count)))
    figures["steps"] = {}
    for before, step in zip(("start", *STEPS), STEPS, strict=False):
        figures["steps"][step] = statistics.median(t[step] - t[before] for t in times)
    return figures


def spread(values: list[float], unit: str = "s") -> str:
    return (f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f} {unit}")


async def against_bare(workbook_pid: int, bare_pid: int, workbook_base: str, bare_base: str,
                       store, count: int, runs: int) -> int:
    """The workbook's ``count`` arrivals against the bare page's, taking turns over
    ``runs`` runs; prints each run and the min/median/max; returns answers lost."""
    framework = default_framework()
    results: dict[str, list[dict]] = {"bare": [], "workbook": []}
    lost = 0
    taken_at = None
    for run in range(runs):
        order = ("bare", "workbook") if run % 2 == 0 else ("workbook", "bare")
        for kind in order:
            # Both servers idle, their pools full again: neither measures the other's refill.
            wait_until_quiet(workbook_pid, bare_pid, taken_at=taken_at)
            if kind == "bare":
                figures = await arrivals(bare_pid, count, lambda start, arrived:
                                         bare_arrival(bare_base, start, arrived))
            else:
                session, key = create_session(store, framework, project=f"Arrivals {run}")
                query = f"join={session.join_code}&lang=en"
                figures = await arrivals(
                    workbook_pid, count, lambda start, arrived, query=query:
                    workbook_arrival(workbook_base, query, start, arrived))
                expected = count * len(ANSWERS)
                deadline = time.perf_counter() + 60
                while time.perf_counter() < deadline:
                    stored = sum(len(m.answers)
                                 for m in session_members(store, session.id, key))
                    if stored >= expected:
                        break
                    await asyncio.sleep(0.2)
                lost += expected - stored
            taken_at = time.perf_counter()
            results[kind].append(figures)
            steps = ", ".join(f"{step} {1000 * value:.0f} ms"
                              for step, value in figures["steps"].items())
            print(f"run {run + 1} {kind}: {count} arrivals all interactive "
                  f"{figures['all_interactive']:.2f} s, server and kernels "
                  f"{figures['cpu_per_arrival']:.3f} CPU-s per arrival (the server process "
                  f"{figures['server_cpu_per_arrival']:.3f}); median steps: {steps}",
                  flush=True)

    def values(kind: str, figure: str) -> list[float]:
        return [run[figure] for run in results[kind]]

    def median(kind: str, figure: str) -> float:
        return statistics.median(values(kind, figure))

    for kind in ("bare", "workbook"):
        print(f"{kind} over {runs} runs (min/median/max): all interactive "
              f"{spread(values(kind, 'all_interactive'))}, CPU per arrival "
              f"{spread(values(kind, 'cpu_per_arrival'), 'CPU-s')}", flush=True)
    time_ratio = median("workbook", "all_interactive") / median("bare", "all_interactive")
    cpu_ratio = median("workbook", "cpu_per_arrival") / median("bare", "cpu_per_arrival")
    for ratio, figure in ((time_ratio, "all_interactive"), (cpu_ratio, "cpu_per_arrival")):
        if ratio > ARRIVAL_GOAL:  # say where the time goes, step by step
            def step_ms(kind: str, step: str) -> float:
                return 1000 * statistics.median(run["steps"][step] for run in results[kind])

            parts = ", ".join(f"{step} {step_ms('workbook', step):.0f} vs "
                              f"{step_ms('bare', step):.0f} ms" for step in STEPS)
            print(f"goal missed ({figure.replace('_', ' ')}): median steps per participant, "
                  f"workbook vs bare: {parts}", flush=True)
    print(f"{count} arrivals, workbook/bare (medians of {runs} runs; goals <= {ARRIVAL_GOAL}): "
          f"all interactive {time_ratio:.2f}  CPU per arrival {cpu_ratio:.2f}  lost {lost}",
          flush=True)
    return lost


async def run_protocol(base: str, store, session, key: str, count: int
                       ) -> tuple[float, float]:
    """``count`` protocol participants at once: (all interactive s, all answers stored s);
    every participant has its kernel by ``start`` + all interactive."""
    start = time.perf_counter()
    query = f"join={session.join_code}&lang=en"
    results = await asyncio.gather(*(protocol_participant(base, query, start)
                                     for _ in range(count)))
    expected = count * len(ANSWERS)
    while sum(len(m.answers) for m in session_members(store, session.id, key)) < expected:
        if time.perf_counter() - start > 600:
            break
        await asyncio.sleep(0.1)
    return max(r[0] for r in results), time.perf_counter() - start


async def main_async(pages: int, participants: int, pool: int,
                     location: str | None = None, runs: int = 3) -> int:
    framework = default_framework()
    with tempfile.TemporaryDirectory() as folder:
        store_path = location or Path(folder) / "store.sqlite3"
        store = open_store(str(store_path))
        print(f"store: {store.engine.dialect.name}", flush=True)
        alone_session, alone_key = create_session(store, framework, project="Alone")
        group_session, group_key = create_session(store, framework, project="Group")
        # The same again with participants that speak the widget protocol instead of
        # running a browser: what the server itself can do for 30 phones.
        protocol_alone, protocol_alone_key = create_session(store, framework,
                                                            project="Protocol alone")
        protocol_group, protocol_key = create_session(store, framework, project="Protocol")
        server = BackgroundServer(store_path, pool=pool, log=Path(folder) / "voila.log")
        base = server.url
        with stopped_after(server):
            pid = server.start().process.pid
            # The pool fills before the meeting: the server counts the pages it prepared.
            filled = server.wait_for_output(f"Pages prepared for participants: {pool} of {pool}")
            filled += wait_until_quiet(pid)  # and until its work has ended
            idle_memory = tree_rss_mb(pid)
            print(f"pool of {pool} pages prepared in {filled:.0f} s, "
                  f"server and kernels {idle_memory:.0f} MB", flush=True)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                           args=LAUNCH_ARGS)
                one_ready, one_done, opened, taken_at = await run_pages(
                    browser, f"{base}?join={alone_session.join_code}&lang=en", 1)
                one_memory = tree_rss_mb(pid)
                await close_pages(opened)
                print(f"one page: interactive {one_ready:.2f} s, joined and answered "
                      f"{one_done:.2f} s, server and kernels {one_memory:.0f} MB "
                      f"(idle {idle_memory:.0f} MB)", flush=True)
                wait_until_quiet(pid, taken_at=taken_at)  # the pool refills after the page
                server_cpu, chromium_cpu = tree_cpu_s(pid), browser_cpu_s()
                many_ready, many_done, opened, taken_at = await run_pages(
                    browser, f"{base}?join={group_session.join_code}&lang=en", pages)
                many_memory = tree_rss_mb(pid)
                server_cpu = tree_cpu_s(pid) - server_cpu
                chromium_cpu = browser_cpu_s() - chromium_cpu
                print(f"{pages} pages: all interactive {many_ready:.2f} s, all joined and "
                      f"answered {many_done:.2f} s, server and kernels {many_memory:.0f} MB",
                      flush=True)
                cores = psutil.cpu_count() or 1
                print(f"CPU used meanwhile: Chromium {chromium_cpu:.0f} s, server and kernels "
                      f"{server_cpu:.0f} s, on {cores} cores: the browsers alone need at least "
                      f"{chromium_cpu / cores:.0f} s of the {many_done:.0f} s", flush=True)
                await close_pages(opened)
                await browser.close()
            wait_until_quiet(pid, taken_at=taken_at)
            start = time.perf_counter()
            one_proto = await run_protocol(base, store, protocol_alone, protocol_alone_key, 1)
            wait_until_quiet(pid, taken_at=start + one_proto[0])
            server_cpu = tree_cpu_s(pid)
            many_proto = await run_protocol(base, store, protocol_group, protocol_key,
                                            participants)
            server_cpu = tree_cpu_s(pid) - server_cpu
            print(f"protocol participants (no browser): one alone interactive "
                  f"{one_proto[0]:.2f} s, answers stored {one_proto[1]:.2f} s; {participants} "
                  f"at once all interactive {many_proto[0]:.2f} s, all answers stored "
                  f"{many_proto[1]:.2f} s; server and kernels used {server_cpu:.0f} CPU-s "
                  f"({server_cpu / participants:.2f} per participant)",
                  flush=True)
            # The same arrivals on a bare Voilà page, same pool and settings (issue 18.2).
            bare = BackgroundServer(Path(folder) / "bare.sqlite3", pool=pool,
                                    notebook=write_bare_notebook(Path(folder) / "bare.ipynb"),
                                    log=Path(folder) / "bare.log")
            with stopped_after(bare):
                bare_pid = bare.start().process.pid
                bare.wait_for_output(f"Pages prepared for participants: {pool} of {pool}")
                baseline_lost = await against_bare(pid, bare_pid, base, bare.url, store,
                                                   participants, runs)
        sent = pages * len(ANSWERS)
        members = session_members(store, group_session.id, group_key)
        stored = sum(len(m.answers) for m in members)
        proto_sent = participants * len(ANSWERS)
        proto_members = session_members(store, protocol_group.id, protocol_key)
        proto_stored = sum(len(m.answers) for m in proto_members)
        lost = (sent - stored) + (proto_sent - proto_stored) + baseline_lost
        print(f"answers sent {sent}, stored {stored}, lost {sent - stored}; "
              f"members {len(members)} of {pages}; pages reloaded after "
              f"{STALLED_AFTER_MS // 1000} s without the join page: {len(RELOADS)}")
        print(f"protocol participants: answers sent {proto_sent}, stored {proto_stored}, "
              f"lost {proto_sent - proto_stored}; members {len(proto_members)} of "
              f"{participants}")
        print(f"ratios at once / one alone (goal <= 3): {pages} browser pages interactive "
              f"{many_ready / one_ready:.2f}  joined and answered {many_done / one_done:.2f}  "
              f"{participants} protocol participants interactive "
              f"{many_proto[0] / one_proto[0]:.2f}  answered "
              f"{many_proto[1] / one_proto[1]:.2f}  memory {many_memory / one_memory:.2f} "
              f"({many_memory:.0f} MB vs {one_memory:.0f} MB, of which {idle_memory:.0f} MB "
              f"the {pool} prepared pages)  lost {lost}")
        return 0 if lost == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=30,
                        help="Chromium pages opened at once (default 30)")
    parser.add_argument("--participants", type=int, default=30,
                        help="participants speaking the widget protocol at once (default 30)")
    parser.add_argument("--pool", type=int, help="pages prepared ahead, as `readiness serve "
                        "--pool` (default: as many as the larger group, as advised for a "
                        "meeting)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of the protocol participants' arrivals against a bare "
                        "Voilà page (default 3)")
    parser.add_argument("--store", help="a store URL or SQLite path (default: a new SQLite "
                        "file), or 'postgres' for a throwaway PostgreSQL server")
    args = parser.parse_args()
    pool = args.pool or max(args.pages, args.participants)
    if args.store != "postgres":
        return asyncio.run(main_async(args.pages, args.participants, pool, args.store,
                                      args.runs))
    from tests.postgres import PostgresServer

    server = PostgresServer().start()
    try:
        return asyncio.run(main_async(args.pages, args.participants, pool,
                                      server.new_database(), args.runs))
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
