"""Agreement and consistency: how far a group's members agree, and how well a dimension's
questions hang together. The formulas and what they mean for anchored questions and small
groups are published in docs/scoring.md ("Agreement and consistency").

Plain functions on numbers (numpy only) and, below them, the same per group and question
or dimension on a :class:`readiness.data.Study`'s frames. Don't-know answers and
unanswered questions are missing: left out, never counted as a level.

* :func:`cronbach_alpha`: internal consistency of a dimension's questions (Cronbach 1951).
* :func:`rwg` and :func:`rwg_j`: within-group agreement against a uniform null
  (James, Demaree & Wolf 1984).
* :func:`percent_agreement`: the largest share of members on one level (or adjacent ones);
  the same function as the group profile's low-agreement rule.
* :func:`icc1`: how much of the variance in scores lies between groups (one-way ANOVA).
* The Delphi rule (interquartile range above one level) is the workbook's own disagreement
  rule, ``readiness.scoring.aggregate.levels_disagree``, reused here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.scoring import agreement
from readiness.scoring.aggregate import disagreement_kinds, levels_disagree, spread

MIN_GROUPS_FOR_ICC = 5
"""ICC(1) is given from this many groups (of two or more members) up: from fewer, a
between-group variance is too unsteady to report."""
NAN = math.nan


def null_variance(levels: int) -> float:
    """The variance of answers spread evenly over ``levels`` levels: (A² − 1) / 12."""
    return (levels ** 2 - 1) / 12


def _given(values: Iterable) -> np.ndarray:
    array = np.asarray(pd.to_numeric(pd.Series(list(values), dtype="object"),
                                     errors="coerce"), dtype=float)
    return array[~np.isnan(array)]


def rwg(values: Iterable, levels: int) -> float:
    """r_wg of one question: 1 − s² / σ²_EU, with the sample variance s² (n − 1) of the
    levels given and σ²_EU = (A² − 1) / 12. NaN with fewer than two levels given; 0 when
    the members disagree more than random answers would (s² > σ²_EU)."""
    given = _given(values)
    if len(given) < 2:
        return NAN
    return max(0.0, 1 - given.var(ddof=1) / null_variance(levels))


def rwg_j(items: Sequence[Iterable], levels: Sequence[int]) -> float:
    """r_wg(J) of J questions (one dimension): with r = mean of s²_j / σ²_EU,j over the
    questions that have two or more levels given, J(1 − r) / (J(1 − r) + r), and 0 when
    r > 1. NaN when no question has two levels given."""
    ratios = [_given(values).var(ddof=1) / null_variance(count)
              for values, count in zip(items, levels, strict=True) if len(_given(values)) >= 2]
    if not ratios:
        return NAN
    ratio, j = float(np.mean(ratios)), len(ratios)
    if ratio >= 1:
        return 0.0
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


def percent_agreement(values: Iterable, within: int = 0) -> float:
    """The largest share of the levels given that lie on ``within`` + 1 adjacent levels
    (0: on one level). NaN when no level is given (the group rule's own function,
    ``readiness.scoring.agreement.percent_agreement``, on the levels given)."""
    return agreement.percent_agreement(_given(values).tolist(), within)


@dataclass(frozen=True)
class Alpha:
    value: float
    """NaN with fewer than two questions or respondents, or no variance in the sums."""
    respondents: int
    """Respondents who gave a level to every question (the others are left out)."""
    items: int


def cronbach_alpha(table) -> Alpha:
    """Cronbach's alpha of a respondents × questions table of levels (NaN, None or
    "dont_know" missing): k / (k − 1) · (1 − Σ s²_i / s²_total), sample variances, over the
    respondents who gave a level to every question."""
    frame = pd.DataFrame(table).apply(pd.to_numeric, errors="coerce").dropna()
    values = frame.to_numpy(dtype=float)
    respondents, items = values.shape
    if items < 2 or respondents < 2:
        return Alpha(NAN, respondents, items)
    total = values.sum(axis=1).var(ddof=1)
    if total == 0:
        return Alpha(NAN, respondents, items)
    return Alpha(items / (items - 1) * (1 - values.var(axis=0, ddof=1).sum() / total),
                 respondents, items)


@dataclass(frozen=True)
class ICC:
    value: float
    """NaN, with ``note`` saying why, when there are too few groups or no variance."""
    groups: int
    respondents: int
    note: str = ""


def icc1(values: Iterable[float], groups: Iterable, min_groups: int = MIN_GROUPS_FOR_ICC) -> ICC:
    """ICC(1) from a one-way ANOVA of ``values`` by ``groups``: (MSB − MSW) / (MSB +
    (n₀ − 1) MSW), with n₀ = (N − Σ n_g² / N) / (G − 1) for groups of unequal size.

    Missing values are left out, and so are groups with fewer than two values. It may be
    negative: less difference between groups than within them."""
    frame = pd.DataFrame({"value": pd.to_numeric(pd.Series(list(values)), errors="coerce"),
                          "group": list(groups)}).dropna()
    sizes = frame.groupby("group")["value"].transform("size")
    frame = frame[sizes >= 2]
    count, n = frame["group"].nunique(), len(frame)
    if count < max(min_groups, 2):
        return ICC(NAN, count, n, f"{count} groups of two or more; ICC(1) needs "
                                  f"{max(min_groups, 2)}")
    by_group = frame.groupby("group")["value"]
    means, size = by_group.transform("mean"), by_group.size()
    msb = ((means - frame["value"].mean()) ** 2).sum() / (count - 1)
    msw = ((frame["value"] - means) ** 2).sum() / (n - count)
    n0 = (n - (size ** 2).sum() / n) / (count - 1)
    denominator = msb + (n0 - 1) * msw
    if denominator == 0:
        return ICC(NAN, count, n, "no variance")
    return ICC(float((msb - msw) / denominator), count, n)


# -- on a study's frames --------------------------------------------------------------------

GROUP = ("project", "session")
"""The default group: a group session (individual assessments: their project)."""


def _current(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[~answers["retired"]]


def question_agreement(study, by: Sequence[str] = GROUP, column: str = "level") -> pd.DataFrame:
    """Per group and question: members who gave a level (``n``) or don't know, the median
    and quartiles, the Delphi rule's verdict (``disagree``), percentage agreement on one
    level and on two adjacent ones, r_wg, and the kinds of disagreement the group profile
    would show (``kinds``: "spread", "roles", "agreement", comma-separated; empty: none).
    ``column``: "level" (as answered) or "effective_level" (as scored, after gate
    effects)."""
    levels_of = {q.id: q.levels for q in study.framework.questions}
    rows = []
    for keys, frame in _current(study.answers).groupby(list(by), dropna=False, sort=False):
        for question_id, given in frame.groupby("question_id", sort=False):
            known = given[given[column].notna()]
            values = known[column].astype(float).tolist()
            middle = spread(values)
            rows.append({**dict(zip(by, keys, strict=True)), "question_id": question_id,
                         "dimension_id": given["dimension_id"].iloc[0], "n": len(values),
                         "dont_know": int(given["dont_know"].sum()), "median": middle.median,
                         "q1": middle.q1, "q3": middle.q3, "iqr": middle.iqr,
                         "disagree": levels_disagree(middle),
                         "agreement": percent_agreement(values),
                         "agreement_adjacent": percent_agreement(values, within=1),
                         "rwg": rwg(values, levels_of[question_id]),
                         "kinds": ",".join(disagreement_kinds(
                             zip(known["role"], values, strict=True)))})
    return pd.DataFrame(rows, columns=[*by, "question_id", "dimension_id", "n", "dont_know",
                                       "median", "q1", "q3", "iqr", "disagree", "agreement",
                                       "agreement_adjacent", "rwg", "kinds"])


def dimension_agreement(study, by: Sequence[str] = GROUP, column: str = "level") -> pd.DataFrame:
    """Per group and dimension: assessments, r_wg(J) over the dimension's questions, and
    Cronbach's alpha within the group (with the respondents it rests on)."""
    framework = study.framework
    rows = []
    for keys, frame in _current(study.answers).groupby(list(by), dropna=False, sort=False):
        table = frame.pivot_table(index="assessment_id", columns="question_id", values=column,
                                  aggfunc="first")
        for dimension in framework.dimensions:
            questions = [q for q in framework.questions_in(dimension.id) if q.id in table]
            alpha = cronbach_alpha(table[[q.id for q in questions]])
            rows.append({**dict(zip(by, keys, strict=True)), "dimension_id": dimension.id,
                         "assessments": int(frame["assessment_id"].nunique()),
                         "rwg_j": rwg_j([table[q.id] for q in questions],
                                        [q.levels for q in questions]),
                         "alpha": alpha.value, "alpha_respondents": alpha.respondents})
    return pd.DataFrame(rows, columns=[*by, "dimension_id", "assessments", "rwg_j", "alpha",
                                       "alpha_respondents"])


def reliability(study, column: str = "level") -> pd.DataFrame:
    """Cronbach's alpha per dimension over every respondent of the study."""
    answers = _current(study.answers)
    table = answers.pivot_table(index="assessment_id", columns="question_id", values=column,
                                aggfunc="first")
    rows = []
    for dimension in study.framework.dimensions:
        ids = [q.id for q in study.framework.questions_in(dimension.id) if q.id in table]
        alpha = cronbach_alpha(table[ids])
        rows.append({"dimension_id": dimension.id, "alpha": alpha.value,
                     "respondents": alpha.respondents, "questions": len(
                         study.framework.questions_in(dimension.id))})
    return pd.DataFrame(rows, columns=["dimension_id", "alpha", "respondents", "questions"])


def icc1_by_dimension(study, group: str = "project",
                      min_groups: int = MIN_GROUPS_FOR_ICC) -> pd.DataFrame:
    """ICC(1) of the dimension scores by ``group`` (e.g. "project", "session"), from firm
    scores only (a provisional score is nobody's firm view, as in the group profile)."""
    scores = study.scores[~study.scores["provisional"] & study.scores["score"].notna()]
    rows = []
    for dimension in study.framework.dimensions:
        chosen = scores[scores["dimension_id"] == dimension.id]
        result = icc1(chosen["score"], chosen[group], min_groups)
        rows.append({"dimension_id": dimension.id, "icc1": result.value,
                     "groups": result.groups, "respondents": result.respondents,
                     "note": result.note})
    return pd.DataFrame(rows, columns=["dimension_id", "icc1", "groups", "respondents", "note"])
