"""Red-flag conditions: a small declarative language over answers.

A condition is data, parsed into a tree and evaluated by walking it; nothing from a
framework file is ever evaluated as code. Forms (as in the YAML file)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}
    {question: ID, at_most: LEVEL}  {question: ID, at_least: LEVEL}  {question: ID, is: [V, ...]}

A comparison on a question that is unanswered or answered "don't know" is *unknown*, and
unknown stays unknown through ``all``, ``any`` and ``not`` unless the other answers decide
(three-valued logic: ``any`` with one true item is true, ``all`` with one false item is
false). A flag or an action applies only when its condition is true, so nothing is ever
said about a question the answers left open; ``is: [dont_know]`` asks for that case
explicitly. ``reasons`` names the questions whose answers made a true condition true,
``counter_reasons`` those that made a false one false (what a ``not`` rests on).
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

    def value(self, answers: Answers) -> bool | None:
        values = [item.value(answers) for item in self.items]
        if False in values:
            return False
        return None if None in values else True

    def holds(self, answers: Answers) -> bool:
        return self.value(answers) is True

    def reasons(self, answers: Answers) -> tuple[str, ...]:
        return _joined(item.reasons(answers) for item in self.items)

    def counter_reasons(self, answers: Answers) -> tuple[str, ...]:
        return _joined(item.counter_reasons(answers) for item in self.items
                       if item.value(answers) is False)

    def questions(self) -> tuple[str, ...]:
        return _joined(item.questions() for item in self.items)


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    def value(self, answers: Answers) -> bool | None:
        values = [item.value(answers) for item in self.items]
        if True in values:
            return True
        return None if None in values else False

    def holds(self, answers: Answers) -> bool:
        return self.value(answers) is True

    def reasons(self, answers: Answers) -> tuple[str, ...]:
        return _joined(item.reasons(answers) for item in self.items if item.holds(answers))

    def counter_reasons(self, answers: Answers) -> tuple[str, ...]:
        return _joined(item.counter_reasons(answers) for item in self.items)

    def questions(self) -> tuple[str, ...]:
        return _joined(item.questions() for item in self.items)


@dataclass(frozen=True)
class NotCondition:
    item: Condition

    def value(self, answers: Answers) -> bool | None:
        inner = self.item.value(answers)
        return None if inner is None else not inner

    def holds(self, answers: Answers) -> bool:
        return self.value(answers) is True

    def reasons(self, answers: Answers) -> tuple[str, ...]:
        return self.item.counter_reasons(answers)  # the answers that make the inner false

    def counter_reasons(self, answers: Answers) -> tuple[str, ...]:
        return self.item.reasons(answers)

    def questions(self) -> tuple[str, ...]:
        return self.item.questions()


@dataclass(frozen=True)
class AnswerCondition:
    """A test of one question's answer: ``at_most``, ``at_least`` or ``is``."""

    question: str
    operator: str
    operand: int | tuple[AnswerValue, ...]

    def value(self, answers: Answers) -> bool | None:
        """True or False when the answer decides it; None when there is no answer to
        decide it (unanswered, or "don't know" for a level test)."""
        value = answers.get(self.question)
        if self.operator == "is":
            return value in self.operand if value is not None else None
        if not isinstance(value, int) or isinstance(value, bool):
            return None  # unanswered, don't know, or a gate value
        if self.operator == "at_most":
            return value <= self.operand
        return value >= self.operand

    def holds(self, answers: Answers) -> bool:
        return self.value(answers) is True

    def reasons(self, answers: Answers) -> tuple[str, ...]:
        return (self.question,)

    def counter_reasons(self, answers: Answers) -> tuple[str, ...]:
        return (self.question,)

    def questions(self) -> tuple[str, ...]:
        return (self.question,)


def _joined(groups) -> tuple[str, ...]:
    """Question ids in order of appearance, each once."""
    return tuple(dict.fromkeys(question for group in groups for question in group))


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
