"""Shared fixtures: the test frameworks, a fresh store per test, and the seed texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.framework.model import default_framework, load_framework
from readiness.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS_DIR = Path(os.environ.get("READINESS_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def mini():
    """A tiny framework whose scores are easy to work out by hand."""
    return load_framework(FIXTURES / "mini.yaml")


def pytest_addoption(parser):
    parser.addoption(
        "--framework-fork", action="store_true",
        default=os.environ.get("READINESS_TEST_FORK") == "1",
        help="run the tests that use the `framework` fixture against a fork of the shipped "
             "framework with eight dimensions (tests/fixtures/fork.py); also "
             "READINESS_TEST_FORK=1")


@pytest.fixture(scope="session")
def framework(request, tmp_path_factory):
    """The framework shipped with the workbook, or with ``--framework-fork`` a fork of it
    with one more dimension: the engine's tests must hold for any framework."""
    if request.config.getoption("--framework-fork"):
        from tests.fixtures.fork import write_fork

        return load_framework(write_fork(tmp_path_factory.mktemp("fork")))
    return default_framework()


@pytest.fixture
def store(tmp_path):
    store = open_store(str(tmp_path / "store.sqlite3"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of its own on 127.0.0.1 for the whole run (tests/postgres.py);
    ``.new_database()`` gives each test an empty database. Without PostgreSQL the tests
    that need it skip with the reason on a user's machine, and fail under CI=true."""
    from tests.postgres import PostgresServer, Unavailable

    try:
        server = PostgresServer().start()
    except Unavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL cannot be started: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The evidence texts in ../shared/seeds.

    They exist in CI and in development sessions, not in a user's clone: there the tests
    that need them skip with this reason, and under CI=true their absence is a failure.
    """
    if SEEDS_DIR.is_dir() and any(SEEDS_DIR.glob("*.txt")):
        return SEEDS_DIR
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the seed texts are missing at {SEEDS_DIR}")
    pytest.skip(f"the seed texts are not at {SEEDS_DIR} (they sit beside the repository in "
                "CI and development checkouts, not in a user's clone)")
