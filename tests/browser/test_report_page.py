"""The report a steering group takes home, downloaded from the page and opened offline."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import expect_saved
from tests.browser.test_workbook_page import open_workbook, option


def test_the_downloaded_report_opens_offline_with_its_chart(page, browser, server, tmp_path):
    open_workbook(page, server, "lang=sv")
    page.get_by_label("Projektets namn").fill("Norrby <i>mötesplats</i>")
    page.get_by_label("Jag svarar som").select_option(label="Hyresgästförening eller boenderåd")
    page.get_by_role("button", name="Starta skattningen").click()
    option(page, "gate.direction-open", 2).click()
    expect_saved(page, "sparade")
    with page.expect_download() as info:
        page.get_by_role("button", name="Rapport (HTML)").click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    assert info.value.suggested_filename.endswith("-report.html")

    context = browser.new_context()
    offline = context.new_page()
    asked = []
    offline.on("request", lambda request: asked.append(request.url))
    offline.goto(report.as_uri())
    # The embedded plotly.js draws the profile without any network.
    offline.wait_for_selector("#rw-profile .main-svg")
    expect(offline.locator("h1")).to_contain_text("Norrby <i>mötesplats</i>")
    expect(offline.locator('[data-flag="flag.direction-closed"]')).to_be_visible()
    expect(offline.locator("body")).to_contain_text("Hyresgästförening eller boenderåd: 1")
    assert [url for url in asked if not url.startswith("file://")] == []
    context.close()
