"""Do the engine's tests hold for a fork (issue 17.6)? A researcher's fork of the shipped
framework with one more dimension (tests/fixtures/fork.py) runs the scoring, rendering and
exchange tests in place of the shipped framework (``pytest --framework-fork``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from readiness.framework.model import default_framework
from tests.conftest import ROOT
from tests.fixtures.fork import FORK_ID, NEW_DIMENSION, fork_data, write_fork

CORE_TESTS = ("tests/scoring", "tests/render", "tests/exchange")


def test_the_fork_has_eight_dimensions_and_validates(tmp_path):
    from readiness.framework.model import load_framework

    fork = load_framework(write_fork(tmp_path))
    shipped = default_framework()
    assert len(fork.dimensions) == len(shipped.dimensions) + 1 == 8
    assert fork.id == FORK_ID != shipped.id
    assert fork.questions_in(NEW_DIMENSION) and fork_data()["framework"]["id"] == FORK_ID


def test_the_framework_fixture_is_the_fork_when_asked(framework, request):
    """Run by the suite below under ``--framework-fork``: proves the swap happened."""
    if request.config.getoption("--framework-fork"):
        assert framework.id == FORK_ID and len(framework.dimensions) == 8
    else:
        assert framework is default_framework()


def test_the_core_tests_pass_on_an_eight_dimension_fork(tmp_path):
    env = {**os.environ, "READINESS_TEST_FORK": "1"}  # as --framework-fork
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "-o", "addopts=-ra", *CORE_TESTS, f"{__file__}::"
         "test_the_framework_fixture_is_the_fork_when_asked"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    tail = run.stdout[-3000:]
    assert run.returncode == 0, tail
    passed = int(re.search(r"(\d+) passed", tail).group(1))
    assert passed > 100, tail  # the whole suites ran, not a handful
