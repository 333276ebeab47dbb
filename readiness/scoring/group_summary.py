"""What a facilitator reads off a group profile: completion, prompts, and what moved.

Pure functions over :mod:`readiness.scoring.aggregate`'s results, shared by the live facilitator
view and the reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.scoring.aggregate import GroupProfile, Member, QuestionSpread

MOVED_POINTS = 10.0
"""A dimension's median must move at least this much between rounds to be listed."""


def complete_members(framework: Framework, members: Iterable[Member]) -> int:
    """How many members have answered at least half of the questions (don't know counts)."""
    needed = len(framework.questions) * framework.min_answered_share
    question_ids = {q.id for q in framework.questions}
    return sum(1 for m in members if len(question_ids & set(m.answers)) >= needed)


def option_text(item, value, language: str) -> str:
    """The label of the option ``value`` of a question or gate, in ``language``."""
    for option in item.options:
        if option.value == value:
            return pick(option.label, language)
    return ui("dont_know_short", language) if value == DONT_KNOW else str(value)


def option_label(framework: Framework, question_id: str, level: int, language: str) -> str:
    return option_text(framework.question(question_id), level, language)


def discussion_prompt(framework: Framework, spread: QuestionSpread, language: str) -> str:
    """A prompt that sets the two ends of the group's answers against each other.

    Only ends that are shown: naming an option whose count is hidden would tell that
    someone chose it."""
    chosen = [level for level, count in spread.counts.items()
              if count and isinstance(level, int)]
    if len(chosen) < 2:
        return ui("discussion_prompt_open", language)
    low = option_label(framework, spread.question_id, min(chosen), language)
    high = option_label(framework, spread.question_id, max(chosen), language)
    return ui("discussion_prompt", language, low=low, high=high)


@dataclass(frozen=True)
class Movement:
    dimension_id: str
    before: float
    after: float


def moved_dimensions(framework: Framework, rounds: Sequence[GroupProfile],
                     threshold: float = MOVED_POINTS) -> list[Movement]:
    """Dimensions whose group median moved by ``threshold`` points or more between the
    last two rounds, largest move first."""
    if len(rounds) < 2:
        return []
    before, after = rounds[-2], rounds[-1]
    moves = []
    for dimension in framework.dimensions:
        old = before.dimensions[dimension.id].median
        new = after.dimensions[dimension.id].median
        if old is not None and new is not None and abs(new - old) >= threshold:
            moves.append(Movement(dimension.id, old, new))
    return sorted(moves, key=lambda m: -abs(m.after - m.before))
