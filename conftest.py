"""Keep every test (nbval notebooks too) away from the user's store; show benchmark figures."""

import os
import tempfile
import time
from pathlib import Path

ARTIFACTS = Path(__file__).parent / "tests" / "artifacts"
BENCHMARK_REPORTS = {"workbook page benchmark (one run)": ARTIFACTS / "benchmark.txt",
                     "group session benchmark (30 pages)": ARTIFACTS / "benchmark-group.txt",
                     "report benchmark (40 members)": ARTIFACTS / "benchmark-report.txt"}


def pytest_configure(config):
    if "READINESS_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="readiness-test-store-")
        os.environ["READINESS_STORE"] = os.path.join(folder, "store.sqlite3")
    if "READINESS_CACHE_DIR" not in os.environ:
        os.environ["READINESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="readiness-test-cache-")


def pytest_terminal_summary(terminalreporter):
    """Show the benchmarks' figures (written by tests/test_benchmark.py) in the log."""
    ran = any("test_benchmark.py" in getattr(report, "nodeid", "")
              for reports in terminalreporter.stats.values() for report in reports)
    for title, report in BENCHMARK_REPORTS.items():
        if ran and report.exists() and time.time() - report.stat().st_mtime < 3600:
            terminalreporter.section(title)
            for line in report.read_text().strip().splitlines()[-10:]:
                terminalreporter.write_line(line)
