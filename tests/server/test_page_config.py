"""What the served page is told before its front end starts (readiness_server/page_config.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from readiness_server import page_config, static_assets
from readiness_server.page_config import NO_MATH_SCRIPT, page_config_hook

from ..conftest import ROOT

TEMPLATE_STATIC = ROOT / "share/jupyter/voila/templates/workbook/static"


def hook(monkeypatch, plain: bool) -> dict:
    monkeypatch.setenv(static_assets.PLAIN_ENV_VAR, "1" if plain else "")
    settings = {"voila": SimpleNamespace(static_paths=[str(TEMPLATE_STATIC)])}
    given = {"fullStaticUrl": "/base/voila/static", "fullMathjaxUrl": None,
             "mathjaxConfig": None, "appUrl": "voila/"}
    return page_config_hook(given, "/base/", settings, None, None)


@pytest.mark.parametrize("plain", [False, True])
def test_the_page_loads_the_workbooks_typesetter_in_place_of_mathjax(monkeypatch, plain):
    made = hook(monkeypatch, plain)
    assert made["appUrl"] == "voila/"  # the rest of the config is kept
    assert made["fullMathjaxUrl"] == f"{made['fullStaticUrl']}/{NO_MATH_SCRIPT}"
    # Voilà's front end takes MathJax 2's plugin only when a URL or a config is set.
    assert made["mathjaxConfig"] not in (None, "null")
    assert made["fullStaticUrl"].startswith("/base/voila/static")
    assert ("/h-" in made["fullStaticUrl"]) is not plain


def test_the_typesetter_is_served_beside_voilas_bundle_and_defines_what_the_plugin_calls():
    script = (TEMPLATE_STATIC / NO_MATH_SCRIPT).read_text(encoding="utf-8")
    # JupyterLab's MathJax 2 plugin calls these once the script has loaded.
    for call in ("Config", "Configured", "Queue", "StartupHook"):
        assert f"{call}()" in script, call
    assert page_config.__doc__ and "no-math.js" in page_config.__doc__
