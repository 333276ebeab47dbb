"""Agreement measures on plain lists of levels, for the group profile's disagreement rule
(``aggregate.py``) and the researchers' statistics (``readiness.data.agreement``, which
reads its numbers from data frames and calls these). docs/scoring.md gives the formulas."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percent_agreement(levels: Sequence[float], within: int = 0) -> float:
    """The largest share of ``levels`` that lie on ``within`` + 1 adjacent levels (0: on
    one level). NaN when there are none."""
    if not levels:
        return math.nan
    best = max(sum(1 for level in levels if low <= level <= low + within)
               for low in set(levels))
    return best / len(levels)
