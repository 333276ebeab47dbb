"""Training cases: documented projects from the sources, as exercises for a course.

Each case file (``sample_data/cases/*.yaml``, schema ``schemas/case.v1.schema.json``) holds
the project as its steering group saw it when planning it, a reference assessment whose
every answer is justified from the source, what really happened, and a trainer's guide. A
malformed file gets an error naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import FrameworkError
from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Citation, Framework, Text

CASES_DIR = Path(__file__).resolve().parents[2] / "sample_data" / "cases"
SESSION_MINUTES = 90


@dataclass(frozen=True)
class ReferenceAnswer:
    value: int | str
    note: str
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class PlanStep:
    minutes: int
    step: Text


@dataclass(frozen=True)
class Case:
    id: str
    title: Text
    setting: Text
    sources: tuple[str, ...]
    description: Text
    reference: Mapping[str, ReferenceAnswer]
    what_happened: Text
    what_happened_cites: tuple[Citation, ...]
    goal: Text
    plan: tuple[PlanStep, ...]
    questions: tuple[Text, ...]
    path: str

    @property
    def answers(self) -> dict[str, int | str]:
        return {item_id: answer.value for item_id, answer in self.reference.items()}


def _cites(entries) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c["section"]) for c in entries)


def _problems(data: dict, framework: Framework) -> Iterator[tuple[str, str]]:
    """What the schema cannot check: ids, values, sources, completeness, the 90 minutes."""
    if data["framework"] != framework.id:
        yield "framework", f"is {data['framework']!r}, but the workbook's is {framework.id!r}"
    sources = {source.file for source in framework.sources}
    for index, source in enumerate(data["sources"]):
        if source not in sources:
            yield f"sources[{index}]", f"{source!r} is not a source of the framework"
    items = {item.id: item for item in (*framework.gates, *framework.questions)}
    for item_id, answer in data["reference"].items():
        item = items.get(item_id)
        if item is None:
            yield f"reference.{item_id}", "is not a gate or question of the framework"
            continue
        allowed = {option.value for option in item.options} | {DONT_KNOW}
        if answer["value"] not in allowed:
            yield (f"reference.{item_id}.value",
                   f"is {answer['value']!r}; choose one of {sorted(map(str, allowed))}")
        for index, cite in enumerate(answer["cites"]):
            if cite["source"] not in sources:
                yield f"reference.{item_id}.cites[{index}].source", "is not a framework source"
    for item_id in items:
        if item_id not in data["reference"]:
            yield f"reference.{item_id}", "is missing: the reference answers every question"
    for index, cite in enumerate(data["what_happened_cites"]):
        if cite["source"] not in sources:
            yield f"what_happened_cites[{index}].source", "is not a framework source"
    minutes = sum(step["minutes"] for step in data["guide"]["plan"])
    if minutes != SESSION_MINUTES:
        yield "guide.plan", f"adds up to {minutes} minutes, not {SESSION_MINUTES}"


def load_case(path: str | Path, framework: Framework) -> Case:
    from readiness.framework.schema_validator import Draft202012Validator
    from readiness.framework.validation import load_schema, parse_yaml, schema_problems

    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(name, [("", f"cannot be read: {exc}")]) from None
    data = parse_yaml(name, text)
    if not isinstance(data, dict):
        raise FrameworkError(name, [("", "should be a mapping with schema_version, id, ...")])
    problems = schema_problems(Draft202012Validator(load_schema("case.v1")), data)
    if not problems:
        problems = list(_problems(data, framework))
    if problems:
        raise FrameworkError(name, problems)
    guide = data["guide"]
    return Case(
        id=data["id"], title=data["title"], setting=data["setting"],
        sources=tuple(data["sources"]), description=data["description"],
        reference={item_id: ReferenceAnswer(a["value"], a["note"], _cites(a["cites"]))
                   for item_id, a in data["reference"].items()},
        what_happened=data["what_happened"],
        what_happened_cites=_cites(data["what_happened_cites"]),
        goal=guide["goal"],
        plan=tuple(PlanStep(step["minutes"], step["step"]) for step in guide["plan"]),
        questions=tuple(guide["questions"]), path=name)


def load_cases(framework: Framework, folder: Path = CASES_DIR) -> list[Case]:
    """Every case in ``folder``, in file-name order."""
    return [load_case(path, framework) for path in sorted(folder.glob("*.yaml"))]


def find_case(framework: Framework, case_id: str, folder: Path = CASES_DIR) -> Case | None:
    """The case with this id, or None (an id from an address is never used as a path)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", case_id or ""):
        return None
    path = folder / f"{case_id}.yaml"
    return load_case(path, framework) if path.is_file() else None
