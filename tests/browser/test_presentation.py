"""The projector's presentation in real Chromium at 1280x800: opened from the facilitator
view in a tab of its own, large enough to read from the back of a room, stepped by the
keys a presenter uses, following the session live, and without anyone's name."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from readiness.framework.model import load_framework
from readiness.store import open_store
from readiness.store.plans import save_session_plan_item
from readiness.store.sessions import find_session, join_session

from .conftest import ARTIFACTS

# (role, name given, level on every question): residents low, staff high.
MEMBERS = (("resident", "Anna Lind", 1), ("resident", "", 1), ("resident", "Dragan Petrović", 2),
           ("staff", "Bo Ek", 4), ("staff", "", 4), ("staff", "Cia Berg", 3))
NAMES = ("Anna Lind", "Dragan Petrović", "Bo Ek", "Cia Berg", "Fatima Ali")
OWNER = "Eva Holm"  # typed into the plan's "who" by the facilitator
SCREENS = (".rw-present-join", ".rw-present-chart", ".rw-present-disagreements-step",
           ".rw-present-flags-step", ".rw-present-actions-step")

# Every text on the stage that a person reads, with its computed size in CSS pixels.
TEXT_SIZES = """() => [...document.querySelectorAll(
    '.rw-present-stage p, .rw-present-stage li, .rw-present-stage h2, .rw-present-stage h3')]
  .filter((e) => e.getClientRects().length && e.textContent.trim())
  .map((e) => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 50)])"""
# The chart's labels as the SVG draws them: the dimensions, the scale, the bands, the legend.
CHART_SIZES = """() => {
  const svg = document.querySelector('.rw-present-chart .js-plotly-plot');
  const sizes = (css) => [...svg.querySelectorAll(css)].map(
    (t) => parseFloat(getComputedStyle(t).fontSize));
  return { y: sizes('.ytick text'), x: sizes('.xtick text'),
           bands: sizes('.annotation-text'), legend: sizes('.legendtext') };
}"""
OVERFLOW = """() => { const s = document.querySelector('.rw-present-stage');
  return s.scrollHeight - s.clientHeight; }"""


def answer_all(store, framework, code: str, role: str, name: str, level: int) -> None:
    member = join_session(store, framework, code, role=role, display_name=name)
    for question in framework.questions:
        store.save_answer(framework, member.id, question.id, min(question.levels, level))


def indicator(present) -> str:
    return present.locator(".rw-present-step").inner_text()


def look_at(present, shot: int) -> str:
    """The screen shown: checked for size, overflow and names, and photographed."""
    stage = present.locator(".rw-present-stage")
    expect(stage).to_be_visible()
    name = indicator(present).replace(" ", "").replace("/", "of").replace("·", "-")
    present.screenshot(path=ARTIFACTS / f"presentation_{shot:02d}_{name}.png")
    small = [(size, text) for size, text in present.evaluate(TEXT_SIZES) if size < 24]
    assert small == [], f"text under 24 px on {indicator(present)}: {small}"
    assert present.evaluate(OVERFLOW) <= 1, f"{indicator(present)} does not fit the screen"
    html = present.content()
    shown = [person for person in (*NAMES, OWNER) if person in html]
    assert shown == [], f"{shown} on the projected page at {indicator(present)}"
    return indicator(present)


def test_the_projector_steps_through_five_screens_without_names(page, server):
    framework = load_framework()
    store = open_store(str(server.store))
    page.goto(f"{server.url}?new=session&lang=en")
    page.get_by_label("Project name").fill("Norrby meeting place")
    page.get_by_label("Round (e.g. planning, mid-term, end)").fill("planning")
    page.get_by_role("button", name="Create a group session").click()
    code = page.locator(".rw-join-code").inner_text().replace("-", "")
    session = find_session(store, code)
    for role, name, level in MEMBERS:
        answer_all(store, framework, code, role, name, level)
    key = page.evaluate(f"() => sessionStorage.getItem('rw-key:{code}')")
    assert key, "the facilitator's tab keeps the key"
    first_action = next(a for a in framework.actions if a.dimension == "purpose")
    save_session_plan_item(store, framework, session.id, key, first_action.id, owner=OWNER,
                           due="before summer")
    expect(page.locator(".rw-live-status")).to_contain_text("6 joined", timeout=15_000)

    # The button opens the presentation in a new tab, which gets this tab's memory (the key
    # in sessionStorage): it opens without asking, and the key is never in its address.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Show on the projector").click()
    present = opened.value
    present.set_default_timeout(30_000)
    expect(present.locator(".rw-present-code")).to_have_text(session.display_code,
                                                             timeout=60_000)
    assert f"present={code}" in present.url and key not in present.url
    expect(present.locator(".rw-header")).to_be_hidden()  # the whole screen is the slide
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1: the code, large, with the QR and how many joined, live.
    code_size = present.locator(".rw-present-code").evaluate(
        "(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert code_size >= 48, f"the join code is {code_size} px"
    expect(present.locator(".rw-present-qr svg")).to_be_visible()
    expect(present.locator(".rw-present-count")).to_have_text("6 joined")
    assert indicator(present) == "1 / 5"
    answer_all(store, framework, code, "partner", "Fatima Ali", 2)
    expect(present.locator(".rw-present-count")).to_have_text("7 joined", timeout=15_000)
    shot = 0
    look_at(present, shot)

    # The names members gave, only when the facilitator asks, and gone again after.
    names_box = present.get_by_label("Show the names members gave")
    names_box.check()
    expect(present.locator(".rw-present-names")).to_contain_text("Dragan Petrović")
    expect(present.locator(".rw-present-names")).not_to_contain_text("anonymous")
    present.screenshot(path=ARTIFACTS / "presentation_names_shown.png")
    names_box.uncheck()
    expect(present.locator(".rw-present-names")).to_be_hidden()
    present.locator(".rw-present-stage").click()  # focus on the slide, not the box

    # The keys step through the five screens, in order; a long list takes several parts.
    keys = ["ArrowRight", "PageDown", " "]
    seen = [indicator(present)]
    for screen in range(1, 5):
        while True:
            before = indicator(present)
            present.keyboard.press(keys[len(seen) % len(keys)])
            expect(present.locator(".rw-present-step")).not_to_have_text(before)
            shot += 1
            seen.append(indicator(present))
            if seen[-1].startswith(f"{screen + 1} / 5"):
                break
            look_at(present, shot)  # a further part of the screen before
        expect(present.locator(SCREENS[screen])).to_be_visible()
        if screen == 1:  # the chart: drawn, with labels for the back of the room
            chart = present.locator(".rw-present-chart [data-revision]")
            expect(chart).to_be_visible(timeout=15_000)
            sizes = present.evaluate(CHART_SIZES)
            assert len(sizes["y"]) == len(framework.dimensions), sizes
            assert min(sizes["y"] + sizes["x"] + sizes["bands"] + sizes["legend"]) >= 18, sizes
        if screen == 4:  # the plan comes first, without its "who" (a name)
            expect(present.locator(".rw-present-planned")).to_contain_text("before summer")
        look_at(present, shot)
    while not present.get_by_role("button", name="Next").is_disabled():  # the last parts
        present.keyboard.press("ArrowRight")
        shot += 1
        expect(present.locator(".rw-present-step")).not_to_have_text(seen[-1])
        seen.append(indicator(present))
        look_at(present, shot)
    steps = [int(text.split(" / ")[0]) for text in seen]
    assert steps == sorted(steps) and sorted(set(steps)) == [1, 2, 3, 4, 5], seen
    assert len(seen) > 5, "the flags of six members take more than one screen"
    present.keyboard.press("End")
    assert indicator(present).startswith("5 / 5")
    present.keyboard.press("ArrowRight")  # nothing after the last screen
    assert indicator(present).startswith("5 / 5")
    present.keyboard.press("Home")
    expect(present.locator(".rw-present-step")).to_have_text("1 / 5")
    present.keyboard.press("ArrowRight")
    expect(present.locator(".rw-present-step")).to_have_text("2 / 5")
    present.keyboard.press("ArrowLeft")
    expect(present.locator(".rw-present-step")).to_have_text("1 / 5")
    present.get_by_role("button", name="Next").click()  # the buttons do the same
    expect(present.locator(".rw-present-step")).to_have_text("2 / 5")

    # Esc closes the tab the facilitator view opened; the facilitator is back in their view.
    with present.expect_event("close"):
        try:
            present.keyboard.press("Escape")
        except PlaywrightError:  # the tab closed on the key going down, before it came up
            pass
    assert present.is_closed()
    expect(page.locator(".rw-facilitator")).to_be_visible()


def test_a_presentation_opened_without_the_tab_s_memory_asks_for_the_key(browser, server):
    framework = load_framework()
    store = open_store(str(server.store))
    from readiness.store.sessions import create_session

    session, _key = create_session(store, framework, project="Elsewhere")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        present = context.new_page()
        present.goto(f"{server.url}?present={session.join_code}&lang=en")
        expect(present.get_by_label("Facilitator key")).to_be_visible(timeout=60_000)
        expect(present.locator(".rw-presentation")).to_have_count(0)
    finally:
        context.close()
