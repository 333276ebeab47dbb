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


def framework_major(framework: Framework) -> int:
    """The framework's major version (``1`` for ``1.1.0``): a case fits every release of
    it, and a new major version (questions whose answers mean something else) needs its own."""
    head = framework.version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def fits(data: Mapping, framework: Framework) -> bool:
    """Does a case file's data declare this framework (id and major version)? A file that
    names the framework without a whole-number major version counts, so that loading it
    names the mistake instead of leaving the case out unseen."""
    if data.get("framework") != framework.id:
        return False
    major = data.get("framework_major")
    return not isinstance(major, int) or major == framework_major(framework)


def _problems(data: dict, framework: Framework) -> Iterator[tuple[str, str]]:
    """What the schema cannot check: ids, values, sources, completeness, the 90 minutes."""
    if data["framework"] != framework.id:
        yield "framework", f"is {data['framework']!r}, but the workbook's is {framework.id!r}"
        return
    if data["framework_major"] != framework_major(framework):
        yield ("framework_major", f"is {data['framework_major']}, but the workbook's framework "
               f"is version {framework.version}")
        return
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


def _read(path: Path) -> dict:
    from readiness.framework.validation import parse_yaml

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(name, [("", f"cannot be read: {exc}")]) from None
    data = parse_yaml(name, text)
    if not isinstance(data, dict):
        raise FrameworkError(name, [("", "should be a mapping with schema_version, id, ...")])
    return data


def load_case(path: str | Path, framework: Framework, data: dict | None = None) -> Case:
    """The case in ``path`` (its data, when already read), checked against ``framework``:
    a case made for another framework is an error naming the file."""
    from readiness.framework.schema_validator import Draft202012Validator
    from readiness.framework.validation import load_schema, schema_problems

    path = Path(path)
    name = str(path)
    if data is None:
        data = _read(path)
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
    """Every case in ``folder`` that declares this framework (id and major version), in
    file-name order; cases of other frameworks are left out (a fork has none of the shipped
    ones), and a case that declares it but is malformed is an error naming the file."""
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path)
        if fits(data, framework):
            cases.append(load_case(path, framework, data))
    return cases


def find_case(framework: Framework, case_id: str, folder: Path = CASES_DIR) -> Case | None:
    """The case with this id, or None (an id from an address is never used as a path)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", case_id or ""):
        return None
    path = folder / f"{case_id}.yaml"
    if not path.is_file():
        return None
    data = _read(path)
    return load_case(path, framework, data) if fits(data, framework) else None
