"""The results a steering group acts on, in real Chromium: a short project's answers, two
actions taken on with who and by when, a reload, and the plan in the downloaded report."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, expect_saved
from tests.browser.test_workbook_page import (
    create,
    go_to_section,
    open_workbook,
    option,
    run_axe,
)

TAKEN = {"action.size-goals": ("Samira, residents' association", "before the summer"),
         "action.drop-best-practice": ("Project manager", "next steering group")}


def suggested(page, action_id: str):
    return page.locator(f'.rw-suggested-action:has([data-action="{action_id}"])')


def plan_row(page, action_id: str):
    return page.locator(f".rw-planned-{action_id.replace('.', '-')}")


def answer_short_project(page) -> None:
    go_to_section(page, 1)  # purpose
    option(page, "purpose.ambition-fit", 0).click()
    option(page, "purpose.model-aim", 0).click()
    option(page, "purpose.task-clarity", 4).click()  # don't know: an open question
    expect_saved(page)


def test_a_plan_taken_on_survives_a_reload_and_reaches_the_report(page, server, tmp_path):
    open_workbook(page, server)
    create(page, "Trygg i Norrby")
    answer_short_project(page)
    # The header's resume link sits above the results, not below them.
    link_top = page.locator(".rw-link").bounding_box()["y"]
    assert link_top < page.locator(".rw-col-results").bounding_box()["y"]
    expect(page.locator(".rw-start-link")).to_be_visible()
    for action_id, (owner, due) in TAKEN.items():
        suggested(page, action_id).get_by_role("button", name="We take this on").click()
        row = plan_row(page, action_id)
        expect(row).to_be_visible()
        row.get_by_label("Who").fill(owner)
        row.get_by_label("By when").fill(due)
    plan_row(page, "action.size-goals").get_by_label("Status").select_option(label="In progress")
    expect_saved(page, timeout=10_000)
    # Each action once: taken on, it is no longer among the suggestions.
    for action_id in TAKEN:
        expect(suggested(page, action_id)).to_have_count(0)
    expect(page.locator(".rw-open-questions-panel")).to_contain_text(
        "How clearly have you defined the task")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "results-plan-1280.png", full_page=True)
    page.locator(".rw-col-results .rw-chart").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "results-profile-1280.png")  # a provisional bar

    page.reload()
    page.wait_for_selector(".rw-plan-row")
    for action_id, (owner, due) in TAKEN.items():
        row = plan_row(page, action_id)
        expect(row.get_by_label("Who")).to_have_value(owner)
        expect(row.get_by_label("By when")).to_have_value(due)
    status = plan_row(page, "action.size-goals").get_by_label("Status")
    shown = status.evaluate("(select) => select.selectedOptions[0].textContent")
    assert shown.replace("\xa0", " ") == "In progress"

    with page.expect_download() as info:
        page.get_by_role("button", name="Report (HTML)").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    for action_id, (owner, due) in TAKEN.items():
        assert f'<tr data-action="{action_id}">' in html
        assert owner.replace("'", "&#x27;") in html and due in html
    assert "In progress" in html and 'class="rw-why"' in html
    assert 'data-question="purpose.task-clarity"' in html  # the open question


def test_the_results_panel_has_no_serious_accessibility_problem(page, server):
    open_workbook(page, server)
    create(page, "Axe plan")
    answer_short_project(page)
    suggested(page, "action.size-goals").get_by_role("button", name="We take this on").click()
    expect(plan_row(page, "action.size-goals")).to_be_visible()
    page.locator(".rw-source-toggle summary").first.click()  # a source unfolded
    problems = run_axe(page)
    assert problems == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in problems],
        indent=1)


def test_the_plan_fits_a_phone(phone, server):
    open_workbook(phone, server)
    create(phone, "Phone plan")
    answer_short_project(phone)
    suggested(phone, "action.size-goals").get_by_role("button", name="We take this on").click()
    row = plan_row(phone, "action.size-goals")
    row.get_by_label("Who").fill("Samira")
    expect_saved(phone)
    widths = phone.evaluate("() => [document.querySelector('.rw-app').scrollWidth,"
                            " window.innerWidth]")
    assert widths[0] <= widths[1], widths
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "results-plan-390.png", full_page=True)
