"""Every stored assessment with what an analysis needs, in two queries (``readiness.data``).

For the store's owner (a researcher's notebook, the command line), never for a page: it
reads every assessment of a project or session at once. Names are not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from readiness.errors import NotFoundError
from readiness.store import Store, tables
from readiness.store.repository import (
    AssessmentRecord,
    StoredAnswer,
    as_utc,
    assessment_record,
    decode_value,
)
from readiness.store.sessions import normalise_code


@dataclass(frozen=True)
class StudyAssessment:
    """One assessment as analysis reads it."""

    record: AssessmentRecord
    session: str | None
    """The join code of the group session it was answered in (None: answered alone)."""
    round: str | None
    identity: str
    """Who answered, as the store knows it: ``key:...`` for a member followed across a
    project's rounds (the same text in every round), else ``assessment:<id>``. Random,
    never shown, never derived from a name."""
    answers: dict[str, StoredAnswer] = field(default_factory=dict)


@dataclass(frozen=True)
class StudyRows:
    assessments: list[StudyAssessment]
    training: int
    """Assessments left out because they were answered on a training case."""


def _selected(project: str | None, session: str | None):
    """The assessments chosen, as (columns, from, where) pieces shared by both queries."""
    a, members, sessions = tables.assessments, tables.session_members, tables.sessions
    joined = (a.outerjoin(members, members.c.assessment_id == a.c.id)
              .outerjoin(sessions, sessions.c.id == members.c.session_id)
              .outerjoin(tables.member_keys, tables.member_keys.c.assessment_id == a.c.id))
    conditions = []
    if project is not None:
        conditions.append(a.c.project == project)
    if session is not None:
        conditions.append(sessions.c.join_code == normalise_code(session))
    return joined, conditions


def _is_training():
    """An assessment answered on a case, alone or in a session run on a case."""
    cases = select(tables.case_links.c.owner_id)
    return or_(tables.assessments.c.id.in_(cases),
               and_(tables.sessions.c.id.is_not(None), tables.sessions.c.id.in_(cases)))


def study_rows(store: Store, *, project: str | None = None,
               session: str | None = None) -> StudyRows:
    """The assessments of ``project`` and/or the session with join code ``session`` (all
    when both are None), oldest first, each with its answers.

    Assessments answered on a training case are left out (they describe a documented case,
    not a project) and counted. An unknown join code raises NotFoundError."""
    if session is not None:
        with store.engine.connect() as connection:
            known = connection.execute(select(tables.sessions.c.id).where(
                tables.sessions.c.join_code == normalise_code(session))).first()
        if known is None:
            raise NotFoundError(f"no session with the code {session!r}")
    a = tables.assessments
    joined, conditions = _selected(project, session)
    training = _is_training()
    query = (select(a, tables.sessions.c.join_code, tables.sessions.c.round,
                    tables.member_keys.c.member_key, training.label("training"))
             .select_from(joined).where(*conditions)
             .order_by(a.c.created_at, a.c.id))
    answers = tables.answers
    answer_query = (select(answers.c.assessment_id, answers.c.question_id, answers.c.value,
                           answers.c.answered_at)
                    .select_from(joined.join(answers, answers.c.assessment_id == a.c.id))
                    .where(*conditions, ~training))
    chosen: dict[str, StudyAssessment] = {}
    left_out = 0
    with store.engine.connect() as connection:
        for row in connection.execute(query).mappings():
            if row["training"]:
                left_out += 1
                continue
            key = row["member_key"]
            chosen[row["id"]] = StudyAssessment(
                assessment_record(row), row["join_code"], row["round"],
                f"key:{key}" if key else f"assessment:{row['id']}")
        for assessment_id, question_id, value, answered_at in connection.execute(answer_query):
            chosen[assessment_id].answers[question_id] = StoredAnswer(
                decode_value(value), as_utc(answered_at))
    return StudyRows(list(chosen.values()), left_out)


def project_names(store: Store) -> list[str]:
    """Every project that has an assessment, in name order (for messages)."""
    with store.engine.connect() as connection:
        return list(connection.execute(
            select(tables.assessments.c.project).distinct()
            .order_by(tables.assessments.c.project)).scalars())

