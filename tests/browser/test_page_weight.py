"""Bytes on the wire (issue 18): what a phone fetches on its first visit and again on a
reload, counted by Chromium's DevTools protocol, for the start page, a joined
participant's page and the facilitator's view. Chromium accepts only gzip here, as it
does from a room's server (plain HTTP to a local network address); nothing may come from
another host. benchmarks/page_bytes.py prints the same figures, with brotli and without
the compression for comparison."""

from __future__ import annotations

import gzip
import urllib.request

import pytest
from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.store import open_store
from readiness.store.sessions import create_session
from readiness_server import voila_styles
from readiness_server.static_assets import default_cache_dir
from readiness_server.testing import WireBytes, compressed_copies_made

from .conftest import ARTIFACTS

FIRST_VISIT_MAX = 1_500_000
REPEAT_VISIT_MAX = 150_000
LAN = "gzip, deflate"
ICONS = """() => [...document.querySelectorAll('[class*="fa-"]')].map(element => {
  const glyph = getComputedStyle(element, '::before');
  return {icon: element.className, mask: glyph.webkitMaskImage || glyph.maskImage,
          content: glyph.content, width: element.getBoundingClientRect().width};
})"""
"""Every element with a Font Awesome class (ipywidgets' Button(icon=...)): its glyph."""
UNDRAWN_ICONS = """() => {
  const root = getComputedStyle(document.documentElement);
  const matched = [];
  let rules = 0;
  const visit = list => { for (const rule of list) {
    if (!(rule instanceof CSSStyleRule)) { if (rule.cssRules) visit(rule.cssRules); continue; }
    const missing = [...rule.style.cssText.matchAll(/var\\((--jp-icon-[\\w-]+)/g)]
      .map(found => found[1]).filter(name => !root.getPropertyValue(name));
    if (!missing.length) continue;
    rules += 1;
    const selector = rule.selectorText
      .replace(/::?(before|after|placeholder|-webkit-[\\w-]+)/g, "");
    try { if (document.querySelector(selector)) matched.push([rule.selectorText, missing]); }
    catch (error) { matched.push([rule.selectorText, String(error)]); }
  } };
  for (const sheet of document.styleSheets) visit(sheet.cssRules);
  return {rules, matched};
}"""
"""The rules that use one of JupyterLab's icon variables the page leaves out, and those of
them that match an element (whose icon would be missing)."""


def start_page(page, url):
    page.goto(f"{url}?lang=en")
    expect(page.get_by_label("Project name")).to_be_visible()


def participant(page, url, code=None):
    page.goto(f"{url}?join={code}&lang=en")
    page.get_by_label("I answer as").select_option(index=1)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator(".rw-member-banner")).to_be_visible()
    page.wait_for_function("() => !!window.Plotly")  # the chart's library has arrived


def facilitator(page, url):
    page.goto(f"{url}?new=session&lang=en")
    page.get_by_label("Project name").fill("Bytes")
    page.get_by_role("button", name="Create a group session").click()
    expect(page.locator(".rw-live-status")).to_contain_text("0 joined")


def weigh(browser, server, name, open_page, **kwargs):
    """First visit in a fresh browser, then a reload in the same one: their totals."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(60_000)
    wire = WireBytes(page, server.url, accept_encoding=LAN)
    try:
        open_page(page, server.url, **kwargs)
        page.wait_for_timeout(1500)  # what arrives right after
        first = wire.totals()
        first["icons"] = page.evaluate(ICONS)
        first["undrawn"] = page.evaluate(UNDRAWN_ICONS)
        wire.reset()
        page.reload()
        if name == "participant":
            expect(page.locator(".rw-member-banner")).to_be_visible()
            page.wait_for_function("() => !!window.Plotly")
        elif name == "facilitator":
            expect(page.locator(".rw-live-status")).to_be_visible()
        else:
            expect(page.get_by_label("Project name")).to_be_visible()
        page.wait_for_timeout(1500)
        repeat = wire.totals()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"page-weight-{name}.png", full_page=True)
    finally:
        page.close(run_before_unload=True)
        context.close()
    return first, repeat


@pytest.fixture(scope="module")
def weights(browser, server):
    """Each page's first visit and reload, measured once for this module's tests, once the
    server has made its compressed copies of the files (as for any visitor but a
    computer's very first, who gets gzip level 9 for a few seconds)."""
    session, _key = create_session(open_store(str(server.store)), default_framework(),
                                   project="Bytes")
    pages = {"start": (start_page, {}),
             "participant": (participant, {"code": session.join_code}),
             "facilitator": (facilitator, {})}
    for name, (open_page, kwargs) in pages.items():
        weigh(browser, server, name, open_page, **kwargs)
    compressed_copies_made(default_cache_dir(), quiet_s=10)  # zopfli: seconds a file
    measured = {name: weigh(browser, server, name, open_page, **kwargs)
                for name, (open_page, kwargs) in pages.items()}
    for name, (first, repeat) in measured.items():
        print(f"{name}: first visit {first}; reload {repeat}")
    return measured


def test_every_icon_on_the_pages_has_a_glyph_of_the_workbooks_own(weights):
    """No Font Awesome (its script and font were a sixth of a page's bytes):
    workbook-icons.css draws each icon a page shows; one it lacks would show nothing."""
    shown = set()
    for name, (first, _repeat) in weights.items():
        for icon in first["icons"]:
            assert icon["mask"].startswith("url(") and icon["content"] not in ("none", "normal"), \
                (name, icon)
            assert icon["width"] > 0, (name, icon)
            shown.add(icon["icon"])
    assert {"fa fa-download", "fa fa-arrow-right"} <= shown, shown  # the test saw icons


def test_no_element_on_the_pages_needs_one_of_jupyterlabs_icons(weights):
    """The template's stylesheets leave out JupyterLab's icon variables (more than half of
    index.css): no element on the pages matches a rule that draws one."""
    for name, (first, _repeat) in weights.items():
        assert first["undrawn"]["rules"] > 50, (name, first["undrawn"])  # the check ran
        assert first["undrawn"]["matched"] == [], name


def test_the_template_has_voilas_styles_less_font_awesome_and_icons(browser):
    """voila-app.css is what the installed Voilà's voila-style.js injects, less Font
    Awesome and what index.css sets again; index.css is the lab template's, less
    JupyterLab's icons (readiness_server/voila_styles.py)."""
    made = voila_styles.build(browser)
    for path, text in made.items():
        assert path.read_text(encoding="utf-8") == text, \
            f"{path.name}: run python -m readiness_server.voila_styles"
    app, index = made[voila_styles.OUTPUT], made[voila_styles.INDEX]
    assert ".fa-download" not in app and "Font Awesome 5 Free" not in app
    assert ".jp-LabShell" in app  # the page's frame: without it the page shows nothing
    assert "--jp-icon-add:" not in app + index and ".jp-OutputArea" in index


def test_pages_come_compressed_and_a_reload_moves_little_and_nothing_from_elsewhere(
        weights):
    for name, (first, repeat) in weights.items():
        assert first["outside"] == [] and repeat["outside"] == [], name
        # Compressed: what crosses the wire is under a third of what the page uses.
        assert first["http"] < first["decoded"] / 3, (name, first)
        assert first["encodings"].get("gzip", 0) >= 20, (name, first)
        # Kept: a reload asks again for the page itself and hardly anything else.
        assert repeat["http"] < REPEAT_VISIT_MAX, (name, repeat)
        assert repeat["fetched"] <= 3, (name, repeat)


def test_the_page_itself_comes_compressed(server):
    """Voilà's page (14 KB of HTML, streamed as its cells run) goes out gzip-compressed
    too: tornado's compress_response, which Voilà's own settings cannot turn on."""
    request = urllib.request.Request(f"{server.url}?lang=en",
                                     headers={"Accept-Encoding": LAN})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert b"jupyter-config-data" in gzip.decompress(response.read())


def test_the_start_page_moves_at_most_1_5_mb_on_a_first_visit(weights):
    first, _repeat = weights["start"]
    assert first["http"] <= FIRST_VISIT_MAX, first


def test_pages_with_a_chart_move_at_most_1_5_mb_on_a_first_visit(weights):
    """With plotly.js and no MathJax (readiness_server/page_config.py), which the pages
    fetched as soon as the first label was shown: 1.70 MB with it."""
    for name in ("participant", "facilitator"):
        first, _repeat = weights[name]
        assert first["http"] <= FIRST_VISIT_MAX, (name, first)
