"""Disagreement that sees roles (docs/scoring.md, "Disagreement"): besides the IQR rule, the
residents' and the professionals' medians two levels apart, and low agreement on any two
adjacent levels. The levels are those of the mini framework's 4-level question."""

from __future__ import annotations

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.roles import PROFESSIONALS, RESIDENTS, ROLES, side
from readiness.scoring.aggregate import (
    HIDDEN_ROLES,
    KIND_AGREEMENT,
    KIND_ROLES,
    KIND_SPREAD,
    Member,
    disagreement_kinds,
    group_profile,
    shared_profile,
)

QUESTION = "alpha.one"


def members(*groups: tuple[str, int, object]) -> list[Member]:
    """(role, how many, answer) → that many members giving that answer to QUESTION."""
    return [Member(role, {QUESTION: answer}) for role, count, answer in groups
            for _ in range(count)]


def question(group):
    return next(q for q in group.questions if q.question_id == QUESTION)


def test_two_residents_against_six_managers_is_disagreement_the_iqr_rule_misses(mini):
    assert mini.question(QUESTION).levels == 4
    group = group_profile(mini, members(("resident", 2, 1), ("manager", 6, 4)))
    disputed = question(group)
    # 1 1 4 4 4 4 4 4: quartiles 3.25 and 4, IQR 0.75 (consensus by the Delphi rule); 6 of 8
    # on levels 3–4 (75 %, not low); the residents' median 1, the managers' 4: 3 levels.
    assert disputed.levels.iqr == 0.75
    assert disputed.kinds == (KIND_ROLES,)
    assert disputed.disagreement
    assert [q.question_id for q in group.widest_disagreement] == [QUESTION]
    assert {name: s.median for name, s in disputed.sides.items()} == {
        "residents": 1, "professionals": 4}
    assert {role: s.median for role, s in disputed.role_levels.items()} == {
        "resident": 1, "manager": 4}
    assert disputed.width == 3


def test_the_mirror_case_counts_too(mini):
    disputed = question(group_profile(mini, members(("manager", 2, 1), ("resident", 6, 4))))
    assert disputed.kinds == (KIND_ROLES,)
    assert (disputed.sides["residents"].median, disputed.sides["professionals"].median) == (4, 1)


@pytest.mark.parametrize(("groups", "kinds"), [
    # One resident cannot make a side: a single person is not the residents' view.
    ((("resident", 1, 1), ("manager", 7, 4)), ()),
    # The association speaks as residents; staff and partners as professionals.
    ((("residents_association", 2, 1), ("staff", 3, 4), ("partner", 3, 4)), (KIND_ROLES,)),
    # Politicians and "other" count in neither side.
    ((("politician", 2, 1), ("manager", 6, 4)), ()),
    ((("other", 2, 1), ("manager", 6, 4)), ()),
    # Two levels apart is enough; one is not: 2 2 3 3 3 3 3 3 / 1 1 3 3 3 3 3 3.
    ((("resident", 2, 2), ("staff", 6, 3)), ()),
    ((("resident", 2, 1), ("staff", 6, 3)), (KIND_ROLES,)),
])
def test_which_roles_make_the_sides_and_how_many_of_each(mini, groups, kinds):
    assert question(group_profile(mini, members(*groups))).kinds == kinds


def test_dont_know_is_no_level_for_any_rule(mini):
    # Two residents, one of whom does not know: one resident's level is no side.
    group = group_profile(mini, members(("resident", 1, 1), ("resident", 1, DONT_KNOW),
                                        ("manager", 6, 4)))
    disputed = question(group)
    assert disputed.kinds == () and disputed.sides["residents"].count == 1
    # Don't-knows do not make agreement low either: 3 3 4 and five don't know.
    group = group_profile(mini, members(("staff", 2, 3), ("staff", 1, 4),
                                        ("staff", 5, DONT_KNOW)))
    assert question(group).kinds == ()


def test_too_few_answers_to_judge(mini):
    # Two levels far apart: no rule judges two answers (MIN_FOR_SPREAD 3, a side needs 2).
    assert question(group_profile(mini, members(("resident", 1, 1), ("staff", 1, 4)))).kinds == ()
    assert disagreement_kinds([]) == ()


def test_only_the_small_group_agreement_measure_fires(mini):
    # 1 2 2 3 3 4, all staff: quartiles 2 and 3, IQR 1 (consensus by the Delphi rule), one
    # side only; at most 4 of 6 (67 %) on any two adjacent levels, below 70 %.
    disputed = question(group_profile(mini, [Member("staff", {QUESTION: level})
                                             for level in (1, 2, 2, 3, 3, 4)]))
    assert disputed.levels.iqr == 1
    assert disputed.kinds == (KIND_AGREEMENT,)
    # With one answer moved from 1 to 2, 5 of 6 (83 %) lie on levels 2–3: no disagreement.
    assert disagreement_kinds([("staff", v) for v in (2, 2, 2, 2, 3, 4)]) == ()


def test_every_kind_named_and_widest_first(mini):
    given = [("resident", 1), ("resident", 1), ("resident", 1),
             ("manager", 4), ("manager", 4), ("manager", 4)]
    assert disagreement_kinds(given) == (KIND_SPREAD, KIND_ROLES, KIND_AGREEMENT)
    answers = [{"alpha.one": 1, "alpha.two": 1}, {"alpha.one": 1, "alpha.two": 2},
               {"alpha.one": 4, "alpha.two": 3}, {"alpha.one": 4, "alpha.two": 4}]
    group = group_profile(mini, [Member(role, a) for role, a in zip(
        ["resident", "resident", "staff", "staff"], answers, strict=True)])
    # alpha.one: residents 1, staff 4: 3 levels apart; alpha.two: 1.5 against 3.5: 2.
    assert [q.question_id for q in group.widest_disagreement][:2] == ["alpha.one", "alpha.two"]


def test_the_sides_cover_the_roles_as_documented():
    assert set(RESIDENTS) | set(PROFESSIONALS) | {"politician", "other"} == set(ROLES)
    assert not set(RESIDENTS) & set(PROFESSIONALS)
    assert [side(role) for role in ROLES] == [
        "residents", "residents", "professionals", "professionals", "professionals", None, None]


def test_participants_see_a_role_split_only_where_each_side_is_large_enough(mini):
    # 2 residents against 6 managers: the room knows the two residents, so "residents
    # and professionals apart" would tell their answers: not shown to participants.
    full = group_profile(mini, members(("resident", 2, 1), ("manager", 6, 4)))
    shared = shared_profile(full, 3)
    disputed = question(shared)
    assert disputed.kinds == () and not disputed.disagreement
    assert shared.widest_disagreement == ()
    assert "residents" not in disputed.sides and "resident" not in disputed.role_levels
    assert disputed.role_levels["manager"].median == 4  # six managers: may be shown
    assert HIDDEN_ROLES in shared.hidden
    # 3 residents against 5 managers: each side stands for 3 or more, and is shown.
    shared = shared_profile(group_profile(mini, members(("resident", 3, 1),
                                                        ("manager", 5, 4))), 3)
    disputed = question(shared)
    assert KIND_ROLES in disputed.kinds
    assert {name: s.median for name, s in disputed.sides.items()} == {
        "residents": 1, "professionals": 4}


def test_participants_see_the_agreement_kind_only_above_the_minimum_group_size(mini):
    full = group_profile(mini, [Member("staff", {QUESTION: level})
                                for level in (1, 2, 2, 3, 3, 4, DONT_KNOW)])
    assert question(shared_profile(full, 6)).kinds == (KIND_AGREEMENT,)
    assert question(shared_profile(full, 6)).adjacent == pytest.approx(4 / 6)
    # Seven members, but only six gave a level: a share of six is not shown to a room
    # that may see numbers of seven or more only.
    assert question(shared_profile(full, 7)).kinds == ()
    assert question(shared_profile(full, 7)).adjacent is None
