"""A group's answers taken together: spread per dimension, per question and per role.

Disagreement is kept, not averaged away. The published rule (docs/scoring.md):

* per dimension: the median of the members' scores, with the interquartile range;
* per question: how many chose each level (and don't know); the members **disagree** when
  at least ``MIN_FOR_SPREAD`` gave a level and the interquartile range of those levels is
  more than ``CONSENSUS_IQR`` (1 level), after the consensus convention of Delphi studies;
* per red flag: how many members' own answers raise it.

Quartiles are the "inclusive" ones (linear interpolation between the members' values).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .conditions import DONT_KNOW, AnswerValue
from .evaluation import raised_flags
from .framework import Flag, Framework
from .scoring import effective_answers, score_profile

CONSENSUS_IQR = 1.0
MIN_FOR_SPREAD = 3


@dataclass(frozen=True)
class Member:
    role: str
    answers: Mapping[str, AnswerValue]


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of some values; all None when there are none."""

    count: int
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None else self.q3 - self.q1


@dataclass(frozen=True)
class QuestionSpread:
    question_id: str
    counts: Mapping[AnswerValue, int]
    """Members per level, and per "dont_know"."""
    levels: Spread
    disagreement: bool


@dataclass(frozen=True)
class GroupProfile:
    members: int
    dimensions: Mapping[str, Spread]
    by_role: Mapping[str, Mapping[str, Spread]]
    questions: tuple[QuestionSpread, ...]
    flags: tuple[tuple[Flag, int], ...]
    """Each flag raised by at least one member, with how many raise it."""

    @property
    def widest_disagreement(self) -> tuple[QuestionSpread, ...]:
        """Questions on which members disagree, widest spread first."""
        disputed = [q for q in self.questions if q.disagreement]
        return tuple(sorted(disputed, key=lambda q: (-q.levels.iqr, q.question_id)))


def spread(values: Iterable[float]) -> Spread:
    values = sorted(values)
    if not values:
        return Spread(0, None, None, None)
    if len(values) == 1:
        return Spread(1, values[0], values[0], values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), median, q1, q3)


def _dimension_spreads(framework: Framework, members: list[Member]) -> dict[str, Spread]:
    scores: dict[str, list[float]] = {d.id: [] for d in framework.dimensions}
    for member in members:
        for dimension in score_profile(framework, member.answers).dimensions:
            if dimension.score is not None:
                scores[dimension.dimension_id].append(dimension.score)
    return {dimension_id: spread(values) for dimension_id, values in scores.items()}


def group_profile(framework: Framework, members: Iterable[Member]) -> GroupProfile:
    members = list(members)
    roles = sorted({member.role for member in members})
    by_role = {role: _dimension_spreads(framework, [m for m in members if m.role == role])
               for role in roles}
    read = [effective_answers(framework, member.answers) for member in members]
    questions = []
    for question in framework.questions:
        given = [answers[question.id] for answers in read if question.id in answers]
        counts = Counter(given)
        levels = spread(v for v in given if v != DONT_KNOW)
        disagreement = (levels.count >= MIN_FOR_SPREAD and levels.iqr > CONSENSUS_IQR)
        ordered = {level: counts.get(level, 0) for level in range(1, question.levels + 1)}
        ordered[DONT_KNOW] = counts.get(DONT_KNOW, 0)
        questions.append(QuestionSpread(question.id, ordered, levels, disagreement))
    flag_counts = Counter(flag.id for member in members
                          for flag in raised_flags(framework, member.answers))
    flags = tuple((flag, flag_counts[flag.id]) for flag in framework.flags
                  if flag_counts[flag.id])
    return GroupProfile(len(members), _dimension_spreads(framework, members), by_role,
                        tuple(questions), flags)
