"""Benchmark: the report for a group of 40 with every question answered.

Prints the time to gather the session from the store and to render the HTML report
(median of several runs), then the PDF time when Chromium is there. The goal is a report in
under 2 s on this machine; the last line gives the figure against it.

Run: ``make benchmark`` (or ``.venv/bin/python benchmarks/report.py``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readiness.exchange.report_data import from_sessions  # noqa: E402
from readiness.framework.model import default_framework  # noqa: E402
from readiness.render.report import find_chromium, render_html, write_pdf  # noqa: E402
from readiness.store import ROLES, open_store  # noqa: E402
from readiness.store.sessions import create_session, join_session  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    framework = default_framework()
    randomness = random.Random(4)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "store.sqlite3"))
        session, _key = create_session(store, framework, project="Benchmark", language="sv")
        for index in range(args.members):
            member = join_session(store, framework, session.join_code,
                                  role=ROLES[index % len(ROLES)])
            store.save_answer(framework, member.id, "gate.direction-open", "partly")
            for question in framework.questions:
                store.save_answer(framework, member.id, question.id,
                                  randomness.randint(1, question.levels))
            for dimension in framework.dimensions:
                store.save_note(member.id, dimension.id, f"Note {index} on {dimension.id}")
        alone, _key = create_session(store, framework, project="Baseline", language="sv")
        member = join_session(store, framework, alone.join_code, role="staff")
        for question in framework.questions:
            store.save_answer(framework, member.id, question.id, 2)
        baseline = []
        for _ in range(args.runs):  # the same report for one member: the baseline
            start = time.perf_counter()
            render_html(framework, from_sessions(store, [alone.id]))
            baseline.append(time.perf_counter() - start)
        totals, html = [], ""
        for _ in range(args.runs):
            start = time.perf_counter()
            data = from_sessions(store, [session.id])
            gathered = time.perf_counter()
            html = render_html(framework, data)
            done = time.perf_counter()
            totals.append(done - start)
            print(f"report run: gather {gathered - start:.3f} s, render {done - gathered:.3f} s,"
                  f" {len(html) / 2**20:.1f} MB", flush=True)
        if find_chromium():
            start = time.perf_counter()
            write_pdf(html, Path(folder) / "report.pdf")
            print(f"pdf: {time.perf_counter() - start:.2f} s (headless Chromium)")
        median = statistics.median(totals)
        one = statistics.median(baseline)
        print(f"report for {args.members} members with every answer: median {median:.2f} s "
              f"(goal < 2 s), {median / one:.1f}x the report for one member ({one:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
