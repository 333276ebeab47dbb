"""Red-flag conditions: a small declarative language over answers.

A condition is data, parsed into a tree and evaluated by walking it; nothing from a
framework file is ever evaluated as code. Forms (as in the YAML file)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}
    {question: ID, at_most: LEVEL}  {question: ID, at_least: LEVEL}  {question: ID, is: [V, ...]}

A comparison on a question that is unanswered or answered "don't know" is false, so a flag
never fires for lack of information; ``is: [dont_know]`` asks for that case explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

DONT_KNOW = "dont_know"
"""The stored value of the "don't know / not decided" option."""

AnswerValue = int | str
Answers = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]

    def holds(self, answers: Answers) -> bool:
        return all(item.holds(answers) for item in self.items)


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def holds(self, answers: Answers) -> bool:
        return any(item.holds(answers) for item in self.items)


@dataclass(frozen=True)
class NotCondition:
    item: Condition

    def holds(self, answers: Answers) -> bool:
        return not self.item.holds(answers)


@dataclass(frozen=True)
class AnswerCondition:
    """A test of one question's answer: ``at_most``, ``at_least`` or ``is``."""

    question: str
    operator: str
    operand: int | tuple[AnswerValue, ...]

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.question)
        if self.operator == "is":
            return value is not None and value in self.operand
        if not isinstance(value, int) or isinstance(value, bool):
            return False  # unanswered, don't know, or a gate value
        if self.operator == "at_most":
            return value <= self.operand
        return value >= self.operand


Condition = AllOf | AnyOf | NotCondition | AnswerCondition


def parse_condition(data: Mapping) -> Condition:
    """Build a condition tree from data already checked against the framework schema."""
    if "all" in data:
        return AllOf(tuple(parse_condition(item) for item in data["all"]))
    if "any" in data:
        return AnyOf(tuple(parse_condition(item) for item in data["any"]))
    if "not" in data:
        return NotCondition(parse_condition(data["not"]))
    for operator in ("at_most", "at_least"):
        if operator in data:
            return AnswerCondition(data["question"], operator, data[operator])
    return AnswerCondition(data["question"], "is", tuple(data["is"]))


def walk_comparisons(data: Mapping, path: str) -> Iterator[tuple[str, Mapping]]:
    """Yield ``(path, comparison)`` for every question comparison in raw condition data."""
    for key in ("all", "any"):
        if key in data:
            for index, item in enumerate(data[key]):
                yield from walk_comparisons(item, f"{path}.{key}[{index}]")
            return
    if "not" in data:
        yield from walk_comparisons(data["not"], f"{path}.not")
        return
    yield path, data
