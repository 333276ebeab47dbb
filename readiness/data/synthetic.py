"""Realistic synthetic study data, written through the store's own API, for trying an
analysis (notebooks/analysis.ipynb), teaching and benchmarks: never a project's data.

Every synthetic assessment's project name begins with :data:`SYNTHETIC_PREFIX`; the
frames of ``readiness.data.load`` carry that as ``synthetic`` (True) on every row, and
``load`` refuses to mix synthetic with real assessments unless asked (docs/data.md).

The model, on a latent scale per respondent and dimension (0 is the middle of the
levels): a project's own level per dimension, a role effect (residents see less of their
own participation and of the resources than staff and managers do; managers and
politicians see the project as better anchored), a person effect shared by all of a
respondent's dimensions and one per dimension (so questions within a dimension correlate
more than across), a round effect (later rounds a little higher, learning most) and noise
per question. About 6 % of answers are "don't know" (residents more often on resources and
partnership), about 3 % of questions are left unanswered. Gates are answered too, mostly
with their first (most open) value. All of it is drawn from ``seed``: the same seed gives
the same answers (ids and times are the store's own).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework, default_framework
from readiness.roles import ROLES
from readiness.store import Store
from readiness.store.batch import BATCH, WholeAssessment, put_batches
from readiness.store.repository import (
    AssessmentRecord,
    StoredAnswer,
    new_assessment_id,
)
from readiness.store.sessions import create_session, follow_member, join_session, next_round

SYNTHETIC_PREFIX = "Synthetic: "
"""The start of every synthetic assessment's project name."""

PROJECTS = ("Norrby meeting place", "Eastside homework club", "Riverside housing dialogue",
            "Hillpark job bridge", "Centrum youth council", "Lakeview tenants' garden")
ROUNDS = ("baseline", "follow-up")

ROLE_EFFECTS: dict[str, dict[str, float]] = {
    "resident": {"participation": -0.8, "resources": -0.5, "partnership": -0.3},
    "residents_association": {"participation": -0.4, "partnership": -0.2},
    "staff": {},
    "manager": {"resources": 0.3, "anchoring": 0.4, "participation": 0.2},
    "partner": {"partnership": 0.2, "outcomes": -0.2},
    "politician": {"anchoring": 0.5, "outcomes": 0.2, "participation": 0.2},
    "other": {},
}
"""Latent shifts by role and dimension id (dimensions a fork lacks are ignored)."""
ROLE_WEIGHTS = {"resident": 4, "residents_association": 1, "staff": 3, "manager": 1,
                "partner": 2, "politician": 1, "other": 0.5}
ROUND_EFFECT = 0.35
"""How much higher a later round sits, per round (learning twice as much)."""
DONT_KNOW_SHARE = 0.06
UNANSWERED_SHARE = 0.03


def is_synthetic(project: str) -> bool:
    return project.startswith(SYNTHETIC_PREFIX)


@dataclass
class Person:
    role: str
    traits: dict[str, float]
    """The person's latent level per dimension, before the round effect."""


@dataclass
class SyntheticStudy:
    """What :func:`generate` wrote: {project: [[assessment ids of round 1], [round 2], …]}."""

    projects: dict[str, list[list[str]]] = field(default_factory=dict)
    followed: int = 0
    """Members followed from one round to the next (the same respondent_id)."""

    @property
    def assessments(self) -> int:
        return sum(len(ids) for rounds in self.projects.values() for ids in rounds)


class _Model:
    def __init__(self, framework: Framework, seed: int):
        self.framework = framework
        self.rng = np.random.default_rng(seed)
        roles = [r for r in ROLES if ROLE_WEIGHTS.get(r, 0) > 0]
        weights = np.array([ROLE_WEIGHTS[r] for r in roles])
        self.roles, self.role_p = roles, weights / weights.sum()

    def project(self) -> dict[str, float]:
        return {d.id: self.rng.normal(0.2, 0.5) for d in self.framework.dimensions}

    def person(self, project: dict[str, float], role: str | None = None) -> Person:
        role = role or str(self.rng.choice(self.roles, p=self.role_p))
        general = self.rng.normal(0, 0.35)
        effects = ROLE_EFFECTS.get(role, {})
        return Person(role, {d: level + effects.get(d, 0.0) + general + self.rng.normal(0, 0.3)
                             for d, level in project.items()})

    def answers(self, person: Person, round_index: int) -> dict[str, object]:
        """One assessment's answers {question or gate id: value}."""
        rng, result = self.rng, {}
        for gate in self.framework.gates:
            values = [v for v in self.framework.allowed_values(gate.id) if v != DONT_KNOW]
            weights = np.array([0.8 ** (3 * i) for i in range(len(values))])
            result[gate.id] = str(rng.choice(values, p=weights / weights.sum()))
        for question in self.framework.questions:
            draw = rng.random()
            if draw < UNANSWERED_SHARE:
                continue
            unsure = DONT_KNOW_SHARE * (2.5 if person.role == "resident" and
                                        question.dimension in ("resources", "partnership")
                                        else 1)
            if draw < UNANSWERED_SHARE + unsure:
                result[question.id] = DONT_KNOW
                continue
            lift = ROUND_EFFECT * round_index * (2 if question.dimension == "learning" else 1)
            latent = person.traits[question.dimension] + lift + rng.normal(0, 0.55)
            middle = (question.levels + 1) / 2
            level = round(middle + latent * (question.levels - 1) / 2.5)
            result[question.id] = int(min(max(level, 1), question.levels))
        return result


def generate(store: Store, framework: Framework | None = None, *, projects: int = 4,
             members: tuple[int, int] = (6, 10), rounds: Sequence[str] = ROUNDS,
             stay: float = 0.8, language: str = "en", seed: int = 17) -> SyntheticStudy:
    """Write a synthetic study into ``store`` as the workbook would: per project a group
    session per round (``next_round``), members who join (``join_session``) and answer
    (``save_answer``); about ``stay`` of a round's members rejoin the next round and are
    followed (``follow_member``, the same respondent_id), the rest are new. Each project
    has between ``members[0]`` and ``members[1]`` members per round."""
    framework = framework or default_framework()
    model = _Model(framework, seed)
    written = SyntheticStudy()
    for name in PROJECTS[:projects] + tuple(f"Project {i + 1}" for i in
                                            range(max(0, projects - len(PROJECTS)))):
        project = SYNTHETIC_PREFIX + name
        level = model.project()
        session, key = create_session(store, framework, project=project, area="Synthetic",
                                      language=language, round_name=rounds[0])
        people: list[tuple[Person, str | None]] = []
        size = int(model.rng.integers(members[0], members[1] + 1))
        written.projects[project] = []
        for index, round_name in enumerate(rounds):
            if index:
                session = next_round(store, framework, session.id, key, round_name)
                people = [(p, a) for p, a in people if model.rng.random() < stay]
            while len(people) < size:
                people.append((model.person(level), None))
            ids, joined = [], []
            for person, earlier in people:
                record = join_session(store, framework, session.join_code, role=person.role)
                if earlier is not None and follow_member(store, record.id, [earlier]):
                    written.followed += 1
                for question_id, value in model.answers(person, index).items():
                    store.save_answer(framework, record.id, question_id, value)
                ids.append(record.id)
                joined.append((person, record.id))
            people = joined
            written.projects[project].append(ids)
    return written


def synthetic_records(count: int, framework: Framework | None = None, *, projects: int = 50,
                      seed: int = 17) -> Iterator[tuple[AssessmentRecord, dict]]:
    """``count`` synthetic assessments answered alone, as ``Store.put_record`` takes them
    (record, {question id: StoredAnswer}), spread over ``projects`` projects: for studies
    too large to answer one answer at a time (benchmarks/scale.py)."""
    framework = framework or default_framework()
    model = _Model(framework, seed)
    levels = [model.project() for _ in range(projects)]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for index in range(count):
        which = index % projects
        person = model.person(levels[which])
        moment = start + timedelta(seconds=index)
        record = AssessmentRecord(
            id=new_assessment_id(), framework_id=framework.id,
            framework_version=framework.version,
            project=f"{SYNTHETIC_PREFIX}Project {which + 1}", area="Synthetic",
            role=person.role, language="en", created_at=moment, updated_at=moment)
        answers = {qid: StoredAnswer(value, moment)
                   for qid, value in model.answers(person, index % 2).items()}
        yield record, answers


def store_records(store: Store, count: int, framework: Framework | None = None, *,
                  projects: int = 50, seed: int = 17, batch: int = BATCH) -> int:
    """Write :func:`synthetic_records` into ``store``, ``batch`` assessments per
    transaction (``readiness.store.batch.put_batches``); return how many were written."""
    return put_batches(store, (WholeAssessment(record, answers) for record, answers in
                               synthetic_records(count, framework, projects=projects,
                                                 seed=seed)), size=batch)
