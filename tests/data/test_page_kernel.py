"""pandas is for researchers' notebooks: a page's kernel never imports it (each served
page is a kernel, and the workbook benchmark's memory goal counts every module)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.test_layout import imported_modules, python_files

PAGES = """
import importlib, pkgutil, sys
import readiness_widgets
from readiness.framework.model import default_framework
from readiness.store import open_store
from readiness.store.sessions import create_session
from readiness_widgets import WorkbookApp
for module in pkgutil.walk_packages(readiness_widgets.__path__, "readiness_widgets."):
    importlib.import_module(module.name)
framework, store = default_framework(), open_store()
app = WorkbookApp(framework, store, "lang=en")
app.state.create("Norrby", "", "staff")
session, key = create_session(store, framework, project="Norrby")
WorkbookApp(framework, store, f"join={session.join_code}")
WorkbookApp(framework, store, f"facilitate={session.join_code}")
print(sorted(m for m in ("pandas", "readiness.data", "readiness_widgets.sessions.pages")
             if m in sys.modules))
"""


def test_a_page_kernel_never_imports_pandas(tmp_path):
    """Every module of the pages imported, a workbook page, a join page and a facilitator
    page built: pandas and readiness.data stay out (the sessions pages are in, so the
    check would see them)."""
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache"),
           "READINESS_STORE": str(tmp_path / "store.sqlite3")}
    result = subprocess.run([sys.executable, "-c", PAGES], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['readiness_widgets.sessions.pages']"


def test_no_page_or_server_module_names_pandas_or_the_data_layer():
    """Read, not run: an import inside a function counts too."""
    offending = {str(path.relative_to(ROOT)): sorted(
        name for name in imported_modules(path)
        if name.split(".")[0] == "pandas" or name.startswith("readiness.data"))
        for path in python_files("widgets", "readiness_server")}
    assert {path: names for path, names in offending.items() if names} == {}
