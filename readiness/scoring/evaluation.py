"""Everything an assessment's answers lead to: profile, red flags, the actions the answers
call for (each with the answers and flags that called for it), and the open questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from readiness.framework.conditions import DONT_KNOW, AnswerValue
from readiness.framework.model import INFERENCE, Action, Flag, Framework
from readiness.scoring.answers import Profile, effective_answers, score_profile


@dataclass(frozen=True)
class Recommendation:
    """An action the answers call for, listed once however many reasons it has."""

    action: Action
    questions: tuple[str, ...]
    """Question and gate ids whose answers made the action's condition true."""
    flags: tuple[str, ...]
    """Raised flags that name the action."""


@dataclass(frozen=True)
class Evaluation:
    profile: Profile
    flags: tuple[Flag, ...]
    actions: tuple[Recommendation, ...]
    """In framework order (grouped by dimension there), each action once."""
    open_questions: tuple[str, ...]
    """Questions and gates answered "don't know / not decided", in framework order: work
    for the group before the next meeting."""

    def to_dict(self) -> dict:
        return {
            "dimensions": {
                d.dimension_id: {
                    "score": None if d.score is None else round(d.score, 1),
                    "band": d.band,
                    "answered": d.answered,
                    "total": d.total,
                    "provisional": d.provisional,
                    "capped": list(d.capped),
                }
                for d in self.profile.dimensions
            },
            "gate_effects": [
                {"gate": gate.id, "dimension": effect.dimension, "max_level": effect.max_level}
                for gate, effect in self.profile.active_gate_effects
            ],
            "flags": [flag.id for flag in self.flags],
            "actions": [{"id": r.action.id, "because": list(r.questions),
                         "flags": list(r.flags)} for r in self.actions],
            "open_questions": list(self.open_questions),
            # The raised flags and called-for actions whose text is the workbook's own
            # inference rather than what its sources say (``basis: inference``).
            "inference": {
                "flags": [f.id for f in self.flags if f.basis == INFERENCE],
                "actions": [r.action.id for r in self.actions if r.action.basis == INFERENCE],
            },
        }


def raised_flags(framework: Framework, answers: Mapping[str, AnswerValue]) -> tuple[Flag, ...]:
    """Flags whose conditions hold, read after gate effects; in framework order."""
    read = effective_answers(framework, answers)
    return tuple(flag for flag in framework.flags if flag.when.holds(read))


def recommendations(framework: Framework, answers: Mapping[str, AnswerValue],
                    flags: tuple[Flag, ...]) -> tuple[Recommendation, ...]:
    """Actions whose condition holds or that a raised flag names, never because of their
    dimension alone, and never when their own condition is false (the answers say the
    action is done: a group with a written agreement is not told to write one, whichever
    flag names it); each with what called for it."""
    read = effective_answers(framework, answers)
    found = []
    for action in framework.actions:
        own = action.when.value(read) if action.when is not None else None
        if own is False:
            continue
        naming = tuple(flag for flag in flags if action.id in flag.actions)
        holds = own is True
        if not holds and not naming:
            continue
        questions = list(action.when.reasons(read)) if holds else []
        for flag in naming:  # the answers behind the flag called for it too
            questions += flag.when.reasons(read)
        found.append(Recommendation(action, tuple(dict.fromkeys(questions)),
                                    tuple(flag.id for flag in naming)))
    return tuple(found)


def open_questions(framework: Framework, answers: Mapping[str, AnswerValue]) -> tuple[str, ...]:
    """Gates and questions answered "don't know / not decided", in framework order."""
    items = [gate.id for gate in framework.gates] + [q.id for q in framework.questions]
    return tuple(item for item in items if answers.get(item) == DONT_KNOW)


def evaluate(framework: Framework, answers: Mapping[str, AnswerValue]) -> Evaluation:
    flags = raised_flags(framework, answers)
    return Evaluation(score_profile(framework, answers), flags,
                      recommendations(framework, answers, flags),
                      open_questions(framework, answers))
