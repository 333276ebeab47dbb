"""Numbers as each language writes them, rounded by one rule wherever they are shown.

A score, a median or a quartile is shown with at most one decimal, a half rounded away from
zero, and without a trailing zero: 44.4, 50, 62.5 (44,4 and 62,5 in Swedish and Danish).
The chart, the tables, the screen-reader summary, the reports and the presentation all
call :func:`score_text`, so no two of them can show one score differently (the chart said
44.4 while the table said 44).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from readiness.i18n.languages import LANGUAGES

SCORE_PLACES = 1
"""Decimals a score is shown with: scores are averages of a few levels, so a whole number
would hide the difference between 49.6 (below the 50 of a band) and 50."""

DECIMAL_MARK = {"en": ".", "sv": ",", "da": ","}

PLOTLY_SEPARATORS = {"en": ".,", "sv": ", ", "da": ",."}
"""plotly.js's ``layout.separators`` per language: the decimal mark, then the thousands
separator (a space in Swedish, a point in Danish)."""


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
    mark = DECIMAL_MARK[language if language in LANGUAGES else "en"]
    return text.replace(".", mark)


def score_text(value: float | None, language: str) -> str:
    """A score, a median or a quartile as every page, chart and report shows it; "–"
    where there is none."""
    return "–" if value is None else number_text(value, language)


def plotly_separators(language: str) -> str:
    return PLOTLY_SEPARATORS[language if language in LANGUAGES else "en"]
