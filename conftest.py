"""Keep every test (notebooks under nbval included) away from the user's own store."""

import os
import tempfile


def pytest_configure(config):
    if "READINESS_STORE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="readiness-test-store-")
        os.environ["READINESS_STORE"] = os.path.join(folder, "store.sqlite3")
