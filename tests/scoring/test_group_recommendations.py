"""Which actions a group's answers call for: each action once, with how many members' own
answers call for it and why, in framework order."""

from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.aggregate import Member, group_recommendations
from readiness.scoring.evaluation import evaluate


def called(framework, members):
    return [(r.action.id, r.members_calling, r.questions, r.flags)
            for r in group_recommendations(framework, members)]


def test_each_action_once_with_how_many_members_call_for_it_in_framework_order(mini):
    members = [Member("resident", {"beta.one": 1, "alpha.two": 2}),
               Member("staff", {"alpha.one": 1}),
               Member("staff", {q.id: 4 for q in mini.questions}),
               Member("partner", {"gate.open": "closed"})]
    assert called(mini, members) == [
        # framework order: alpha's action first, whoever called for it first
        ("action.narrow", 3, ("gate.open", "alpha.one", "alpha.two"), ("flag.closed",)),
        ("action.beta", 2, ("gate.open", "beta.one"), ("flag.closed",)),
    ]


def test_one_member_gets_what_their_own_evaluation_calls_for(mini):
    answers = {"alpha.one": 2, "beta.one": 1, "beta.two": DONT_KNOW}
    own = evaluate(mini, answers).actions
    assert called(mini, [Member("staff", answers)]) == [
        (r.action.id, 1, r.questions, r.flags) for r in own]
    assert own  # the case is not empty


def test_no_action_without_answers_calling_for_one(mini):
    assert group_recommendations(mini, []) == ()
    top = {q.id: q.levels for q in mini.questions} | {"gate.open": "open"}
    assert group_recommendations(mini, [Member("staff", top), Member("resident", {})]) == ()
    unsure = {q.id: DONT_KNOW for q in mini.questions}  # "don't know" claims nothing
    assert "action.narrow" not in {r.action.id for r in
                                   group_recommendations(mini, [Member("staff", unsure)])}


def test_the_default_framework_lowest_answers_call_for_actions_of_every_dimension(framework):
    lowest = {q.id: 1 for q in framework.questions}
    found = group_recommendations(framework, [Member("staff", lowest)] * 2)
    assert {r.action.dimension for r in found} == {d.id for d in framework.dimensions}
    assert all(r.members_calling == 2 for r in found)
    order = [a.id for a in framework.actions]
    assert [r.action.id for r in found] == sorted((r.action.id for r in found),
                                                  key=order.index)
