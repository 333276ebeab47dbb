"""Project vignettes: short planned projects of the workbook's own, each with its answers and
what the framework must and must not conclude from them (docs/framework.md, "Project
vignettes"). A malformed file gets an error naming the file and the entry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import FrameworkError
from readiness.framework.model import Framework
from tests.conftest import ROOT

VIGNETTES_DIR = ROOT / "sample_data" / "vignettes"
EXPECTATIONS = ("must_fire", "must_not_fire", "must_suggest", "must_not_suggest")
REQUIRED = ("id", "title", "description", "answers")
KNOWN_KEYS = {*REQUIRED, *EXPECTATIONS, "pending"}


@dataclass(frozen=True)
class Expectation:
    """One claim about a vignette: a flag fires or not, an action is suggested or not."""

    vignette: str
    kind: str  # one of EXPECTATIONS
    item: str  # a flag or action id
    why: str
    pending: bool = False  # today's rules miss it (issue 16): checked as a strict xfail

    def __str__(self) -> str:
        return f"{self.vignette}: {self.kind} {self.item}"


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    description: str
    answers: Mapping[str, int | str]
    expectations: tuple[Expectation, ...]
    path: str


def load_vignette(path: Path, framework: Framework) -> Vignette:
    from readiness.framework.validation import parse_yaml

    name = str(path)
    data = parse_yaml(name, path.read_text(encoding="utf-8"))
    problems = list(_problems(data, path.stem, framework))
    if problems:
        raise FrameworkError(name, problems)
    expectations = [Expectation(data["id"], kind, item, why)
                    for kind in EXPECTATIONS for item, why in (data.get(kind) or {}).items()]
    expectations += [Expectation(data["id"], kind, item, why, pending=True)
                     for kind, entries in (data.get("pending") or {}).items()
                     for item, why in entries.items()]
    return Vignette(data["id"], data["title"], data["description"], dict(data["answers"]),
                    tuple(expectations), name)


def load_vignettes(framework: Framework, folder: Path = VIGNETTES_DIR) -> list[Vignette]:
    return [load_vignette(path, framework) for path in sorted(folder.glob("*.yaml"))]


def _problems(data, stem: str, framework: Framework) -> Iterator[tuple[str, str]]:
    if not isinstance(data, dict):
        yield "", "should be a mapping with id, title, description, answers, must_fire, ..."
        return
    for key in REQUIRED:
        if key not in data:
            yield key, "is missing"
    for key in data:
        if key not in KNOWN_KEYS:
            yield str(key), f"is not a vignette field (use {', '.join(sorted(KNOWN_KEYS))})"
    if data.get("id") is not None and data["id"] != stem:
        yield "id", f"is {data['id']!r}; it should be the file's name, {stem!r}"
    for key in ("title", "description"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            yield key, "should be a text"
    answers = data.get("answers")
    if not isinstance(answers, dict) or not answers:
        yield "answers", "should map question and gate ids to answers"
        answers = {}
    for item_id, value in answers.items():
        try:
            allowed = framework.allowed_values(item_id)
        except KeyError:
            yield f"answers.{item_id}", "is not a gate or question of the framework"
            continue
        if value not in allowed or isinstance(value, bool):
            yield (f"answers.{item_id}", f"{value!r} is not an answer to it "
                   f"(one of {', '.join(map(str, allowed))})")
    pending = data.get("pending") or {}
    if not isinstance(pending, dict):
        yield "pending", "should map must_fire, must_not_fire, ... to their entries"
        pending = {}
    for key in pending:
        if key not in EXPECTATIONS:
            yield f"pending.{key}", f"is not one of {', '.join(EXPECTATIONS)}"
    seen: dict[str, str] = {}
    total = 0
    for prefix, section in [("", data), ("pending.", pending)]:
        for kind in EXPECTATIONS:
            entries = section.get(kind) or {}
            if not isinstance(entries, dict):
                yield f"{prefix}{kind}", "should map flag or action ids to why they are expected"
                continue
            known = ({f.id for f in framework.flags} if kind.endswith("fire")
                     else {a.id for a in framework.actions})
            what = "flag" if kind.endswith("fire") else "action"
            for item_id, why in entries.items():
                total += 1
                where = f"{prefix}{kind}.{item_id}"
                if item_id not in known:
                    yield where, f"unknown {what} {item_id!r}"
                if not (isinstance(why, str) and why.strip()):
                    yield where, "should say why it is expected, in a sentence"
                if item_id in seen:
                    yield where, f"{item_id} is also under {seen[item_id]}"
                seen[item_id] = f"{prefix}{kind}"
    if total == 0:
        yield "must_fire", "a vignette should expect something: add must_fire, must_suggest, ..."


def source_runs(seeds_dir: Path) -> set[str]:
    """Every run of ten words in the source texts (to check vignettes are our own words)."""
    from tests.framework.test_default_framework import SOURCE_FILES, _sentences

    runs: set[str] = set()
    for file in SOURCE_FILES:
        runs |= _sentences((seeds_dir / file).read_text(encoding="utf-8"))
    return runs
