"""The training tests check the shipped cases, written for the shipped framework: they keep
it even under ``pytest --framework-fork`` (a fork has no cases; tests/widgets/training/
test_fork_cases.py checks that)."""

import pytest

from readiness.framework.model import default_framework


@pytest.fixture(scope="session")
def framework():
    return default_framework()
