"""Is the project laid out and set up as the README promises?"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from tests.conftest import ROOT


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


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (inside functions too), with relative
    imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


CORE_MAY_NOT_IMPORT = {"voila", "ipywidgets", "IPython", "ipykernel", "plotly", "traitlets",
                       "anywidget", "jupyter_server", "tornado", "widgets", "readiness_widgets",
                       "readiness_server"}


def test_the_core_imports_no_page_server_or_plotting_code():
    """readiness/ is the pure core (docs/architecture.md): read, not imported, so an import
    inside a function counts as much as one at the top."""
    files = python_files("readiness")
    assert len(files) >= 30
    offending = {str(path.relative_to(ROOT)): sorted(
        name for name in imported_modules(path) if name.split(".")[0] in CORE_MAY_NOT_IMPORT)
        for path in files}
    assert {path: names for path, names in offending.items() if names} == {}


def test_only_the_store_speaks_sql():
    """All SQL is in readiness/store/: nothing else imports SQLAlchemy or sqlite3."""
    files = python_files("readiness", "readiness_server", "widgets", "benchmarks")
    store = ROOT / "readiness" / "store"
    offending = sorted(
        str(path.relative_to(ROOT)) for path in files
        if store not in path.parents
        and any(name.split(".")[0] in {"sqlalchemy", "sqlite3"}
                for name in imported_modules(path)))
    assert offending == []


CORE_LAYERS = {"framework": 0, "i18n": 0, "scoring": 1, "store": 2, "exchange": 3, "render": 3,
               "training": 3, "data": 4, "cli": 5}


def test_the_core_packages_import_only_downwards():
    """docs/architecture.md's order: framework, i18n → scoring → store → exchange, render,
    training → data → cli. No package imports one above it (errors and environment serve all)."""
    upward = []
    for path in python_files("readiness"):
        layer = CORE_LAYERS.get(path.relative_to(ROOT / "readiness").with_suffix("").parts[0])
        if layer is None:
            continue
        upward += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(imported_modules(path))
                   if name.startswith("readiness.")
                   and CORE_LAYERS.get(name.split(".")[1], -1) > layer]
    assert upward == []

def test_the_import_rule_reads_imports_inside_functions(tmp_path, monkeypatch):
    """The checks above must see an import hidden in a function body."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    module = tmp_path / "readiness" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("def later():\n    import voila.app\n    from . import cli\n")
    assert {"voila.app", "readiness", "readiness.cli"} <= imported_modules(module)


def test_every_package_folder_is_installed():
    """pyproject.toml lists the packages by hand (the pages' folder, widgets/, installs as
    readiness_widgets), so a new package folder must be added there."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    installed_as = {"readiness": "readiness", "readiness_server": "readiness_server",
                    "widgets": "readiness_widgets"}
    found = {".".join([installed_as[path.parent.relative_to(ROOT).parts[0]],
                       *path.parent.relative_to(ROOT).parts[1:]])
             for folder in installed_as for path in (ROOT / folder).rglob("__init__.py")}
    assert listed == found


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
