"""Does the group view keep disagreement visible, with the published rule?"""

import pytest

from readiness.aggregate import Member, group_profile, spread
from readiness.conditions import DONT_KNOW


def test_spread_uses_inclusive_quartiles():
    assert spread([]).median is None and spread([]).iqr is None
    single = spread([40.0])
    assert (single.median, single.iqr) == (40.0, 0.0)
    values = spread([0, 100, 50, 25, 75])
    assert (values.q1, values.median, values.q3, values.iqr) == (25, 50, 75, 50)


def test_group_median_and_spread_per_dimension(mini):
    members = [Member("resident", {"beta.one": 1, "beta.two": 1}),
               Member("staff", {"beta.one": 4, "beta.two": 3}),
               Member("staff", {"beta.one": 4}),
               Member("manager", {"alpha.one": 4})]
    group = group_profile(mini, members)
    assert group.members == 4
    beta = group.dimensions["beta"]
    assert beta.count == 3  # the manager answered too little of beta to be scored
    assert (beta.q1, beta.median, beta.q3) == (50.0, 100.0, 100.0)
    assert group.dimensions["alpha"].count == 0  # one of four answered: nobody scored
    assert group.by_role["resident"]["beta"].median == 0.0
    assert group.by_role["staff"]["beta"].median == 100.0
    assert set(group.by_role) == {"resident", "staff", "manager"}


def test_question_distribution_counts_dont_know_apart(mini):
    members = [Member("staff", {"alpha.one": 2}), Member("staff", {"alpha.one": DONT_KNOW}),
               Member("staff", {"alpha.one": 2}), Member("staff", {})]
    questions = group_profile(mini, members).questions
    question = next(q for q in questions if q.question_id == "alpha.one")
    assert question.counts == {1: 0, 2: 2, 3: 0, 4: 0, DONT_KNOW: 1}
    assert question.levels.count == 2 and question.disagreement is False


@pytest.mark.parametrize(("levels", "disagree"), [
    ([1, 4, 1, 4], True),      # IQR 3
    ([2, 2, 3, 3], False),     # IQR 1: consensus by the published rule
    ([1, 2, 3, 4], True),      # IQR 1.5
    ([1, 4], False),           # too few answers to judge
])
def test_disagreement_rule(mini, levels, disagree):
    members = [Member("staff", {"alpha.one": level}) for level in levels]
    question = group_profile(mini, members).questions[0]
    assert question.disagreement is disagree


def test_widest_disagreement_first_and_flags_counted(mini):
    members = [Member("resident", {"alpha.one": 1, "alpha.two": 1, "beta.one": 1}),
               Member("staff", {"alpha.one": 4, "alpha.two": 2, "beta.one": 4}),
               Member("staff", {"alpha.one": 4, "alpha.two": 3, "beta.one": 4}),
               Member("manager", {"alpha.one": 1, "alpha.two": 2, "gate.open": "closed"})]
    group = group_profile(mini, members)
    assert [q.question_id for q in group.widest_disagreement][0] == "alpha.one"
    assert "alpha.two" not in [q.question_id for q in group.widest_disagreement]
    counts = {flag.id: count for flag, count in group.flags}
    assert counts == {"flag.too-big": 1, "flag.closed": 1}


def test_gate_caps_are_applied_per_member(mini):
    members = [Member("staff", {"gate.open": "closed", "alpha.one": 4}) for _ in range(3)]
    question = group_profile(mini, members).questions[0]
    assert question.counts[2] == 3 and question.counts[4] == 0  # read as level 2


def test_prompts_completion_and_what_moved(framework):
    from readiness.group_summary import (
        complete_members,
        discussion_prompt,
        moved_dimensions,
        option_label,
    )

    purpose = [q.id for q in framework.questions_in("purpose")]
    everything = {q.id: 2 for q in framework.questions}
    low, high = {q: 1 for q in purpose}, {q: 4 for q in purpose}
    split = [Member("resident", low), Member("resident", low), Member("staff", high),
             Member("staff", dict(everything))]
    assert complete_members(framework, split) == 1  # only the last answered half or more
    group = group_profile(framework, split)
    widest = group.widest_disagreement[0]
    prompt = discussion_prompt(framework, widest, "sv")
    assert option_label(framework, widest.question_id, 1, "sv") in prompt
    assert option_label(framework, widest.question_id, 4, "sv") in prompt
    later = group_profile(framework, [Member("staff", {q: 4 for q in purpose})] * 3)
    moves = moved_dimensions(framework, [group, later])
    assert [m.dimension_id for m in moves] == ["purpose"]
    assert moves[0].before == group.dimensions["purpose"].median and moves[0].after == 100.0
    assert moved_dimensions(framework, [later, later]) == []
    assert moved_dimensions(framework, [later]) == []
