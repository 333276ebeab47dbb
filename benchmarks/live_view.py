"""Benchmark: the facilitator's live view of a session with 40 members (issue 18.5).

One server with the shipped settings; everyone speaks the widget protocol
(``protocol_participant.py``) instead of running a browser, so that 41 pages do not compete
with the server for the processor, and pings as the page's bridge does while its tab is
open. Measured in one run:

* the server and all its kernels while nobody answers: CPU as a share of one core, over
  ``--idle`` seconds, first with no page open (the baseline: Voilà and its prepared
  kernels), then with the facilitator's view and the 40 members' pages open;
* an answer reaching the facilitator: a member chooses a level at a random moment, and the
  time until the facilitator's page shows that member's new count is taken (min / median /
  max over ``--answers`` answers, by different members);
* answers lost: the store is compared with what the members sent.

The last line prints the figures against the goals (answer visible within 2 s, idle under
5 % of one core).

Run: ``.venv/bin/python benchmarks/live_view.py`` (``--members 40``).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import stopped_after, tree_cpu_s, wait_until_quiet  # noqa: E402  (benchmarks/common.py)
from protocol_participant import ProtocolParticipant, is_dropdown  # noqa: E402

from readiness.framework.model import default_framework  # noqa: E402
from readiness.i18n.ui_text import ui  # noqa: E402
from readiness.store import ROLES, open_store  # noqa: E402
from readiness.store.sessions import create_session, session_members  # noqa: E402
from readiness_server.testing import BackgroundServer  # noqa: E402
from readiness_widgets.sessions.model import key_memory_name  # noqa: E402

VISIBLE_GOAL_S = 2.0
IDLE_GOAL = 0.05  # of one core


def is_members_list(state: dict) -> bool:
    return 'class="rw-members"' in str(state.get("value", ""))


def answered_counts(html: str) -> list[int]:
    """The answered count of each member, in the order the facilitator's list shows them."""
    pattern = re.escape(ui("answered_short", "en", count="@")).replace("@", r"(\d+)")
    return [int(n) for n in re.findall(pattern, html)]


async def join(base: str, code: str, role: str) -> ProtocolParticipant:
    member = ProtocolParticipant(base)
    await member.open(f"join={code}&lang=en")
    await member.choose(is_dropdown(ui("role", "en")), ROLES.index(role))
    await member.click(ui("join_button", "en"))
    await member.wait_for(
        lambda s: str(s.get("value", "")).startswith('<p class="rw-member-banner"'))
    return member


async def answer(member: ProtocolParticipant, level: int) -> None:
    """Choose ``level`` in the first question on the member's page (the section it opens
    with), as a tap on a radio button does."""
    await member.choose(lambda s: s.get("_model_name") == "RadioButtonsModel"
                        and any(c.startswith("rw-q-") for c in s.get("_dom_classes", ())),
                        level)


def own_cpu_s(pid: int) -> float:
    """CPU seconds of the server process alone (not its kernels)."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


async def cpu_share(pid: int, seconds: float) -> tuple[float, float]:
    """The server's and its kernels' CPU over ``seconds`` as a share of one core, and the
    share of that the server process itself used (the rest is the kernels')."""
    before, own, start = tree_cpu_s(pid), own_cpu_s(pid), time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - start
    return (tree_cpu_s(pid) - before) / elapsed, (own_cpu_s(pid) - own) / elapsed


async def run(base: str, pid: int, store, members_count: int, answers: int,
              idle_s: float, pinging: bool = True) -> int:
    session, key = create_session(store, default_framework(), project="Live view")
    code = session.join_code
    baseline, _server = await cpu_share(pid, idle_s)
    print(f"server and kernels, no page open: {100 * baseline:.2f} % of one core "
          f"over {idle_s:.0f} s", flush=True)

    facilitator = ProtocolParticipant(base)
    await facilitator.open(f"facilitate={code}&lang=en", {key_memory_name(code): key})
    members_widget, _state = await facilitator.wait_for(is_members_list, timeout=120)
    if pinging:
        facilitator.start_pinging(random.uniform(0, 2))

    start = time.perf_counter()
    roles = [role for role in ROLES if role != "other"]
    members = []
    for offset in range(0, members_count, 10):  # ten at a time, as people arrive
        members += await asyncio.gather(*(join(base, code, roles[i % len(roles)])
                                          for i in range(offset,
                                                         min(members_count, offset + 10))))
    for member in members if pinging else ():
        member.start_pinging(random.uniform(0, 2))
    print(f"{members_count} members joined in {time.perf_counter() - start:.0f} s",
          flush=True)
    await facilitator.wait_for(
        lambda s: is_members_list(s) and len(answered_counts(s["value"])) == members_count,
        timeout=60)
    await asyncio.to_thread(wait_until_quiet, pid)  # joining's work has ended
    # Nobody has touched a page for a while: the pages lie open, as while people talk.
    in_use_s = facilitator.models[facilitator.bridge]["in_use_ms"] / 1000
    await asyncio.sleep(max(0.0, members[-1].last_use + in_use_s - time.perf_counter()))

    pages = (facilitator, *members)
    pinged = sum(page.pings for page in pages)
    idle, server_share = await cpu_share(pid, idle_s)
    pings = sum(page.pings for page in pages) - pinged
    print(f"server and kernels, facilitator view and {members_count} member pages open, "
          f"nobody answering: {100 * idle:.2f} % of one core over {idle_s:.0f} s "
          f"(no page open: {100 * baseline:.2f} %); of which the server process "
          f"{100 * server_share:.2f} %, the kernels {100 * (idle - server_share):.2f} %; "
          f"{pings} pings from the pages meanwhile",
          flush=True)

    delays = []
    chosen = random.Random(18).sample(range(members_count), min(answers, members_count))
    for who in chosen:
        await asyncio.sleep(random.uniform(0, 2))  # any moment
        before = facilitator.models[members_widget]["value"]
        sent = time.perf_counter()
        await answer(members[who], 1)
        while facilitator.models[members_widget]["value"] == before:
            facilitator.changed.clear()
            try:
                await asyncio.wait_for(facilitator.changed.wait(), timeout=10)
            except TimeoutError:
                raise SystemExit("the facilitator's view did not show an answer in 10 s") from None
        delays.append(facilitator.updated[members_widget] - sent)
    print(f"answer visible to the facilitator: min {min(delays):.2f} s, median "
          f"{statistics.median(delays):.2f} s, max {max(delays):.2f} s "
          f"over {len(delays)} answers", flush=True)

    for page in pages:
        await page.close()
    stored = sum(len(m.answers) for m in session_members(store, session.id, key))
    lost = len(delays) - stored
    print(f"answers sent {len(delays)}, stored {stored}, lost {max(lost, 0)}")
    print(f"live view with {members_count} members: answer visible max {max(delays):.2f} s "
          f"(goal <= {VISIBLE_GOAL_S:.0f} s), idle {100 * idle:.2f} % of one core (goal < "
          f"{100 * IDLE_GOAL:.0f} %; no page open {100 * baseline:.2f} %)  lost {max(lost, 0)}")
    return 0 if lost <= 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=40, help="members (default 40)")
    parser.add_argument("--answers", type=int, default=10,
                        help="answers timed until the facilitator sees them (default 10)")
    parser.add_argument("--idle", type=float, default=30,
                        help="seconds the idle CPU is measured over (default 30)")
    parser.add_argument("--without-pings", action="store_true",
                        help="pages that never ping (to see what the pings cost)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "store.sqlite3"
        store = open_store(str(store_path))
        print(f"store: {store.engine.dialect.name}", flush=True)
        server = BackgroundServer(store_path, log=Path(folder) / "voila.log")
        with stopped_after(server):
            pid = server.start().process.pid
            wait_until_quiet(pid)
            return asyncio.run(run(server.url, pid, store, args.members, args.answers,
                                   args.idle, not args.without_pings))


if __name__ == "__main__":
    sys.exit(main())
