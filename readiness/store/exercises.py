"""Case exercises a trainer hands out, and the trainees who answer them alone.

An exercise is a code in the trainees' link (``?case=CODE``) on one training case
(``sample_data/cases``), with when its trainees see the reference: once the trainer releases
it (``release="trainer"``), or each trainee once they have finished answering
(``"finished"``); the trainer may release it at any time. A trainee starts with a role and
an optional name: the assessment, its link to the case and the name are written in one
transaction, or not at all. A trainee who says they have finished is marked so, and the
trainer's page lists names and progress. A case's plain link (``?case=ID``, no exercise)
works as ``"finished"``.

A group session run on a case is no exercise here: its members join the session
(``sessions.py``), and the facilitator's reveal of the group's results releases the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, update

from readiness.errors import NotFoundError, ReadinessError
from readiness.framework.model import Framework
from readiness.store import Store, tables
from readiness.store.repository import (
    AssessmentRecord,
    _upsert,
    as_utc,
    assessment_record,
    check_text,
    insert_assessment,
    new_assessment_record,
    utc_now,
)
from readiness.store.sessions import MAX_DISPLAY_NAME_CHARS, new_join_code, normalise_code

RELEASES: tuple[str, ...] = ("trainer", "finished")
"""When trainees see the reference: when the trainer releases it, or once each has finished."""


@dataclass(frozen=True)
class Exercise:
    """An exercise handed out on a case; ``id`` is the code in the trainees' link."""

    id: str
    case_id: str
    release: str
    """One of RELEASES."""
    released: bool
    """The trainer has released the reference to every trainee of the exercise."""
    created_at: datetime

    @property
    def display_code(self) -> str:
        return f"{self.id[:4]}-{self.id[4:]}"


@dataclass(frozen=True)
class Trainee:
    """A trainee's assessment on a case answered alone, as the trainer's page lists it."""

    record: AssessmentRecord
    case_id: str
    exercise: Exercise | None
    """The exercise handed out; None on a case's plain link (and for older exercises)."""
    display_name: str
    """"" when the trainee gave no name."""
    finished_at: datetime | None
    """When the trainee said they had finished answering; None until then."""
    answered: int


def _exercise(row) -> Exercise:
    return Exercise(id=row["id"], case_id=row["case_id"], release=row["release"],
                    released=bool(row["released"]), created_at=as_utc(row["created_at"]))


def create_exercise(store: Store, case_id: str, release: str = "trainer") -> Exercise:
    """A new exercise on ``case_id`` (the caller checks the case exists), not yet released."""
    if release not in RELEASES:
        raise ReadinessError(f"unknown release {release!r}; choose one of {', '.join(RELEASES)}")
    values = {"id": new_join_code(), "case_id": case_id, "release": release,
              "released": False, "created_at": utc_now()}
    with store.engine.begin() as connection:
        connection.execute(tables.case_exercises.insert().values(**values))
    return _exercise(values)


def find_exercise(store: Store, code: str) -> Exercise | None:
    """The exercise with this code (as typed or in a link: case and dashes do not matter)."""
    code = normalise_code(code or "")
    if not code:
        return None
    with store.engine.connect() as connection:
        row = connection.execute(select(tables.case_exercises)
                                 .where(tables.case_exercises.c.id == code)).mappings().first()
    return None if row is None else _exercise(row)


def latest_exercise(store: Store, case_id: str) -> Exercise | None:
    """The exercise handed out last on this case, if any (what a trainer's page shows)."""
    exercises = tables.case_exercises
    with store.engine.connect() as connection:
        row = connection.execute(
            select(exercises).where(exercises.c.case_id == case_id)
            .order_by(exercises.c.created_at.desc(), exercises.c.id).limit(1)).mappings().first()
    return None if row is None else _exercise(row)


def set_released(store: Store, exercise_id: str, released: bool) -> Exercise:
    """Release the reference to every trainee of the exercise, or hold it back again."""
    with store.engine.begin() as connection:
        result = connection.execute(update(tables.case_exercises)
                                    .where(tables.case_exercises.c.id == exercise_id)
                                    .values(released=bool(released)))
        if result.rowcount == 0:
            raise NotFoundError(f"no exercise {exercise_id!r} in the store")
    found = find_exercise(store, exercise_id)
    assert found is not None
    return found


def start_exercise(store: Store, framework: Framework, case_id: str, *,
                   exercise: Exercise | None, project: str, area: str, role: str,
                   language: str, display_name: str = "") -> AssessmentRecord:
    """A trainee's own assessment on the case: the assessment, its link to the case and the
    trainee's name (optional) together, or nothing."""
    name = check_text("display name", display_name, MAX_DISPLAY_NAME_CHARS).strip()
    record = new_assessment_record(framework, project=project, area=area, role=role,
                                   language=language)
    with store.engine.begin() as connection:
        insert_assessment(connection, record)
        _upsert(connection, tables.case_links, {"owner_id": record.id, "case_id": case_id},
                ("owner_id",))
        connection.execute(tables.case_trainees.insert().values(
            assessment_id=record.id, exercise_id=exercise.id if exercise else None,
            display_name=name, finished_at=None))
    return record


def mark_finished(store: Store, assessment_id: str) -> datetime:
    """The trainee says they have finished answering; returns when (kept from the first)."""
    now = utc_now()
    with store.engine.begin() as connection:
        if connection.execute(select(tables.assessments.c.id)
                              .where(tables.assessments.c.id == assessment_id)).first() is None:
            raise NotFoundError(f"no assessment {assessment_id!r} in the store")
        _upsert(connection, tables.case_trainees,
                {"assessment_id": assessment_id, "exercise_id": None, "display_name": "",
                 "finished_at": now}, ("assessment_id",),
                update=("assessment_id",))  # an older exercise gets its row; others keep theirs
        connection.execute(update(tables.case_trainees)
                           .where((tables.case_trainees.c.assessment_id == assessment_id)
                                  & tables.case_trainees.c.finished_at.is_(None))
                           .values(finished_at=now))
        stored = connection.execute(select(tables.case_trainees.c.finished_at).where(
            tables.case_trainees.c.assessment_id == assessment_id)).scalar()
    return as_utc(stored)


def _trainee_query() -> Select:
    """Every assessment answered on a case alone, with its trainee row and exercise if any.

    A member of a group session is left out, even when the session ran on a case: see
    ``Store.exercise_assessments``."""
    assessments, trainees = tables.assessments, tables.case_trainees
    exercises, answers = tables.case_exercises, tables.answers
    answered = (select(func.count()).select_from(answers)
                .where(answers.c.assessment_id == assessments.c.id).scalar_subquery())
    members = select(tables.session_members.c.assessment_id)
    return (select(assessments, tables.case_links.c.case_id.label("linked_case"),
                   trainees.c.display_name, trainees.c.finished_at,
                   exercises.c.id.label("exercise_code"),
                   exercises.c.case_id.label("exercise_case"), exercises.c.release,
                   exercises.c.released, exercises.c.created_at.label("exercise_created"),
                   answered.label("answered"))
            .join(tables.case_links, tables.case_links.c.owner_id == assessments.c.id)
            .outerjoin(trainees, trainees.c.assessment_id == assessments.c.id)
            .outerjoin(exercises, exercises.c.id == trainees.c.exercise_id)
            .where(assessments.c.id.not_in(members)))


def _trainee(row) -> Trainee:
    exercise = None
    if row["exercise_code"] is not None:
        exercise = _exercise({"id": row["exercise_code"], "case_id": row["exercise_case"],
                              "release": row["release"], "released": row["released"],
                              "created_at": row["exercise_created"]})
    finished = row["finished_at"]
    return Trainee(record=assessment_record(row), case_id=row["linked_case"], exercise=exercise,
                   display_name=row["display_name"] or "",
                   finished_at=None if finished is None else as_utc(finished),
                   answered=row["answered"])


def trainee(store: Store, assessment_id: str) -> Trainee | None:
    """The trainee answering this assessment alone on a case; None if it is no such
    exercise (e.g. a group session's member)."""
    query = _trainee_query().where(tables.assessments.c.id == assessment_id)
    with store.engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return None if row is None else _trainee(row)


def trainees(store: Store, exercise_id: str | None = None) -> list[Trainee]:
    """Every trainee answering a case alone (those of one exercise, given its id), first
    started first. What a trainer's page may list: never a group session's member."""
    query = _trainee_query()
    if exercise_id is not None:
        query = query.where(tables.case_trainees.c.exercise_id == exercise_id)
    query = query.order_by(tables.assessments.c.created_at, tables.assessments.c.id)
    with store.engine.connect() as connection:
        return [_trainee(row) for row in connection.execute(query).mappings()]
