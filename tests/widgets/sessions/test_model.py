"""The session models behind the facilitator's and the participants' pages, and the views
bound to them: a control the store refused never shows as done."""

from __future__ import annotations

import pytest

from readiness.store.sessions import create_session, find_session, join_session
from readiness_widgets.sessions.facilitator import FacilitatorView
from readiness_widgets.sessions.model import MemberSessionModel, SessionModel, key_memory_name
from tests.faults import frozen_store
from tests.widgets.pages import find
from tests.widgets.sessions.test_pages import served


@pytest.fixture
def session_and_key(store, framework):
    return create_session(store, framework, project="Norrby", round_name="planning")


def test_a_locked_model_reads_nothing_until_the_key_is_checked(store, framework,
                                                               session_and_key):
    session, key = session_and_key
    member = join_session(store, framework, session.join_code, role="resident")
    store.save_answer(framework, member.id, "purpose.task-clarity", 2)
    model = SessionModel(framework, store, session)
    assert not model.refresh() and model.group is None and model.members == 0
    assert not model.unlock("guess") and model.key == "" and model.group is None
    assert model.unlock(key)
    assert model.members == 1 and model.group is not None and model.group.members == 1
    assert not model.refresh()  # nothing changed since: nothing read again
    store.save_answer(framework, member.id, "purpose.ambition-fit", 3)
    assert model.refresh()


def test_the_view_follows_the_model_and_springs_back_when_the_store_refuses(
        store, framework, session_and_key, tmp_path):
    session, key = session_and_key
    model = SessionModel(framework, store, session)
    assert model.unlock(key)
    app_view = FacilitatorView(model, bridge=None, language="en", join_page="http://x/",
                               new_key=False, on_round=lambda _s: None)
    assert app_view.is_open.value is True and app_view.revealed.value is False
    app_view.revealed.value = True  # stored: the model follows
    assert model.revealed is True and find_session(store, session.join_code).revealed
    with frozen_store(tmp_path / "store.sqlite3"):
        app_view.is_open.value = False  # the store cannot take it
        assert app_view.is_open.value is True  # the box shows what is stored
        assert model.is_open is True and "rw-error" in app_view.message.value
    assert find_session(store, session.join_code).is_open
    app_view.is_open.value = False  # once the store is back, it is stored
    assert model.is_open is False and not find_session(store, session.join_code).is_open
    assert app_view.message.value == ""
    model.set_state({"revealed": False})  # a change in the model reaches the box
    assert app_view.revealed.value is False


def test_a_locked_model_opens_no_facilitator_view(store, framework, session_and_key):
    session, _key = session_and_key
    with pytest.raises(Exception, match="locked"):
        FacilitatorView(SessionModel(framework, store, session), bridge=None, language="en",
                        join_page="/", new_key=False, on_round=lambda _s: None)


def test_get_state_and_set_state_round_trip(store, framework, session_and_key):
    session, key = session_and_key
    model = SessionModel(framework, store, session)
    model.unlock(key)
    state = model.get_state()
    assert state["session"] == session and state["key"] == key and state["members"] == 0
    heard = []
    model.observe(lambda change: heard.append((change["name"], model.members, model.complete)),
                  ["members", "complete"])
    model.set_state({"members": 3, "complete": 2})
    assert heard == [("members", 3, 2), ("complete", 3, 2)]  # each saw both set
    with pytest.raises(KeyError, match="no trait colour"):
        model.set_state({"colour": "red"})


def test_a_member_model_shows_the_group_only_once_revealed(store, framework,
                                                           session_and_key):
    session, key = session_and_key
    members = [join_session(store, framework, session.join_code, role=role)
               for role in ("resident", "staff", "manager")]
    for member in members:
        store.save_answer(framework, member.id, "purpose.task-clarity", 2)
    model = MemberSessionModel(framework, store, session, members[0].id, "resident")
    assert model.group is None
    facilitator = SessionModel(framework, store, session)
    facilitator.unlock(key)
    facilitator.set_revealed(True)
    assert model.refresh() and model.group is not None and model.group.members == 3


def test_the_facilitator_page_is_bound_to_one_live_model(store, framework, session_and_key):
    """The page's tick refreshes the model of the page shown; a rebuilt page (another
    language) binds a new model and lets the old one go."""
    session, key = session_and_key
    app = served(store, framework, f"facilitate={session.join_code}&lang=en",
                 {key_memory_name(session.join_code): key})
    view = find(app, FacilitatorView)[0]
    assert app.sessions().live is view.model
    join_session(store, framework, session.join_code, role="staff")
    app.tick()
    assert view.model.members == 1 and "1 joined" in view.status.value
    app.language_picker.value = "sv"
    again = find(app, FacilitatorView)[0]
    assert again is not view and app.sessions().live is again.model


def test_the_group_sees_the_questions_most_members_could_not_answer(store, framework,
                                                                    session_and_key):
    session, key = session_and_key
    members = [join_session(store, framework, session.join_code, role=role)
               for role in ("resident", "staff", "manager")]
    for member, value in zip(members, ("dont_know", "dont_know", 2), strict=True):
        store.save_answer(framework, member.id, "purpose.task-clarity", value)
    store.save_answer(framework, members[0].id, "purpose.ambition-fit", "dont_know")
    model = SessionModel(framework, store, session)
    model.unlock(key)
    view = FacilitatorView(model, bridge=None, language="en", join_page="/", new_key=False,
                           on_round=lambda _s: None)
    shown = view.results.open_questions.value
    assert 'data-question="purpose.task-clarity"' in shown and "2 of 3 don&#x27;t know" in shown
    assert "purpose.ambition-fit" not in shown  # one of three: not most of the group
