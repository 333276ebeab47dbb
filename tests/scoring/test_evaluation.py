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
    assert [r.action.id for r in result.actions] == ["action.narrow", "action.beta"]


def test_no_flag_firing(mini):
    answers = {q.id: 3 for q in mini.questions} | {"gate.open": "open"}
    assert evaluate(mini, answers).flags == ()


def test_all_and_any_combine(mini):
    assert not raised_flags(mini, {"alpha.one": 1})  # any-branch unanswered
    assert raised_flags(mini, {"alpha.one": 1, "beta.two": 1})[0].id == "flag.too-big"
    assert not raised_flags(mini, {"alpha.one": 3, "beta.two": 1})


def test_not_of_an_unanswered_question_says_nothing(mini):
    """"Not at least 3" is a claim about an answer: unanswered or "don't know", the
    answers do not say it, so the flag does not claim it."""
    assert raised_flags(mini, {"beta.two": DONT_KNOW}) == ()
    assert raised_flags(mini, {"beta.two": DONT_KNOW, "beta.one": DONT_KNOW}) == ()
    assert [f.id for f in raised_flags(mini, {"beta.two": DONT_KNOW, "beta.one": 2})] \
        == ["flag.undecided"]
    assert not raised_flags(mini, {"beta.two": DONT_KNOW, "beta.one": 3})


def test_three_valued_any_and_all(mini):
    """An unknown item does not stop ``any`` when another item holds, nor save ``all``
    when another item fails."""
    too_big = mini.flags[0].when  # all: [alpha.one <= 2, any: [beta.one <= 1, beta.two is 1]]
    assert too_big.value({"alpha.one": 1, "beta.two": 1}) is True  # beta.one unknown
    assert too_big.value({"alpha.one": 3}) is False  # decided by alpha.one alone
    assert too_big.value({"alpha.one": 1}) is None  # the any-branch is open
    assert too_big.reasons({"alpha.one": 1, "beta.two": 1}) == ("alpha.one", "beta.two")


def test_actions_follow_the_answers_never_the_dimension_alone(mini):
    """A low dimension gets an action only where its answers call for one, and each
    action says which answers (and flags) called for it, once."""
    low_but_not_called = {"alpha.three": 1, "alpha.four": 1, "beta.one": 4, "beta.two": 3}
    result = evaluate(mini, low_but_not_called)
    assert result.profile["alpha"].band == "concern" and result.actions == ()
    called = evaluate(mini, {"alpha.one": 2, "alpha.two": 1, "beta.one": 4, "beta.two": 3})
    assert [(r.action.id, r.questions, r.flags) for r in called.actions] == [
        ("action.narrow", ("alpha.one", "alpha.two"), ())]
    by_flag = evaluate(mini, {"alpha.one": 1, "beta.two": 1, "beta.one": 4})
    narrow = by_flag.actions[0]  # its own condition and flag.too-big: listed once
    assert [r.action.id for r in by_flag.actions] == ["action.narrow"]
    assert narrow.questions == ("alpha.one", "beta.two") and narrow.flags == ("flag.too-big",)


def test_open_questions_are_the_dont_knows_in_framework_order(mini):
    answers = {"beta.two": DONT_KNOW, "alpha.one": DONT_KNOW, "gate.open": DONT_KNOW,
               "alpha.two": 3}
    assert evaluate(mini, answers).open_questions == ("gate.open", "alpha.one", "beta.two")
    assert evaluate(mini, answers).to_dict()["open_questions"] == [
        "gate.open", "alpha.one", "beta.two"]


def test_the_json_form_names_what_called_for_each_action(mini):
    document = evaluate(mini, {"alpha.one": 2, "beta.one": 4}).to_dict()
    assert document["actions"] == [{"id": "action.narrow", "because": ["alpha.one"],
                                    "flags": []}]
    alpha = document["dimensions"]["alpha"]
    assert (alpha["answered"], alpha["total"], alpha["provisional"]) == (1, 4, True)
    assert alpha["score"] == pytest.approx(33.3)


def test_a_flag_never_brings_an_action_its_own_answers_say_is_done(mini):
    """flag.closed names action.beta, whose own condition asks beta.one <= 2: answered 4,
    the action is done by the answers' own account and is not shown; unanswered, the flag
    still brings it."""
    closed = {"gate.open": "closed"}
    assert [r.action.id for r in evaluate(mini, {**closed, "beta.one": 4}).actions] == [
        "action.narrow"]
    shown = evaluate(mini, closed).actions
    assert [(r.action.id, r.flags) for r in shown] == [
        ("action.narrow", ("flag.closed",)), ("action.beta", ("flag.closed",))]


def test_a_not_rests_only_on_the_answers_that_decide_it(mini):
    """not: {all: [A, B]} with A false and B unknown holds because of A alone."""
    from readiness.framework.conditions import parse_condition

    condition = parse_condition({"not": {"all": [{"question": "alpha.one", "at_least": 3},
                                                 {"question": "alpha.two", "at_least": 3}]}})
    answers = {"alpha.one": 1, "alpha.two": DONT_KNOW}
    assert condition.holds(answers) and condition.reasons(answers) == ("alpha.one",)
