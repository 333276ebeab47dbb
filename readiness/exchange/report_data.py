"""What a report or a data export is about: one assessment, a group session, or the rounds
of a project, gathered from the store (or an assessment file) into one shape.

Respondents are labelled R1, R2, ... in the order they first joined any round of the
project, and keep their number in every round they are followed into (a member who joins a
later round on the same device with the same role: ``sessions.follow_member``), so
researchers can follow them across rounds without names; a name appears only where the
participant gave one. Each round carries its action plan: an assessment's own plan, or the
session's (the facilitator's) for each round of a group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from readiness.store import Store
from readiness.store.plans import PlanItem, assessment_plan, plan_of_session
from readiness.store.repository import AssessmentRecord, StoredAnswer, StoredNote


@dataclass(frozen=True)
class Respondent:
    label: str
    role: str
    display_name: str
    answers: Mapping[str, StoredAnswer]
    notes: Mapping[str, StoredNote]

    @property
    def values(self) -> dict:
        return {qid: answer.value for qid, answer in self.answers.items()}


@dataclass(frozen=True)
class Round:
    name: str
    respondents: tuple[Respondent, ...]
    plan: tuple[PlanItem, ...] = ()
    """The action plan made in this round (an assessment's, or the session's), in
    action-id order; empty when none was made."""


@dataclass(frozen=True)
class ReportInput:
    kind: str
    """"assessment", "session" or "rounds"."""
    project: str
    area: str
    language: str
    created_at: datetime
    rounds: tuple[Round, ...]

    @property
    def respondents(self) -> tuple[Respondent, ...]:
        return tuple(r for round_ in self.rounds for r in round_.respondents)

    @property
    def latest(self) -> Round:
        return self.rounds[-1]

    @property
    def has_plan(self) -> bool:
        """Whether any round has an action plan with at least one item."""
        return any(round_.plan for round_ in self.rounds)


def from_assessment(record: AssessmentRecord, answers: Mapping[str, StoredAnswer],
                    notes: Mapping[str, StoredNote],
                    plan: Sequence[PlanItem] = ()) -> ReportInput:
    respondent = Respondent("R1", record.role, "", answers, notes)
    return ReportInput("assessment", record.project, record.area, record.language,
                       record.created_at, (Round("", (respondent,), tuple(plan)),))


def from_store_assessment(store: Store, assessment_id: str) -> ReportInput:
    return from_assessment(store.get_assessment(assessment_id), store.answers(assessment_id),
                           store.notes(assessment_id), assessment_plan(store, assessment_id))


def _round(store: Store, members: list, labels: Mapping[str, str], session_id: str,
           name: str) -> Round:
    respondents = [Respondent(labels[record.id], record.role, display_name,
                              store.answers(record.id), store.notes(record.id))
                   for record, display_name in members]
    return Round(name, tuple(respondents), tuple(plan_of_session(store, session_id)))


def respondent_labels(store: Store, session_id: str) -> tuple[dict[str, list], dict[str, str]]:
    """Every round of the session's project (id -> its members, as ``member_assessments``)
    and each member assessment's label: R1, R2, ... in the order people first joined any
    round (by time, so a number once given never changes, even when someone joins an
    earlier round late), the same for every round's assessment of a followed member."""
    from readiness.store.sessions import rounds_of

    return labels_of_sessions(store, [s.id for s in rounds_of(store, session_id)])


def labels_of_sessions(store: Store, session_ids: Sequence[str]
                       ) -> tuple[dict[str, list], dict[str, str]]:
    """``respondent_labels`` for the sessions given (oldest first)."""
    from readiness.store.sessions import member_assessments, member_identities

    rounds = {session_id: member_assessments(store, session_id) for session_id in session_ids}
    identities = member_identities(store, rounds)
    joined = sorted((record.created_at, index, position, record.id)
                    for index, members in enumerate(rounds.values())
                    for position, (record, _name) in enumerate(members))
    numbers: dict[str, int] = {}
    labels = {}
    for *_order, assessment_id in joined:
        number = numbers.setdefault(identities[assessment_id], len(numbers) + 1)
        labels[assessment_id] = f"R{number}"
    return rounds, labels


def from_sessions(store: Store, session_ids: Sequence[str]) -> ReportInput:
    """A session (one id) or the rounds of a project (several, oldest first).

    The caller has checked the facilitator key, or owns the store (the command line)."""
    from readiness.store.sessions import session_by_id

    sessions = [session_by_id(store, session_id) for session_id in session_ids]
    first = sessions[0]
    members, labels = respondent_labels(store, first.id)
    rounds = tuple(_round(store, members[s.id], labels, s.id, s.round) for s in sessions)
    return ReportInput("session" if len(sessions) == 1 else "rounds", first.project,
                       first.area, first.language, first.created_at, rounds)


def from_project(store: Store, project: str) -> ReportInput:
    """Every group session of ``project`` (every round, whoever facilitated it), oldest
    first, one round each: respondents numbered across them all. A round's name is its
    round, with its join code where two sessions share a name."""
    from readiness.errors import NotFoundError
    from readiness.store.sessions import session_table

    sessions = [session for session, _members in session_table(store)
                if session.project == project]
    if not sessions:
        known = sorted({s.project for s, _members in session_table(store)})
        raise NotFoundError(f"no group session of the project {project!r} in the store "
                            f"(projects with sessions: {', '.join(map(repr, known)) or 'none'})")
    members, labels = labels_of_sessions(store, [s.id for s in sessions])
    names = [s.round for s in sessions]
    rounds = tuple(_round(store, members[s.id], labels, s.id,
                          s.round if s.round and names.count(s.round) == 1
                          else " ".join(filter(None, (s.round, s.display_code))))
                   for s in sessions)
    first = sessions[0]
    return ReportInput("session" if len(rounds) == 1 else "rounds", first.project,
                       first.area, first.language, first.created_at, rounds)


def project_names_with_sessions(store: Store) -> list[str]:
    from readiness.store.sessions import session_table

    return sorted({session.project for session, _members in session_table(store)})


def resolve(store: Store, framework, target: str, rounds: bool = False) -> ReportInput:
    """What the command line names: an assessment file, an assessment id, or a session's
    join code (``rounds``: every round of its project)."""
    from pathlib import Path

    from readiness.errors import NotFoundError
    from readiness.exchange.assessment_file import read_assessment_file
    from readiness.store.sessions import find_session, rounds_of

    if Path(target).is_file():
        checked = read_assessment_file(target, framework)
        return from_assessment(checked.record, checked.answers, checked.notes, checked.plan)
    if store.has_assessment(target):
        return from_store_assessment(store, target)
    try:
        session = find_session(store, target)
    except NotFoundError:
        raise NotFoundError(f"{target!r} is neither a file, an assessment id nor a session's "
                            "join code in the store") from None
    ids = [s.id for s in rounds_of(store, session.id)] if rounds else [session.id]
    return from_sessions(store, ids)
