"""A steering-group meeting in real Chromium: a facilitator and five participants' phones."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.i18n.ui_text import ui
from readiness.store import open_store
from readiness.store.sessions import create_session, session_members

from .conftest import ARTIFACTS, expect_saved

ROLES = ("resident", "resident", "staff", "manager", "politician")
LEVELS = (0, 0, 3, 3, 1)  # option index per participant on every purpose question
PURPOSE = ("purpose-task-clarity", "purpose-ambition-fit", "purpose-shared-problem",
           "purpose-model-aim")


# How wide the chart's box is, how wide plotly laid the chart out and how wide its drawing
# (SVG) is on screen, and where it ends against the window.
CHART_WIDTHS = """(scope) => {
  const plot = document.querySelector(scope + ' .js-plotly-plot');
  const svg = plot && plot.querySelector('svg.main-svg');
  if (!svg || !plot._fullLayout) { return null; }
  const drawn = svg.getBoundingClientRect();
  return { box: plot.parentElement.getBoundingClientRect().width,
           layout: plot._fullLayout.width, drawn: drawn.width, right: drawn.right,
           window: window.innerWidth };
}"""


def chart_widths(page, scope: str) -> dict | None:
    return page.evaluate(CHART_WIDTHS, scope)


def fits(widths: dict | None) -> bool:
    """The drawing is as wide as its box (within a pixel) and ends inside the window."""
    return bool(widths) and widths["box"] > 0 and abs(widths["layout"] - widths["box"]) <= 1 \
        and widths["drawn"] <= widths["box"] + 1 and widths["right"] <= widths["window"] + 1


def assert_chart_fits(page, scope: str, within: float = 3.0) -> dict:
    """Waits up to ``within`` seconds for the chart in ``scope`` to fit its box."""
    deadline = time.monotonic() + within
    while True:
        widths = chart_widths(page, scope)
        if fits(widths) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert fits(widths), f"the chart does not fit its box: {widths}"
    return widths


def option(page, css_id: str, index: int):
    return page.locator(f".rw-q-{css_id} .widget-radio-box label").nth(index)


def test_five_participants_feed_the_live_view_and_see_the_reveal(page, browser, server):
    page.goto(f"{server.url}?new=session&lang=en")
    page.get_by_label("Project name").fill("Norrby meeting place")
    page.get_by_label("Round (e.g. planning, mid-term, end)").fill("planning")
    page.get_by_role("button", name="Create a group session").click()
    code = page.locator(".rw-join-code").inner_text().replace("-", "")
    expect(page.locator(".rw-qr svg")).to_be_visible()
    expect(page.locator(".rw-live-status")).to_contain_text("0 joined")

    contexts, phones = [], []
    for _ in ROLES:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        phone = context.new_page()
        phone.set_default_timeout(60_000)
        phone.goto(f"{server.url}?join={code}&lang=en")
        contexts.append(context)
        phones.append(phone)
    try:
        for phone, role, level in zip(phones, ROLES, LEVELS, strict=True):
            phone.get_by_label("I answer as").select_option(label=ui(f"role_{role}", "en"))
            phone.get_by_role("button", name="Join", exact=True).click()
            expect(phone.locator(".rw-member-banner")).to_be_visible()
            phone.get_by_label("Section").select_option(index=1)
            for css_id in PURPOSE:
                option(phone, css_id, level).click()
            expect_saved(phone, "All answers saved")
            # Individual feedback first: no group results before the reveal.
            expect(phone.locator(".rw-group-results")).to_be_hidden()

        # The facilitator's page updates by itself, without a reload.
        expect(page.locator(".rw-live-status")).to_contain_text("5 joined", timeout=15_000)
        page.wait_for_function(
            "() => { const d = document.querySelector('.rw-group-results .js-plotly-plot');"
            " return d && d.data && d.data[0].x[0] === 33.3; }", timeout=15_000)
        expect(page.locator(".rw-group-disagreement")).to_contain_text("Ask someone who chose")
        # Each role beside the group's median in its own colour and shape (the facilitator
        # sees every role): the elected politician as a black star.
        drawn = page.evaluate(
            "() => document.querySelector('.rw-group-results .js-plotly-plot').data"
            ".map((t) => [t.name, t.marker.color, t.marker.symbol[0]])")
        assert drawn[1:] == [["Resident", "#bb5566", "diamond"],
                             ["Staff", "#228833", "triangle-up"],
                             ["Manager", "#332288", "triangle-down"],
                             ["Elected politician", "#000000", "star"]], drawn

        page.get_by_label("Show the group's results to participants").check()
        for phone in phones:
            results = phone.locator(".rw-group-results")
            expect(results).to_be_visible(timeout=15_000)
            phone.wait_for_function(
                "() => { const d = document.querySelector('.rw-group-results .js-plotly-plot');"
                " return d && d.data && d.data[0].x[0] === 33.3; }", timeout=15_000)
            # The chart was drawn while hidden (display: none until the reveal): it must
            # size to its box now, not keep plotly's 700 px default and be cut off.
            assert_chart_fits(phone, ".rw-group-results")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phones[0].locator(".rw-group-results .rw-chart").screenshot(
            path=ARTIFACTS / "group-chart-after-reveal-390.png")
        # Turned sideways and back: the chart follows its box each time.
        phones[0].set_viewport_size({"width": 844, "height": 390})
        assert assert_chart_fits(phones[0], ".rw-group-results")["box"] > 700
        phones[0].set_viewport_size({"width": 390, "height": 844})
        assert assert_chart_fits(phones[0], ".rw-group-results")["box"] < 390
        phones[0].set_viewport_size({"width": 390, "height": 1900})
        phones[0].screenshot(path=ARTIFACTS / "group_participant_after_reveal.png")
        page.set_viewport_size({"width": 1280, "height": 3200})  # the whole view, for review
    finally:
        for context in contexts:
            context.close()


def test_a_swedish_phone_opens_the_join_link_in_swedish_and_must_choose_a_role(browser,
                                                                             server):
    """A join code typed into the address without a language, on a phone set to Swedish:
    the join page is Swedish and names the session; joining without a role says why."""
    store = open_store(str(server.store))
    session, key = create_session(store, default_framework(), project="Norrby mötesplats",
                                  round_name="planering", language="sv")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    phone = context.new_page()
    phone.set_default_timeout(60_000)
    try:
        phone.goto(f"{server.url}?join={session.join_code}")
        expect(phone.get_by_role("heading", name="Gå med i gruppsessionen")).to_be_visible()
        expect(phone.locator(".rw-join-session")).to_have_text(
            "Du går med i ”Norrby mötesplats” – planering.")
        phone.wait_for_function("() => location.search.includes('lang=sv')")  # a reload too
        phone.get_by_role("button", name="Gå med", exact=True).click()
        expect(phone.locator(".rw-join .rw-error")).to_contain_text(
            "Välj vilken roll du svarar som")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=ARTIFACTS / "join-without-role-390.png", full_page=True)
        assert session_members(store, session.id, key) == []
        expect(phone.locator(".rw-member-banner")).to_have_count(0)
        phone.get_by_label("Jag svarar som").select_option(label="Boende")
        phone.get_by_role("button", name="Gå med", exact=True).click()
        expect(phone.locator(".rw-member-banner")).to_contain_text("Du svarar som: Boende")
        assert [m.role for m in session_members(store, session.id, key)] == ["resident"]
    finally:
        context.close()


def test_an_abandoned_page_s_kernel_is_culled_and_its_answers_stay(browser, tmp_path):
    """A closed tab leaves its kernel behind (voila #1458); culling shuts it down after the
    idle timeout, while a page that stays open keeps its kernel, and autosave loses nothing."""
    import psutil

    from readiness.store import open_store
    from readiness_server.testing import BackgroundServer

    from .test_workbook_page import create, option, page_kernel

    # Voilà protects pooled kernels from culling only once they have started, so the idle
    # timeout must exceed a kernel's start-up on a busy machine (production: 15 minutes).
    server = BackgroundServer(tmp_path / "store.sqlite3", cull_idle=20).start()
    try:
        pages, kernels = [], []
        for _ in range(2):
            context = browser.new_context()
            page = context.new_page()
            sockets: list[str] = []
            page.on("websocket", lambda socket, sockets=sockets: sockets.append(socket.url))
            page.goto(f"{server.url}?lang=en")
            page.wait_for_selector(".rw-app")
            create(page)
            option(page, "gate.direction-open", 1).click()
            expect_saved(page, "All answers saved")
            pages.append((context, page))
            kernels.append(psutil.Process(server.kernel_pid(page_kernel(sockets))))
        record_id = pages[0][1].evaluate(
            "() => new URLSearchParams(location.search).get('assessment')")
        pages[0][0].close()  # the abandoned tab
        gone, alive = psutil.wait_procs([kernels[0]], timeout=120)
        assert gone, "the abandoned page's kernel is still running"
        assert kernels[1].is_running()  # the open page pings: never idle, never culled
        store = open_store(str(tmp_path / "store.sqlite3"))
        assert store.answer_values(record_id) == {"gate.direction-open": "partly"}
        pages[1][0].close()
    finally:
        server.stop()
