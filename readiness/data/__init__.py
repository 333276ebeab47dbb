"""Data for researchers: a study's answers and scores as tidy pandas frames, the codebook,
and agreement statistics (docs/scoring.md, "Agreement and consistency").

For notebooks and the command line, never for a page: a page's kernel does not import
pandas (tests/data/test_page_kernel.py).
"""

from readiness.data.codebook import codebook
from readiness.data.study import (
    ANSWER_COLUMNS,
    GATE_COLUMNS,
    SCORE_COLUMNS,
    MixedFrameworks,
    MixedSynthetic,
    Study,
    load,
    load_split,
    respondent_id,
)

__all__ = ["ANSWER_COLUMNS", "GATE_COLUMNS", "SCORE_COLUMNS", "MixedFrameworks", "MixedSynthetic",
           "Study",
           "codebook", "load", "load_split", "respondent_id"]
