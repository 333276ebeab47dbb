"""A trainee in a course answers a documented case and reveals the reference."""

from __future__ import annotations

from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.training.cases import find_case
from tests.browser.test_workbook_page import option

REVEAL_CHART = ".rw-reveal .js-plotly-plot"


def test_a_trainee_answers_a_case_and_sees_the_reveal_with_the_overlay(page, server):
    case = find_case(default_framework(), "askimsviken")
    page.goto(f"{server.url}?case=askimsviken&lang=en")
    expect(page.locator(".rw-case-start")).to_contain_text(case.description["en"][:60])
    page.get_by_role("button", name="Start the exercise").click()
    expect(page.locator(".rw-case-banner")).to_be_visible()
    page.get_by_label("Section").select_option(index=1)
    for question in ("purpose.task-clarity", "purpose.ambition-fit"):
        option(page, question, 3).click()
    expect(page.locator(".rw-status")).to_contain_text("All answers saved")
    page.get_by_role("button", name="Reveal the reference and what happened").click()
    page.wait_for_function(
        f"() => {{ const d = document.querySelector('{REVEAL_CHART}');"
        " return d && d.data && d.data.length === 2"
        " && d.data[0].name === 'Your answers' && d.data[0].x[0] === 100; }")
    reveal = page.locator(".rw-reveal")
    expect(reveal).to_contain_text("Red flags the reference raises that you did not")
    expect(reveal.locator('.rw-missed [data-flag="flag.overambitious-goals"]')).to_be_visible()
    expect(reveal.locator(".rw-what-happened")).to_contain_text(case.what_happened["en"][:50])
    page.locator(".rw-reveal").scroll_into_view_if_needed()
