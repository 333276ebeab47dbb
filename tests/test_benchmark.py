"""The page benchmark runs in CI too (one run), so its figures appear in every CI log.

It asserts the benchmark's shape, never its timings: these machines are too noisy for
timed assertions. ``make benchmark`` runs it with five runs.
"""

import re
import subprocess
import sys

from .conftest import ROOT

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
    ratios = re.fullmatch(
        r"ratios workbook/bare .*: tti ([\d.]+) \(chart ([\d.]+)\)  latency ([\d.]+) "
        r"\((\d+) ms\)  memory ([\d.]+) \(unique ([\d.]+)\)", lines[-1])
    assert ratios, lines[-1]
    assert all(float(value) > 0 for value in ratios.groups())


def test_group_benchmark_opens_thirty_pages_and_loses_no_answer():
    result = subprocess.run(
        [sys.executable, "benchmarks/group_session.py", "--pages", "30"], cwd=ROOT,
        capture_output=True, text=True, timeout=1500)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-group.txt").write_text(result.stdout)  # in pytest's summary
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("one page: interactive") for line in lines)
    assert any(line.startswith("30 pages: all interactive") for line in lines)
    assert any(line.startswith("answers sent 150, stored 150, lost 0; members 30 of 30;")
               for line in lines), lines
    assert "protocol participants: answers sent 150, stored 150, lost 0; members 30 of 30" \
        in lines
    assert any(line.startswith("protocol participants (no browser): one alone") for line in lines)
    assert re.fullmatch(r"ratios 30 pages / one page .*: browsers interactive [\d.]+  joined "
                        r"and answered [\d.]+  protocol interactive [\d.]+  answered [\d.]+  "
                        r"memory [\d.]+ \(\d+ MB vs \d+ MB, of which \d+ MB the 30 prepared "
                        r"pages\)  lost 0", lines[-1]), lines[-1]


def test_report_benchmark_renders_a_group_of_forty():
    result = subprocess.run([sys.executable, "benchmarks/report.py", "--runs", "3"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "benchmark-report.txt").write_text(result.stdout)
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"report for 40 members with every answer: median [\d.]+ s \(goal "
                        r"< 2 s\), [\d.]+x the report for one member \([\d.]+ s\)", last), last
