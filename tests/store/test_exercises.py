"""Case exercises in the store: the code handed out, the trainer's release, trainees' names
and "finished", and the upgrade of a store written before them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from readiness.errors import NotFoundError, ReadinessError
from readiness.store import open_store
from readiness.store.exercises import (
    create_exercise,
    find_exercise,
    latest_exercise,
    mark_finished,
    set_released,
    start_exercise,
    trainee,
    trainees,
)
from readiness.store.migrations import LATEST_VERSION, MIGRATIONS
from readiness.store.sessions import create_session, join_session
from tests.store.conftest import engine_at, table_names


def start(store, framework, exercise, name="", role="staff"):
    return start_exercise(store, framework, exercise.case_id if exercise else "hotspot",
                          exercise=exercise, project="Hotspot units", area="Denmark",
                          role=role, language="sv", display_name=name)


def test_an_exercise_is_found_by_its_code_however_typed(store):
    exercise = create_exercise(store, "hotspot")
    assert len(exercise.id) == 8 and not exercise.released and exercise.release == "trainer"
    assert find_exercise(store, exercise.display_code.lower()) == exercise
    assert find_exercise(store, "NOPE-NOPE") is None and find_exercise(store, "") is None
    later = create_exercise(store, "hotspot", release="finished")
    create_exercise(store, "askimsviken")
    assert latest_exercise(store, "hotspot") == later
    assert latest_exercise(store, "somali-women-1") is None
    with pytest.raises(ReadinessError, match="unknown release"):
        create_exercise(store, "hotspot", release="whenever")


def test_the_trainer_releases_and_holds_back(store):
    exercise = create_exercise(store, "hotspot")
    assert set_released(store, exercise.id, True).released
    assert find_exercise(store, exercise.id).released
    assert not set_released(store, exercise.id, False).released
    with pytest.raises(NotFoundError):
        set_released(store, "NOSUCHEX", True)


def test_a_trainee_starts_with_a_name_in_one_transaction(store, framework):
    exercise = create_exercise(store, "hotspot")
    record = start(store, framework, exercise, name="  Maja  ")
    assert store.case_of(record.id) == "hotspot"
    found = trainee(store, record.id)
    assert found.display_name == "Maja" and found.exercise == exercise
    assert found.finished_at is None and found.answered == 0
    store.save_answer(framework, record.id, "purpose.task-clarity", 2)
    assert trainee(store, record.id).answered == 1
    before = len(store.list_assessments())
    for bad in ("x" * 81, "Maja\x00"):  # refused before anything is written
        with pytest.raises(ReadinessError):
            start(store, framework, exercise, name=bad)
    with pytest.raises(ReadinessError, match="unknown role"):
        start(store, framework, exercise, role="")
    assert len(store.list_assessments()) == before


def test_finished_is_kept_from_the_first_time(store, framework):
    record = start(store, framework, create_exercise(store, "hotspot"))
    first = mark_finished(store, record.id)
    assert mark_finished(store, record.id) == first
    assert trainee(store, record.id).finished_at == first
    older = store.create_assessment(framework, project="before names")  # a version 4 exercise
    store.link_case(older.id, "hotspot")
    assert trainee(store, older.id).exercise is None
    mark_finished(store, older.id)
    assert trainee(store, older.id).finished_at is not None
    with pytest.raises(NotFoundError):
        mark_finished(store, "no-such-assessment")


def test_trainees_are_listed_by_exercise_never_a_session_member(store, framework):
    one, other = create_exercise(store, "hotspot"), create_exercise(store, "hotspot")
    maja = start(store, framework, one, name="Maja")
    ali = start(store, framework, one, name="Ali")
    elsewhere = start(store, framework, other)
    plain = start(store, framework, None)  # the case's plain link
    session, _key = create_session(store, framework, project="Hotspot course")
    store.link_case(session.id, "hotspot")
    member = join_session(store, framework, session.join_code, role="manager")
    store.link_case(member.id, "hotspot")
    assert [t.record.id for t in trainees(store, one.id)] == [maja.id, ali.id]
    assert [t.display_name for t in trainees(store, one.id)] == ["Maja", "Ali"]
    listed = [t.record.id for t in trainees(store)]
    assert listed == [maja.id, ali.id, elsewhere.id, plain.id]
    assert trainee(store, member.id) is None


def test_a_version_4_store_is_upgraded_and_keeps_its_exercises(store_location, framework):
    from readiness.store import tables

    assert MIGRATIONS[4][0] == 5
    location = store_location
    engine = engine_at(location)
    now = datetime.now(UTC)
    with engine.begin() as connection:  # what the release before exercises created
        for _version, _description, step in MIGRATIONS[:4]:
            step(connection)
        connection.execute(tables.schema_info.insert().values(id=1, version=4))
        connection.execute(tables.assessments.insert().values(
            id="exercise-from-v4", framework_id=framework.id,
            framework_version=framework.version, project="Hotspot units", area="",
            role="staff", language="en", created_at=now, updated_at=now))
        connection.execute(tables.case_links.insert().values(owner_id="exercise-from-v4",
                                                             case_id="hotspot"))
    engine.dispose()
    assert "case_trainees" not in table_names(location)
    store = open_store(location)
    with store.engine.connect() as connection:
        assert connection.execute(text("select version from schema_info")).scalar() == (
            LATEST_VERSION)
    [old] = trainees(store)
    assert old.record.id == "exercise-from-v4" and old.display_name == ""
    assert old.exercise is None and old.finished_at is None
    store.close()
