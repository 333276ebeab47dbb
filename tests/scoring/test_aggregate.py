"""Does the group view keep disagreement visible, with the published rule?"""

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.scoring.aggregate import Member, group_profile, spread


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
    from readiness.scoring.group_summary import (
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


# -- what participants and shareable reports see (the minimum group size) ------------------

def test_the_minimum_group_size_is_a_setting_with_a_clear_error(monkeypatch):
    from readiness.errors import ReadinessError
    from readiness.scoring.aggregate import min_group_size

    monkeypatch.delenv("READINESS_MIN_GROUP_SIZE", raising=False)
    assert min_group_size() == 3
    monkeypatch.setenv("READINESS_MIN_GROUP_SIZE", " 5 ")
    assert min_group_size() == 5
    for bad in ("1", "0", "-3", "2.5", "three"):
        monkeypatch.setenv("READINESS_MIN_GROUP_SIZE", bad)
        with pytest.raises(ReadinessError, match=r"READINESS_MIN_GROUP_SIZE=.*2 or more"):
            min_group_size()


def test_small_counts_are_hidden_and_one_alone_takes_another_with_it():
    from readiness.scoring.aggregate import hide_small_counts

    assert hide_small_counts({1: 1, 2: 0, 3: 5, 4: 3}, 3) == {1: None, 2: None, 3: 5, 4: 3}
    # Only "don't know" would be hidden: the total would give it away, so 3 goes too.
    counts = {1: 4, 2: 5, 3: 3, 4: 6, DONT_KNOW: 1}
    assert hide_small_counts(counts, 3) == {1: 4, 2: 5, 3: None, 4: 6, DONT_KNOW: None}
    assert hide_small_counts({1: 3, 2: 4}, 3) == {1: 3, 2: 4}


def one_resident_two_staff():
    return [Member("resident", {"beta.one": 1, "beta.two": 1, "gate.open": "closed"}),
            Member("staff", {"beta.one": 4, "beta.two": 3}),
            Member("staff", {"beta.one": 4, "beta.two": 3})]


def test_participants_see_no_one_member_role_nor_counts_below_the_minimum(mini):
    from readiness.render.charts import group_chart_series
    from readiness.render.html_group import disagreement_html, group_flags_html, hidden_notes_html
    from readiness.scoring.aggregate import HIDDEN_COUNTS, HIDDEN_ROLES, shared_profile

    group = group_profile(mini, one_resident_two_staff())
    shared = shared_profile(group, 3)
    # The facilitator's profile keeps the resident's own scores ...
    assert group.by_role["resident"]["beta"].median == 0.0
    assert group.role_members == {"resident": 1, "staff": 2}
    beta_one = next(q for q in group.questions if q.question_id == "beta.one")
    assert beta_one.counts[1] == 1 and beta_one.counts[4] == 2
    # ... the shared one has no role at all (staff are two), and no count below 3.
    assert shared.by_role == {} and {HIDDEN_ROLES, HIDDEN_COUNTS} <= shared.hidden
    assert [s.name for s in group_chart_series(shared, "en")] == ["Group (median)"]
    assert len(group_chart_series(group, "en")) == 3
    assert shared.dimensions["beta"] == group.dimensions["beta"]  # three stand behind it
    shared_beta_one = next(q for q in shared.questions if q.question_id == "beta.one")
    assert set(shared_beta_one.counts.values()) == {None}
    assert shared.flags and {count for _flag, count in shared.flags} == {None}
    notes = hidden_notes_html(shared, "en")
    assert "A role is shown on its own only where at least 3 members" in notes
    assert "A number of members below 3 is not shown" in notes
    assert "raised by fewer than 3 of 3" in group_flags_html(mini, shared, "en")
    assert hidden_notes_html(group, "en") == ""  # the facilitator's view hides nothing
    html = disagreement_html(mini, shared, "en")
    assert 'class="rw-count-n">1<' not in html and 'class="rw-count-n">2<' not in html


def test_a_role_of_three_is_shown_and_a_smaller_one_beside_it_is_not(mini):
    from readiness.render.charts import group_chart_series
    from readiness.scoring.aggregate import shared_profile

    residents = [Member("resident", {"beta.one": 1, "beta.two": 1}) for _ in range(3)]
    staff = [Member("staff", {"beta.one": 4, "beta.two": 3}) for _ in range(2)]
    shared = shared_profile(group_profile(mini, residents + staff), 3)
    names = [s.name for s in group_chart_series(shared, "en")]
    assert names == ["Group (median)", "Resident"]  # staff (2) count in the median only
    assert shared.by_role["resident"]["beta"].median == 0.0
    beta_one = next(q for q in shared.questions if q.question_id == "beta.one")
    assert beta_one.counts[1] == 3 and beta_one.counts[4] is None  # hidden with its pair
    both = shared_profile(group_profile(mini, residents + staff + staff[:1]), 3)
    assert [s.name for s in group_chart_series(both, "en")] == [
        "Group (median)", "Resident", "Staff"]


def test_a_group_below_the_minimum_shows_participants_nothing(mini):
    from readiness.render.html_group import disagreement_html, group_flags_html, hidden_notes_html
    from readiness.scoring.aggregate import HIDDEN_GROUP, shared_profile

    pair = [Member("resident", {"beta.one": 1, "beta.two": 1, "gate.open": "closed"}),
            Member("staff", {"beta.one": 4, "beta.two": 3})]
    shared = shared_profile(group_profile(mini, pair), 3)
    assert shared.hidden == {HIDDEN_GROUP}
    assert all(s.median is None for s in shared.dimensions.values())
    assert shared.flags == () and shared.by_role == {}
    assert not [q for q in shared.questions if q.disagreement or any(q.counts.values())]
    assert group_flags_html(mini, shared, "sv") == disagreement_html(mini, shared, "sv") == ""
    assert "minst 3 deltagare" in hidden_notes_html(shared, "sv")


def test_the_setting_decides_what_is_hidden(mini, monkeypatch):
    from readiness.scoring.aggregate import shared_profile

    residents = [Member("resident", {"beta.one": 1, "beta.two": 1}) for _ in range(3)]
    group = group_profile(mini, residents + one_resident_two_staff()[1:])
    assert "resident" in shared_profile(group).by_role  # the default, 3
    monkeypatch.setenv("READINESS_MIN_GROUP_SIZE", "4")
    assert shared_profile(group).by_role == {}
