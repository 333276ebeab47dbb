"""The session models behind the facilitator's and the participants' pages, and the views
bound to them: a control the store refused never shows as done."""

from __future__ import annotations

import asyncio
import threading

import ipywidgets as w
import pytest

from readiness.errors import StoreUnavailable
from readiness.store.changes import ChangeWatch
from readiness.store.sessions import create_session, find_session, join_session
from readiness_widgets.sessions.facilitator import FacilitatorView, KeyPanel
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.join import JoinPanel
from readiness_widgets.sessions.model import (
    MemberSessionModel,
    SessionModel,
    follow_across_rounds,
    key_memory_name,
)
from tests.faults import frozen_store
from tests.widgets.pages import find
from tests.widgets.sessions.test_pages import served


def unlocked_view(store, framework, session, key) -> FacilitatorView:
    """The facilitator's view of ``session``, unlocked with ``key``, outside a page."""
    model = SessionModel(framework, store, session)
    assert model.unlock(key)
    return FacilitatorView(model, bridge=None, language="en", join_page="/", new_key=False,
                           on_round=lambda _s: None)


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
    view = unlocked_view(store, framework, session, key)
    shown = view.results.open_questions.value
    assert 'data-question="purpose.task-clarity"' in shown and "2 of 3 don&#x27;t know" in shown
    assert "purpose.ambition-fit" not in shown  # one of three: not most of the group


def _answer(store, framework, code, level, role="staff", count=3) -> list:
    purpose = [q.id for q in framework.questions_in("purpose")]
    members = [join_session(store, framework, code, role=role) for _ in range(count)]
    for member in members:
        for question_id in purpose:
            store.save_answer(framework, member.id, question_id, level)
    return members


def test_the_rounds_follow_every_round_of_the_project_live(store, framework,
                                                           session_and_key):
    """Issue 15.6: the rounds are read again whenever anything changes in any round, not
    only when the key is given."""
    session, key = session_and_key
    _answer(store, framework, session.join_code, 1)
    first = SessionModel(framework, store, session)
    first.unlock(key)
    assert first.rounds == [] and [r.id for r in first.round_sessions] == [session.id]
    later_session = first.next_round("mid-term")
    assert first.refresh()  # a round was added
    assert [name for name, _group in first.rounds] == ["planning", "mid-term"]
    assert first.rounds[1][1].members == 0
    later = SessionModel(framework, store, later_session)
    later.unlock(key)
    assert not later.refresh() and not first.refresh()  # nothing changed since
    _answer(store, framework, later_session.join_code, 4)
    for model in (later, first):  # this round's facilitator view, and the first round's
        assert model.refresh()
        median = model.rounds[1][1].dimensions["purpose"].median
        assert model.rounds[1][1].members == 3 and median == 100.0
        assert model.rounds[0][1].dimensions["purpose"].median == 0.0
    assert later.group.members == 3 and first.group.members == 3  # each its own round's


def test_each_round_s_facilitator_view_leads_to_the_others_with_the_key(
        store, framework, session_and_key):
    from tests.widgets.sessions.test_pages import tick

    session, key = session_and_key
    _answer(store, framework, session.join_code, 1)
    first = SessionModel(framework, store, session)
    first.unlock(key)
    later_session = first.next_round("mid-term")
    # The second round's view, opened in a tab that was given the key for it alone.
    app = served(store, framework, f"facilitate={later_session.join_code}&lang=en",
                 {key_memory_name(later_session.join_code): key})
    view = find(app, FacilitatorView)[0]
    here = find(view.rounds_links, w.HTML)[1].value
    assert '<p aria-current="page"><strong>2 · \u2068mid-term\u2069</strong>' in here
    (to_first,) = find(view.rounds_links, w.Button)
    assert to_first.description == "1 · \u2068planning\u2069"
    # The tab now keeps the key for the first round too, for this tab only.
    assert app.bridge.memory[key_memory_name(session.join_code)] == key
    # The rounds chart follows the second round's members as they answer: no reload.
    before = [trace["x"][0] for trace in view.rounds_chart.figure["data"]]
    assert before == [0.0, None]
    _answer(store, framework, later_session.join_code, 4)
    tick(app)
    assert [trace["x"][0] for trace in view.rounds_chart.figure["data"]] == [0.0, 100.0]
    assert "<td>100 <span" in view.rounds_table.value
    assert 'data-dimension="purpose"' in view.moved.value
    # The first round's view, in this page, with the key it has; and back again.
    to_first.click()
    earlier = find(app, FacilitatorView)[0]
    assert earlier.model.session.id == session.id and find(app, KeyPanel) == []
    assert app.bridge.query == f"facilitate={session.join_code}&lang=en"
    (to_later,) = find(earlier.rounds_links, w.Button)
    to_later.click()
    assert find(app, FacilitatorView)[0].model.session.id == later_session.id
    # A reload of the first round's address in this tab opens it with the kept key.
    again = served(store, framework, f"facilitate={session.join_code}&lang=en",
                   dict(app.bridge.memory))
    assert find(again, FacilitatorView) and find(again, KeyPanel) == []


def test_the_group_view_has_a_score_table_and_counts_by_role(store, framework,
                                                            session_and_key):
    """Issue 15.4 and 15.5 on the page: the facilitator sees the score table, each role's
    median, and each role's counts beside a disputed question; participants (three
    residents, two staff) see the scores, the residents' median, and no counts by role."""
    session, key = session_and_key
    residents = _answer(store, framework, session.join_code, 1, role="resident")
    _answer(store, framework, session.join_code, 4, role="staff", count=2)
    view = unlocked_view(store, framework, session, key)
    model = view.model
    scores = view.results.scores.value
    assert 'class="rw-scores rw-group-scores"' in scores and "<td>0–100</td><td>5</td>" in scores
    assert "Each role&#x27;s median" in scores and ">Staff</th>" in scores
    disputed = view.results.disagreement.value
    assert '<tr data-role="resident">' in disputed and '<tr data-role="staff">' in disputed
    model.set_revealed(True)
    member = MemberSessionModel(framework, store, session, residents[0].id, "resident")
    panel = MemberSessionPanel(member, "en")
    shared = panel.results.scores.value
    assert "<td>0–100</td><td>5</td>" in shared and ">Resident</th>" in shared
    assert ">Staff</th>" not in shared  # two staff: not shown on their own
    assert "data-role=" not in panel.results.disagreement.value


def test_a_device_that_joined_round_one_keeps_its_member_s_number_in_round_two(
        store, framework, session_and_key):
    """The join page hands the device's memory (the assessments it joined sessions with)
    to follow_across_rounds; the reports then give the member the same number."""
    from readiness.exchange.report_data import from_sessions
    from readiness.store.sessions import next_round
    from tests.widgets.sessions.test_pages import join

    session, key = session_and_key
    join(store, framework, session.join_code, "staff")  # R1, another phone
    phone = join(store, framework, session.join_code, "resident")  # R2
    later = next_round(store, framework, session.id, key, "mid-term")
    newcomer = join(store, framework, later.join_code, "resident")  # R3, a new phone
    # The same phone, its memory as the browser reports it on the next visit.
    again = served(store, framework, f"join={later.join_code}&lang=en",
                   dict(phone.bridge.memory))
    panel = find(again, JoinPanel)[0]
    panel.role.value = "resident"
    panel.join_button.click()
    data = from_sessions(store, [session.id, later.id])
    assert [r.label for r in data.rounds[0].respondents] == ["R1", "R2"]
    assert [r.label for r in data.rounds[1].respondents] == ["R3", "R2"]
    assert newcomer.state.record.id != again.state.record.id
    # A store that cannot be asked now: no link, and no error to stop the join.
    class Unavailable:
        def __getattr__(self, _name):
            raise StoreUnavailable("the store is away")

    assert follow_across_rounds(Unavailable(), dict(phone.bridge.memory), "x") is False


def test_the_facilitator_view_follows_the_store_with_no_ping_and_reads_nothing_idle(
        store, framework, session_and_key, monkeypatch):
    """Issue 18.5: in a kernel (a running event loop), the page asks the store every second
    whether anyone wrote to it and only then reads the group again: a member's join shows
    with no message from the browser, and while nobody writes, nothing is read."""
    session, key = session_and_key

    async def meeting() -> None:
        app = served(store, framework, f"facilitate={session.join_code}&lang=en",
                     {key_memory_name(session.join_code): key})
        view = find(app, FacilitatorView)[0]
        await asyncio.sleep(1.5)  # the first look, which counts as a change
        reads = []
        original = SessionModel.refresh
        monkeypatch.setattr(SessionModel, "refresh",
                            lambda model: reads.append(1) or original(model))
        await asyncio.sleep(2.5)
        assert reads == [], reads  # two looks at an unchanged store: no read
        join_session(store, framework, session.join_code, role="staff")
        for _ in range(100):
            if "1 joined" in view.status.value:
                break
            await asyncio.sleep(0.1)
        assert "1 joined" in view.status.value, view.status.value
        assert reads

    in_a_kernel(meeting())


def in_a_kernel(coroutine) -> None:
    """Run ``coroutine`` in an event loop, as a kernel runs the page. A thread of its own:
    an event loop other tests may have left running in this one (Playwright's) would
    refuse asyncio.run."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    if failures:
        raise failures[0]


def test_a_page_with_no_live_view_never_looks_at_the_store(store, framework,
                                                           session_and_key, monkeypatch):
    """Each look wakes the kernel; a room's idle pages paid for it each second (issue
    18.5). The start page follows nothing and opens no connection for it; the
    facilitator's view looks every second."""
    session, key = session_and_key
    looks = {"start": 0, "facilitator": 0}
    looking = {"page": "start"}
    original = ChangeWatch.changed

    def counted(watch):
        looks[looking["page"]] += 1
        return original(watch)

    monkeypatch.setattr(ChangeWatch, "changed", counted)
    opened = {"start": 0, "facilitator": 0}  # connections of their own for the looks
    watch_changes = type(store).watch_changes

    def opening(self):
        opened[looking["page"]] += 1
        return watch_changes(self)

    monkeypatch.setattr(type(store), "watch_changes", opening)

    async def pages() -> None:
        served(store, framework, "lang=en", {})
        await asyncio.sleep(3.2)
        start = served(store, framework, f"facilitate={session.join_code}&lang=en",
                       {key_memory_name(session.join_code): key})
        assert find(start, FacilitatorView)
        looking["page"] = "facilitator"
        await asyncio.sleep(3.2)

    in_a_kernel(pages())
    assert looks["start"] == 0 and opened["start"] == 0, (looks, opened)
    assert looks["facilitator"] >= 2 and opened["facilitator"] == 1, (looks, opened)
