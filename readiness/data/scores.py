"""The scores frame from the answers frame at once (numpy), for studies of any size.

``scores_frame(answers, framework, gates=..., assessments=...)`` gives exactly the numbers
``readiness.scoring.answers.score_profile`` gives one assessment at a time (the rule is
in docs/scoring.md): gate caps first, a level ``n`` of ``L`` scores ``(n − 1)/(L − 1)·100``,
a dimension's score is the mean of its answered questions' scores (summed in the
framework's question order, as the loop sums, so the floating-point results are the same
to the last bit), provisional below the framework's answered share, and the first band
whose minimum the score reaches. Don't-know answers, retired answers and unanswered
questions are missing, never low. ``benchmarks/scale.py`` compares it with the loop.
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


def _caps(framework: Framework, gates: pd.DataFrame | None, ids: pd.Index,
          dimensions: Sequence[str]) -> np.ndarray:
    """(assessments × dimensions) the highest level read, +inf where no gate caps."""
    caps = np.full((len(ids), len(dimensions)), np.inf)
    if gates is None or gates.empty:
        return caps
    rows = ids.get_indexer(gates["assessment_id"])
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
    names = answers["assessment_id"].to_numpy(dtype=object)
    questions = list(framework.questions)
    try:  # NA ids compare as NA, not as a truth value: then hash every row instead
        starts = _runs(names)
        question = _question_codes(answers["question_id"].to_numpy(dtype=object),
                                   [q.id for q in questions], starts)
    except TypeError:
        starts = np.arange(len(names))
        question = pd.Index([q.id for q in questions]).get_indexer(answers["question_id"])
    if assessments is None:  # each assessment's first row starts a run
        keep = [c for c in answers.columns if c not in _ANSWER_ONLY]
        assessments = answers[keep].take(starts).drop_duplicates("assessment_id",
                                                                 ignore_index=True)
    ids = pd.Index(assessments["assessment_id"])
    dimensions = [d.id for d in framework.dimensions]
    n, d = len(ids), len(dimensions)

    level = answers["level"]
    if not pd.api.types.is_numeric_dtype(level):
        level = pd.to_numeric(level, errors="coerce")
    level = level.to_numpy(dtype=float, na_value=np.nan)
    row = np.repeat(ids.get_indexer(names[starts]),
                    np.diff(np.append(starts, len(names)))).astype(np.int64)
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
    frame["dimension_id"] = np.tile(np.array(dimensions, dtype=object), n)
    frame["score"] = score
    frame["band"] = band
    frame["answered"] = answered.astype("int64")
    frame["total"] = totals.astype("int64")
    frame["provisional"] = provisional
    return frame


_ANSWER_ONLY = {"question_id", "dimension_id", "level", "effective_level", "dont_know",
                "answered_at", "retired"}
