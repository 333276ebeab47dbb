"""The assessment framework as immutable Python objects, loaded from a validated YAML file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from readiness.framework.conditions import DONT_KNOW, Condition, parse_condition
from readiness.i18n.languages import built_in

V = TypeVar("V")

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK_PATH = FRAMEWORKS_DIR / "default.yaml"

Text = Mapping[str, str]

SOURCE = "source"
INFERENCE = "inference"
"""A text's ``basis``: what its cited sections say (``source``, the default), or the
workbook's own inference from them, which the page and the report mark as such."""


@dataclass(frozen=True)
class Citation:
    source: str
    section: str


@dataclass(frozen=True)
class Source:
    """A source text as a citation names it. ``title`` is the work's own (never
    translated); ``author``, ``publisher`` and ``year_note`` are in every language, as the
    page's language shows them (a name reads the same in each)."""

    file: str
    title: str
    author: Text
    publisher: Text
    year: int | None
    year_note: Text | None
    language: str
    summary: Text


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    label: Text
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class Band:
    id: str
    min_score: float
    label: Text


@dataclass(frozen=True)
class Dimension:
    id: str
    label: Text
    description: Text
    note_prompt: Text


@dataclass(frozen=True)
class Option:
    value: int | str
    label: Text
    basis: str = SOURCE


@dataclass(frozen=True)
class GateEffect:
    when: frozenset[str]
    dimension: str
    max_level: int
    explanation: Text


@dataclass(frozen=True)
class Gate:
    id: str
    text: Text
    why: Text
    options: tuple[Option, ...]
    effects: tuple[GateEffect, ...]
    cites: tuple[Citation, ...]
    covers: tuple[str, ...]
    basis: str = SOURCE
    """What the why-text rests on."""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    text: Text
    why: Text
    options: tuple[Option, ...]
    cites: tuple[Citation, ...]
    covers: tuple[str, ...]
    replaces: tuple[str, ...] = ()
    """Earlier questions whose levels meant something else; their answers are not read."""
    basis: str = SOURCE
    """What the why-text rests on (each option has its own)."""

    @property
    def levels(self) -> int:
        """Number of anchored levels; answers are 1..levels."""
        return len(self.options)


@dataclass(frozen=True)
class Action:
    id: str
    dimension: str
    text: Text
    cites: tuple[Citation, ...]
    covers: tuple[str, ...]
    when: Condition | None = None
    """The answers that call for it; None: only a raised flag that names it does."""
    basis: str = SOURCE


@dataclass(frozen=True)
class Flag:
    id: str
    title: Text
    explanation: Text
    when: Condition
    actions: tuple[str, ...]
    cites: tuple[Citation, ...]
    covers: tuple[str, ...]
    basis: str = SOURCE
    """What the explanation rests on."""


@dataclass(frozen=True)
class Tension:
    """Where the sources pull in different directions, shown beside ``questions``."""

    id: str
    text: Text
    questions: tuple[str, ...]
    cites: tuple[Citation, ...]


@dataclass(frozen=True)
class Framework:
    """A validated framework. Build it with :func:`load_framework`."""

    id: str
    version: str
    title: Text
    description: Text
    sources: tuple[Source, ...]
    concepts: tuple[Concept, ...]
    min_answered_share: float
    bands: tuple[Band, ...]
    dont_know_label: Text
    dimensions: tuple[Dimension, ...]
    gates: tuple[Gate, ...]
    questions: tuple[Question, ...]
    actions: tuple[Action, ...]
    flags: tuple[Flag, ...]
    path: str
    tensions: tuple[Tension, ...] = ()
    languages: tuple[str, ...] = ("en", "sv", "da")
    """The languages every text is written in (``framework.languages``), each with page
    texts: the languages its pages, reports and commands offer, English first."""
    _by_id: Mapping = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        by_id = {
            kind: MappingProxyType({item.id: item for item in getattr(self, kind)})
            for kind in ("dimensions", "gates", "questions", "actions", "flags")
        }
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def dimension(self, dimension_id: str) -> Dimension:
        return self._by_id["dimensions"][dimension_id]

    def question(self, question_id: str) -> Question:
        return self._by_id["questions"][question_id]

    def gate(self, gate_id: str) -> Gate:
        return self._by_id["gates"][gate_id]

    def item(self, item_id: str) -> Question | Gate:
        """A question or a gate (both are answered on the page) by its id."""
        found = self._by_id["questions"].get(item_id) or self._by_id["gates"].get(item_id)
        if found is None:
            raise KeyError(item_id)
        return found

    def action(self, action_id: str) -> Action:
        return self._by_id["actions"][action_id]

    def tensions_on(self, item_id: str) -> tuple[Tension, ...]:
        """The tensions between sources that bear on a question or gate."""
        return tuple(t for t in self.tensions if item_id in t.questions)

    def questions_in(self, dimension_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    def cannot_read(self, framework_id: str, version: str) -> str | None:
        """Why data made with ``framework_id`` ``version`` cannot be read with this
        framework (another framework, or another major version), or None."""
        if framework_id != self.id:
            return (f"was made with the framework {framework_id!r}; this workbook uses "
                    f"{self.id!r}")
        if version.split(".")[0] != self.version.split(".")[0]:
            return (f"was made with {self.id} {version}, which this workbook's "
                    f"{self.version} cannot read")
        return None

    def replaced_by(self, old_id: str) -> Question | None:
        """The question that took over from an earlier one (``replaces``), if any."""
        return next((q for q in self.questions if old_id in q.replaces), None)

    def split_answers(self, answers: Mapping[str, V]) -> tuple[dict[str, V], dict[str, V]]:
        """``(current, retired)``: answers to this framework's questions and gates, and
        stored answers to earlier questions (replaced, or from another version) that are
        kept but never scored."""
        current = {k: v for k, v in answers.items()
                   if k in self._by_id["questions"] or k in self._by_id["gates"]}
        return current, {k: v for k, v in answers.items() if k not in current}

    def allowed_values(self, item_id: str) -> tuple[int | str, ...]:
        """Every value an answer to a question or gate may take, "don't know" included.

        Raises ``KeyError`` for an id that is neither a question nor a gate.
        """
        gates = self._by_id["gates"]
        if item_id in gates:
            return (*gates[item_id].values, DONT_KNOW)
        question = self._by_id["questions"][item_id]
        return (*range(1, question.levels + 1), DONT_KNOW)

    def summary(self) -> str:
        return (
            f"{self.id} {self.version}: {len(self.dimensions)} dimensions, "
            f"{len(self.questions)} questions, {len(self.gates)} gate questions, "
            f"{len(self.flags)} red flags, {len(self.actions)} actions, "
            f"{len(self.sources)} sources"
        )

    def to_dict(self) -> dict:
        """The resolved framework as plain data (``readiness framework --json``)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": dict(self.title),
            "min_answered_share": self.min_answered_share,
            "bands": [{"id": b.id, "min_score": b.min_score} for b in self.bands],
            "dimensions": [
                {
                    "id": d.id,
                    "label": dict(d.label),
                    "questions": [q.id for q in self.questions_in(d.id)],
                }
                for d in self.dimensions
            ],
            "gates": [
                {"id": g.id, "values": [*g.values, DONT_KNOW], "text": dict(g.text)}
                for g in self.gates
            ],
            "questions": [
                {
                    "id": q.id,
                    "dimension": q.dimension,
                    "values": [*range(1, q.levels + 1), DONT_KNOW],
                    "text": dict(q.text),
                    "covers": list(q.covers),
                    "basis": q.basis,
                    "inferred_levels": [o.value for o in q.options if o.basis == INFERENCE],
                }
                for q in self.questions
            ],
            "flags": [
                {"id": f.id, "actions": list(f.actions), "covers": list(f.covers),
                 "basis": f.basis}
                for f in self.flags
            ],
            "actions": [{"id": a.id, "dimension": a.dimension, "basis": a.basis}
                        for a in self.actions],
            "sources": [s.file for s in self.sources],
        }


def _text(data: Mapping) -> Text:
    return MappingProxyType(dict(data))


def _name_or_text(data: str | Mapping, languages: tuple[str, ...]) -> Text:
    """A name (one string, the same in every language) or a text in every language."""
    return _text({language: data for language in languages} if isinstance(data, str) else data)


def framework_languages(data: Mapping) -> tuple[str, ...]:
    """The languages a framework's data declares (the built-in ones if it names none),
    English first."""
    declared = data["framework"].get("languages") or list(built_in())
    return ("en", *(language for language in declared if language != "en"))


def _cites(data: list) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c["section"]) for c in data)


def build_framework(data: Mapping, path: str) -> Framework:
    """Turn validated framework data into a :class:`Framework`."""
    meta = data["framework"]
    languages = framework_languages(data)
    return Framework(
        languages=languages,
        id=meta["id"],
        version=meta["version"],
        title=_text(meta["title"]),
        description=_text(meta["description"]),
        sources=tuple(
            Source(
                file=s["file"], title=s["title"], author=_name_or_text(s["author"], languages),
                publisher=_name_or_text(s["publisher"], languages), year=s["year"],
                year_note=_name_or_text(s["year_note"], languages) if "year_note" in s else None,
                language=s["language"], summary=_text(s["summary"]),
            )
            for s in data["sources"]
        ),
        concepts=tuple(
            Concept(c["id"], c["kind"], _text(c["label"]), _cites(c["cites"]))
            for c in data["concepts"]
        ),
        min_answered_share=float(data["scoring"]["min_answered_share"]),
        bands=tuple(
            Band(b["id"], float(b["min_score"]), _text(b["label"]))
            for b in data["scoring"]["bands"]
        ),
        dont_know_label=_text(data["dont_know_label"]),
        dimensions=tuple(
            Dimension(d["id"], _text(d["label"]), _text(d["description"]),
                      _text(d["note_prompt"]))
            for d in data["dimensions"]
        ),
        gates=tuple(
            Gate(
                id=g["id"], text=_text(g["text"]), why=_text(g["why"]),
                options=tuple(Option(o["value"], _text(o["label"]), o.get("basis", SOURCE))
                              for o in g["options"]),
                effects=tuple(
                    GateEffect(frozenset(e["when"]), e["dimension"], e["max_level"],
                               _text(e["explanation"]))
                    for e in g["effects"]
                ),
                cites=_cites(g["cites"]), covers=tuple(g["covers"]),
                basis=g.get("basis", SOURCE),
            )
            for g in data["gates"]
        ),
        questions=tuple(
            Question(
                id=q["id"], dimension=q["dimension"], text=_text(q["text"]),
                why=_text(q["why"]),
                options=tuple(Option(o["level"], _text(o["label"]), o.get("basis", SOURCE))
                              for o in q["options"]),
                cites=_cites(q["cites"]), covers=tuple(q["covers"]),
                replaces=tuple(q.get("replaces", ())),
                basis=q.get("basis", SOURCE),
            )
            for q in data["questions"]
        ),
        actions=tuple(
            Action(a["id"], a["dimension"], _text(a["text"]), _cites(a["cites"]),
                   tuple(a["covers"]),
                   parse_condition(a["when"]) if "when" in a else None,
                   a.get("basis", SOURCE))
            for a in data["actions"]
        ),
        flags=tuple(
            Flag(
                id=f["id"], title=_text(f["title"]), explanation=_text(f["explanation"]),
                when=parse_condition(f["when"]), actions=tuple(f["actions"]),
                cites=_cites(f["cites"]), covers=tuple(f["covers"]),
                basis=f.get("basis", SOURCE),
            )
            for f in data["flags"]
        ),
        path=path,
        tensions=tuple(
            Tension(t["id"], _text(t["text"]), tuple(t["questions"]), _cites(t["cites"]))
            for t in data.get("tensions", ())
        ),
    )


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file (the default one when ``path`` is None).

    A file that passed validation before (same bytes, same schema, same workbook version)
    is read from the validated-framework cache, so a page's kernel starts without
    importing the YAML parser and jsonschema.

    Raises :class:`readiness.errors.FrameworkError` naming the file, the entry and the problem.
    """
    from readiness.framework import cache as framework_cache

    path = Path(path) if path is not None else DEFAULT_FRAMEWORK_PATH
    data = framework_cache.read(path)
    if data is None:
        from readiness.framework.validation import read_framework_data

        data = read_framework_data(path)
        framework_cache.write(path, data)
    _add_locales(data, path)
    return build_framework(data, str(path))


def _add_locales(data: Mapping, path: Path) -> None:
    """Load the page texts of the framework's languages the workbook lacks, from the
    locale files of its ``framework.locales`` folder (``readiness.i18n.locale_files``)."""
    missing = [code for code in framework_languages(data) if code not in built_in()]
    if not missing:
        return
    folder = data["framework"].get("locales")
    if folder is None:
        from readiness.errors import FrameworkError

        raise FrameworkError(str(path), [(
            "framework.languages", f"names {', '.join(missing)}, which the workbook has no "
            "page texts for: name a folder of locale files in framework.locales "
            "(docs/framework.md)")])
    from readiness.i18n.locale_files import add_locales

    add_locales(path.parent / folder, missing)


@cache
def default_framework() -> Framework:
    """The framework shipped with the workbook, loaded once per process."""
    return load_framework(DEFAULT_FRAMEWORK_PATH)


def served_framework_path() -> Path:
    """The framework file the served pages use: ``$READINESS_FRAMEWORK`` if set (a fork,
    as ``readiness serve --framework PATH`` sets it), the built-in one otherwise."""
    import os

    from readiness.environment import FRAMEWORK_ENV_VAR

    configured = os.environ.get(FRAMEWORK_ENV_VAR, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_FRAMEWORK_PATH


def served_framework() -> Framework:
    """The framework every served page (workbook, trainer, question bank) shows, loaded
    once per process. Raises :class:`readiness.errors.FrameworkError` naming the file."""
    path = served_framework_path()
    if path == DEFAULT_FRAMEWORK_PATH:
        return default_framework()
    return _load_once(str(path))


@cache
def _load_once(path: str) -> Framework:
    return load_framework(path)
