"""Does a page's kernel load an already validated framework without jsonschema?"""

import os
import shutil
import subprocess
import sys

from tests.conftest import FIXTURES, ROOT

LOAD = ("import sys; from readiness.framework.model import load_framework; "
        "f = load_framework(sys.argv[1]); "
        "print(f.summary(), 'jsonschema' in sys.modules)")


def load_in_fresh_process(path, cache) -> str:
    env = {**os.environ, "READINESS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", LOAD, str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_second_load_uses_the_validated_cache(tmp_path):
    framework = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", framework)
    cache = tmp_path / "cache"
    first = load_in_fresh_process(framework, cache)
    assert first.endswith("True")  # validated with jsonschema
    # The framework, and the built-in languages it is written in (i18n/locales/languages.yaml).
    assert len(list(cache.glob("*.json"))) == 2
    second = load_in_fresh_process(framework, cache)
    assert second == first.replace("True", "False")  # same framework, no jsonschema


def test_a_changed_file_is_validated_again(tmp_path):
    framework = tmp_path / "mini.yaml"
    shutil.copy(FIXTURES / "mini.yaml", framework)
    cache = tmp_path / "cache"
    load_in_fresh_process(framework, cache)
    framework.write_text(framework.read_text().replace("min_answered_share: 0.5",
                                                       "min_answered_share: 2"))
    env = {**os.environ, "READINESS_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", LOAD, str(framework)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "scoring.min_answered_share" in result.stderr


def test_an_unusable_cache_is_ignored(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out = load_in_fresh_process(FIXTURES / "mini.yaml", blocker / "cache")
    assert out.startswith("mini 1.0.0")



def test_the_key_is_the_files_bytes_the_schemas_bytes_and_the_version(tmp_path, monkeypatch):
    """What the cache module's docstring says: not the path, nor the validating code."""
    from readiness.framework import cache

    monkeypatch.setenv(cache.CACHE_ENV_VAR, str(tmp_path / "cache"))
    framework, schema = tmp_path / "a.yaml", tmp_path / "schema.json"
    framework.write_text("x: 1\n")
    schema.write_text("{}")
    cache.write(framework, {"x": 1}, schema)
    elsewhere = tmp_path / "copy" / "b.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(framework.read_bytes())
    assert cache.read(elsewhere, schema) == {"x": 1}  # the same bytes under another name
    assert cache.read(framework, None) is None  # only parsed: another entry
    schema.write_text('{"type": "object"}')
    assert cache.read(framework, schema) is None  # another schema
    schema.write_text("{}")
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.read(framework, schema) is None  # another workbook version

PAGE = ("import sys; from readiness.framework.model import default_framework; "
        "from readiness.i18n.ui_text import ui; default_framework(); "
        "print(ui('score', 'sv'), sorted(m for m in ('yaml', 'jsonschema', 'statistics') "
        "if m in sys.modules))")


def test_a_page_kernel_needs_no_yaml_parser_once_cached(tmp_path):
    """A page's kernel loads the framework and page texts without importing YAML (memory
    every kernel would carry) once both are cached; a changed text file would miss the cache."""
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", PAGE], cwd=ROOT, env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout.strip() == "Poäng ['jsonschema', 'yaml']"  # first: parsed and checked
    assert runs[1].stdout.strip() == "Poäng []"


INDIVIDUAL_PAGE = """
import sys
from readiness.framework.model import default_framework
from readiness.store import open_store
from readiness_widgets import WorkbookApp
app = WorkbookApp(default_framework(), open_store(), "lang=en")
app.state.create("Norrby", "", "staff")
app.state.answer("gate.direction-open", "open")
print(sorted(m for m in ("readiness.store.sessions", "readiness.scoring.aggregate", "statistics",
                         "readiness_widgets.sessions.pages", "yaml") if m in sys.modules))
"""


def test_an_individual_page_loads_no_group_code(tmp_path):
    """Each page is a kernel: group statistics stay out of the ones that do not need them."""
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache"),
           "READINESS_STORE": str(tmp_path / "store.sqlite3")}
    runs = [subprocess.run([sys.executable, "-c", INDIVIDUAL_PAGE], cwd=ROOT, env=env,
                           capture_output=True, text=True) for _ in range(2)]
    assert runs[1].returncode == 0, runs[1].stderr
    assert runs[1].stdout.strip() == "[]"
