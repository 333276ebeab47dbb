"""Is the project laid out and set up as the README promises?"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement

from .conftest import ROOT


def test_top_level_layout():
    for name in ("notebooks", "widgets", "sample_data", "tests", "readiness", "docs", ".ci"):
        assert (ROOT / name).is_dir(), name
    for name in ("environment.yml", "README.md", "pyproject.toml", "Makefile", ".ci/run"):
        assert (ROOT / name).is_file(), name


def readme_commands() -> list[str]:
    """The commands in the README's "Two commands" section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```sh\n(.+?)\n```", section, flags=re.M | re.S)


def test_readme_has_exactly_the_two_commands():
    assert readme_commands() == ["make serve", "make test"]


def test_ci_runs_exactly_the_readme_test_command():
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")
                and not line.startswith(("set ", "cd "))]
    assert commands == [readme_commands()[1]]


def test_make_test_bootstraps_the_venv_and_chromium():
    makefile = (ROOT / "Makefile").read_text()
    test_rule = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert ".installed-test" in test_rule and "scripts/ensure-chromium" in test_rule
    assert "-m pytest" in test_rule
    bootstrap = (ROOT / "scripts/bootstrap").read_text()
    assert "-m venv" in bootstrap and "python3-venv" in bootstrap and "pip install" in bootstrap


def _normalise(requirement: str) -> tuple[str, str]:
    parsed = Requirement(requirement)
    return parsed.name.lower().replace("_", "-"), str(parsed.specifier)


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_normalise(r) for r in project["dependencies"]}
    wanted |= {_normalise(r) for r in project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda
    listed = {_normalise(d) for d in conda if not d.startswith(("python=", "pip"))
              or d.startswith("platformdirs")}
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section[-1] == '-e ".[test]"'  # then the workbook itself
    listed |= {_normalise(d) for d in pip_section[:-1]}
    assert listed == wanted


def test_core_imports_no_widget_code():
    """readiness/ must not pull in ipywidgets, IPython, plotly or widgets/."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "readiness").rglob("*.py") if path.name != "__main__.py"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'ipywidgets', 'IPython', 'plotly', 'widgets', 'ipykernel', 'voila'})\n"
        "print(len(" + repr(modules) + "), bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    count, bad = result.stdout.strip().split(" ", 1)
    assert int(count) >= 10  # every core module was imported
    assert bad == "[]"


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
