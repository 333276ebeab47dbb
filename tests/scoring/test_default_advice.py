"""Does the shipped framework's advice follow the answers (issue 14, points 1 and 3)?

Through the real ``evaluate``: each dimension's low answers call for its actions, the best
answers call for nothing, a "don't know" is never the reason for an action, and an action
whose own questions are answered at the top is not shown because of something else.
"""

from __future__ import annotations

import itertools

import pytest

from readiness.framework.conditions import DONT_KNOW, AllOf, AnswerCondition, AnyOf
from readiness.framework.model import default_framework
from readiness.scoring.answers import effective_answers
from readiness.scoring.evaluation import evaluate

# Flags whose rule has several branches, each calling for a different action: a branch could
# raise the flag while another answer says the named action is already in place. Issue 16
# split the two such rules (measurable-drift and individual-level-only) into flags of their
# own, so none is left; the test below keeps it so.
KNOWN_BRANCH_MISMATCHES: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def framework():
    """This module checks the shipped framework's own content, so never a fork's (even under
    ``pytest --framework-fork``)."""
    return default_framework()


def top(framework, item_id):
    """The best answer: a question's highest level, a gate's most open value."""
    if item_id in {gate.id for gate in framework.gates}:
        return framework.gate(item_id).values[0]
    return framework.question(item_id).levels


def best_answers(framework) -> dict:
    return ({q.id: q.levels for q in framework.questions}
            | {g.id: top(framework, g.id) for g in framework.gates})


def lowest_answers(framework) -> dict:
    return {q.id: 1 for q in framework.questions}


def shown(evaluation) -> dict:
    return {r.action.id: r for r in evaluation.actions}


def test_every_action_has_a_condition_on_its_own_dimension(framework):
    for action in framework.actions:
        assert action.when is not None, f"{action.id} has no when-condition"
        own = {q.id for q in framework.questions_in(action.dimension)}
        assert own & set(action.when.questions()), \
            f"{action.id}: its condition asks no question of its dimension {action.dimension}"


def test_every_action_can_be_called_for_by_its_own_condition(framework):
    from tests.framework.test_default_framework import witness

    for action in framework.actions:
        answers = witness(framework, action.when)
        found = shown(evaluate(framework, answers))
        assert action.id in found, action.id
        assert set(found[action.id].questions) <= set(answers), action.id


@pytest.mark.parametrize("dimension", ["purpose", "participation", "partnership", "learning",
                                       "resources", "anchoring", "outcomes"])
def test_each_dimensions_lowest_answers_call_for_its_own_actions(framework, dimension):
    assert dimension in {d.id for d in framework.dimensions}
    answers = {q.id: 1 for q in framework.questions_in(dimension)}  # the others unanswered
    actions = [r for r in evaluate(framework, answers).actions
               if r.action.dimension == dimension]
    assert actions, f"lowest answers in {dimension} call for no action of {dimension}"
    for recommendation in actions:
        assert set(recommendation.questions) <= set(answers)


def test_the_dimensions_in_the_test_are_the_frameworks(framework):
    marks = test_each_dimensions_lowest_answers_call_for_its_own_actions.pytestmark
    listed = next(m.args[1] for m in marks if m.name == "parametrize")
    assert sorted(listed) == sorted(d.id for d in framework.dimensions)


def test_the_best_answers_call_for_no_action_and_raise_no_flag(framework):
    result = evaluate(framework, best_answers(framework))
    assert result.flags == ()
    assert result.actions == ()


@pytest.mark.parametrize("answer", ["alone", "among the lowest"])
def test_a_dont_know_is_never_the_reason_for_an_action(framework, answer):
    """Answered "don't know" alone, a question raises nothing; among answers at the lowest
    level, it is never among the answers an action or a flag gives as its reason."""
    items = [g.id for g in framework.gates] + [q.id for q in framework.questions]
    for item in items:
        if answer == "alone":
            result = evaluate(framework, {item: DONT_KNOW})
            assert result.actions == () and result.flags == (), item
            continue
        result = evaluate(framework, lowest_answers(framework) | {item: DONT_KNOW})
        for recommendation in result.actions:
            assert item not in recommendation.questions, (item, recommendation.action.id)
        read = effective_answers(framework, lowest_answers(framework) | {item: DONT_KNOW})
        for flag in result.flags:
            assert item not in flag.when.reasons(read), (item, flag.id)


def test_a_project_with_a_written_agreement_is_not_told_to_draft_one(framework):
    """The example of issue 14: however low everything else is, "draft a partnership
    agreement" is not shown to a group that answered it has one."""
    for level in (3, 4):
        answers = lowest_answers(framework) | {"partnership.agreement": level,
                                               "gate.direction-open": "closed"}
        assert "action.write-agreement" not in shown(evaluate(framework, answers))


def test_an_action_whose_own_answers_are_at_the_top_is_not_shown(framework):
    """Every other answer at the lowest level raises every flag it can; an action whose
    own questions were answered at the top still does not appear (known exceptions aside)."""
    for action in framework.actions:
        answers = lowest_answers(framework) | {"gate.direction-open": "open"}
        answers |= {item: top(framework, item) for item in action.when.questions()}
        recommendation = shown(evaluate(framework, answers)).get(action.id)
        if recommendation is None:
            continue
        assert not action.when.holds(effective_answers(framework, answers)), action.id
        unexpected = {(flag, action.id) for flag in recommendation.flags} \
            - KNOWN_BRANCH_MISMATCHES
        assert not unexpected, f"{action.id} is shown through {sorted(unexpected)}"


# -- what a raised flag names ---------------------------------------------------------------

def branches(condition) -> list[list[AnswerCondition]]:
    """The condition as alternatives of comparisons (it holds when all of one branch do)."""
    if isinstance(condition, AnswerCondition):
        return [[condition]]
    if isinstance(condition, AnyOf):
        return [branch for item in condition.items for branch in branches(item)]
    if isinstance(condition, AllOf):
        return [sum(combo, []) for combo in
                itertools.product(*(branches(item) for item in condition.items))]
    raise AssertionError(f"no 'not' expected in the shipped flags: {condition}")


def closest_to_the_top(branch) -> dict:
    """The answers that satisfy one branch while being as good as it allows."""
    answers: dict = {}
    for comparison in branch:
        if comparison.operator == "is":
            value = comparison.operand[0]
        else:
            value = comparison.operand
        if comparison.operator == "at_most" and comparison.question in answers:
            value = min(value, answers[comparison.question])
        answers[comparison.question] = value
    return answers


def test_a_raised_flag_names_only_actions_its_answers_call_for(framework):
    """Whatever branch raises a flag, the actions it names are called for by the same
    answers, even when every other answer they ask about is at the top: a flag does not
    show an action the group's answers say is already done."""
    mismatches = set()
    for flag in framework.flags:
        for branch in branches(flag.when):
            base = closest_to_the_top(branch)
            for action_id in flag.actions:
                action = framework.action(action_id)
                answers = {item: top(framework, item)
                           for item in action.when.questions()} | base
                read = effective_answers(framework, answers)
                assert flag.when.holds(read), (flag.id, branch)
                if not action.when.holds(read):
                    mismatches.add((flag.id, action_id))
    assert mismatches == KNOWN_BRANCH_MISMATCHES
