"""Every stored assessment with what an analysis needs, as columns, in one query per table
(``readiness.data``): no object per assessment or answer, for studies of any size.

For the store's owner (a researcher's notebook, the command line), never for a page: it
reads every assessment of a project or session at once. Names are not read at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import String, and_, or_, select, type_coerce

from readiness.errors import NotFoundError
from readiness.store import Store, tables
from readiness.store.sessions import normalise_code


def _selected(project: str | None, session: str | None):
    """The assessments chosen, as (from, where) pieces shared by both queries."""
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


def project_names(store: Store) -> list[str]:
    """Every project that has an assessment, in name order (for messages)."""
    with store.engine.connect() as connection:
        return list(connection.execute(
            select(tables.assessments.c.project).distinct()
            .order_by(tables.assessments.c.project)).scalars())



@dataclass
class StudyColumns:
    """A study as columns, for ``readiness.data.load`` at any size: one list per column,
    no object per assessment or answer."""

    assessments: dict[str, list]
    """One row per assessment chosen (oldest first): the assessment's own columns
    (``id``, ``framework_id`` … ``updated_at``, times as the database gives them),
    ``join_code``, ``round`` and ``member_key`` (None for an assessment answered alone)."""
    training: int
    """Assessments left out because they were answered on a training case."""


ANSWER_CHUNK = 200_000


def study_columns(store: Store, take_answers: Callable[[Sequence[tuple]], None], *,
                  project: str | None = None, session: str | None = None,
                  chunk: int = ANSWER_CHUNK) -> StudyColumns:
    """The assessments of ``project`` and/or the session with join code ``session`` (all
    when both are None), oldest first, as columns (an unknown join code raises
    NotFoundError); assessments answered on a training case are left out (they describe a
    documented case, not a project) and counted. Their answers are handed to
    ``take_answers`` in chunks of at most ``chunk``
    rows, each row ``(assessment_id, question_id, value, answered_at)`` in no particular
    order. ``value`` is the stored text (a level's digits, a gate's word or
    ``dont_know``); ``answered_at`` is the database's own (on SQLite the stored UTC text,
    unparsed, which is much faster to read in bulk; elsewhere a datetime). Answers of
    assessments not chosen (training cases; other projects) may be handed over too, when
    the filter is cheaper to apply by id afterwards."""
    if session is not None:
        with store.engine.connect() as connection:
            known = connection.execute(select(tables.sessions.c.id).where(
                tables.sessions.c.join_code == normalise_code(session))).first()
        if known is None:
            raise NotFoundError(f"no session with the code {session!r}")
    a, answers = tables.assessments, tables.answers
    joined, conditions = _selected(project, session)
    training = _is_training()
    names = [column.name for column in a.columns]
    query = (select(*a.columns, tables.sessions.c.join_code, tables.sessions.c.round,
                    tables.member_keys.c.member_key, training.label("training"))
             .select_from(joined).where(*conditions)
             .order_by(a.c.created_at, a.c.id))
    answer_query = select(answers.c.assessment_id, answers.c.question_id, answers.c.value,
                          type_coerce(answers.c.answered_at, String))
    if conditions:
        answer_query = answer_query.where(answers.c.assessment_id.in_(
            select(a.c.id).select_from(joined).where(*conditions)))
    columns: dict[str, list] = {name: [] for name in (*names, "join_code", "round",
                                                      "member_key")}
    left_out = 0
    with store.engine.connect() as connection:
        for row in connection.execute(query):
            if row[-1]:
                left_out += 1
                continue
            for name, value in zip(columns, row, strict=False):
                columns[name].append(value)
        if connection.dialect.name == "sqlite":
            # The driver's own rows (every column is read as text), with no Row object per
            # answer: SQLite's cursor reads as it goes (a streamed result would have
            # buffered a first row away from the cursor).
            result = connection.execute(answer_query)
            while rows := result.cursor.fetchmany(chunk):
                take_answers(rows)
            result.close()
        else:  # a server-side cursor, so the client never holds every answer at once
            result = connection.execution_options(stream_results=True,
                                                  yield_per=chunk).execute(answer_query)
            for rows in result.partitions(chunk):
                take_answers(rows)
    return StudyColumns(columns, left_out)
