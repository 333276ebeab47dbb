"""A course in real Chromium: the trainer hands out a case, a trainee answers it on a phone,
and the reference is held back until the trainer shows it; then the trainee sees it
question by question."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.training.cases import find_case
from tests.browser.conftest import ARTIFACTS, expect_saved
from tests.browser.test_workbook_page import option

REVEAL_CHART = ".rw-reveal .js-plotly-plot"
SECTIONS = 4  # purpose, participation, partnership, learning: 20 questions, enough to finish


def answer_sections(phone, framework) -> int:
    """Answer every question of the first sections; how many were answered."""
    answered = 0
    for index, dimension in enumerate(framework.dimensions[:SECTIONS], start=1):
        phone.get_by_label("Section").select_option(index=index)
        for question in framework.questions:
            if question.dimension == dimension.id:
                option(phone, question.id, 1).click()
                answered += 1
    expect_saved(phone, "All answers saved")
    return answered


def test_the_reveal_is_held_until_the_trainer_shows_it(page, phone, server):
    framework = default_framework()
    case = find_case(framework, "askimsviken")
    # The trainer hands out the case; trainees see the reference when the trainer shows it.
    page.goto(f"{server.url}?trainer=1&lang=en")
    page.get_by_label("Case").select_option(label=case.title["en"])
    expect(page.get_by_label("when I show it")).to_be_checked()
    page.get_by_role("button", name="Start the exercise").click()
    link = page.locator(".rw-exercise-link a")
    expect(link).to_have_attribute("href", re.compile(r"\?case=[A-Z0-9]{8}&lang=en$"))
    href = link.get_attribute("href")
    expect(page.locator(".rw-release-state")).to_contain_text("Held back")

    # The trainee: the role is a choice of their own, the name optional.
    phone.goto(href)
    expect(phone.locator(".rw-case-start")).to_contain_text(case.description["en"][:60])
    phone.get_by_role("button", name="Start the exercise").click()
    expect(phone.locator(".rw-case-start .rw-error")).to_have_text(
        "Choose the role you answer as.")
    phone.locator(".rw-case-start .rw-role-help").scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "trainee-role-390.png")
    phone.get_by_label("Staff", exact=True).check()
    phone.get_by_label("Name (optional)").fill("Maja")
    phone.get_by_role("button", name="Start the exercise").click()
    banner = phone.locator(".rw-case-banner")
    expect(banner).to_be_visible()
    reveal = phone.get_by_role("button", name="Reveal the reference and what happened")
    expect(reveal).to_be_hidden()  # no peeking before answering
    answered = answer_sections(phone, framework)
    phone.get_by_role("button", name="Finished answering").click()
    expect(banner.locator(".rw-exercise-status")).to_contain_text("You have finished")
    expect(reveal).to_be_hidden()  # finished, but the trainer holds it back
    banner.scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "trainer_trainee_held_390.png")

    # The trainer's page follows without a reload: the name, progress, and the list.
    trainees = page.locator(".rw-trainees")
    expect(trainees).to_contain_text("Maja", timeout=15_000)
    items = len(framework.questions) + len(framework.gates)
    expect(trainees).to_contain_text(f"{answered} of {items}")
    expect(page.locator(".rw-trainer select[multiple] option", has_text="Maja · Staff")
           ).to_have_count(1)
    page.wait_for_timeout(4_500)  # two more ticks: still held back on the trainee's page
    expect(reveal).to_be_hidden()
    page.get_by_role("button", name="Show the reference and what happened to trainees").click()
    expect(page.locator(".rw-release-state")).to_contain_text("Shown")
    page.screenshot(path=ARTIFACTS / "trainer_page_1280x800.png")

    # The trainee's page follows on its tick; the reveal compares question by question.
    expect(reveal).to_be_visible(timeout=15_000)
    expect(banner.locator(".rw-exercise-status")).to_contain_text("ready for you")
    reveal.click()
    phone.wait_for_function(
        f"() => {{ const d = document.querySelector('{REVEAL_CHART}');"
        " return d && d.data && d.data.length === 2 && d.data[0].name === 'Your answers'; }")
    phone.locator(REVEAL_CHART).scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "trainer_trainee_reveal_390.png")
    purpose = phone.locator('.rw-by-question[data-group="purpose"]')
    expect(purpose.locator("summary")).to_contain_text("the same answer in")
    purpose.locator("summary").click()
    task = purpose.locator('[data-question="purpose.task-clarity"]')
    expect(task).to_be_visible()
    expect(task).to_contain_text("The reference's answer")
    expect(task).to_contain_text(case.reference["purpose.task-clarity"].note[:50])
    expect(task.locator(".rw-source")).to_be_visible()
    resources = phone.locator('.rw-by-question[data-group="resources"]')
    resources.locator("summary").click()
    expect(resources.locator('[data-question="resources.meeting-place"]')).to_contain_text(
        "The source does not say")
    expect(phone.locator(".rw-what-happened")).to_contain_text(case.what_happened["en"][:50])
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"
    phone.set_viewport_size({"width": 390, "height": 4200})  # the whole reveal, to look at
    phone.screenshot(path=ARTIFACTS / "trainer_trainee_reveal_390_whole.png")
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.screenshot(path=ARTIFACTS / "trainer_page_1280_whole.png")
