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
                   "bare kernel memory", "workbook kernel memory"):
        assert any(line.startswith(figure) for line in lines), figure
    ratios = re.fullmatch(
        r"ratios workbook/bare .*: tti ([\d.]+) \(chart ([\d.]+)\)  latency ([\d.]+) "
        r"\((\d+) ms\)  memory ([\d.]+)", lines[-1])
    assert ratios, lines[-1]
    assert all(float(value) > 0 for value in ratios.groups())
