"""The served workbook page in real Chromium: what a steering group member does."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.i18n.ui_text import ui, ui_texts
from readiness.store import open_store
from tests.browser.conftest import ARTIFACTS, expect_saved
from tests.faults import page_kept_from_reconnecting

AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
CHART = ".rw-chart .js-plotly-plot"


def open_workbook(page, server, query: str = "lang=en") -> None:
    page.goto(f"{server.url}?{query}")
    page.wait_for_selector(".rw-app")


def create(page, project: str = "Norrby meeting place", role: str = "staff") -> str:
    """Start an assessment on the English start page: a project and a role (none is
    chosen for the person), then the button."""
    page.get_by_label("Project name").fill(project)
    page.get_by_label("I answer as").select_option(label=ui(f"role_{role}", "en"))
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_selector(CHART)
    page.wait_for_function("() => location.search.includes('assessment=')")
    return page.evaluate("() => new URLSearchParams(location.search).get('assessment')")


def option(page, question_id: str, index: int):
    return page.locator(f".rw-q-{question_id.replace('.', '-')} .widget-radio-box label").nth(index)


def wait_for_score(page, dimension_index: int, value) -> None:
    expected = "null" if value is None else str(value)
    page.wait_for_function(
        f"() => {{ const d = document.querySelector('{CHART}');"
        f" return d && d.data && JSON.stringify(d.data.at(-1).x[{dimension_index}])"
        f" === '{expected}'; }}")


def go_to_section(page, index: int) -> None:
    page.get_by_label("Section").select_option(index=index)


def test_answering_redraws_the_chart_and_raises_flags(page, server):
    open_workbook(page, server)
    create(page)
    wait_for_score(page, 0, None)  # purpose: not enough answers, not zero
    expect(page.locator(CHART)).to_contain_text("not enough answers")

    option(page, "gate.direction-open", 2).click()  # closed
    flag = page.locator('[data-flag="flag.direction-closed"]')
    expect(flag).to_be_visible()
    expect_saved(page, "All answers saved")
    option(page, "gate.direction-open", 0).click()  # open
    expect(flag).to_have_count(0)

    go_to_section(page, 1)
    option(page, "purpose.task-clarity", 0).click()
    option(page, "purpose.ambition-fit", 0).click()
    wait_for_score(page, 0, 0)
    option(page, "purpose.task-clarity", 3).click()
    wait_for_score(page, 0, 50)
    expect(page.locator('[data-flag="flag.overambitious-goals"]')).to_be_visible()
    expect(page.locator(".rw-scores")).to_contain_text("Purpose and scope")


def test_language_switch_keeps_answers(page, server):
    open_workbook(page, server)
    create(page)
    option(page, "gate.direction-open", 1).click()
    expect_saved(page, "All answers saved")
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", name=ui_texts()["app_title"]["sv"])).to_be_visible()
    expect(page.locator(".rw-q-gate-direction-open input").nth(1)).to_be_checked()
    expect(page.locator(".rw-q-gate-direction-open")).to_contain_text("Delvis")
    page.wait_for_function("() => location.search.includes('lang=sv')")
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", name=ui_texts()["app_title"]["da"])).to_be_visible()
    gate = default_framework().gate("gate.direction-open")
    # The questions themselves are in Danish now, with the answer still chosen.
    expect(page.locator(".rw-q-gate-direction-open")).to_contain_text(gate.options[1].label["da"])
    expect(page.locator(".rw-q-gate-direction-open input").nth(1)).to_be_checked()
    expect_saved(page, "Alle svar gemt")
    expect(page.locator(".rw-scores")).to_contain_text("Formål og afgrænsning")


def test_the_start_page_link_leads_to_the_start_page_and_stays_there(page, server):
    """Leaving a page stops its kernel; the page must not take that for a lost connection
    and reload itself over the navigation (it did: the link brought the assessment back)."""
    open_workbook(page, server)
    create(page)
    option(page, "gate.direction-open", 1).click()
    expect_saved(page, "All answers saved")
    for _ in range(3):
        page.locator(".rw-start-link").click()
        expect(page.get_by_role("heading", name="Start a new assessment")).to_be_visible()
        time.sleep(3)  # a reload over the navigation would come within two pings
        assert "assessment=" not in page.url
        expect(page.get_by_role("heading", name="Start a new assessment")).to_be_visible()
        page.go_back()
        expect(page.locator(".rw-q-gate-direction-open input").nth(1)).to_be_checked()


def page_kernel(page_sockets: list[str]) -> str:
    """The id of the kernel behind the page's latest websocket."""
    urls = [url for url in page_sockets if "/api/kernels/" in url]
    return urls[-1].split("/api/kernels/")[1].split("/")[0]


def test_reload_and_a_killed_kernel_lose_nothing(page, server):
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_workbook(page, server)
    assessment = create(page)
    option(page, "gate.direction-open", 2).click()
    go_to_section(page, 1)
    option(page, "purpose.task-clarity", 1).click()
    page.get_by_role("textbox", name="Note").fill("Vi måste enas om uppgiften")
    expect_saved(page, "All answers saved")
    page.wait_for_timeout(500)

    page.reload()
    page.wait_for_selector(CHART)
    expect(page.locator(".rw-q-gate-direction-open input").nth(2)).to_be_checked()
    assert f"assessment={assessment}" in page.url

    with page_kept_from_reconnecting(page):  # to see the banner before the page reloads
        os.kill(server.kernel_pid(page_kernel(sockets)), signal.SIGKILL)  # the kernel dies
        expect(page.locator(".rw-connection-lost")).to_be_visible(timeout=20_000)
        expect(page.locator(".rw-connection-lost")).to_contain_text("Connection lost")
        page.goto(f"{server.url}?assessment={assessment}&lang=en")
        page.wait_for_selector(CHART)
    expect(page.locator(".rw-connection-lost")).to_be_hidden()
    expect(page.locator(".rw-q-gate-direction-open input").nth(2)).to_be_checked()
    go_to_section(page, 1)
    expect(page.locator(".rw-q-purpose-task-clarity input").nth(1)).to_be_checked()
    expect(page.get_by_role("textbox", name="Note")).to_have_value("Vi måste enas om uppgiften")
    store = open_store(str(server.store))
    assert store.answer_values(assessment) == {"gate.direction-open": "closed",
                                               "purpose.task-clarity": 2}


def tab_until(page, test: str, limit: int = 60) -> None:
    """Press Tab until ``test`` (a JS expression on document.activeElement) holds."""
    for _ in range(limit):
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({test}); }}"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {test}")


def test_a_dimension_can_be_completed_with_the_keyboard_alone(page, server):
    open_workbook(page, server)
    page.keyboard.press("Tab")
    tab_until(page, "e.tagName === 'INPUT' && e.type === 'text'")
    page.keyboard.type("Keyboard project")
    tab_until(page, "e.tagName === 'SELECT'")  # the role: none is chosen for you
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("I answer as")).to_have_value("Resident")  # the first
    tab_until(page, "e.tagName === 'BUTTON' && e.textContent.includes('Start the assessment')")
    page.keyboard.press("Enter")
    page.wait_for_selector(CHART)
    tab_until(page, "e.tagName === 'SELECT'")
    page.keyboard.press("ArrowDown")  # to section 2: purpose and scope
    expect(page.get_by_role("heading", name="Purpose and scope").first).to_be_visible()
    for question in ("task-clarity", "ambition-fit", "shared-problem", "model-aim"):
        tab_until(page, f"e.type === 'radio' && e.closest('.rw-q-purpose-{question}')")
        page.keyboard.press("Space")       # level 1
        page.keyboard.press("ArrowDown")   # level 2
        page.keyboard.press("ArrowDown")   # level 3
    expect(page.locator(".rw-col-questions")).to_contain_text("4 of 4 answered")
    wait_for_score(page, 0, 66.7)


def test_download_and_upload(page, server, tmp_path):
    open_workbook(page, server)
    assessment = create(page, "Download test")
    option(page, "gate.direction-open", 0).click()
    expect_saved(page, "All answers saved")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download (JSON)").click()
    saved = tmp_path / "saved.json"
    info.value.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["assessment"]["id"] == assessment
    assert document["answers"][0]["value"] == "open"

    broken = tmp_path / "broken.json"
    broken.write_text(saved.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.locator(".rw-col-results").get_by_role("button", name="Upload file").click()
    chooser.value.set_files(str(broken))
    expect(page.locator(".rw-col-results .rw-error")).to_contain_text("looks cut off")


def test_a_file_too_large_is_refused_before_it_is_sent(page, server, tmp_path):
    """ipywidgets' FileUpload sent it whole, and the server dropped the connection."""
    open_workbook(page, server)
    create(page, "Large file")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(50_000_000)
    with page.expect_file_chooser() as chooser:
        page.locator(".rw-col-results").get_by_role("button", name="Upload file").click()
    chooser.value.set_files(str(huge))
    expect(page.locator(".rw-col-results .rw-error")).to_contain_text(
        "huge.json is 50 MB; an assessment file is at most 1 MB")
    # Still connected: an answer reaches the kernel and its flag comes back.
    option(page, "gate.direction-open", 2).click()  # closed
    expect(page.locator('[data-flag="flag.direction-closed"]')).to_be_visible()
    expect(page.locator(".rw-connection-lost")).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".rw-col-results .rw-error").locator("xpath=../../..").screenshot(
        path=ARTIFACTS / "upload-too-large.png")


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_accessibility_of_start_and_assessment_pages(page, server):
    open_workbook(page, server)
    page.wait_for_timeout(500)
    assert run_axe(page) == []
    create(page, "Axe")
    option(page, "gate.direction-open", 2).click()
    expect(page.locator('[data-flag="flag.direction-closed"]')).to_be_visible()
    problems = run_axe(page)
    assert problems == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems],
        indent=1)


def right_edges(page, selector: str) -> list[float]:
    return page.evaluate(f"() => [...document.querySelectorAll('{selector}')]"
                         ".map((e) => e.getBoundingClientRect().right)")


def test_phone_width_has_no_sideways_scrolling(phone, server):
    open_workbook(phone, server)
    phone.wait_for_selector(".rw-app input[type=text]")
    fields = right_edges(phone, ".rw-app input, .rw-app select, .rw-app button")
    assert fields and max(fields) <= 390, fields
    expect(phone.locator(".rw-link")).to_be_hidden()  # no assessment yet, no link to keep
    create(phone, "Phone")
    expect(phone.locator(".rw-link")).to_contain_text("assessment=")
    option(phone, "gate.direction-open", 1).click()
    expect_saved(phone, "All answers saved")
    time.sleep(0.5)
    widths = phone.evaluate(
        "() => [document.querySelector('.rw-app').scrollWidth, window.innerWidth,"
        " document.querySelector('.rw-q-gate-direction-open').getBoundingClientRect().right]")
    app_width, window_width, question_right = widths
    assert app_width <= window_width and question_right <= window_width, widths


def test_the_start_page_will_not_start_until_a_role_is_chosen(phone, server):
    """Danish, on a phone: no role is chosen for the person; starting without one says
    why and stays on the start page; the longest role's name fits the phone."""
    open_workbook(phone, server, "lang=da")
    role = phone.get_by_label("Jeg svarer som")
    expect(role).to_have_value("")
    expect(phone.locator(".rw-role-help")).to_contain_text("styregruppen")
    phone.get_by_label("Projektets navn").fill("Tryghed i Vollsmose")
    phone.get_by_role("button", name="Start vurderingen").click()
    expect(phone.locator(".rw-error")).to_have_text(ui("start_role_required", "da"))
    assert "assessment=" not in phone.evaluate("() => location.search")
    role.select_option(label="Afdelingsbestyrelse eller beboerforening")
    box = role.bounding_box()
    assert box["x"] + box["width"] <= 390, box
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "start-role-390.png", full_page=True)
    phone.get_by_role("button", name="Start vurderingen").click()
    phone.wait_for_selector(CHART)
    phone.wait_for_function("() => location.search.includes('assessment=')")
    record_id = phone.evaluate("() => new URLSearchParams(location.search).get('assessment')")
    assert open_store(str(server.store)).get_assessment(record_id).role == (
        "residents_association")


# A visible button whose words do not fit it (cut off with "…") or that runs off the window.
BUTTONS_CUT_OFF = """() => [...document.querySelectorAll('.rw-app button')]
  .filter((b) => b.offsetParent !== null)
  .filter((b) => b.scrollWidth > b.clientWidth + 1
                 || b.getBoundingClientRect().right > window.innerWidth + 1)
  .map((b) => `${b.textContent.trim()}: ${b.clientWidth} of ${b.scrollWidth} px`)"""
# A visible button narrower than its words on one line (so they wrap where there is room).
BUTTONS_WRAPPED = """() => [...document.querySelectorAll('.rw-app button')]
  .filter((b) => b.offsetParent !== null)
  .filter((b) => { b.style.whiteSpace = "nowrap"; const narrow = b.scrollWidth > b.clientWidth + 1;
                   b.style.whiteSpace = ""; return narrow; })
  .map((b) => b.textContent.trim())"""


def test_no_button_s_words_are_cut_off(browser, server):
    """ipywidgets gives a button 148 px and cuts off the rest ("Skapa en gruppses…"): every
    button fits its words, on a phone (wrapping them if need be) and on a projector."""
    create_session = {"en": "Create a group session", "sv": "Skapa en gruppsession",
                      "da": "Opret en gruppesession"}
    for width, height, languages in ((1280, 800, ("sv", "da")), (390, 844, ("en", "da"))):
        for language in languages:
            label = create_session[language]
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            try:
                open_workbook(page, server, f"lang={language}")
                expect(page.get_by_role("button", name=label)).to_be_visible()
                assert page.evaluate(BUTTONS_CUT_OFF) == [], (width, language)
                if width == 1280:  # room enough: each button as wide as its words
                    assert page.evaluate(BUTTONS_WRAPPED) == [], language
                if language == "sv":  # the file button counts no files ("Ladda upp fil (0)")
                    expect(page.locator(".rw-app button", has_text="Ladda upp fil")).to_have_text(
                        "Ladda upp fil")
                page.screenshot(path=ARTIFACTS / f"start-buttons-{language}-{width}.png")
                if language == "da" and width == 390:  # the facilitator's buttons on a phone
                    page.get_by_role("button", name=label).click()
                    # The start page has a project field too: fill the form's, once it is there.
                    form = page.locator(".rw-create-session")
                    form.get_by_label("Projektets navn").fill("Nørrebro mødested")
                    page.get_by_role("button", name=label).click()
                    expect(page.get_by_role("button", name="Start en ny runde")).to_be_visible()
                    assert page.evaluate(BUTTONS_CUT_OFF) == []
            finally:
                page.close(run_before_unload=True)
                context.close()


def test_the_served_plotly_has_only_what_the_charts_draw(page, server):
    """The workbook's own plotly.js (scripts/plotly_bundle): bar and scatter traces, and of
    the layout's components only those the charts use; no pie, no world calendars, no
    menus, sliders or images (issue 18.1: a participant's page weight)."""
    open_workbook(page, server)
    create(page)  # the chart is drawn: plotly.js has arrived
    schema = page.evaluate("""() => {
      const schema = Plotly.PlotSchema.get();
      return { traces: Object.keys(schema.traces).sort(),
               layout: Object.keys(schema.layout.layoutAttributes) };
    }""")
    assert schema["traces"] == ["bar", "scatter"]
    assert {"shapes", "annotations", "legend"} <= set(schema["layout"])
    assert not {"calendar", "updatemenus", "sliders", "images"} & set(schema["layout"])


def test_plotly_loads_only_once_the_page_is_built_and_quiet(page, server):
    """plotly.js (a megabyte of script to parse and run) waits until nothing has changed on
    the page for a moment: loaded while the widgets were still arriving, it delayed the
    moment the page first answered (issue 18.3)."""
    open_workbook(page, server)
    assessment = create(page)
    page.add_init_script("""(() => {
      window.rwChanges = [];
      document.addEventListener("DOMContentLoaded", () => new MutationObserver(
        () => window.rwChanges.push(performance.now())).observe(
          document.body, { childList: true, subtree: true, characterData: true }));
    })();""")
    open_workbook(page, server, f"assessment={assessment}&lang=en")  # a fresh window
    page.wait_for_selector(CHART)
    timing = page.evaluate("""() => {
      const bundle = performance.getEntriesByType("resource").find(
        (entry) => entry.name.includes("plotly-workbook"));
      const before = window.rwChanges.filter((at) => at < bundle.startTime);
      return { requested: bundle.startTime, changes: before.length,
               lastChange: before.length ? before[before.length - 1] : 0 };
    }""")
    assert timing["changes"] > 0, timing  # the page was built before it
    assert timing["requested"] - timing["lastChange"] >= 290, timing  # and then quiet
