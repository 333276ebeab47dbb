"""Is an action plan saved like answers: at once, checked, behind the facilitator key for a
session, carried to the next round, and never half-written or silently lost?"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from readiness.errors import NotFoundError, ReadinessError, StoreUnavailable
from readiness.store import open_store
from readiness.store.migrations import LATEST_VERSION
from readiness.store.plans import (
    PLAN_STATUSES,
    PlanItem,
    assessment_plan,
    mark_previous_round_item,
    plan_of_session,
    previous_round_plan,
    remove_plan_item,
    remove_session_plan_item,
    save_plan_item,
    save_session_plan_item,
    session_plan,
)
from readiness.store.sessions import AccessDenied, create_session, next_round
from tests.faults import frozen_store
from tests.store.conftest import engine_at, table_names

NARROW, BETA = "action.narrow", "action.beta"  # the actions of tests/fixtures/mini.yaml
RTL = "\u202eevil\u202c \u200fمسؤول\u200f"  # a right-to-left override and marks
SCRIPT = "<script>alert('x')</script> =HYPERLINK(\"http://evil\") ÅÄÖ æøå"


def rows(store) -> list[tuple]:
    """Every row of the plan table: what a refused call must leave as it was."""
    with store.engine.connect() as connection:
        return sorted(map(tuple, connection.execute(text("select * from plan_items"))))


def simple(items: list[PlanItem]) -> list[tuple]:
    return [(i.action_id, i.owner, i.due, i.status) for i in items]


@pytest.fixture
def assessment(store, mini):
    return store.create_assessment(mini, project="Norrby")


@pytest.fixture
def rounds(store, mini):
    """A project's first round and its next one, opened by one key."""
    first, key = create_session(store, mini, project="Norrby", round_name="planning")
    second = next_round(store, mini, first.id, key, "mid-term")
    return first, second, key


# -- an assessment's plan --------------------------------------------------------------------

def test_an_item_is_upserted_and_a_field_left_out_keeps_what_is_stored(store, mini,
                                                                      assessment):
    before = store.get_assessment(assessment.id).updated_at
    item = save_plan_item(store, mini, assessment.id, NARROW)
    assert (item.owner, item.due, item.status) == ("", "", "planned")
    assert item.updated_at.tzinfo is UTC and item.updated_at >= before
    assert store.get_assessment(assessment.id).updated_at == item.updated_at  # touched
    save_plan_item(store, mini, assessment.id, NARROW, owner="Anna (housing company)",
                   due="before summer")
    later = save_plan_item(store, mini, assessment.id, NARROW, status="in_progress")
    assert simple([later]) == [(NARROW, "Anna (housing company)", "before summer",
                                "in_progress")]
    assert later.updated_at >= item.updated_at
    cleared = save_plan_item(store, mini, assessment.id, NARROW, owner="")
    assert (cleared.owner, cleared.due) == ("", "before summer")  # "" clears, None keeps
    assert len(rows(store)) == 1  # one item per action per plan


def test_the_plan_lists_in_a_stable_order_and_a_fresh_store_object_sees_it(store_location,
                                                                           mini):
    location = store_location
    first = open_store(location)
    record = first.create_assessment(mini, project="P")
    save_plan_item(first, mini, record.id, NARROW, owner="Eva")
    save_plan_item(first, mini, record.id, BETA, due="May", status="done")
    first.close()
    second = open_store(location)  # a reload or a dead kernel
    assert simple(assessment_plan(second, record.id)) == [
        (BETA, "", "May", "done"), (NARROW, "Eva", "", "planned")]  # action-id order
    assert assessment_plan(second, record.id) == assessment_plan(second, record.id)
    assert assessment_plan(second, "no-such-assessment") == []
    second.close()


def test_an_item_is_removed_and_removing_it_again_says_so(store, mini, assessment):
    save_plan_item(store, mini, assessment.id, NARROW)
    save_plan_item(store, mini, assessment.id, BETA)
    assert remove_plan_item(store, assessment.id, NARROW) is True
    assert remove_plan_item(store, assessment.id, NARROW) is False
    assert simple(assessment_plan(store, assessment.id)) == [(BETA, "", "", "planned")]
    with pytest.raises(NotFoundError):
        remove_plan_item(store, "no-such-assessment", BETA)


def test_every_status_is_accepted(store, mini, assessment):
    assert PLAN_STATUSES == ("planned", "in_progress", "done", "dropped")
    for status in PLAN_STATUSES:
        assert save_plan_item(store, mini, assessment.id, NARROW, status=status).status == status


@pytest.mark.parametrize("hostile", [RTL, SCRIPT, "line one\nline two\ttab", "=1+1", "x" * 200])
def test_hostile_text_is_kept_exactly_as_typed(store, mini, assessment, hostile):
    item = save_plan_item(store, mini, assessment.id, NARROW, owner=hostile, due=hostile)
    assert (item.owner, item.due) == (hostile, hostile)
    assert simple(assessment_plan(store, assessment.id)) == [
        (NARROW, hostile, hostile, "planned")]


REFUSED = {
    "10,000 characters of owner": (
        {"action_id": NARROW, "owner": "x" * 10_000},
        "owner (who) is 10000 characters long; the limit is 200"),
    "10,000 characters of due": (
        {"action_id": NARROW, "due": "\u200f" * 10_000},
        "due (by when) is 10000 characters long; the limit is 200"),
    "a NUL byte": ({"action_id": NARROW, "owner": "Eva\x00"}, "control characters"),
    "an escape sequence": ({"action_id": NARROW, "due": "\x1b[31mred"}, "control characters"),
    "not text": ({"action_id": NARROW, "owner": 42}, "owner (who) should be text"),
    "unknown action": ({"action_id": "action.nowhere"}, "unknown action 'action.nowhere'"),
    "a script as action": ({"action_id": "<script>alert(1)</script>"}, "unknown action"),
    "a page-long action": ({"action_id": "a" * 10_000}, "unknown action 'aaaa"),
    "a question, not an action": ({"action_id": "alpha.one"}, "unknown action"),
    "unknown status": ({"action_id": NARROW, "status": "finished"}, "unknown status"),
    "status in capitals": ({"action_id": NARROW, "status": "Done"}, "choose one of planned"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_item_says_why_and_leaves_the_plan_intact(store, mini, assessment, case):
    save_plan_item(store, mini, assessment.id, NARROW, owner="Eva", due="May")
    before, updated = rows(store), store.get_assessment(assessment.id).updated_at
    arguments, expected = REFUSED[case]
    with pytest.raises(ReadinessError) as caught:
        save_plan_item(store, mini, assessment.id, **arguments)
    assert expected in str(caught.value)
    assert len(str(caught.value)) < 200  # a line a person reads, whatever was sent
    assert rows(store) == before
    assert store.get_assessment(assessment.id).updated_at == updated


def test_an_unknown_assessment_or_another_framework_is_refused(store, mini, framework,
                                                               assessment):
    with pytest.raises(NotFoundError, match="no assessment"):
        save_plan_item(store, mini, "no-such-assessment", NARROW)
    other = store.create_assessment(framework, project="Default framework")
    with pytest.raises(ReadinessError, match="uses the framework"):
        save_plan_item(store, mini, other.id, NARROW)
    assert rows(store) == []


# -- a session's plan: the facilitator's ------------------------------------------------------

def test_a_session_plan_needs_the_facilitator_key(store, mini, rounds):
    first, _second, key = rounds
    for wrong in ("", "guess", key[:-1], key + "x"):
        with pytest.raises(AccessDenied):
            save_session_plan_item(store, mini, first.id, wrong, NARROW, owner="Eva")
        with pytest.raises(AccessDenied):
            session_plan(store, first.id, wrong)
    assert rows(store) == []
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="Eva", due="June")
    save_session_plan_item(store, mini, first.id, key, BETA)
    before = rows(store)
    with pytest.raises(AccessDenied):
        remove_session_plan_item(store, first.id, "guess", NARROW)
    with pytest.raises(AccessDenied):
        save_session_plan_item(store, mini, first.id, "guess", NARROW, status="dropped")
    assert rows(store) == before
    assert simple(session_plan(store, first.id, key)) == [
        (BETA, "", "", "planned"), (NARROW, "Eva", "June", "planned")]
    assert session_plan(store, first.id, key) == plan_of_session(store, first.id)
    assert remove_session_plan_item(store, first.id, key, BETA) is True
    assert remove_session_plan_item(store, first.id, key, BETA) is False
    assert simple(session_plan(store, first.id, key)) == [(NARROW, "Eva", "June", "planned")]


def test_a_session_plan_checks_what_it_is_given(store, mini, framework, rounds):
    first, _second, key = rounds
    save_session_plan_item(store, mini, first.id, key, NARROW, owner=RTL)
    before = rows(store)
    for arguments, expected in REFUSED.values():
        with pytest.raises(ReadinessError) as caught:
            save_session_plan_item(store, mini, first.id, key, **arguments)
        assert expected in str(caught.value)
    with pytest.raises(ReadinessError, match="uses the framework"):
        save_session_plan_item(store, framework, first.id, key, "action.narrow-task")
    assert rows(store) == before
    assert session_plan(store, first.id, key)[0].owner == RTL


def test_an_assessment_and_a_session_with_the_same_id_keep_their_own_plans(store, mini,
                                                                         rounds):
    """An imported assessment may carry any id, a session's too: the plans stay apart."""
    first, _second, key = rounds
    record = store.create_assessment(mini, project="P")
    twin = type(record)(**{**record.__dict__, "id": first.id})
    store.put_record(twin, {}, {})
    save_plan_item(store, mini, first.id, NARROW, owner="the assessment's")
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="the session's")
    assert assessment_plan(store, first.id)[0].owner == "the assessment's"
    assert session_plan(store, first.id, key)[0].owner == "the session's"


# -- the next round ------------------------------------------------------------------------------

def test_the_next_round_shows_the_plan_of_the_round_before_with_its_statuses(store, mini,
                                                                            rounds):
    first, second, key = rounds
    assert previous_round_plan(store, first.id, key) is None  # a project's first round
    empty = previous_round_plan(store, second.id, key)
    assert empty.session.id == first.id and empty.items == ()
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="Eva", due="autumn")
    save_session_plan_item(store, mini, first.id, key, BETA, status="in_progress")
    save_session_plan_item(store, mini, second.id, key, BETA)  # the new round's own plan
    earlier = previous_round_plan(store, second.id, key)
    assert earlier.session.round == "planning"
    assert simple(list(earlier.items)) == [(BETA, "", "", "in_progress"),
                                           (NARROW, "Eva", "autumn", "planned")]
    with pytest.raises(AccessDenied):
        previous_round_plan(store, second.id, "guess")
    third = next_round(store, mini, second.id, key, "end")
    assert previous_round_plan(store, third.id, key).session.id == second.id


def test_another_project_or_key_is_not_the_round_before(store, mini, rounds):
    first, second, key = rounds
    save_session_plan_item(store, mini, first.id, key, NARROW)
    other, other_key = create_session(store, mini, project="Norrby", round_name="someone else")
    assert previous_round_plan(store, other.id, other_key) is None
    with pytest.raises(AccessDenied):
        previous_round_plan(store, other.id, key)
    assert previous_round_plan(store, second.id, key).session.id == first.id


def test_the_new_round_marks_the_items_of_the_round_before(store, mini, rounds):
    first, second, key = rounds
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="Eva", due="autumn")
    marked = mark_previous_round_item(store, second.id, key, NARROW, "done")
    assert simple([marked]) == [(NARROW, "Eva", "autumn", "done")]  # only the status moves
    assert simple(list(previous_round_plan(store, second.id, key).items)) == [
        (NARROW, "Eva", "autumn", "done")]
    assert session_plan(store, second.id, key) == []  # nothing added to the new round
    before = rows(store)
    with pytest.raises(AccessDenied):
        mark_previous_round_item(store, second.id, "guess", NARROW, "dropped")
    with pytest.raises(ReadinessError, match="unknown status"):
        mark_previous_round_item(store, second.id, key, NARROW, "<script>")
    with pytest.raises(NotFoundError, match="has no action 'action.beta'"):
        mark_previous_round_item(store, second.id, key, BETA, "dropped")  # not in that plan
    with pytest.raises(NotFoundError, match="first round"):
        mark_previous_round_item(store, first.id, key, NARROW, "dropped")
    assert rows(store) == before


# -- a store that cannot be written ---------------------------------------------------------

def test_a_frozen_store_raises_store_unavailable_and_keeps_the_plan(tmp_path, mini):
    path = tmp_path / "store.sqlite3"
    store = open_store(str(path))
    record = store.create_assessment(mini, project="P")
    first, key = create_session(store, mini, project="P", round_name="planning")
    second = next_round(store, mini, first.id, key, "mid-term")
    save_plan_item(store, mini, record.id, NARROW, owner="Eva", due="May")
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="Bo")
    before = rows(store)
    with frozen_store(path):
        with pytest.raises(StoreUnavailable, match="cannot be (written|used) .*nothing was"):
            save_plan_item(store, mini, record.id, NARROW, status="done")
        with pytest.raises(StoreUnavailable):
            save_plan_item(store, mini, record.id, BETA)
        with pytest.raises(StoreUnavailable):
            remove_plan_item(store, record.id, NARROW)
        with pytest.raises(StoreUnavailable):
            save_session_plan_item(store, mini, first.id, key, NARROW, owner="Al")
        with pytest.raises(StoreUnavailable):
            mark_previous_round_item(store, second.id, key, NARROW, "done")
        with pytest.raises(StoreUnavailable):
            remove_session_plan_item(store, first.id, key, NARROW)
    assert rows(store) == before
    assert simple(assessment_plan(store, record.id)) == [(NARROW, "Eva", "May", "planned")]
    # Once the store is back, the same call is stored.
    assert save_plan_item(store, mini, record.id, NARROW, status="done").status == "done"
    assert mark_previous_round_item(store, second.id, key, NARROW, "done").status == "done"
    store.close()


# -- migration ------------------------------------------------------------------------------

def test_a_version_3_store_is_upgraded_and_keeps_its_data(store_location, mini):
    from readiness.store import tables
    from readiness.store.migrations import MIGRATIONS

    assert MIGRATIONS[3][0] == 4
    location = store_location
    engine = engine_at(location)
    now = datetime.now(UTC)
    with engine.begin() as connection:  # what the release before action plans created
        for _version, _description, step in MIGRATIONS[:3]:
            step(connection)
        connection.execute(tables.schema_info.insert().values(id=1, version=3))
        connection.execute(tables.assessments.insert().values(
            id="kept-from-v3", framework_id="mini", framework_version="1.0.0",
            project="before upgrade", area="", role="staff", language="sv",
            created_at=now, updated_at=now))
        connection.execute(tables.answers.insert().values(
            assessment_id="kept-from-v3", question_id="alpha.one", value="2",
            answered_at=now))
    engine.dispose()
    assert "plan_items" not in table_names(location)

    store = open_store(location)
    with store.engine.connect() as connection:
        version = connection.execute(text("select version from schema_info")).scalar()
        assert version == LATEST_VERSION  # every later migration ran too
        assert connection.execute(text("select count(*) from plan_items")).scalar() == 0
    assert store.get_assessment("kept-from-v3").project == "before upgrade"
    assert store.answer_values("kept-from-v3") == {"alpha.one": 2}
    save_plan_item(store, mini, "kept-from-v3", NARROW, owner="Eva")
    assert simple(assessment_plan(store, "kept-from-v3")) == [(NARROW, "Eva", "", "planned")]
    store.close()
    again = open_store(location)  # opening it again migrates nothing more
    assert simple(assessment_plan(again, "kept-from-v3")) == [(NARROW, "Eva", "", "planned")]
    again.close()
