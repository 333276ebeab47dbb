"""Without ../shared/seeds the citation tests skip with a reason, except under CI=true."""

import os
import subprocess
import sys

from tests.conftest import ROOT

CITATION_TEST = ("tests/framework/test_default_framework.py"
                 "::test_every_citation_resolves_in_the_seeds")


def run_without_seeds(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["READINESS_SEEDS_DIR"] = str(tmp_path / "no-seeds-here")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           CITATION_TEST], cwd=ROOT, env=env, capture_output=True, text=True)


def test_skips_with_a_reason_on_a_users_machine(tmp_path):
    result = run_without_seeds(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "the seed texts are not at" in result.stdout


def test_fails_under_ci(tmp_path):
    result = run_without_seeds(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    assert "CI=true but the seed texts are missing" in result.stdout
