"""Does the example assessment in sample_data/ read, score and import as documented?"""

import pytest

from readiness.exchange.assessment_file import import_assessment, read_assessment_file
from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import default_framework
from readiness.scoring.evaluation import evaluate
from tests.conftest import ROOT

EXAMPLE = ROOT / "sample_data" / "example-assessment.json"


@pytest.fixture(scope="module")
def framework():
    """This module reads a file made with the shipped framework, so never a fork's (even under
    ``pytest --framework-fork``)."""
    return default_framework()


def test_example_scores_with_missing_answers_left_out(framework):
    checked = read_assessment_file(EXAMPLE, framework)
    result = evaluate(framework, checked.answer_values)
    outcomes = result.profile["outcomes"]
    dont_knows = [q for q, v in checked.answer_values.items()
                  if q.startswith("outcomes.") and v == DONT_KNOW]
    assert outcomes.answered == outcomes.total - len(dont_knows) < outcomes.total / 2
    assert outcomes.score is not None and outcomes.provisional  # shown, marked as such
    assert set(dont_knows) <= set(result.open_questions)
    assert result.profile["purpose"].band == "concern"
    assert "flag.overambitious-goals" in [flag.id for flag in result.flags]


def test_example_imports(store, framework):
    checked = read_assessment_file(EXAMPLE, framework)
    assert import_assessment(store, checked) == "example-norrby-2026"
    assert len(store.answers("example-norrby-2026")) == len(checked.answers)
