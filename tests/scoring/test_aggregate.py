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
    assert not [q for q in shared.questions
                if q.disagreement or any(q.counts.values()) or q.by_role]
    assert group_flags_html(mini, shared, "sv") == disagreement_html(mini, shared, "sv") == ""
    assert "minst 3 deltagare" in hidden_notes_html(shared, "sv")


def test_the_setting_decides_what_is_hidden(mini, monkeypatch):
    from readiness.scoring.aggregate import shared_profile

    residents = [Member("resident", {"beta.one": 1, "beta.two": 1}) for _ in range(3)]
    group = group_profile(mini, residents + one_resident_two_staff()[1:])
    assert "resident" in shared_profile(group).by_role  # the default, 3
    monkeypatch.setenv("READINESS_MIN_GROUP_SIZE", "4")
    assert shared_profile(group).by_role == {}


def test_the_facilitator_sees_every_role_s_count_of_every_option(mini):
    members = [Member("resident", {"alpha.one": 1}), Member("resident", {"alpha.one": 1}),
               Member("staff", {"alpha.one": 4}), Member("manager", {"alpha.one": DONT_KNOW}),
               Member("manager", {})]
    question = group_profile(mini, members).questions[0]
    assert question.by_role == {
        "manager": {1: 0, 2: 0, 3: 0, 4: 0, DONT_KNOW: 1},
        "resident": {1: 2, 2: 0, 3: 0, 4: 0, DONT_KNOW: 0},
        "staff": {1: 0, 2: 0, 3: 0, 4: 1, DONT_KNOW: 0}}


def _question(members, mini, size=3):
    from readiness.scoring.aggregate import shared_profile

    group = group_profile(mini, members)
    return group.questions[0], shared_profile(group, size)


def test_participants_see_counts_by_role_only_for_roles_of_the_minimum_size(mini):
    from readiness.scoring.aggregate import HIDDEN_COUNTS

    residents = [Member("resident", {"alpha.one": 1}) for _ in range(3)]
    staff = [Member("staff", {"alpha.one": 4}) for _ in range(3)]
    partners = [Member("partner", {"alpha.one": level}) for level in (2, 2, 3)]
    _full, shared = _question(residents + staff + partners, mini)
    question = shared.questions[0]
    # Partners (three) chose 2 and 3: counts of two and one, so their row is left out.
    assert question.by_role == {
        "resident": {1: 3, 2: None, 3: None, 4: None, DONT_KNOW: None},
        "staff": {1: None, 2: None, 3: None, 4: 3, DONT_KNOW: None}}
    assert HIDDEN_COUNTS in shared.hidden
    # One manager beside them: the group's counts less the two roles' would be the
    # manager's own answer, so no role's counts are shown at all.
    _full, shared = _question(residents + staff + [Member("manager", {"alpha.one": 4})], mini)
    assert shared.questions[0].by_role == {}
    # One role alone is the group itself: nothing to break down.
    _full, shared = _question(residents, mini)
    assert shared.questions[0].by_role == {}


def test_no_count_by_role_can_be_worked_out_from_the_shown_ones(mini):
    """The group's count of an option is shown, and so are the roles' members: a role's
    count that is the only one missing from its option's column would be the difference."""
    residents = [Member("resident", {"alpha.one": 1}) for _ in range(3)]
    staff = [Member("staff", {"alpha.one": level}) for level in (1, 1, 4)]
    full, shared = _question(residents + staff, mini)
    assert full.counts[1] == 5 and shared.questions[0].counts[1] == 5  # shown
    # Residents' 3 alone would give away that two staff chose 1: both are hidden.
    assert shared.questions[0].by_role == {}


def _derivable(shared_question, full_question, role_members, size):
    """Counts of 1 to size - 1 that can be worked out from what a shared view shows: the
    group's shown counts, each shown role count, and each role's row total (the room
    knows its members), with the roles not shown as one more row."""
    shown = shared_question.by_role
    roles = list(shown)
    values = list(full_question.counts)
    rest_members = sum(role_members.values()) - sum(role_members[r] for r in roles)
    rows = roles + (["rest"] if rest_members else [])
    true = {(r, v): (full_question.by_role[r][v] if r != "rest" else
                     full_question.counts[v] - sum(full_question.by_role[x][v] for x in roles))
            for r in rows for v in values}
    known = {(r, v) for r in roles for v in values if shown[r][v] is not None}
    lines = [[(r, v) for v in values] for r in rows]
    lines += [[(r, v) for r in rows] for v in values
              if shared_question.counts[v] is not None]
    derived = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            missing = [cell for cell in line if cell not in known]
            if len(missing) == 1:
                known.add(missing[0])
                derived.add(missing[0])
                changed = True
    return {cell for cell in derived if 0 < true[cell] < size}


def test_over_many_groups_no_small_count_by_role_can_be_worked_out(mini):
    import random

    from readiness.scoring.aggregate import shared_profile

    chance = random.Random(15)
    shown_rows = 0
    levels = (1, 2, 3, 4, DONT_KNOW)
    for attempt in range(800):
        # Members of a role mostly see it alike (each role has a level it mostly chooses),
        # or, every other time, answer at random.
        alike = 0.7 if attempt % 2 else 0.0
        usual = {role: chance.choice(levels) for role in ("resident", "staff", "manager",
                                                          "partner")}
        members = []
        for _member in range(chance.randint(3, 14)):
            role = chance.choice(tuple(usual))
            level = usual[role] if chance.random() < alike else chance.choice(levels)
            members.append(Member(role, {"alpha.one": level}))
        group = group_profile(mini, members)
        shared = shared_profile(group, 3)
        full, question = group.questions[0], shared.questions[0]
        for role, counts in question.by_role.items():
            assert group.role_members[role] >= 3
            assert all(c is None or (c >= 3 and c == full.by_role[role][v])
                       for v, c in counts.items())
        assert not _derivable(question, full, group.role_members, 3)
        shown_rows += len(question.by_role)
    assert shown_rows > 50  # the rule still shows roles' counts where it safely can


def test_the_new_roles_have_their_own_place_in_the_group_s_split(mini):
    """A residents' association (or board) and elected politicians are split out like
    any role, listed in the order the pages offer the roles; a shared view shows each only
    once three stand behind it."""
    from readiness.roles import ROLES
    from readiness.scoring.aggregate import shared_profile

    board = [Member("residents_association", {"beta.one": 4, "beta.two": 3})
             for _ in range(3)]
    politicians = [Member("politician", {"beta.one": 1, "beta.two": 2}) for _ in range(3)]
    resident = [Member("resident", {"beta.one": 2, "beta.two": 2})]
    group = group_profile(mini, politicians + resident + board)
    assert list(group.by_role) == ["resident", "residents_association", "politician"]
    assert list(group.by_role) == [role for role in ROLES if role in group.by_role]
    assert group.by_role["residents_association"]["beta"].median == 100.0
    assert group.by_role["politician"]["beta"].median == 25.0
    assert group.role_members == {"politician": 3, "resident": 1, "residents_association": 3}
    beta_one = next(q for q in group.questions if q.question_id == "beta.one")
    assert beta_one.by_role["politician"][1] == 3
    assert beta_one.by_role["residents_association"][4] == 3
    shared = shared_profile(group, 3)
    assert list(shared.by_role) == ["residents_association", "politician"]  # one resident: no
    assert "resident" not in shared.role_members


def test_with_every_role_in_the_room_no_one_s_answer_can_be_worked_out(mini):
    """Seven roles make smaller cells: over many groups of 3 to 30 members spread over
    every role, a shared view shows a role only where three stand behind it, and no count
    of 1 or 2 by role can be worked out from what it shows."""
    import random

    from readiness.roles import ROLES
    from readiness.scoring.aggregate import shared_profile

    chance = random.Random(16)
    levels = (1, 2, 3, 4, DONT_KNOW)
    shown_rows = lone_hidden = 0
    for attempt in range(600):
        alike = 0.8 if attempt % 2 else 0.0
        usual = {role: chance.choice(levels) for role in ROLES}
        weights = [chance.random() for _ in ROLES]  # some roles crowded, some alone
        members = []
        for _member in range(chance.randint(3, 30)):
            role = chance.choices(ROLES, weights)[0]
            level = usual[role] if chance.random() < alike else chance.choice(levels)
            members.append(Member(role, {"alpha.one": level, "beta.one": level,
                                         "beta.two": chance.choice(levels[:3])}))
        group = group_profile(mini, members)
        shared = shared_profile(group, 3)
        small = {role for role, n in group.role_members.items() if n < 3}
        assert not small & (set(shared.by_role) | set(shared.role_members))
        for full, question in zip(group.questions, shared.questions, strict=True):
            assert not small & set(question.by_role)
            for role, counts in question.by_role.items():
                assert all(c is None or (c >= 3 and c == full.by_role[role][v])
                           for v, c in counts.items())
            assert not _derivable(question, full, group.role_members, 3)
            shown_rows += len(question.by_role)
        lone_hidden += sum(1 for n in group.role_members.values() if n == 1)
    assert lone_hidden > 300  # many a lone politician or board member was in the room
    assert shown_rows > 100  # and roles' counts are still shown where that is safe
