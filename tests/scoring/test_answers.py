"""A question's levels, a dimension's score and band, and which answers are valid."""

from __future__ import annotations

import pytest

from readiness.errors import AnswerError
from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.answers import band_for, check_answer, score_profile
from readiness.scoring.evaluation import evaluate, raised_flags

ALPHA = ("alpha.one", "alpha.two", "alpha.three", "alpha.four")


def test_all_dont_know_gives_no_scores_and_no_flags(mini):
    """flag.undecided asks for beta.two "don't know" and beta.one *answered* below 3: with
    beta.one "don't know" too, nothing says it is below 3, so the flag stays silent."""
    answers = {q.id: DONT_KNOW for q in mini.questions}
    profile = score_profile(mini, answers)
    for dimension in profile.dimensions:
        assert dimension.score is None and dimension.band is None
        assert dimension.answered == 0
        assert not dimension.enough_answers and not dimension.provisional
    assert raised_flags(mini, answers) == ()


def test_no_answers_at_all(mini):
    result = evaluate(mini, {})
    assert all(d.score is None for d in result.profile.dimensions)
    assert result.flags == () and result.actions == () and result.open_questions == ()


def test_dont_know_is_missing_not_low(mini):
    with_dont_know = score_profile(mini, {"beta.one": 4, "beta.two": DONT_KNOW})
    assert with_dont_know["beta"].score == 100.0
    assert with_dont_know["beta"].answered == 1


def test_below_half_answered_a_score_is_provisional_never_missing(mini):
    profile = score_profile(mini, {"alpha.one": 4, "beta.one": 4})
    alpha = profile["alpha"]  # 1 of 4 answered: below half
    assert (alpha.score, alpha.band, alpha.answered, alpha.total) == (100.0, "strength", 1, 4)
    assert alpha.provisional and not alpha.enough_answers
    beta = profile["beta"]  # 1 of 2 answered: half is enough
    assert beta.score == 100.0 and not beta.provisional and beta.enough_answers
    two = score_profile(mini, {"alpha.one": 1, "alpha.two": 4})["alpha"]
    assert two.score == 50.0 and not two.provisional  # 2 of 4: exactly half is firm
    profile = score_profile(mini, {"alpha.one": 4, "alpha.two": 1})
    assert profile["alpha"].score == pytest.approx(50.0)  # (100 + 0) / 2


def test_levels_map_linearly_to_0_100_per_question(mini):
    profile = score_profile(mini, {"beta.one": 2, "beta.two": 2})
    # beta.one has 4 levels: level 2 -> 33.3; beta.two has 3 levels: level 2 -> 50.
    assert profile["beta"].score == pytest.approx((100 / 3 + 50) / 2)


@pytest.mark.parametrize(("score", "band"), [
    (100, "strength"), (75, "strength"), (74.99, "discuss"), (50, "discuss"),
    (49.99, "concern"), (0, "concern"),
])
def test_band_edges(mini, score, band):
    assert band_for(mini, score) == band


def test_there_is_no_overall_score(mini):
    assert "overall" not in evaluate(mini, {"alpha.one": 1}).to_dict()


@pytest.mark.parametrize(("item", "value"), [
    ("alpha.one", 0), ("alpha.one", 5), ("alpha.one", "open"), ("beta.two", 4),
    ("gate.open", 1), ("gate.open", "maybe"), ("nope.nope", 1), ("alpha.one", True),
])
def test_invalid_answers_are_refused(mini, item, value):
    with pytest.raises(AnswerError):
        check_answer(mini, item, value)


@pytest.mark.parametrize(("item", "value"), [
    ("alpha.one", 1), ("alpha.one", 4), ("alpha.one", DONT_KNOW), ("beta.two", 3),
    ("gate.open", "closed"), ("gate.open", DONT_KNOW),
])
def test_valid_answers_pass(mini, item, value):
    assert check_answer(mini, item, value) == value
