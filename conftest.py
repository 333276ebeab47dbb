"""Keep every test (nbval notebooks too) away from the user's store; show benchmark figures."""

import os
import tempfile
import time
from pathlib import Path

ARTIFACTS = Path(__file__).parent / "tests" / "artifacts"
# Figures shown in the test summary when the test file that writes them ran.
REPORTS = {
    "workbook page benchmark (one run)": ("test_benchmark.py", ARTIFACTS / "benchmark.txt"),
    "group session benchmark (5 pages, 30 protocol participants)": (
        "test_benchmark.py", ARTIFACTS / "benchmark-group.txt"),
    "report benchmark (40 members)": ("test_benchmark.py", ARTIFACTS / "benchmark-report.txt"),
    "fault injection: nothing lost, never a false 'saved'": (
        "test_fault_injection.py", ARTIFACTS / "fault-injection.txt"),
}


def pytest_configure(config):
    if "READINESS_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="readiness-test-store-")
        os.environ["READINESS_STORE"] = os.path.join(folder, "store.sqlite3")
    if "READINESS_CACHE_DIR" not in os.environ:
        os.environ["READINESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="readiness-test-cache-")


def pytest_terminal_summary(terminalreporter):
    """Show the benchmarks' and the fault suite's figures in the log."""
    ran = {getattr(report, "nodeid", "").split("::")[0].rsplit("/", 1)[-1]
           for reports in terminalreporter.stats.values() for report in reports}
    for title, (test_file, report) in REPORTS.items():
        if test_file in ran and report.exists() and time.time() - report.stat().st_mtime < 3600:
            terminalreporter.section(title)
            for line in report.read_text().strip().splitlines()[-10:]:
                terminalreporter.write_line(line)
