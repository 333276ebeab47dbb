"""A study's data as tidy pandas frames, from a store or from assessment files.

``load(source, project=None, session=None)`` gives a :class:`Study`:

* ``answers``: one row per answer given (respondent × question), with the answer as given
  (``level``) and as scored after gate effects (``effective_level``). Answers to questions
  the framework has since replaced are kept, marked ``retired``, and never scored.
* ``scores``: one row per respondent × dimension, from the workbook's own scoring
  (``readiness.scoring.answers.score_profile``), never recomputed here.
* ``gates``: one row per gate question answered (its value is a word, not a level).

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

import pandas as pd

from readiness.data.scores import scores_frame
from readiness.data.synthetic import SYNTHETIC_PREFIX, is_synthetic
from readiness.errors import NotFoundError, ReadinessError
from readiness.exchange.assessment_file import read_assessment_file
from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework, default_framework
from readiness.scoring.answers import effective_answers
from readiness.store import Store, open_store
from readiness.store.study import StudyAssessment, project_names, study_rows

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


def _from_files(files: list[Path], frameworks: dict[tuple[str, str], Framework],
                fallback: Framework):
    """{framework key: assessments} from assessment files, each checked as on import."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in files:
        key = _peek_framework(path) or _framework_key(fallback.id, fallback.version)
        groups.setdefault(key, []).append(path)
    _check_frameworks({key: len(paths) for key, paths in groups.items()}, frameworks)
    found: dict[tuple[str, str], list[StudyAssessment]] = {}
    where: dict[str, Path] = {}
    for key, paths in groups.items():
        for path in paths:
            checked = read_assessment_file(path, frameworks[key])
            if checked.record.id in where:
                raise ReadinessError(f"{path}: assessment {checked.record.id} is also in "
                                     f"{where[checked.record.id]}; give each once")
            where[checked.record.id] = path
            found.setdefault(key, []).append(StudyAssessment(
                checked.record, None, None, f"assessment:{checked.record.id}",
                dict(checked.answers)))
    for assessments in found.values():  # oldest first, as the store gives them
        assessments.sort(key=lambda a: (a.record.created_at, a.record.id))
    return found, ()


def _from_store(store: Store, project, session, frameworks):
    rows = study_rows(store, project=project, session=session)
    if project is not None and not rows.assessments and not rows.training:
        known = ", ".join(repr(p) for p in project_names(store)) or "none"
        raise NotFoundError(f"no assessments of the project {project!r} in the store "
                            f"(projects: {known})")
    groups: dict[tuple[str, str], list[StudyAssessment]] = {}
    for assessment in rows.assessments:
        record = assessment.record
        groups.setdefault(_framework_key(record.framework_id, record.framework_version),
                          []).append(assessment)
    _check_frameworks({key: len(found) for key, found in groups.items()}, frameworks)
    left_out = (f"{rows.training} assessments answered on training cases (not a project's "
                "data)",) if rows.training else ()
    return groups, left_out


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

def _ids(assessment: StudyAssessment, pseudonym: str) -> dict:
    record = assessment.record
    return {"assessment_id": record.id, "respondent_id": pseudonym, "project": record.project,
            "area": record.area, "session": assessment.session, "round": assessment.round,
            "role": record.role, "language": record.language,
            "framework_id": record.framework_id, "framework_version": record.framework_version}


def _study(framework: Framework, assessments: Sequence[StudyAssessment],
           left_out: tuple[str, ...]) -> Study:
    """The frames. Answer rows are tuples (a study of 100,000 assessments has millions);
    the scores come from ``scores_frame``, which gives score_profile's numbers at once."""
    order = {q.id: i for i, q in enumerate(framework.questions)}
    dimension_of = {q.id: q.dimension for q in framework.questions}
    # Every row's question id is the framework's own string (not the store's copy): one
    # object per question, so scores_frame compares and hashes them at once.
    shared = {q.id: q.id for q in framework.questions}
    id_rows, answer_rows, gate_rows = [], [], []
    for assessment in assessments:
        ids = _ids(assessment, respondent_id(assessment.identity))
        prefix = tuple(ids.values())
        made = is_synthetic(assessment.record.project)
        id_rows.append((*prefix, made))
        given = {qid: answer.value for qid, answer in assessment.answers.items()}
        current, retired = framework.split_answers(given)
        read = effective_answers(framework, current)
        for qid in sorted(current, key=lambda q: order.get(q, -1)):
            if qid not in order:  # a gate
                gate_rows.append({**ids, "gate_id": qid, "value": current[qid],
                                  "answered_at": assessment.answers[qid].answered_at,
                                  "synthetic": made})
                continue
            value = current[qid]
            unsure = value == DONT_KNOW
            answer_rows.append((*prefix, shared[qid], dimension_of[qid], None if unsure else value,
                                None if unsure else read[qid], unsure,
                                assessment.answers[qid].answered_at, False, made))
        for qid in sorted(retired):
            value = retired[qid]
            answer_rows.append((*prefix, qid, None, value if isinstance(value, int) else None,
                                None, value == DONT_KNOW, assessment.answers[qid].answered_at,
                                True, made))
    answers = _frame(answer_rows, ANSWER_COLUMNS)
    gates = _frame(gate_rows, GATE_COLUMNS)
    ids = _frame(id_rows, (*ID_COLUMNS, "synthetic"))
    scores = scores_frame(answers, framework, gates=gates, assessments=ids)
    return Study(framework, answers, _frame(scores[list(SCORE_COLUMNS)], SCORE_COLUMNS), gates,
                 left_out)


_TYPES = {"synthetic": "bool", "level": "Int64", "effective_level": "Int64",
          "answered": "int64", "total": "int64",
          "score": "float64", "dont_know": "bool", "retired": "bool", "provisional": "bool"}


def _frame(rows, columns: Sequence[str]) -> pd.DataFrame:
    """A frame of ``columns`` and their types from rows (dicts or tuples) or a frame."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=list(columns))
    types = {column: kind for column, kind in _TYPES.items() if column in frame.columns}
    frame = frame.astype(types)
    if "answered_at" in frame.columns:
        frame["answered_at"] = pd.to_datetime(frame["answered_at"], utc=True)
    return frame


# -- the entry points -----------------------------------------------------------------------

def _keep_synthetic(groups: dict, synthetic: bool | None, mix: bool) -> dict:
    """Only synthetic (True) or only real (False) assessments; with None, either kind
    alone, and both only when ``mix``."""
    if synthetic is not None:
        return {key: [a for a in found if is_synthetic(a.record.project) == synthetic]
                for key, found in groups.items()}
    made = sum(is_synthetic(a.record.project) for found in groups.values() for a in found)
    real = sum(len(found) for found in groups.values()) - made
    if made and real and not mix:
        raise MixedSynthetic(
            f"the data hold {made} synthetic assessments (projects named "
            f"{SYNTHETIC_PREFIX!r}...) beside {real} real ones; analysis never mixes them "
            "unasked: load(..., synthetic=False) keeps the real ones, synthetic=True the "
            "synthetic ones, and mix_synthetic=True both (the column 'synthetic' tells them "
            "apart)")
    return groups


def _collect(source, project, session, frameworks: Iterable[Framework],
             synthetic: bool | None = None, mix: bool = False):
    by_key = {_framework_key(f.id, f.version): f for f in frameworks}
    files = _json_files(source)
    if files is None:
        store = source if isinstance(source, Store) else open_store(str(source))
        try:
            groups, left_out = _from_store(store, project, session, by_key)
        finally:
            if store is not source:
                store.close()
        return by_key, _keep_synthetic(groups, synthetic, mix), left_out
    if session is not None:
        raise ReadinessError("assessment files carry no session: filter by session when "
                             "loading from the store")
    groups, left_out = _from_files(files, by_key, next(iter(by_key.values())))
    if project is not None:
        groups = {key: [a for a in found if a.record.project == project]
                  for key, found in groups.items()}
        if not any(groups.values()):
            raise NotFoundError(f"no assessment of the project {project!r} in these files")
    return by_key, _keep_synthetic(groups, synthetic, mix), left_out


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
    by_key, groups, left_out = _collect(source, project, session, [framework], synthetic,
                                        mix_synthetic)
    key = _framework_key(framework.id, framework.version)
    return _study(by_key[key], groups.get(key, []), left_out)


def load_split(source, project: str | None = None, session: str | None = None, *,
               frameworks: Sequence[Framework] = (), synthetic: bool | None = None,
               mix_synthetic: bool = False) -> dict[str, Study]:
    """As :func:`load`, one Study per framework the data come from, named "id major.x"
    (e.g. ``"default 2.x"``). Each must be among ``frameworks`` (default: the workbook's)."""
    frameworks = list(frameworks) or [default_framework()]
    by_key, groups, left_out = _collect(source, project, session, frameworks, synthetic,
                                        mix_synthetic)
    return {_name(key): _study(by_key[key], found, left_out)
            for key, found in sorted(groups.items())}
