"""A member's personal link in real Chromium (issue 17.2), with two browser contexts as two
devices that share nothing: round 1 answered on device 1, its personal link opened on
device 2 in round 2, and the same respondent_id for both in ``readiness.data.load``."""

from __future__ import annotations

from playwright.sync_api import expect

from readiness.framework.model import default_framework
from readiness.i18n.ui_text import ui
from readiness_widgets.assessment.journal import question_class

from .conftest import ARTIFACTS, expect_saved

EN = "en"


def _device(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def _answer_first_question(page, framework) -> None:
    """The first dimension's first question, at its first option."""
    first = framework.dimensions[0]
    question = framework.questions_in(first.id)[0]
    page.get_by_label(ui("section", EN)).select_option(index=1 if framework.gates else 0)
    page.locator(f".{question_class(question.id)} .widget-radio-box label").first.click()
    expect_saved(page)


def test_the_personal_link_opened_on_another_device_joins_round_two_as_the_same_respondent(
        browser, server):
    from readiness.data import load
    from readiness.store import open_store
    from readiness.store.sessions import create_session, member_assessments, next_round

    framework = default_framework()
    store = open_store(str(server.store))
    try:
        first, key = create_session(store, framework, project="Personal link",
                                    round_name="start", language=EN)
    finally:
        store.close()
    device_1, phone = _device(browser)
    device_2, laptop = _device(browser)
    try:
        phone.goto(f"{server.url}?join={first.join_code}&lang={EN}")
        phone.get_by_label(ui("role", EN)).select_option(label=ui("role_resident", EN))
        phone.get_by_role("button", name=ui("join_button", EN), exact=True).click()
        link = phone.locator(".rw-personal-link")
        expect(link).to_be_visible()
        expect(phone.locator(".rw-personal")).to_contain_text("secret")
        _answer_first_question(phone, framework)
        personal = link.inner_text().strip()
        assert personal.startswith(server.url) and "me=" in personal
        phone.locator(".rw-member-session").screenshot(
            path=ARTIFACTS / "personal_link_device_1.png")

        store = open_store(str(server.store))
        try:
            second = next_round(store, framework, first.id, key, "end")
        finally:
            store.close()
        laptop.goto(personal)  # device 2 remembers nothing: only the link
        join_me = laptop.get_by_role("button", name=ui("personal_link_join", EN))
        expect(join_me).to_be_visible()
        expect(laptop.locator(".rw-join")).to_contain_text(ui("role_resident", EN))
        laptop.screenshot(path=ARTIFACTS / "personal_link_device_2_offer.png", full_page=True)
        join_me.click()
        expect(laptop.locator(".rw-member-banner")).to_contain_text("end")
        expect(laptop.locator(".rw-personal-link")).to_have_text(personal)  # the same link
        _answer_first_question(laptop, framework)
        laptop.locator(".rw-member-session").screenshot(
            path=ARTIFACTS / "personal_link_device_2.png")
    finally:
        device_1.close()
        device_2.close()
    store = open_store(str(server.store))
    try:
        (one, _), = member_assessments(store, first.id)
        (two, _), = member_assessments(store, second.id)
        answers = load(store, project="Personal link", framework=framework).answers
    finally:
        store.close()
    ids = answers.groupby("assessment_id")["respondent_id"].first()
    assert one.id != two.id and ids[one.id] == ids[two.id]
    assert personal.split("me=", 1)[1].split("&", 1)[0] not in answers.to_csv()
