"""Reading and validating framework files, with errors that name file, entry and problem.

Three passes, each reported with entry paths such as ``questions[12].options[2].label.da``:
the YAML itself, the JSON Schema (``schemas/framework.v1.schema.json``), then the
cross-references the schema cannot express (unknown ids, levels out of range, coverage).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

import yaml
from jsonschema.exceptions import ValidationError

from readiness.errors import FrameworkError
from readiness.framework.conditions import DONT_KNOW, walk_comparisons
from readiness.framework.schema_validator import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schemas"
FRAMEWORK_SCHEMA_VERSION = 1
MAX_FRAMEWORK_BYTES = 5_000_000
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Problem = tuple[str, str]


@cache
def load_schema(name: str) -> dict:
    """A JSON Schema shipped with the package, e.g. ``framework.v1``."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def format_path(parts: Iterable) -> str:
    """``("questions", 12, "label")`` -> ``questions[12].label``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_problems(validator: Draft202012Validator, data: object) -> list[Problem]:
    """Every schema violation as ``(path, message)``, worded for a person."""
    problems = []
    for error in validator.iter_errors(data):
        problems.append(_describe(error))
    return sorted(set(problems))


def _describe(error: ValidationError) -> Problem:
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return format_path([*path, missing]), "is missing"
    if error.validator == "additionalProperties":
        unknown = error.message.split("(")[-1].rstrip(")")
        return format_path(path), f"has an unknown field: {unknown}"
    if error.validator in ("minLength", "pattern") and error.validator_value in (1, "\\S"):
        return format_path(path), "is empty"
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        return format_path(path), (
            "is not a valid condition: use all, any, not, or question with one of "
            "at_most, at_least or is"
        )
    if error.validator == "type":
        return format_path(path), (
            f"should be of type {error.validator_value}, not {type(error.instance).__name__}"
        )
    message = error.message
    if len(message) > 200:
        message = message[:200] + "..."
    return format_path(path), message


def read_framework_data(path: Path) -> dict:
    """Read, parse and fully validate a framework file; return its data.

    Raises :class:`FrameworkError` listing every problem found.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FRAMEWORK_BYTES:
            limit = f"is {size} bytes; the limit is {MAX_FRAMEWORK_BYTES}"
            raise FrameworkError(name, [("", limit)])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(name, [("", "no such file")]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkError(name, [("", f"is not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise FrameworkError(name, [("", f"cannot be read: {exc.strerror}")]) from None
    data = parse_yaml(name, text)
    problems = validate_framework_data(data)
    if problems:
        raise FrameworkError(name, problems)
    return data


def parse_yaml(name: str, text: str) -> object:
    try:
        # A safe loader builds plain data only: a framework file can never construct
        # objects. The C one (libyaml, when present) is much faster (docs/framework.md).
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(name, [("", f"is not valid YAML{where}: {problem}")]) from None


def validate_framework_data(data: object) -> list[Problem]:
    """All problems in framework data; an empty list means it is valid."""
    if not isinstance(data, dict):
        return [("", "should be a mapping with schema_version, framework, dimensions, ...")]
    version = data.get("schema_version")
    if version != FRAMEWORK_SCHEMA_VERSION:
        return [("schema_version", f"is {version!r}; this workbook reads schema_version "
                 f"{FRAMEWORK_SCHEMA_VERSION}")]
    validator = Draft202012Validator(load_schema(f"framework.v{FRAMEWORK_SCHEMA_VERSION}"))
    problems = schema_problems(validator, data)
    if problems:  # cross-references assume the shape is right; languages need no shape
        return sorted({*problems, *_language_problems(data)})
    return [*_reference_problems(data), *_language_problems(data)]


def _language_problems(data: dict) -> Iterator[Problem]:
    """Every text in exactly the framework's languages (``framework.languages``)."""
    from readiness.i18n.languages import built_in

    meta = data.get("framework")
    languages = meta.get("languages") if isinstance(meta, dict) else None
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        languages = list(built_in())
    written_in = ", ".join(languages)
    for path, text in _texts(data, ()):
        for language in languages:
            if language not in text:
                yield (format_path([*path, language]),
                       f"is missing (the framework is written in {written_in})")
        for language in text:
            if language not in languages:
                yield (format_path([*path, language]), "is in a language the framework does "
                       f"not declare (framework.languages: {written_in})")


def _texts(node: object, path: tuple) -> Iterator[tuple[tuple, Mapping]]:
    if isinstance(node, dict):
        if "en" in node and all(isinstance(value, str) for value in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))


def _duplicates(entries: list[Mapping], key: str, section: str) -> Iterator[Problem]:
    counts = Counter(entry[key] for entry in entries)
    for index, entry in enumerate(entries):
        if counts[entry[key]] > 1:
            yield f"{section}[{index}].{key}", f"{entry[key]!r} is used more than once"


def _reference_problems(data: dict) -> Iterator[Problem]:
    dimensions = {d["id"] for d in data["dimensions"]}
    sources = {s["file"] for s in data["sources"]}
    concepts = {c["id"]: c for c in data["concepts"]}
    gates = {g["id"]: g for g in data["gates"]}
    questions = {q["id"]: q for q in data["questions"]}
    actions = {a["id"] for a in data["actions"]}

    for section, key in (("sources", "file"), ("concepts", "id"), ("dimensions", "id"),
                         ("gates", "id"), ("questions", "id"), ("actions", "id"),
                         ("flags", "id")):
        yield from _duplicates(data[section], key, section)
    for question_id in set(gates) & set(questions):
        yield "questions", f"{question_id!r} is both a gate and a question"

    for index, concept in enumerate(data["concepts"]):
        if not concept["id"].startswith(concept["kind"] + "."):
            yield f"concepts[{index}].id", f"should start with {concept['kind']!r}."

    bands = data["scoring"]["bands"]
    minimums = [band["min_score"] for band in bands]
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        yield "scoring.bands", "min_score should fall strictly from the first band to the last"
    if minimums[-1] != 0:
        yield f"scoring.bands[{len(bands) - 1}].min_score", "the last band should start at 0"

    for index, gate in enumerate(data["gates"]):
        values = [option["value"] for option in gate["options"]]
        if len(set(values)) != len(values):
            yield f"gates[{index}].options", "option values should be unique"
        for e_index, effect in enumerate(gate["effects"]):
            where = f"gates[{index}].effects[{e_index}]"
            if effect["dimension"] not in dimensions:
                yield f"{where}.dimension", f"unknown dimension {effect['dimension']!r}"
            for value in effect["when"]:
                if value not in values:
                    yield f"{where}.when", f"{value!r} is not an option of {gate['id']}"

    for index, question in enumerate(data["questions"]):
        where = f"questions[{index}]"
        if question["dimension"] not in dimensions:
            yield f"{where}.dimension", f"unknown dimension {question['dimension']!r}"
        elif not question["id"].startswith(question["dimension"] + "."):
            yield f"{where}.id", f"should start with its dimension, {question['dimension']!r}."
        for o_index, option in enumerate(question["options"]):
            if option["level"] != o_index + 1:
                yield (f"{where}.options[{o_index}].level",
                       f"is {option['level']}; levels count 1, 2, 3, ... from the lowest")
    replaced: dict[str, str] = {}
    for index, question in enumerate(data["questions"]):
        for r_index, old_id in enumerate(question.get("replaces", ())):
            where = f"questions[{index}].replaces[{r_index}]"
            if old_id in questions or old_id in gates:
                yield where, f"{old_id!r} is a question of this framework: it cannot be replaced"
            elif old_id in replaced:
                yield where, f"{old_id!r} is already replaced by {replaced[old_id]!r}"
            else:
                replaced[old_id] = question["id"]
    for dimension in dimensions - {q["dimension"] for q in data["questions"]}:
        yield "dimensions", f"dimension {dimension!r} has no questions"

    for index, action in enumerate(data["actions"]):
        if action["dimension"] not in dimensions:
            yield f"actions[{index}].dimension", f"unknown dimension {action['dimension']!r}"
        if "when" in action:
            for where, comparison in walk_comparisons(action["when"],
                                                      f"actions[{index}].when"):
                yield from _comparison_problems(where, comparison, gates, questions)
    # Actions are shown because answers call for them, never because of their dimension
    # alone: a dimension whose actions all lack a `when` gets advice only through a flag.
    called = {action["dimension"] for action in data["actions"] if "when" in action}
    for index, dimension in enumerate(data["dimensions"]):
        if dimension["id"] not in called:
            yield (f"dimensions[{index}]",
                   f"dimension {dimension['id']!r} has no action with a when-condition: "
                   "give at least one of its actions the answers that call for it")

    for index, flag in enumerate(data["flags"]):
        for a_index, action_id in enumerate(flag["actions"]):
            if action_id not in actions:
                yield f"flags[{index}].actions[{a_index}]", f"unknown action {action_id!r}"
        for where, comparison in walk_comparisons(flag["when"], f"flags[{index}].when"):
            yield from _comparison_problems(where, comparison, gates, questions)

    for section in ("concepts", "gates", "questions", "actions", "flags"):
        for index, entry in enumerate(data[section]):
            for c_index, cite in enumerate(entry["cites"]):
                if cite["source"] not in sources:
                    yield (f"{section}[{index}].cites[{c_index}].source",
                           f"{cite['source']!r} is not listed under sources")
            for c_index, concept_id in enumerate(entry.get("covers", ())):
                if concept_id not in concepts:
                    yield (f"{section}[{index}].covers[{c_index}]",
                           f"unknown concept {concept_id!r}")

    yield from _tension_problems(data.get("tensions", ()), sources, gates, questions)
    yield from _coverage_problems(data, concepts)


def _tension_problems(tensions: list, sources: set, gates: Mapping,
                      questions: Mapping) -> Iterator[Problem]:
    """A tension is shown beside questions of this framework and sets sources against each
    other: its citations name at least two of them."""
    yield from _duplicates(list(tensions), "id", "tensions")
    for index, tension in enumerate(tensions):
        for q_index, item_id in enumerate(tension["questions"]):
            if item_id not in questions and item_id not in gates:
                yield f"tensions[{index}].questions[{q_index}]", f"unknown question {item_id!r}"
        for c_index, cite in enumerate(tension["cites"]):
            if cite["source"] not in sources:
                yield (f"tensions[{index}].cites[{c_index}].source",
                       f"{cite['source']!r} is not listed under sources")
        if len({cite["source"] for cite in tension["cites"]}) < 2:
            yield f"tensions[{index}].cites", "should cite at least two different sources"


def _comparison_problems(where: str, comparison: Mapping, gates: Mapping,
                         questions: Mapping) -> Iterator[Problem]:
    item_id = comparison["question"]
    if item_id in gates:
        allowed = {option["value"] for option in gates[item_id]["options"]} | {DONT_KNOW}
        if "is" not in comparison:
            yield where, f"{item_id} is a gate question: compare it with is: [...]"
            return
    elif item_id in questions:
        levels = len(questions[item_id]["options"])
        allowed = set(range(1, levels + 1)) | {DONT_KNOW}
        for operator in ("at_most", "at_least"):
            if operator in comparison and not 1 <= comparison[operator] <= levels:
                yield f"{where}.{operator}", f"{item_id} has levels 1 to {levels}"
    else:
        yield f"{where}.question", f"unknown question {item_id!r}"
        return
    for v_index, value in enumerate(comparison.get("is", ())):
        if value not in allowed or isinstance(value, bool):
            yield f"{where}.is[{v_index}]", f"{value!r} is not an answer to {item_id}"


def _coverage_problems(data: dict, concepts: Mapping) -> Iterator[Problem]:
    """Pitfalls need a red flag; success factors need a scored question and an action."""
    def covered_by(section: str) -> set[str]:
        return {c for entry in data[section] for c in entry["covers"]}

    by_flag, by_question, by_action = (covered_by(s) for s in ("flags", "questions", "actions"))
    for index, (concept_id, concept) in enumerate(concepts.items()):
        if concept["kind"] == "pitfall" and concept_id not in by_flag:
            yield f"concepts[{index}]", f"pitfall {concept_id} is covered by no red flag"
        if concept["kind"] == "success":
            if concept_id not in by_question:
                yield f"concepts[{index}]", f"success factor {concept_id} is covered by no question"
            if concept_id not in by_action:
                yield f"concepts[{index}]", f"success factor {concept_id} is covered by no action"
