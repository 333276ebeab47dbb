"""Red flags, gate caps and actions of one assessment, through the real evaluation."""

from __future__ import annotations

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.answers import score_profile
from readiness.scoring.evaluation import evaluate, raised_flags

ALPHA = ("alpha.one", "alpha.two", "alpha.three", "alpha.four")


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
