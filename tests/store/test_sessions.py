"""Do group sessions keep the facilitator's data behind the key and lose no answer?"""

from __future__ import annotations

import multiprocessing

import pytest

from readiness.errors import NotFoundError
from readiness.scoring.aggregate import group_profile
from readiness.store import open_store
from readiness.store.sessions import (
    JOIN_CODE_ALPHABET,
    AccessDenied,
    create_session,
    find_session,
    join_session,
    member_summaries,
    next_round,
    project_rounds,
    revealed_members,
    session_activity,
    session_export,
    session_members,
    session_of_assessment,
    set_session_flags,
)


def test_join_codes_are_unambiguous_and_the_key_is_stored_hashed(store, framework):
    session, key = create_session(store, framework, project="Norrby", language="sv",
                                  round_name="planning")
    assert len(session.join_code) == 8 and set(session.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set(session.join_code) & set("0O1IL")
    assert session.display_code == f"{session.join_code[:4]}-{session.join_code[4:]}"
    assert session.is_open and not session.revealed and session.round == "planning"
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("select facilitator_key_hash from sessions").scalar()
    assert key not in stored and len(stored) == 64
    typed = session.display_code.lower().replace("-", " ")
    assert find_session(store, typed).id == session.id
    with pytest.raises(NotFoundError):
        find_session(store, "ZZZZ-ZZZZ")


def test_the_facilitator_key_guards_group_data_and_controls(store, framework):
    session, key = create_session(store, framework, project="P")
    join_session(store, framework, session.join_code, role="resident")
    for wrong in ("", "guess", key[:-1]):
        with pytest.raises(AccessDenied):
            session_members(store, session.id, wrong)
        with pytest.raises(AccessDenied):
            set_session_flags(store, session.id, wrong, revealed=True)
    assert len(session_members(store, session.id, key)) == 1
    set_session_flags(store, session.id, key, revealed=True, is_open=False)
    closed = find_session(store, session.join_code)
    assert closed.revealed and not closed.is_open
    with pytest.raises(AccessDenied, match="closed"):
        join_session(store, framework, session.join_code, role="staff")


def test_a_role_outside_the_list_is_refused_and_nothing_is_written(store, framework):
    from readiness.errors import ReadinessError

    session, key = create_session(store, framework, project="P")
    for role in ("facilitator", "", "<script>"):
        with pytest.raises(ReadinessError, match="unknown role"):
            join_session(store, framework, session.join_code, role=role)
    assert session_members(store, session.id, key) == []
    assert store.list_assessments() == []


def test_every_role_joins_and_the_session_s_file_gives_it_by_id(store, framework):
    """The roles added later (a residents' association or board, an elected politician)
    join like the first ones, and the session's JSON names each by its id."""
    from readiness.roles import ROLES

    session, key = create_session(store, framework, project="P")
    for role in ROLES:
        join_session(store, framework, session.join_code, role=role)
    assert sorted(m.role for m in session_members(store, session.id, key)) == sorted(ROLES)
    data = session_export(store, framework, session.id, key)
    assert sorted(member["role"] for member in data["members"]) == sorted(ROLES)


def test_participants_see_the_group_only_after_the_reveal(store, framework):
    session, key = create_session(store, framework, project="P")
    mine = join_session(store, framework, session.join_code, role="resident")
    other = join_session(store, framework, session.join_code, role="staff", display_name="Eva")
    store.save_answer(framework, other.id, "gate.direction-open", "closed")
    assert session_of_assessment(store, mine.id).id == session.id
    alone = store.create_assessment(framework, project="Alone")
    assert session_of_assessment(store, alone.id) is None
    assert revealed_members(store, mine.id) is None  # individual feedback first
    assert revealed_members(store, alone.id) is None
    set_session_flags(store, session.id, key, revealed=True)
    group = revealed_members(store, mine.id)
    assert sorted(m.role for m in group) == ["resident", "staff"]
    # The facilitator's list of members: names only where given, no answers.
    summaries = member_summaries(store, session.id, key)
    assert [(m.role, m.display_name, m.answered) for m in summaries] == [
        ("resident", "", 0), ("staff", "Eva", 1)]
    with pytest.raises(AccessDenied):
        member_summaries(store, session.id, "wrong")


def test_the_activity_marker_changes_on_every_join_and_answer(store, framework):
    session, key = create_session(store, framework, project="P")
    markers = [session_activity(store, session.id)]
    member = join_session(store, framework, session.join_code, role="resident")
    markers.append(session_activity(store, session.id))
    store.save_answer(framework, member.id, "gate.direction-open", "open")
    markers.append(session_activity(store, session.id))
    store.save_answer(framework, member.id, "gate.direction-open", "closed")  # same count
    markers.append(session_activity(store, session.id))
    store.clear_answer(member.id, "gate.direction-open")
    markers.append(session_activity(store, session.id))
    set_session_flags(store, session.id, key, revealed=True)
    markers.append(session_activity(store, session.id))
    assert len(set(markers)) == len(markers), markers
    assert markers[0][0] == 0 and markers[1][0] == 1


def test_a_new_round_shares_the_key_and_lists_the_project_rounds(store, framework):
    first, key = create_session(store, framework, project="Norrby", round_name="planning")
    create_session(store, framework, project="Norrby", round_name="someone else's")
    second = next_round(store, framework, first.id, key, "mid-term")
    assert second.join_code != first.join_code and second.project == "Norrby"
    assert [s.round for s in project_rounds(store, second.id, key)] == ["planning", "mid-term"]
    with pytest.raises(AccessDenied):
        next_round(store, framework, first.id, "wrong", "end")
    with pytest.raises(AccessDenied):
        project_rounds(store, first.id, "wrong")


def test_members_answers_feed_the_group_profile(store, framework):
    session, key = create_session(store, framework, project="P")
    resident = join_session(store, framework, session.join_code, role="resident")
    staff = join_session(store, framework, session.join_code, role="staff",
                         display_name="Anna")
    store.save_answer(framework, resident.id, "purpose.task-clarity", 1)
    store.save_answer(framework, staff.id, "purpose.task-clarity", 4)
    members = session_members(store, session.id, key)
    assert sorted(m.role for m in members) == ["resident", "staff"]
    question = next(q for q in group_profile(framework, members).questions
                    if q.question_id == "purpose.task-clarity")
    assert question.counts[1] == 1 and question.counts[4] == 1


PARTICIPANTS = 30
ANSWERS_EACH = 50


def _participant(location: str, join_code: str, number: int, start, results,
                 framework_path: str) -> None:
    from readiness.framework.model import load_framework
    from readiness.store import open_store
    from readiness.store.sessions import join_session

    framework = load_framework(framework_path)  # the test's (a fork under --framework-fork)
    store = open_store(location)
    questions = framework.questions
    record = join_session(store, framework, join_code, role="resident" if number % 2 else "staff")
    start.wait()  # everyone answers at the same moment
    final = {}
    for n in range(ANSWERS_EACH):
        asked = questions[(n * 7 + number) % len(questions)]
        question, value = asked.id, (n + number) % asked.levels + 1
        store.save_answer(framework, record.id, question, value)
        final[question] = value
    results.put((record.id, final))
    store.close()


def test_thirty_participants_answering_at_once_lose_nothing(store_location, framework):
    location = store_location
    store = open_store(location)
    session, key = create_session(store, framework, project="Busy meeting")
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_participant,
                               args=(location, session.join_code, n, start, results,
                                     framework.path))
               for n in range(PARTICIPANTS)]
    for worker in workers:
        worker.start()
    sent = {}
    start.set()
    for _ in workers:
        assessment_id, final = results.get(timeout=240)
        sent[assessment_id] = final
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * PARTICIPANTS

    members = session_members(store, session.id, key)
    assert len(members) == PARTICIPANTS
    for assessment_id, final in sent.items():
        assert store.answer_values(assessment_id) == final
    group = group_profile(framework, members)
    for question in group.questions:
        expected = {}
        for final in sent.values():
            if question.question_id in final:
                level = final[question.question_id]
                expected[level] = expected.get(level, 0) + 1
        assert {k: v for k, v in question.counts.items() if v} == expected


def test_the_session_export_has_every_answer_and_names_only_where_given(store, framework):
    session, key = create_session(store, framework, project="P", round_name="planning")
    anonymous = join_session(store, framework, session.join_code, role="resident")
    named = join_session(store, framework, session.join_code, role="staff", display_name="Eva")
    store.save_answer(framework, anonymous.id, "gate.direction-open", "open")
    store.save_answer(framework, named.id, "purpose.task-clarity", 3)
    data = session_export(store, framework, session.id, key)
    assert data["session"]["round"] == "planning"
    members = sorted(data["members"], key=lambda m: m["role"])
    assert members == [
        {"display_name": "", "role": "resident", "answers": {"gate.direction-open": "open"}},
        {"display_name": "Eva", "role": "staff", "answers": {"purpose.task-clarity": 3}}]
    with pytest.raises(AccessDenied):
        session_export(store, framework, session.id, "wrong")


def test_the_session_export_carries_the_sessions_action_plan(store, framework):
    from readiness.store.plans import save_session_plan_item

    session, key = create_session(store, framework, project="P")
    assert session_export(store, framework, session.id, key)["plan"] == []
    save_session_plan_item(store, framework, session.id, key, "action.size-goals",
                           owner="Samira", due="före sommaren", status="in_progress")
    other, other_key = create_session(store, framework, project="Q")
    save_session_plan_item(store, framework, other.id, other_key, "action.agree-problem")
    plan = session_export(store, framework, session.id, key)["plan"]
    assert [{k: v for k, v in item.items() if k != "updated_at"} for item in plan] == [
        {"action": "action.size-goals", "owner": "Samira", "due": "före sommaren",
         "status": "in_progress"}]
    assert plan[0]["updated_at"].endswith("+00:00")
