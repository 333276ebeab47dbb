"""The scores frame from the answers frame at once (numpy), for studies of any size.

``scores_frame(answers, framework, gates=..., assessments=...)`` gives exactly the numbers
``readiness.scoring.answers.score_profile`` gives one assessment at a time (the rule is
in docs/scoring.md): gate caps first, a level ``n`` of ``L`` scores ``(n − 1)/(L − 1)·100``,
a dimension's score is the mean of its answered questions' scores (summed in the
framework's question order, as the loop sums, so the floating-point results are the same
to the last bit), provisional below the framework's answered share, and the first band
whose minimum the score reaches. Don't-know answers, retired answers and unanswered
questions are missing, never low. ``benchmarks/scale.py`` compares it with the loop.

Categorical ``assessment_id`` and ``question_id`` columns (as ``load`` gives them) are
matched by their codes, each category's text looked at once; plain text columns by the
guess-and-check of ``_question_codes``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from readiness.framework.model import Framework


def _runs(values: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbouring values starts (an assessment's answers are
    stored together, so comparing neighbours finds them without hashing every row)."""
    change = np.ones(len(values), dtype=bool)
    if len(values) > 1:
        change[1:] = (values[1:] != values[:-1]).astype(bool)
    return np.flatnonzero(change)


def _question_codes(values: np.ndarray, ids: Sequence[str], starts: np.ndarray) -> np.ndarray:
    """Each question id's position in ``ids`` (−1 when it is not there), checked by string
    equality. An assessment's answers usually follow the framework's order with a question
    or two left out, so a row is first guessed to be its place counted from its
    assessment's first row, then counted back from its last row (the framework's last
    question); the few rows neither guess matches are looked up by hashing."""
    many = len(ids)
    known = np.array([*ids, None], dtype=object)  # the last: no question
    lengths = np.diff(np.append(starts, len(values)))
    place = np.arange(len(values)) - np.repeat(starts, lengths)
    code = np.minimum(place, many)
    rest = np.flatnonzero(known[code] != values)
    if len(rest):
        back = many - (np.repeat(lengths, lengths)[rest] - place[rest])
        back[back < 0] = many
        code[rest] = back
        rest = rest[known[back] != values[rest]]
    if len(rest):
        code[rest] = pd.Index(list(ids), dtype=object).get_indexer(values[rest])
    return code


def _coded(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.CategoricalDtype)


def _index(ids: pd.Series) -> pd.Index:
    return pd.Index(ids.to_numpy(dtype=object), dtype=object)


def _positions(column: pd.Series, ids: pd.Series | pd.Index) -> np.ndarray:
    """Each row's position in ``ids`` (−1 when not there) for a categorical column, from
    its codes: the strings are looked at once per category, never per row (and not at
    all when ``ids`` is a categorical of the same categories, as ``load`` gives them)."""
    codes = column.cat.codes.to_numpy()
    categories = column.cat.categories
    if isinstance(ids, pd.Series) and _coded(ids) and (
            ids.cat.categories is categories or ids.cat.categories.equals(categories)):
        where = np.full(len(categories) + 1, -1, dtype=np.int64)
        where[ids.cat.codes.to_numpy()] = np.arange(len(ids))
    else:
        index = ids if isinstance(ids, pd.Index) else _index(ids)
        where = np.append(index.get_indexer(categories), -1)
    return where[codes]


def _caps(framework: Framework, gates: pd.DataFrame | None, ids: pd.Series,
          dimensions: Sequence[str]) -> np.ndarray:
    """(assessments × dimensions) the highest level read, +inf where no gate caps."""
    caps = np.full((len(ids), len(dimensions)), np.inf)
    if gates is None or gates.empty:
        return caps
    rows = (_positions(gates["assessment_id"], ids) if _coded(gates["assessment_id"])
            else _index(ids).get_indexer(gates["assessment_id"]))
    for gate in framework.gates:
        chosen = (gates["gate_id"] == gate.id).to_numpy() & (rows >= 0)
        for effect in gate.effects:
            hit = rows[chosen & gates["value"].isin(list(effect.when)).to_numpy()]
            column = dimensions.index(effect.dimension)
            caps[hit, column] = np.minimum(caps[hit, column], effect.max_level)
    return caps


def scores_frame(answers: pd.DataFrame, framework: Framework, *,
                 gates: pd.DataFrame | None = None,
                 assessments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per assessment × dimension (in the framework's order): ``assessments``'
    columns (one row per assessment, with ``assessment_id``; by default the id columns
    of ``answers``), then ``dimension_id``, ``score``, ``band``, ``answered``, ``total`` and
    ``provisional``.

    ``answers`` needs ``assessment_id``, ``question_id`` and ``level`` (the level as given,
    empty for don't know); a ``retired`` column, if there, leaves those rows out. ``gates``
    (``assessment_id``, ``gate_id``, ``value``) caps levels as the workbook does."""
    questions = list(framework.questions)
    question_ids = pd.Index([q.id for q in questions])
    named = answers["assessment_id"]
    if _coded(named):  # categorical (as load gives them): codes, never strings
        starts = _runs(named.cat.codes.to_numpy())
    else:
        names = named.to_numpy(dtype=object)
        try:  # NA ids compare as NA, not as a truth value: then hash every row instead
            starts = _runs(names)
        except TypeError:
            starts = np.arange(len(names))
    if _coded(answers["question_id"]):
        question = _positions(answers["question_id"], question_ids)
    elif len(starts) < len(answers) or not len(answers):
        question = _question_codes(answers["question_id"].to_numpy(dtype=object),
                                   list(question_ids), starts)
    else:
        question = question_ids.get_indexer(answers["question_id"])
    if assessments is None:  # each assessment's first row starts a run
        keep = [c for c in answers.columns if c not in _ANSWER_ONLY]
        assessments = answers[keep].take(starts).drop_duplicates("assessment_id",
                                                                 ignore_index=True)
    ids = assessments["assessment_id"]
    if _coded(named):
        row = _positions(named, ids)
    else:
        row = np.repeat(_index(ids).get_indexer(names[starts]),
                        np.diff(np.append(starts, len(names))))
    row = row.astype(np.int64)
    dimensions = [d.id for d in framework.dimensions]
    n, d = len(ids), len(dimensions)

    level = answers["level"]
    if not pd.api.types.is_numeric_dtype(level):
        level = pd.to_numeric(level, errors="coerce")
    level = level.to_numpy(dtype=float, na_value=np.nan)
    given = (question >= 0) & (row >= 0) & ~np.isnan(level)
    if "retired" in answers.columns:
        given &= ~answers["retired"].to_numpy(dtype=bool)
    level, question, row = level[given], question[given], row[given]

    levels = np.array([q.levels for q in questions], dtype=float)
    of_dimension = np.array([dimensions.index(q.dimension) for q in questions])
    column = of_dimension[question]
    # The loop sums a dimension's scores in the framework's question order: so do we.
    order = row * len(questions) + question
    if len(order) > 1 and not (np.diff(order) > 0).all():
        sort = np.argsort(order, kind="stable")
        level, question, row, column = level[sort], question[sort], row[sort], column[sort]

    read = np.minimum(level, _caps(framework, gates, ids, dimensions)[row, column])
    points = (read - 1) / (levels[question] - 1) * 100
    cell = row * d + column
    answered = np.bincount(cell, minlength=n * d)
    total_points = np.bincount(cell, weights=points, minlength=n * d)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(answered > 0, total_points / np.maximum(answered, 1), np.nan)
    totals = np.tile(np.bincount(of_dimension, minlength=d), n)
    provisional = (answered > 0) & (answered < framework.min_answered_share * totals)

    # The first band whose minimum the score reaches (else the last); none without a score.
    bands = framework.bands
    which = np.full(len(score), len(bands) - 1)
    for i in reversed(range(len(bands))):
        which[score >= bands[i].min_score] = i
    which[np.isnan(score)] = len(bands)
    band = np.array([b.id for b in bands] + [None], dtype=object).take(which)

    frame = assessments.take(np.repeat(np.arange(n), d)).reset_index(drop=True)
    frame["dimension_id"] = pd.Categorical.from_codes(np.tile(np.arange(d), n), dimensions)
    frame["score"] = score
    frame["band"] = band
    frame["answered"] = answered.astype("int64")
    frame["total"] = totals.astype("int64")
    frame["provisional"] = provisional
    return frame


_ANSWER_ONLY = {"question_id", "dimension_id", "level", "effective_level", "dont_know",
                "answered_at", "retired"}
