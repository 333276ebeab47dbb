"""Numbers as each language writes them, rounded by one rule wherever they are shown.

A score, a median or a quartile is shown with at most one decimal, a half rounded away from
zero, and without a trailing zero: 44.4, 50, 62.5 (44,4 and 62,5 in Swedish and Danish; each
language declares its decimal mark, ``readiness.i18n.languages``). The chart, the tables,
the screen-reader summary, the reports and the presentation all call :func:`score_text`, so
no two of them can show one score differently (the chart said 44.4 while the table said 44).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from readiness.i18n.languages import language as language_info

SCORE_PLACES = 1
"""Decimals a score is shown with: scores are averages of a few levels, so a whole number
would hide the difference between 49.6 (below the 50 of a band) and 50."""


def rounded(value: float, places: int = SCORE_PLACES) -> float:
    """``value`` to ``places`` decimals, a half away from zero (Python's ``round`` takes a
    half to the even neighbour, and 62.25 is stored as a little less than it is written)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def number_text(value: float, language: str, places: int = SCORE_PLACES) -> str:
    """``value`` with at most ``places`` decimals, as ``language`` writes it: no trailing
    zero (50, not 50.0), a decimal comma in Swedish and Danish."""
    text = f"{rounded(value, places):.{places}f}"
    if places > 0:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", language_info(language).decimal_mark)


def score_text(value: float | None, language: str) -> str:
    """A score, a median or a quartile as every page, chart and report shows it; "–"
    where there is none."""
    return "–" if value is None else number_text(value, language)


def plotly_separators(language: str) -> str:
    """plotly.js's ``layout.separators`` for ``language`` (its decimal mark, then its
    thousands separator), as the language declares it (``locales/languages.yaml``)."""
    return language_info(language).plotly_separators
