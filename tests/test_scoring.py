"""Does scoring read anchored answers, don't know, gates and bands as the README says?"""

import pytest

from readiness.errors import AnswerError
from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.answers import band_for, check_answer, score_profile
from readiness.scoring.evaluation import evaluate, raised_flags

ALPHA = ("alpha.one", "alpha.two", "alpha.three", "alpha.four")


def test_all_dont_know_gives_no_scores_and_no_flags_but_undecided(mini):
    answers = {q.id: DONT_KNOW for q in mini.questions}
    profile = score_profile(mini, answers)
    for dimension in profile.dimensions:
        assert dimension.score is None and dimension.band is None
        assert dimension.answered == 0
        assert not dimension.enough_answers
    assert [f.id for f in raised_flags(mini, answers)] == ["flag.undecided"]


def test_no_answers_at_all(mini):
    result = evaluate(mini, {})
    assert all(d.score is None for d in result.profile.dimensions)
    assert result.flags == () and result.actions == () and result.weakest_dimensions == ()


def test_dont_know_is_missing_not_low(mini):
    with_dont_know = score_profile(mini, {"beta.one": 4, "beta.two": DONT_KNOW})
    assert with_dont_know["beta"].score == 100.0
    assert with_dont_know["beta"].answered == 1


def test_one_answer_is_enough_only_for_half_a_dimension(mini):
    profile = score_profile(mini, {"alpha.one": 4, "beta.one": 4})
    assert profile["alpha"].score is None  # 1 of 4 answered: below half
    assert profile["beta"].score == 100.0  # 1 of 2 answered: half is enough
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


def test_gate_closed_caps_the_dimension_and_raises_its_flag(mini):
    answers = {q: 4 for q in ALPHA}
    open_profile = score_profile(mini, {**answers, "gate.open": "open"})
    assert open_profile["alpha"].score == 100.0 and open_profile["alpha"].capped == ()
    closed = evaluate(mini, {**answers, "gate.open": "closed"})
    assert closed.profile["alpha"].score == pytest.approx(100 / 3)  # read as level 2
    assert set(closed.profile["alpha"].capped) == set(ALPHA)
    assert [gate.id for gate, _ in closed.profile.active_gate_effects] == ["gate.open"]
    assert "flag.closed" in [f.id for f in closed.flags]
    assert score_profile(mini, {**answers, "gate.open": "closed"})["beta"].capped == ()


def test_gate_cap_feeds_flag_conditions(mini):
    # alpha.one at 4 would not satisfy at_most 2, but a closed gate reads it as 2.
    answers = {"alpha.one": 4, "beta.one": 1}
    assert "flag.too-big" not in [f.id for f in raised_flags(mini, answers)]
    capped = {**answers, "gate.open": "closed"}
    assert "flag.too-big" in [f.id for f in raised_flags(mini, capped)]


def test_every_flag_firing(mini):
    answers = {"alpha.one": 1, "beta.one": 1, "beta.two": DONT_KNOW, "gate.open": "closed"}
    result = evaluate(mini, answers)
    assert [f.id for f in result.flags] == ["flag.too-big", "flag.closed", "flag.undecided"]
    assert [a.id for a in result.actions] == ["action.narrow", "action.beta"]


def test_no_flag_firing(mini):
    answers = {q.id: 3 for q in mini.questions} | {"gate.open": "open"}
    assert evaluate(mini, answers).flags == ()


def test_all_and_any_combine(mini):
    assert not raised_flags(mini, {"alpha.one": 1})  # any-branch unanswered
    assert raised_flags(mini, {"alpha.one": 1, "beta.two": 1})[0].id == "flag.too-big"
    assert not raised_flags(mini, {"alpha.one": 3, "beta.two": 1})


def test_not_of_an_unanswered_question_is_true(mini):
    # beta.one unanswered -> at_least is false -> not is true.
    assert [f.id for f in raised_flags(mini, {"beta.two": DONT_KNOW})] == ["flag.undecided"]
    assert not raised_flags(mini, {"beta.two": DONT_KNOW, "beta.one": 3})


def test_weakest_dimensions_get_their_actions(mini):
    answers = {"alpha.one": 2, "alpha.two": 2, "beta.one": 4, "beta.two": 3}
    result = evaluate(mini, answers)
    assert result.weakest_dimensions == ("alpha",)  # beta is a strength: not "weak"
    assert [a.id for a in result.actions] == ["action.narrow"]


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
