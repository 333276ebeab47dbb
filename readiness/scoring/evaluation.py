"""Everything an assessment's answers lead to: profile, red flags and recommended actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from readiness.framework.conditions import AnswerValue
from readiness.framework.model import Action, Flag, Framework
from readiness.scoring.answers import Profile, effective_answers, score_profile

WEAKEST_DIMENSIONS = 2
"""How many of the lowest-scoring dimensions get their actions recommended."""


@dataclass(frozen=True)
class Evaluation:
    profile: Profile
    flags: tuple[Flag, ...]
    weakest_dimensions: tuple[str, ...]
    actions: tuple[Action, ...]
    """Actions for the weakest dimensions (below the top band) and for raised flags."""

    def to_dict(self) -> dict:
        return {
            "dimensions": {
                d.dimension_id: {
                    "score": None if d.score is None else round(d.score, 1),
                    "band": d.band,
                    "answered": d.answered,
                    "total": d.total,
                    "capped": list(d.capped),
                }
                for d in self.profile.dimensions
            },
            "gate_effects": [
                {"gate": gate.id, "dimension": effect.dimension, "max_level": effect.max_level}
                for gate, effect in self.profile.active_gate_effects
            ],
            "flags": [flag.id for flag in self.flags],
            "weakest_dimensions": list(self.weakest_dimensions),
            "actions": [action.id for action in self.actions],
        }


def raised_flags(framework: Framework, answers: Mapping[str, AnswerValue]) -> tuple[Flag, ...]:
    """Flags whose conditions hold, read after gate effects; in framework order."""
    read = effective_answers(framework, answers)
    return tuple(flag for flag in framework.flags if flag.when.holds(read))


def weakest_dimensions(framework: Framework, profile: Profile,
                       count: int = WEAKEST_DIMENSIONS) -> tuple[str, ...]:
    """The lowest-scoring scored dimensions that are below the top band."""
    top_band = framework.bands[0].id
    candidates = [d for d in profile.dimensions if d.score is not None and d.band != top_band]
    candidates.sort(key=lambda d: d.score)
    return tuple(d.dimension_id for d in candidates[:count])


def evaluate(framework: Framework, answers: Mapping[str, AnswerValue]) -> Evaluation:
    profile = score_profile(framework, answers)
    flags = raised_flags(framework, answers)
    weakest = weakest_dimensions(framework, profile)
    wanted = {a for flag in flags for a in flag.actions}
    actions = tuple(
        action for action in framework.actions
        if action.dimension in weakest or action.id in wanted
    )
    return Evaluation(profile, flags, weakest, actions)
