"""Dimension scores and bands from anchored answers, with gate questions applied first.

The rule (also in the README):

* An answer at level ``n`` of a question with ``L`` levels scores ``(n - 1) / (L - 1) * 100``.
* A dimension's score is the mean of its answered questions' scores, 0 to 100.
* "Don't know / not decided" and unanswered questions are missing, never low. A dimension
  with at least one answered question has a score, shown with how many questions it rests
  on; with fewer than ``min_answered_share`` (0.5) of its questions answered that score is
  *provisional*: drawn and worded as such, and left out of a group's statistics.
* The band is the first band whose ``min_score`` the score reaches (default framework:
  strength >= 75, discuss >= 50, concern below 50: the Wilder inventory's 4 and 3 on a
  1-5 scale, mapped to 0-100).
* A gate answer may cap a dimension's answers (e.g. direction closed to residents:
  participation answers are read as at most level 2) before anything is scored.

There is deliberately no overall score: the profile is the result.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from dataclasses import dataclass

from readiness.errors import AnswerError
from readiness.framework.conditions import DONT_KNOW, Answers, AnswerValue
from readiness.framework.model import Framework, Gate, GateEffect


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    answered: int
    total: int
    score: float | None
    """0-100, or None when no question is answered."""
    band: str | None
    capped: tuple[str, ...] = ()
    """Questions whose answers a gate capped."""
    provisional: bool = False
    """Scored from fewer than the framework's share of its questions (``min_answered_share``)."""

    @property
    def enough_answers(self) -> bool:
        """A firm score: enough of the dimension's questions answered."""
        return self.score is not None and not self.provisional


@dataclass(frozen=True)
class Profile:
    dimensions: tuple[DimensionScore, ...]
    active_gate_effects: tuple[tuple[Gate, GateEffect], ...]

    def __getitem__(self, dimension_id: str) -> DimensionScore:
        for dimension in self.dimensions:
            if dimension.dimension_id == dimension_id:
                return dimension
        raise KeyError(dimension_id)

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.dimensions)


def check_answer(framework: Framework, item_id: str, value: AnswerValue) -> AnswerValue:
    """Return ``value`` if it is a valid answer to a question or gate, else raise AnswerError."""
    try:
        allowed = framework.allowed_values(item_id)
    except KeyError:
        raise AnswerError(f"unknown question {item_id!r} in framework {framework.id}") from None
    # Exact types: True == 1 and 2.0 == 2 in Python, but stored they become "True" and
    # "2.0", which no page or report can read back as a level.
    plain = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    if not plain or value not in allowed:
        shown = ", ".join(map(str, allowed))
        looks_like_level = not plain or (isinstance(value, str) and value.isdigit())
        hint = "; a level is a whole number without quotes or a decimal point" \
            if looks_like_level else ""
        # reprlib shortens: a file may hold a 4,000-digit number or a page-long string.
        raise AnswerError(f"{reprlib.repr(value)} is not an answer to {item_id} "
                          f"(allowed: {shown}{hint})")
    return value


def active_gate_effects(framework: Framework, answers: Answers):
    return tuple(
        (gate, effect)
        for gate in framework.gates
        for effect in gate.effects
        if answers.get(gate.id) in effect.when
    )


def effective_answers(framework: Framework, answers: Answers) -> dict[str, AnswerValue]:
    """Answers as they are read after gate effects (caps) are applied."""
    caps: dict[str, int] = {}
    for _gate, effect in active_gate_effects(framework, answers):
        caps[effect.dimension] = min(caps.get(effect.dimension, effect.max_level),
                                     effect.max_level)
    result = dict(answers)
    for question in framework.questions:
        value = result.get(question.id)
        if isinstance(value, int) and question.dimension in caps:
            result[question.id] = min(value, caps[question.dimension])
    return result


def band_for(framework: Framework, score: float) -> str:
    for band in framework.bands:
        if score >= band.min_score:
            return band.id
    return framework.bands[-1].id


def question_score(level: int, levels: int) -> float:
    return (level - 1) / (levels - 1) * 100


def score_profile(framework: Framework, answers: Mapping[str, AnswerValue]) -> Profile:
    """The readiness profile: one score (or none) and band per dimension."""
    read = effective_answers(framework, answers)
    dimensions = []
    for dimension in framework.dimensions:
        questions = framework.questions_in(dimension.id)
        scores = []
        capped = []
        for question in questions:
            value = read.get(question.id)
            if value is None or value == DONT_KNOW:
                continue
            scores.append(question_score(value, question.levels))
            if value != answers.get(question.id):
                capped.append(question.id)
        score = sum(scores) / len(scores) if scores else None
        dimensions.append(DimensionScore(
            dimension_id=dimension.id,
            answered=len(scores),
            total=len(questions),
            score=score,
            band=band_for(framework, score) if score is not None else None,
            capped=tuple(capped),
            provisional=bool(scores)
            and len(scores) < framework.min_answered_share * len(questions),
        ))
    return Profile(tuple(dimensions), active_gate_effects(framework, answers))
