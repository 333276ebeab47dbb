"""The workbook template's ``voila-app.css`` and ``index.css``: the styles of Voilà's
``voila-style.js`` less Font Awesome, and JupyterLab's, less the icons no page shows
(issue 18).

Voilà's lab template loads ``voila-style.js``, 343 KB of script (71 KB gzipped) that
injects JupyterLab's application styles and Font Awesome 5, whose 78 KB font a page then
fetches for its few button icons. The workbook template loads instead this module's
output, the same styles as a plain stylesheet, in the same order, without Font Awesome and
without MathJax's font faces (the pages show no mathematics); ``workbook-icons.css`` draws
the icons. The styles are JupyterLab's and Voilà's (BSD-3-Clause, their notices kept).

Chromium runs the script, as a page would, and the styles it injects are kept, so nothing
here parses webpack's output. The page loads the file before ``index.css`` and
``theme-light.css`` (where Voilà's script put its styles), so a declaration those files
make again for the same selector never applies: it is left out (most of the script's
styles are JupyterLab's, which ``index.css`` has too).

Both files also leave out JupyterLab's ``--jp-icon-*`` variables (99 icons as inline
SVG: 86 KB, 30 KB gzipped, more than half of ``index.css``): only JupyterLab's own
interface (file browser, toolbars, menus) draws them, and a Voilà page has none of it.
``tests/browser/test_page_weight.py`` checks that no element on the served pages matches
a rule that uses one, and that the files in the repository are what the installed Voilà
gives; after a Voilà upgrade, run

    python -m readiness_server.voila_styles
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STATIC = (Path(__file__).resolve().parent.parent / "share" / "jupyter" / "voila" / "templates"
          / "workbook" / "static")
OUTPUT = STATIC / "voila-app.css"
INDEX = STATIC / "index.css"
"""Takes the place of Voilà's lab template's ``index.css`` (the workbook's static folder
comes first)."""
ICON_VARIABLE = "--jp-icon-"
ORIGIN = "http://voila-style.invalid/"
"""Where the script seems to come from: its font addresses start so."""
FONT_FACE = re.compile(r"@font-face[^{}]*{[^{}]*}")


def voila_style_script() -> Path:
    """The installed Voilà's ``voila-style.js``."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("voila", "templates", "base", "static"):
        candidate = Path(folder) / "voila-style.js"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("voila-style.js: is Voilà installed?")


def header(what: str) -> str:
    from importlib.metadata import version

    return (f"/* Voilà {version('voila')}'s {what}.\n   Made by "
            "`python -m readiness_server.voila_styles`; do not edit. */\n")


def injected_styles(browser, script: Path) -> list[str]:
    """The text of each stylesheet ``script`` injects into an empty page, in order."""
    page = browser.new_page()
    try:
        page.route(f"{ORIGIN}**", lambda route: route.fulfill(
            body=script.read_bytes() if route.request.url.endswith(".js")
            else b"<!doctype html><html><head></head><body></body></html>",
            content_type="text/javascript" if route.request.url.endswith(".js")
            else "text/html"))
        page.goto(f"{ORIGIN}index.html")
        page.add_script_tag(url=f"{ORIGIN}{script.name}")
        return page.evaluate("() => [...document.querySelectorAll('style')]"
                             ".map(style => style.textContent)")
    finally:
        page.close()


def later_stylesheets() -> list[Path]:
    """The stylesheets the workbook's page loads after this one: Voilà's lab template's."""
    from jupyter_core.paths import jupyter_path

    found = []
    for name in ("index.css", "theme-light.css"):
        for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
            if (Path(folder) / name).exists():
                found.append(Path(folder) / name)
                break
    return found


def _selector(rule) -> str:
    import tinycss2

    return " ".join(tinycss2.serialize(rule.prelude).split())


def _declarations(rule):
    import tinycss2

    return [item for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                            skip_whitespace=True)
            if item.type == "declaration"]


def overridden(later: list[str]) -> dict[str, set[str]]:
    """Per selector, the properties the ``later`` stylesheets' top-level rules declare
    (not ``!important``): an earlier declaration of one of them never applies."""
    import tinycss2

    declared: dict[str, set[str]] = {}
    for text in later:
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type == "qualified-rule":
                names = {item.lower_name for item in _declarations(rule) if not item.important}
                declared.setdefault(_selector(rule), set()).update(names)
    return declared


def pruned(text: str, declared: dict[str, set[str]]) -> str:
    """``text`` without the declarations ``declared`` overrides and without the icon
    variables, compactly written; the licence notices are kept once."""
    import tinycss2

    out, notices = [], set()
    for rule in tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=True):
        if rule.type == "comment":
            notice = " ".join(rule.value.replace("|", " ").replace("*", " ").split())
            if "Copyright" in notice and notice not in notices:
                notices.add(notice)
                out.append(f"/* {notice} */")
        elif rule.type == "qualified-rule":
            dead = declared.get(_selector(rule), set())
            kept = [item for item in _declarations(rule)
                    if (item.important or item.lower_name not in dead)
                    and not item.name.startswith(ICON_VARIABLE)]
            if kept:
                body = ";".join(f"{item.name}:{tinycss2.serialize(item.value).strip()}"
                                f"{'!important' if item.important else ''}" for item in kept)
                out.append(f"{_selector(rule)}{{{body}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]).strip())
    return "\n".join(out) + "\n"


def stylesheet(styles: list[str], later: list[str]) -> str:
    """``styles`` as one stylesheet: without Font Awesome's, without the font faces that
    point at the script's folder (MathJax's), without what the ``later`` stylesheets
    override."""
    kept = []
    for text in styles:
        if "Font Awesome" in text:
            continue
        text = FONT_FACE.sub(lambda face: "" if ORIGIN in face.group(0) else face.group(0),
                             text)
        if ORIGIN in text:
            raise ValueError(f"a style still points at a file: {text[:200]!r}")
        if text.strip():
            kept.append(text.strip() + "\n")
    return (header("voila-style.js as a stylesheet, less Font Awesome, MathJax's fonts and "
                   "JupyterLab's icons")
            + pruned("\n".join(kept), overridden(later)))


def build(browser) -> dict[Path, str]:
    """The two files' texts."""
    later = [path.read_text(encoding="utf-8") for path in later_stylesheets()]
    return {OUTPUT: stylesheet(injected_styles(browser, voila_style_script()), later),
            INDEX: header("lab template's index.css (JupyterLab's styles), less JupyterLab's "
                          "icons") + pruned(later[0], {})}


def main() -> int:
    from playwright.sync_api import sync_playwright

    from readiness.render.chromium import OFFLINE_FLAGS, find_chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(),
                                             args=list(OFFLINE_FLAGS))
        try:
            made = build(browser)
        finally:
            browser.close()
    for path, text in made.items():
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
