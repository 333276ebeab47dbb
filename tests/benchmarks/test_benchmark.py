"""The benchmarks run in CI too, smaller, so their figures appear in every CI log.

They assert the benchmarks' shape, never their timings: these machines are too noisy for
timed assertions. ``make benchmark`` runs the page benchmark five times (here once) and
opens 30 Chromium pages in the group benchmark (here 5).
"""

import re
import subprocess
import sys

from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"


def test_benchmark_measures_both_pages_and_prints_ratios_last():
    result = subprocess.run(
        [sys.executable, "benchmarks/workbook_page.py", "--runs", "1"], cwd=ROOT,
        capture_output=True, text=True, timeout=600)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark.txt").write_text(result.stdout)  # shown in pytest's summary
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    for figure in ("bare time to interactive", "workbook time to interactive",
                   "workbook time to chart", "bare click latency", "workbook click latency",
                   "bare kernel memory", "workbook kernel memory", "bare kernel unique",
                   "workbook kernel unique"):
        assert any(line.startswith(figure) for line in lines), figure
    for name in ("bare", "workbook"):  # where the time goes, part by part (issue 18.3)
        assert any(re.match(rf"{name} until interactive \(medians\): page and scripts \d+ ms, "
                            r"kernel's first message", line) for line in lines), name
        assert any(re.match(rf"{name} click \(medians\): way in \d+ ms, kernel until the "
                            r"result \d+ ms", line) for line in lines), name
    # A missed goal says where the time or memory goes, against the bare page.
    for line in lines:
        if line.startswith("goal missed: "):
            assert " vs " in line or "importing sqlalchemy" in line, line
    ratios = re.fullmatch(
        r"ratios workbook/bare .*: tti ([\d.]+) \(chart ([\d.]+)\)  latency ([\d.]+) "
        r"\((\d+) ms\)  memory ([\d.]+) \(unique ([\d.]+)\)", lines[-1])
    assert ratios, lines[-1]
    assert all(float(value) > 0 for value in ratios.groups())


def test_group_benchmark_opens_pages_and_thirty_participants_and_loses_no_answer():
    """5 Chromium pages here, 30 with ``make benchmark``: on 2 cores, 30 browsers measure
    the machine more than the server. The 30 participants that speak the widget protocol
    stay 30, on a pool prepared for 30."""
    result = subprocess.run(
        [sys.executable, "benchmarks/group_session.py", "--pages", "5", "--participants", "30",
         "--runs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-group.txt").write_text(result.stdout)  # in pytest's summary
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "store: sqlite", lines[0]  # the benchmark names its store first
    lines = lines[1:]
    assert re.fullmatch(r"pool of 30 pages prepared in \d+ s, server and kernels \d+ MB",
                        lines[0]), lines[0]
    assert any(line.startswith("one page: interactive") for line in lines)
    assert any(line.startswith("5 pages: all interactive") for line in lines)
    assert any(line.startswith("answers sent 25, stored 25, lost 0; members 5 of 5;")
               for line in lines), lines
    assert "protocol participants: answers sent 150, stored 150, lost 0; members 30 of 30" \
        in lines
    assert any(line.startswith("protocol participants (no browser): one alone") and
               "; 30 at once all interactive" in line for line in lines), lines
    # The same 30 arrivals on a bare Voilà page, in the same run (issue 18.2).
    for kind in ("bare", "workbook"):
        assert any(re.fullmatch(rf"run 1 {kind}: 30 arrivals all interactive [\d.]+ s, server "
                                r"and kernels [\d.]+ CPU-s per arrival \(the server "
                                r"process [\d.]+\); median steps: page "
                                r"\d+ ms, websocket \d+ ms, widgets \d+ ms, interactive \d+ ms",
                                line) for line in lines), (kind, lines)
    assert any(re.fullmatch(r"30 arrivals, workbook/bare \(medians of 1 runs; goals <= 1.3\): "
                            r"all interactive [\d.]+  CPU per arrival [\d.]+  lost 0", line)
               for line in lines), lines
    assert re.fullmatch(r"ratios at once / one alone .*: 5 browser pages interactive [\d.]+  "
                        r"joined and answered [\d.]+  30 protocol participants interactive "
                        r"[\d.]+  answered [\d.]+  memory [\d.]+ \(\d+ MB vs \d+ MB, of which "
                        r"\d+ MB the 30 prepared pages\)  lost 0", lines[-1]), lines[-1]


def test_report_benchmark_renders_a_group_of_forty():
    result = subprocess.run([sys.executable, "benchmarks/report.py", "--runs", "3"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-report.txt").write_text(result.stdout)
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"report for 40 members with every answer: median [\d.]+ s \(goal "
                        r"< 2 s\), [\d.]+x the report for one member \([\d.]+ s\)", last), last


def test_scale_benchmark_scores_at_once_as_the_loop_does():
    """2,000 assessments here, 100,000 when run by hand: the same scores both ways (the
    benchmark asserts it) and the figures printed; no timing is asserted."""
    result = subprocess.run([sys.executable, "benchmarks/scale.py", "--n", "2000", "--loop",
                             "500"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-scale.txt").write_text(result.stdout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert any(re.fullmatch(r"same scores: (\d+) of \1 \(assessment × dimension\), exactly",
                            line) for line in lines), lines
    assert any(line.startswith("load: 2000 assessments,") for line in lines), lines
    assert re.fullmatch(r"ratios at once / loop for 2000 assessments: [\d.]+x faster \(goal "
                        r">= 20x\), at once [\d.]+ s \(goal < 2 s\), load [\d.]+ s",
                        lines[-1]), lines[-1]


def test_live_view_benchmark_follows_members_and_measures_the_idle_room():
    """10 members here, 40 when run by hand: the figures printed, no answer lost; no
    timing is asserted."""
    result = subprocess.run(
        [sys.executable, "benchmarks/live_view.py", "--members", "10", "--answers", "3",
         "--idle", "10"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-live-view.txt").write_text(result.stdout)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "store: sqlite", lines[0]
    assert any(line.startswith("server and kernels, facilitator view and 10 member pages "
                               "open, nobody answering:") for line in lines), lines
    assert "answers sent 3, stored 3, lost 0" in lines
    assert re.fullmatch(r"live view with 10 members: answer visible max [\d.]+ s \(goal <= 2 "
                        r"s\), idle [\d.]+ % of one core \(goal < 5 %; no page open [\d.]+ "
                        r"%\)  lost 0", lines[-1]), lines[-1]
