"""Keep every test (nbval notebooks too) away from the user's store; show benchmark figures."""

import os
import tempfile
import time
from pathlib import Path

BENCHMARK_REPORT = Path(__file__).parent / "tests" / "artifacts" / "benchmark.txt"


def pytest_configure(config):
    if "READINESS_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="readiness-test-store-")
        os.environ["READINESS_STORE"] = os.path.join(folder, "store.sqlite3")
    if "READINESS_CACHE_DIR" not in os.environ:
        os.environ["READINESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="readiness-test-cache-")


def pytest_terminal_summary(terminalreporter):
    """Show the page benchmark's figures (written by tests/test_benchmark.py) in the log."""
    ran = any("test_benchmark.py" in getattr(report, "nodeid", "")
              for reports in terminalreporter.stats.values() for report in reports)
    if ran and BENCHMARK_REPORT.exists() and time.time() - BENCHMARK_REPORT.stat().st_mtime < 3600:
        terminalreporter.section("workbook page benchmark (one run)")
        for line in BENCHMARK_REPORT.read_text().strip().splitlines()[-8:]:
            terminalreporter.write_line(line)
