"""A study's data as tidy pandas frames, from a store or from assessment files.

``load(source, project=None, session=None)`` gives a :class:`Study`:

* ``answers``: one row per answer given (respondent × question), with the answer as given
  (``level``) and as scored after gate effects (``effective_level``). Answers to questions
  the framework has since replaced are kept, marked ``retired``, and never scored.
* ``scores``: one row per respondent × dimension, by the workbook's own rule
  (``readiness.data.scores.scores_frame``: ``score_profile``'s numbers to the last bit).
* ``gates``: one row per gate question answered (its value is a word, not a level).

The frames are built column by column from the store's columns (``study_columns``): text
columns are pandas categoricals, levels ``Int16`` (docs/data.md, "Column types"), so a
study of 100,000 assessments loads without an object per answer and scores on codes.

``respondent_id`` is pseudonymous: a hash of the store's identity of the person (a member
followed across a project's rounds keeps one; anyone else is one assessment), never of a
name. Data from more than one framework (id or major version) are never mixed: ``load``
refuses them with a message, ``load_split`` gives one Study per framework.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from readiness.data.scores import scores_frame
from readiness.data.synthetic import SYNTHETIC_PREFIX, is_synthetic
from readiness.errors import NotFoundError, ReadinessError
from readiness.exchange.assessment_file import read_assessment_file
from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework, default_framework
from readiness.store import Store, open_store
from readiness.store.repository import encode_value
from readiness.store.study import project_names, study_columns

ID_COLUMNS = ("assessment_id", "respondent_id", "project", "area", "session", "round", "role",
              "language", "framework_id", "framework_version")
ANSWER_COLUMNS = (*ID_COLUMNS, "question_id", "dimension_id", "level", "effective_level",
                  "dont_know", "answered_at", "retired", "synthetic")
SCORE_COLUMNS = (*ID_COLUMNS, "dimension_id", "score", "band", "answered", "total",
                 "provisional", "synthetic")
GATE_COLUMNS = (*ID_COLUMNS, "gate_id", "value", "answered_at", "synthetic")

SQLITE_HEADER = b"SQLite format 3\x00"


class MixedFrameworks(ReadinessError):
    """The data chosen come from more than one framework (id or major version)."""


class MixedSynthetic(ReadinessError):
    """The data chosen hold synthetic assessments (readiness.data.synthetic) beside real
    ones, and ``load`` was not asked to mix them."""


@dataclass(frozen=True, eq=False)
class Study:
    """One framework's data: the frames, the framework that scored them, and what
    ``load`` left out (each a sentence)."""

    framework: Framework
    answers: pd.DataFrame
    scores: pd.DataFrame
    gates: pd.DataFrame
    left_out: tuple[str, ...] = ()

    def codebook(self) -> pd.DataFrame:
        from readiness.data.codebook import codebook

        return codebook(self.framework)


def respondent_id(identity: str) -> str:
    """A short, stable pseudonym for the store's identity of a respondent."""
    return "r" + hashlib.sha256(identity.encode()).hexdigest()[:16]


def major(version: str) -> str:
    return version.split(".")[0]


def _framework_key(framework_id: str, version: str) -> tuple[str, str]:
    return framework_id, major(version)


def _name(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}.x"


# -- reading the source ---------------------------------------------------------------------

def _is_store_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _json_files(source) -> list[Path] | None:
    """The assessment files ``source`` names, or None when it names a store."""
    if isinstance(source, Store):
        return None
    if isinstance(source, (str, Path)):
        if "://" in str(source):
            return None
        path = Path(source).expanduser()
        if not path.exists():
            raise NotFoundError(f"{path}: no such file or folder")
        if path.is_dir():
            files = sorted(path.glob("*.json"))
            if not files:
                raise NotFoundError(f"{path}: a folder without assessment files (*.json)")
            return files
        return None if _is_store_file(path) else [path]
    files = [Path(item).expanduser() for item in source]
    if not files:
        raise NotFoundError("no files given")
    return files


def _peek_framework(path: Path) -> tuple[str, str] | None:
    """The framework a file names, or None (then reading it says what is wrong)."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if isinstance(document, dict) and document.get("format") == "readiness-session":
        raise ReadinessError(
            f"{path}: is a group session's download (the facilitator's file, with names and "
            "without assessment ids); load the store the session ran on instead")
    theirs = document.get("framework") if isinstance(document, dict) else None
    if isinstance(theirs, dict) and isinstance(theirs.get("id"), str) \
            and isinstance(theirs.get("version"), str):
        return _framework_key(theirs["id"], theirs["version"])
    return None


class _Coder:
    """Text columns handed over in chunks, kept as integer codes into a table of the
    distinct texts (first seen first): a study's millions of answer rows never exist as
    Python objects at once."""

    def __init__(self):
        self.table: dict = {}

    def __call__(self, column) -> np.ndarray:
        codes, uniques = pd.factorize(np.asarray(column, dtype=object))
        lookup = np.array([self.table.setdefault(u, len(self.table)) for u in uniques]
                          + [-1], dtype=np.int32)
        return lookup[codes]

    def texts(self) -> list:
        return list(self.table)


def _utc_moments(when: np.ndarray) -> np.ndarray:
    """Answer times as naive UTC ``datetime64[us]``: SQLite's stored text (UTC, without an
    offset) parsed by numpy at once; datetimes (other databases, files) by pandas."""
    if len(when) and isinstance(when[0], str):
        try:
            return when.astype("datetime64[us]")
        except ValueError:  # not the text SQLite stores: let pandas read it
            pass
    moments = pd.to_datetime(pd.Series(when, dtype=object), utc=True, format="ISO8601")
    return moments.dt.tz_convert(None).astype("datetime64[us]").to_numpy()


class _Answers:
    """Answer rows ``(assessment_id, question_id, value, answered_at)`` taken in chunks."""

    def __init__(self):
        self.assessment, self.item, self.value = _Coder(), _Coder(), _Coder()
        self.parts: list[tuple[np.ndarray, ...]] = []

    def take(self, rows) -> None:
        if not rows:
            return
        table = np.empty((len(rows), 4), dtype=object)
        table[:] = rows if isinstance(rows[0], tuple) else [tuple(row) for row in rows]
        self.parts.append((self.assessment(table[:, 0]), self.item(table[:, 1]),
                           self.value(table[:, 2]), _utc_moments(table[:, 3])))

    def columns(self, ids: Sequence[str]) -> tuple[np.ndarray, ...]:
        """(assessment position in ``ids`` or -1, item code, value code, answered_at)."""
        if not self.parts:
            empty = np.zeros(0, dtype=np.int32)
            return empty, empty, empty, np.zeros(0, dtype="datetime64[us]")
        where = pd.Index(list(ids), dtype=object).get_indexer(self.assessment.texts())
        if len(self.parts) > 1:  # joined once, the chunks let go
            self.parts = [tuple(np.concatenate(part) for part in zip(*self.parts, strict=True))]
        assessment, item, value, when = self.parts[0]
        return np.append(where, -1).astype(np.int32)[assessment], item, value, when


@dataclass
class _Raw:
    """What a source holds, as columns: one row per assessment (oldest first; plain
    Python values) and the answers as codes (``_Answers``)."""

    assessments: pd.DataFrame
    answers: _Answers
    left_out: tuple[str, ...] = ()

    def keys(self) -> list[tuple[str, str]]:
        return [_framework_key(f, v) for f, v in zip(self.assessments["framework_id"],
                                                      self.assessments["framework_version"],
                                                      strict=True)]


_RAW_COLUMNS = ("assessment_id", "project", "area", "role", "language", "framework_id",
                "framework_version", "created_at", "session", "round", "identity")


def _from_files(files: list[Path], frameworks: dict[tuple[str, str], Framework],
                fallback: Framework) -> _Raw:
    """The assessments of assessment files, each checked as on import."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in files:
        key = _peek_framework(path) or _framework_key(fallback.id, fallback.version)
        groups.setdefault(key, []).append(path)
    _check_frameworks({key: len(paths) for key, paths in groups.items()}, frameworks)
    found, where = [], {}
    for key, paths in groups.items():
        for path in paths:
            checked = read_assessment_file(path, frameworks[key])
            if checked.record.id in where:
                raise ReadinessError(f"{path}: assessment {checked.record.id} is also in "
                                     f"{where[checked.record.id]}; give each once")
            where[checked.record.id] = path
            found.append(checked)
    found.sort(key=lambda c: (c.record.created_at, c.record.id))  # as the store gives them
    answers = _Answers()
    answers.take([(c.record.id, qid, encode_value(a.value), a.answered_at)
                  for c in found for qid, a in c.answers.items()])
    rows = [(c.record.id, c.record.project, c.record.area, c.record.role, c.record.language,
             c.record.framework_id, c.record.framework_version, c.record.created_at, None,
             None, f"assessment:{c.record.id}") for c in found]
    return _Raw(pd.DataFrame(rows, columns=list(_RAW_COLUMNS), dtype=object), answers)


def _from_store(store: Store, project, session, frameworks) -> _Raw:
    answers = _Answers()
    found = study_columns(store, answers.take, project=project, session=session)
    columns = found.assessments
    if project is not None and not columns["id"] and not found.training:
        known = ", ".join(repr(p) for p in project_names(store)) or "none"
        raise NotFoundError(f"no assessments of the project {project!r} in the store "
                            f"(projects: {known})")
    identity = [f"key:{key}" if key else f"assessment:{i}"
                for key, i in zip(columns["member_key"], columns["id"], strict=True)]
    frame = pd.DataFrame({"assessment_id": columns["id"], **{
        name: columns[name] for name in _RAW_COLUMNS[1:8]}, "session": columns["join_code"],
        "round": columns["round"], "identity": identity}, dtype=object)
    raw = _Raw(frame, answers, (f"{found.training} assessments answered on training cases "
                                "(not a project's data)",) if found.training else ())
    counts: dict[tuple[str, str], int] = {}
    for key in raw.keys():
        counts[key] = counts.get(key, 0) + 1
    _check_frameworks(counts, frameworks)
    return raw


def _check_frameworks(counts: dict[tuple[str, str], int],
                      frameworks: dict[tuple[str, str], Framework]) -> None:
    missing = [key for key in counts if key not in frameworks]
    if not missing:
        return
    found = "; ".join(f"{_name(key)}: {count} assessments" for key, count in sorted(counts.items()))
    given = ", ".join(_name(key) for key in frameworks)
    if len(counts) > 1:
        raise MixedFrameworks(
            f"the data come from more than one framework ({found}); analysis never mixes "
            "them: choose with project= or session=, or use load_split(..., frameworks=[...]) "
            "for one Study per framework")
    raise MixedFrameworks(
        f"the data come from {found}, not from the framework given ({given}): pass that "
        "framework (framework=load_framework(path))")


# -- the frames -----------------------------------------------------------------------------

def _category(values, categories=None) -> pd.Categorical:
    """Text as a pandas categorical (sorted categories unless given; None stays missing)."""
    if categories is None:
        categories = sorted({v for v in values if v is not None and v == v})
    return pd.Categorical(values, categories=categories)


def _id_frame(assessments: pd.DataFrame) -> pd.DataFrame:
    """The id columns, one row per assessment, as categoricals (codes, not strings)."""
    frame = pd.DataFrame({
        "assessment_id": _category(assessments["assessment_id"]),
        "respondent_id": _category([respondent_id(i) for i in assessments["identity"]]),
        **{name: _category(assessments[name]) for name in ID_COLUMNS[2:]}})
    frame["synthetic"] = np.fromiter((is_synthetic(p) for p in assessments["project"]),
                                     dtype=bool, count=len(assessments))
    return frame


def _caps(framework: Framework, n: int, row: np.ndarray, gate: np.ndarray,
          value: np.ndarray, values: list) -> np.ndarray:
    """(assessments × dimensions) the highest level read after gate effects, +inf where
    no gate caps (``effective_answers``, at once)."""
    dimensions = [d.id for d in framework.dimensions]
    caps = np.full((n, len(dimensions)), np.inf)
    for index, item in enumerate(framework.gates):
        chosen = gate == index
        for effect in item.effects:
            when = np.array([v in effect.when for v in values] + [False])
            hit = row[chosen & when[value]]
            column = dimensions.index(effect.dimension)
            caps[hit, column] = np.minimum(caps[hit, column], effect.max_level)
    return caps


def _study(framework: Framework, raw: _Raw, chosen: np.ndarray) -> Study:
    """The frames of the assessments at positions ``chosen`` of ``raw``, built column by
    column; the scores from ``scores_frame``, which gives score_profile's numbers at once."""
    assessments = raw.assessments.iloc[chosen].reset_index(drop=True)
    n = len(assessments)
    ids = _id_frame(assessments)
    place = np.full(len(raw.assessments) + 1, -1, dtype=np.int64)  # the last: not chosen
    place[chosen] = np.arange(n)
    row, item, value, when = raw.answers.columns(raw.assessments["assessment_id"])
    row = place[row]
    items, values = raw.answers.item.texts(), raw.answers.value.texts()

    questions = [q.id for q in framework.questions]
    gates = [g.id for g in framework.gates]
    retired = sorted(set(items) - set(questions) - set(gates))
    # Each item's place among the answers' question ids (the framework's, then retired
    # ones), or -1 for a gate; and its place among the gates, or -1.
    as_question = pd.Index([*questions, *retired]).get_indexer(items)
    as_gate = pd.Index(gates).get_indexer(items)
    level_of = np.array([int(v) if isinstance(v, str) and v.isdigit() else -1
                         for v in values] + [-1])
    unsure_of = np.array([v == DONT_KNOW for v in values] + [False])

    is_gate = (row >= 0) & (as_gate[item] >= 0)
    g = np.flatnonzero(is_gate)
    g = g[np.lexsort((as_gate[item[g]], row[g]))]
    caps = _caps(framework, n, row[g], as_gate[item[g]], value[g], values)
    gate_frame = ids.take(row[g]).reset_index(drop=True)
    gate_frame.insert(len(ID_COLUMNS), "gate_id", pd.Categorical.from_codes(
        as_gate[item[g]], categories=gates))
    gate_frame.insert(len(ID_COLUMNS) + 1, "value", _category(
        np.array(values, dtype=object)[value[g]] if len(g) else []))
    gate_frame.insert(len(ID_COLUMNS) + 2, "answered_at", _utc(when[g]))

    a = np.flatnonzero((row >= 0) & (as_question[item] >= 0))
    code = as_question[item[a]]
    a = a[np.argsort(row[a] * (len(questions) + len(retired) + 1) + code, kind="stable")]
    code, at = as_question[item[a]], row[a]
    current = code < len(questions)
    of_dimension = np.array([[d.id for d in framework.dimensions].index(q.dimension)
                             for q in framework.questions] + [-1] * (len(retired) + 1))
    dimension = of_dimension[code]
    unsure = unsure_of[value[a]]
    level = level_of[value[a]]
    level[unsure & current] = -1
    read = np.where(current & (level > 0),
                    np.minimum(level, caps[at, np.maximum(dimension, 0)]), -1)
    answers = ids.take(at).reset_index(drop=True)
    synthetic = answers.pop("synthetic")
    answers["question_id"] = pd.Categorical.from_codes(code, categories=[*questions, *retired])
    answers["dimension_id"] = pd.Categorical.from_codes(
        dimension, categories=[d.id for d in framework.dimensions])
    answers["level"] = _small(level)
    answers["effective_level"] = _small(read)
    answers["dont_know"] = unsure
    answers["answered_at"] = _utc(when[a])
    answers["retired"] = ~current
    answers["synthetic"] = synthetic
    # Let go of the answer columns before scoring (the peak of a large load is here).
    del row, item, value, when, a, g, is_gate, code, at, current, dimension, unsure, level, read
    scores = scores_frame(answers, framework, gates=gate_frame, assessments=ids)
    return Study(framework, answers, scores[list(SCORE_COLUMNS)], gate_frame, raw.left_out)


LEVEL_TYPE = "Int16"
"""Levels as small nullable integers (Int8 would overflow in ``level * 100``)."""


def _small(levels: np.ndarray) -> pd.arrays.IntegerArray:
    """Levels (−1 for none) as a nullable small-integer column."""
    return pd.arrays.IntegerArray(np.maximum(levels, 0).astype(LEVEL_TYPE.lower()),
                                  levels <= 0)


def _utc(moments: np.ndarray) -> pd.Series:
    return pd.Series(moments).dt.tz_localize("UTC").reset_index(drop=True)


# -- the entry points -----------------------------------------------------------------------

def _keep_synthetic(raw: _Raw, chosen: np.ndarray, synthetic: bool | None,
                    mix: bool) -> np.ndarray:
    """Only synthetic (True) or only real (False) assessments; with None, either kind
    alone, and both only when ``mix``."""
    made = np.fromiter((is_synthetic(p) for p in raw.assessments["project"].iloc[chosen]),
                       dtype=bool, count=len(chosen))
    if synthetic is not None:
        return chosen[made == synthetic]
    if made.any() and not made.all() and not mix:
        raise MixedSynthetic(
            f"the data hold {made.sum()} synthetic assessments (projects named "
            f"{SYNTHETIC_PREFIX!r}...) beside {(~made).sum()} real ones; analysis never mixes "
            "them unasked: load(..., synthetic=False) keeps the real ones, synthetic=True the "
            "synthetic ones, and mix_synthetic=True both (the column 'synthetic' tells them "
            "apart)")
    return chosen


def _collect(source, project, session, frameworks: Iterable[Framework],
             synthetic: bool | None = None, mix: bool = False):
    """(frameworks by key, the source's columns, {framework key: positions chosen})."""
    by_key = {_framework_key(f.id, f.version): f for f in frameworks}
    files = _json_files(source)
    if files is None:
        store = source if isinstance(source, Store) else open_store(str(source))
        try:
            raw = _from_store(store, project, session, by_key)
        finally:
            if store is not source:
                store.close()
    else:
        if session is not None:
            raise ReadinessError("assessment files carry no session: filter by session when "
                                 "loading from the store")
        raw = _from_files(files, by_key, next(iter(by_key.values())))
    keys = raw.keys()
    chosen = np.arange(len(keys))
    if files is not None and project is not None:
        chosen = np.flatnonzero((raw.assessments["project"] == project).to_numpy())
        if not len(chosen):
            raise NotFoundError(f"no assessment of the project {project!r} in these files")
    chosen = _keep_synthetic(raw, chosen, synthetic, mix)
    groups: dict[tuple[str, str], list[int]] = {}
    for position in chosen:
        groups.setdefault(keys[position], []).append(position)
    return by_key, raw, {key: np.array(found, dtype=np.int64) for key, found in groups.items()}


def load(source, project: str | None = None, session: str | None = None, *,
         framework: Framework | None = None, synthetic: bool | None = None,
         mix_synthetic: bool = False) -> Study:
    """A study's frames from ``source``: a store (``Store``, a store file's path or a
    database URL), an assessment file, a folder of them, or a list of files.

    ``project`` keeps one project's assessments; ``session`` (a join code, as typed) one
    group session's. ``framework`` (default: the workbook's) scores them; data from
    another framework id or major version raise :class:`MixedFrameworks`, never mixed.

    Synthetic assessments (``readiness.data.synthetic``) beside real ones raise
    :class:`MixedSynthetic`: ``synthetic=False`` keeps only the real ones, ``True`` only the
    synthetic ones, ``mix_synthetic=True`` both (every row's ``synthetic`` says which)."""
    framework = framework or default_framework()
    by_key, raw, groups = _collect(source, project, session, [framework], synthetic,
                                   mix_synthetic)
    key = _framework_key(framework.id, framework.version)
    return _study(by_key[key], raw, groups.get(key, np.zeros(0, dtype=np.int64)))


def load_split(source, project: str | None = None, session: str | None = None, *,
               frameworks: Sequence[Framework] = (), synthetic: bool | None = None,
               mix_synthetic: bool = False) -> dict[str, Study]:
    """As :func:`load`, one Study per framework the data come from, named "id major.x"
    (e.g. ``"default 2.x"``). Each must be among ``frameworks`` (default: the workbook's)."""
    frameworks = list(frameworks) or [default_framework()]
    by_key, raw, groups = _collect(source, project, session, frameworks, synthetic,
                                   mix_synthetic)
    return {_name(key): _study(by_key[key], raw, found) for key, found in sorted(groups.items())}
