"""The personal link on the pages (issue 17.2): does a member's page offer it, does it
bring them back on another device and into the project's next round as the same
respondent, does a wrong link join no one, and does "start afresh" make a new respondent?"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, urlsplit

import pytest

from readiness.data import load
from readiness.i18n.ui_text import ui
from readiness.store.sessions import (
    PersonalLinkRefused,
    create_session,
    member_assessments,
    next_round,
    open_personal_link,
)
from readiness_widgets.sessions.facilitator import FacilitatorView
from readiness_widgets.sessions.join import JoinPanel, RejoinPanel
from readiness_widgets.sessions.model import key_memory_name
from readiness_widgets.sessions.personal import PersonalLinkPanel
from tests.widgets.pages import find, texts
from tests.widgets.sessions.test_pages import join, served


def _token(app) -> str:
    """The token of the personal link the member's page shows."""
    panel = find(app, PersonalLinkPanel)[0]
    link = panel.link.value.split(">", 1)[1].split("<", 1)[0].replace("&amp;", "&")
    return parse_qs(urlsplit(link).query)["me"][0]


def _respondents(store, framework) -> dict[str, str]:
    answers = load(store, framework=framework).answers
    return answers.groupby("assessment_id")["respondent_id"].first().to_dict()


def _answer(app, framework) -> None:
    app.state.answer(framework.questions[0].id, framework.questions[0].options[0].value)


def test_the_personal_link_follows_a_member_to_another_device_and_the_next_round(
        store, framework):
    session, key = create_session(store, framework, project="Norrby", round_name="start")
    phone = join(store, framework, session.join_code, "resident", "Eva")
    _answer(phone, framework)
    page = texts(phone)
    assert ui("personal_link_heading", "en") in page and "secret" in page
    token = _token(phone)
    assert len(token) >= 22 and phone.state.record.id not in token and "Eva" not in token
    assert phone.bridge.memory[f"rw-personal:{phone.state.record.id}"] == token
    assert f"http://10.0.0.5:8866/?me={token}&amp;lang=en" in page
    # A laptop with nothing remembered opens the link: the same answers, after asking.
    laptop = served(store, framework, f"me={token}&lang=en")
    assert laptop.state.record is None
    found = find(laptop, RejoinPanel)[0]
    assert "Resident · Eva · 1 answered" in found.found.value
    assert found.someone_else_button not in find(found, type(found.someone_else_button))
    found.continue_button.click()
    assert laptop.state.record.id == phone.state.record.id
    assert _token(laptop) == token  # the same link on both devices
    # The next round: the link joins it as the same member.
    later = next_round(store, framework, session.id, key, "end")
    laptop = served(store, framework, f"me={token}&lang=en", dict(laptop.bridge.memory))
    offer = find(laptop, RejoinPanel)[0]
    assert ui("personal_link_join", "en") == offer.continue_button.description
    assert "end" in offer.found.value and "Resident · Eva" in offer.found.value
    offer.continue_button.click()
    again = laptop.state.record
    assert again is not None and store.session_id_of(again.id) == later.id
    assert again.role == "resident" and again.id != phone.state.record.id
    _answer(laptop, framework)
    ids = _respondents(store, framework)
    assert ids[again.id] == ids[phone.state.record.id]
    # The facilitator never sees the token.
    facilitator = served(store, framework, f"facilitate={later.join_code}&lang=en",
                         {key_memory_name(later.join_code): key})
    assert find(facilitator, FacilitatorView) and token not in texts(facilitator)


@pytest.mark.parametrize("wrong", ["", "not-a-token", "x" * 40])
def test_a_wrong_personal_link_says_so_once_and_joins_no_one(store, framework, wrong):
    session, _key = create_session(store, framework, project="Norrby")
    member = join(store, framework, session.join_code, "staff")
    token = _token(member)
    for bad in (wrong or token[:-2], member.state.record.id):
        stranger = served(store, framework, f"me={bad}&lang=en")
        assert stranger.state.record is None and find(stranger, RejoinPanel) == []
        message = find(stranger, JoinPanel)[0].message.value
        assert message.count(escape(ui("personal_link_refused", "en"))) == 1
        assert stranger.bridge.memory == {}
    assert [record.id for record, _name in member_assessments(store, session.id)] == [
        member.state.record.id]  # no one else joined
    assert open_personal_link(store, token).assessment_id == member.state.record.id


def test_starting_afresh_beside_the_link_makes_a_new_respondent(store, framework):
    session, key = create_session(store, framework, project="Norrby", round_name="start")
    phone = join(store, framework, session.join_code, "resident", "Eva")
    _answer(phone, framework)
    old, token = phone.state.record, _token(phone)
    later = next_round(store, framework, session.id, key, "end")
    # In the next round the device follows her; she chooses to start afresh instead.
    followed = served(store, framework, f"join={later.join_code}&lang=en",
                      dict(phone.bridge.memory))
    panel = find(followed, JoinPanel)[0]
    panel.role.value = "resident"
    panel.join_button.click()
    assert _respondents_after_answer(store, framework, followed)[followed.state.record.id] == (
        _respondents(store, framework)[old.id])  # followed by the device
    memory_before = dict(followed.bridge.memory)
    assert any(name.startswith("rw-joined:") for name in memory_before)
    assert ui("start_afresh_help", "en") in texts(followed)
    find(followed, PersonalLinkPanel)[0].start_afresh_button.click()
    assert followed.state.record is None
    assert not any(name.startswith(("rw-joined:", "rw-personal:"))
                   for name in followed.bridge.memory)
    with pytest.raises(PersonalLinkRefused):
        open_personal_link(store, token)  # her old link no longer works
    join_again = find(followed, JoinPanel)[0]
    assert find(followed, RejoinPanel) == []
    join_again.role.value = "resident"
    join_again.join_button.click()
    fresh = followed.state.record
    ids = _respondents_after_answer(store, framework, followed)
    assert ids[fresh.id] != ids[old.id]  # a new respondent; the old answers kept
    assert store.answers(old.id)
    assert _token(followed) != token


def _respondents_after_answer(store, framework, app) -> dict[str, str]:
    _answer(app, framework)
    return _respondents(store, framework)


def test_starting_afresh_on_the_continue_question(store, framework):
    session, _key = create_session(store, framework, project="Norrby")
    first = join(store, framework, session.join_code, "manager")
    token = _token(first)
    again = served(store, framework, f"join={session.join_code}&lang=en",
                   dict(first.bridge.memory))
    question = find(again, RejoinPanel)[0]
    assert question.someone_else_button.description == ui("rejoin_someone_else", "en")
    question.start_afresh_button.click()
    assert find(again, RejoinPanel) == [] and find(again, JoinPanel)
    assert again.bridge.memory == {}
    with pytest.raises(PersonalLinkRefused):
        open_personal_link(store, token)


def test_starting_afresh_waits_while_an_answer_is_not_saved(store, framework, tmp_path):
    """Nothing lost: an answer the store could not take yet keeps the member on their
    assessment (the page says why), and starting afresh works once it is stored."""
    from pathlib import Path

    from tests.faults import frozen_store

    session, _key = create_session(store, framework, project="Norrby")
    phone = join(store, framework, session.join_code, "staff")
    record, token = phone.state.record, _token(phone)
    question = framework.questions[0]
    with frozen_store(Path(tmp_path / "store.sqlite3")):
        phone.state.answer(question.id, question.options[0].value)
        assert phone.state.unsaved
        find(phone, PersonalLinkPanel)[0].start_afresh_button.click()
        assert phone.state.record == record and phone.state.unsaved
        assert escape(ui("start_afresh_waiting", "en")) in phone.status.value
    assert open_personal_link(store, token).assessment_id == record.id  # not withdrawn
    find(phone, PersonalLinkPanel)[0].start_afresh_button.click()
    assert phone.state.record is None and store.answer_values(record.id)
    with pytest.raises(PersonalLinkRefused):
        open_personal_link(store, token)


def test_a_member_sees_one_link_to_keep_the_personal_one(store, framework):
    """Two links on one page left members asking which to keep: the assessment's resume
    link gives way to the personal link, while the address still leads to the answers."""
    session, _key = create_session(store, framework, project="Norrby", round_name="start")
    phone = join(store, framework, session.join_code, "resident")
    assert find(phone, PersonalLinkPanel)
    assert phone.bridge.link_label == ""  # the resume link is hidden
    assert phone.bridge.query == f"assessment={phone.state.record.id}&lang=en"
    alone = served(store, framework, "lang=en")  # an assessment outside a session keeps it
    alone.state.create("Own project", "", "resident")
    assert alone.bridge.link_label == ui("your_link", "en")
