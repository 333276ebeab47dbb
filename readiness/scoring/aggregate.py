"""A group's answers taken together: spread per dimension, per question and per role.

Disagreement is kept, not averaged away. The published rule (docs/scoring.md):

* per dimension: the median of the members' scores, with the interquartile range;
* per question: how many chose each level (and don't know), in all and by role, and
  each role's median level; the members **disagree** (:func:`disagreement_kinds`) when
  - *spread*: at least ``MIN_FOR_SPREAD`` gave a level and the interquartile range of those
    levels is more than ``CONSENSUS_IQR`` (1 level), after the consensus convention of
    Delphi studies;
  - *roles*: the median levels of the residents and of the professionals
    (``roles.side``), each at least ``MIN_PER_SIDE`` members, lie ``ROLE_GAP`` (2 levels)
    or more apart;
  - *agreement*: at least ``MIN_FOR_SPREAD`` gave a level and fewer than
    ``LOW_AGREEMENT`` (70 %) of them lie on any two adjacent levels;
* per red flag: how many members' own answers raise it;
* per action: how many members' own answers call for it (:func:`group_recommendations`).

Quartiles are the "inclusive" ones (linear interpolation between the members' values).

What participants and shareable reports see is :func:`shared_profile`: every number there
stands for at least the published minimum group size (:func:`min_group_size`), as
statistics offices suppress small cells, so no one's answers can be picked out.
"""

from __future__ import annotations

import os
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from readiness.errors import ReadinessError
from readiness.framework.conditions import DONT_KNOW, AnswerValue
from readiness.framework.model import Action, Flag, Framework
from readiness.roles import role_order, side
from readiness.scoring.agreement import percent_agreement
from readiness.scoring.answers import effective_answers, score_profile
from readiness.scoring.evaluation import raised_flags, recommendations

CONSENSUS_IQR = 1.0
MIN_FOR_SPREAD = 3
ROLE_GAP = 2.0
"""Levels between the residents' and the professionals' medians that count as apart."""
MIN_PER_SIDE = 2
"""Members of each side who gave a level before the sides are compared."""
LOW_AGREEMENT = 0.70
"""Below this share of the levels given on any two adjacent levels: low agreement."""

# The kinds of disagreement, in the order the lists name them (docs/scoring.md).
KIND_SPREAD = "spread"
KIND_ROLES = "roles"
KIND_AGREEMENT = "agreement"
SIDES = ("residents", "professionals")
MIN_GROUP_SIZE_VARIABLE = "READINESS_MIN_GROUP_SIZE"
DEFAULT_MIN_GROUP_SIZE = 3

# What a shared view has hidden; each has a line saying why (html_group.hidden_notes_html).
HIDDEN_GROUP = "group"
HIDDEN_DIMENSIONS = "dimensions"
HIDDEN_ROLES = "roles"
HIDDEN_COUNTS = "counts"

Key = TypeVar("Key")


def min_group_size() -> int:
    """The published minimum group size: the fewest members a number shown to participants
    or in a shareable report may stand for (``READINESS_MIN_GROUP_SIZE``, default 3)."""
    text = os.environ.get(MIN_GROUP_SIZE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MIN_GROUP_SIZE
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 2:
        raise ReadinessError(
            f"{MIN_GROUP_SIZE_VARIABLE}={text!r}: give a whole number of 2 or more (the "
            f"default is {DEFAULT_MIN_GROUP_SIZE}); 1 would show one person's answers")
    return int(text)


@dataclass(frozen=True)
class Member:
    role: str
    answers: Mapping[str, AnswerValue]


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of some values; all None when there are none."""

    count: int
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None else self.q3 - self.q1


@dataclass(frozen=True)
class QuestionSpread:
    question_id: str
    counts: Mapping[AnswerValue, int | None]
    """Members per level, and per "dont_know" (None: hidden in a shared view)."""
    levels: Spread
    disagreement: bool
    answered: int
    """How many members answered it ("don't know" included)."""
    by_role: Mapping[str, Mapping[AnswerValue, int | None]] = field(default_factory=dict)
    """Members per level (and "dont_know") within each role, roles in the order the pages
    offer them (``roles.ROLES``). In a shared view only roles and counts that may be shown
    (:func:`shared_role_counts`): often none."""
    kinds: tuple[str, ...] = ()
    """Why it counts as disagreement: KIND_SPREAD, KIND_ROLES, KIND_AGREEMENT, in that
    order (empty: it does not)."""
    role_levels: Mapping[str, Spread] = field(default_factory=dict)
    """The levels each role gave (its median), roles in ``roles.ROLES`` order. In a shared
    view only roles of at least the minimum group size with that many levels given."""
    sides: Mapping[str, Spread] = field(default_factory=dict)
    """The levels the residents and the professionals gave (``SIDES``). In a shared view
    only a side with at least the minimum group size of levels given."""
    adjacent: float | None = None
    """The largest share of the levels given that lie on two adjacent levels (None with no
    level, or in a shared view where fewer than the minimum group size gave one)."""

    @property
    def width(self) -> float:
        """How far apart the answers lie: the larger of the IQR and the gap between the
        residents' and the professionals' medians (0 with nothing to measure)."""
        return max(self.levels.iqr or 0.0, side_gap(self.sides) or 0.0)


@dataclass(frozen=True)
class GroupProfile:
    members: int
    dimensions: Mapping[str, Spread]
    by_role: Mapping[str, Mapping[str, Spread]]
    """Each role's spreads per dimension, roles in ``roles.ROLES`` order."""
    questions: tuple[QuestionSpread, ...]
    flags: tuple[tuple[Flag, int | None], ...]
    """Each flag raised by at least one member, with how many raise it (None: hidden)."""
    role_members: Mapping[str, int]
    """How many members answer as each role."""
    min_size: int | None = None
    """Set in a shared view: numbers standing for fewer members are hidden."""
    hidden: frozenset[str] = frozenset()
    """What a shared view has hidden: HIDDEN_GROUP, _DIMENSIONS, _ROLES, _COUNTS."""

    @property
    def widest_disagreement(self) -> tuple[QuestionSpread, ...]:
        """Questions on which members disagree, widest first (``QuestionSpread.width``),
        then those that more rules call disagreement."""
        disputed = [q for q in self.questions if q.disagreement]
        return tuple(sorted(disputed, key=lambda q: (-q.width, -len(q.kinds), q.question_id)))


def spread(values: Iterable[float]) -> Spread:
    values = sorted(values)
    if not values:
        return Spread(0, None, None, None)
    if len(values) == 1:
        return Spread(1, values[0], values[0], values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), median, q1, q3)


def levels_disagree(levels: Spread) -> bool:
    """The disagreement rule: at least ``MIN_FOR_SPREAD`` levels given and their
    interquartile range more than ``CONSENSUS_IQR`` (also used by ``readiness.data``)."""
    return levels.count >= MIN_FOR_SPREAD and levels.iqr > CONSENSUS_IQR


def side_gap(sides: Mapping[str, Spread]) -> float | None:
    """Levels between the residents' and the professionals' medians, when each side has
    at least ``MIN_PER_SIDE`` levels given; None otherwise."""
    if any(sides.get(name, spread([])).count < MIN_PER_SIDE for name in SIDES):
        return None
    return abs(sides["residents"].median - sides["professionals"].median)


def disagreement_kinds(given: Iterable[tuple[str, AnswerValue]]) -> tuple[str, ...]:
    """Which rules call a question's answers, given as (role, answer) pairs, disagreement
    (don't know left out): KIND_SPREAD (:func:`levels_disagree`), KIND_ROLES (the
    residents' and the professionals' medians ``ROLE_GAP`` or more apart, each side at
    least ``MIN_PER_SIDE``), KIND_AGREEMENT (at least ``MIN_FOR_SPREAD`` levels, fewer
    than ``LOW_AGREEMENT`` of them on any two adjacent levels)."""
    levels = [(role, value) for role, value in given if value != DONT_KNOW]
    return _kinds([v for _r, v in levels], _sides(levels))


def _sides(levels: list[tuple[str, AnswerValue]]) -> dict[str, Spread]:
    return {name: spread(v for role, v in levels if side(role) == name) for name in SIDES}


def _kinds(values: list, sides: Mapping[str, Spread]) -> tuple[str, ...]:
    kinds = []
    if levels_disagree(spread(values)):
        kinds.append(KIND_SPREAD)
    gap = side_gap(sides)
    if gap is not None and gap >= ROLE_GAP:
        kinds.append(KIND_ROLES)
    if len(values) >= MIN_FOR_SPREAD and percent_agreement(values, within=1) < LOW_AGREEMENT:
        kinds.append(KIND_AGREEMENT)
    return tuple(kinds)


def _dimension_spreads(framework: Framework, members: list[Member]) -> dict[str, Spread]:
    scores: dict[str, list[float]] = {d.id: [] for d in framework.dimensions}
    for member in members:
        for dimension in score_profile(framework, member.answers).dimensions:
            if dimension.enough_answers:  # a provisional score is no member's firm view
                scores[dimension.dimension_id].append(dimension.score)
    return {dimension_id: spread(values) for dimension_id, values in scores.items()}


def group_profile(framework: Framework, members: Iterable[Member]) -> GroupProfile:
    members = list(members)
    roles = sorted({member.role for member in members}, key=role_order)
    by_role = {role: _dimension_spreads(framework, [m for m in members if m.role == role])
               for role in roles}
    read = [(member.role, effective_answers(framework, member.answers)) for member in members]
    questions = []
    for question in framework.questions:
        given = [(role, answers[question.id]) for role, answers in read
                 if question.id in answers]
        known = [(role, v) for role, v in given if v != DONT_KNOW]
        levels = spread(v for _role, v in known)
        sides = _sides(known)
        kinds = _kinds([v for _role, v in known], sides)
        values = [*range(1, question.levels + 1), DONT_KNOW]
        counts = Counter(value for _role, value in given)
        chosen = {role: Counter(value for r, value in given if r == role) for role in roles}
        questions.append(QuestionSpread(
            question.id, {value: counts[value] for value in values}, levels, bool(kinds),
            len(given), {role: {value: chosen[role][value] for value in values}
                         for role in roles}, kinds,
            {role: spread(v for r, v in known if r == role) for role in roles}, sides,
            percent_agreement([v for _role, v in known], within=1) if known else None))
    flag_counts = Counter(flag.id for member in members
                          for flag in raised_flags(framework, member.answers))
    flags = tuple((flag, flag_counts[flag.id]) for flag in framework.flags
                  if flag_counts[flag.id])
    return GroupProfile(len(members), _dimension_spreads(framework, members), by_role,
                        tuple(questions), flags, dict(Counter(m.role for m in members)))


@dataclass(frozen=True)
class GroupRecommendation:
    """An action the group's answers call for: listed once, with how many members' own
    answers call for it (``evaluation.recommendations`` on each member's answers)."""

    action: Action
    members_calling: int
    """How many members' answers call for the action."""
    questions: tuple[str, ...]
    """Question and gate ids whose answers called for it, in any member, framework order."""
    flags: tuple[str, ...]
    """Raised flags that name it, in any member, in framework order."""


def group_recommendations(framework: Framework,
                          members: Iterable[Member]) -> tuple[GroupRecommendation, ...]:
    """Each action that at least one member's answers call for, in framework order (so
    grouped by dimension there), with how many members call for it and why."""
    calling: dict[str, list] = {}
    for member in members:
        flags = raised_flags(framework, member.answers)
        for found in recommendations(framework, member.answers, flags):
            calling.setdefault(found.action.id, []).append(found)
    items = [gate.id for gate in framework.gates] + [q.id for q in framework.questions]
    grouped = []
    for action in framework.actions:
        found = calling.get(action.id, [])
        if not found:
            continue
        questions = {q for r in found for q in r.questions}
        flags = {f for r in found for f in r.flags}
        grouped.append(GroupRecommendation(
            action, len(found), tuple(item for item in items if item in questions),
            tuple(flag.id for flag in framework.flags if flag.id in flags)))
    return tuple(grouped)


def hide_small_counts(counts: Mapping[Key, int], min_size: int) -> dict[Key, int | None]:
    """Counts below ``min_size`` (zero too) as None.

    Where only one would be hidden, the smallest shown one is hidden as well: otherwise the
    total, which a room knows, would give the hidden one away."""
    shown: dict[Key, int | None] = {
        key: count if count >= min_size else None for key, count in counts.items()}
    hidden = [key for key, count in shown.items() if count is None]
    visible = [key for key, count in shown.items() if count is not None]
    if len(hidden) == 1 and visible:
        shown[min(visible, key=lambda key: counts[key])] = None
    return shown


def _hidden_spread(values: Spread, min_size: int) -> Spread:
    return values if values.count >= min_size else spread([])


def shared_profile(group: GroupProfile, min_size: int | None = None) -> GroupProfile:
    """What participants and shareable reports may see of a group (the facilitator sees
    ``group`` itself). Every number left stands for at least ``min_size`` members
    (default: :func:`min_group_size`); ``hidden`` says what was left out, for the lines
    that say why.

    * a group of fewer members: nothing (each could work out the others' answers);
    * a dimension's median and spread: only where that many have a score;
    * a role's medians: only for a role of that many members, and per dimension only where
      that many of them have a score; smaller roles count in the group's median only;
    * answer counts per option and members per red flag: see :func:`hide_small_counts`.
    """
    size = min_group_size() if min_size is None else min_size
    if group.members < size:
        questions = tuple(replace(q, counts=dict.fromkeys(q.counts), levels=spread([]),
                                  disagreement=False, by_role={}, kinds=(), role_levels={},
                                  sides={}, adjacent=None) for q in group.questions)
        return GroupProfile(group.members, {key: spread([]) for key in group.dimensions},
                            {}, questions, (), {}, size, frozenset({HIDDEN_GROUP}))
    hidden: set[str] = set()
    dimensions = {key: _hidden_spread(s, size) for key, s in group.dimensions.items()}
    if any(s.count != dimensions[key].count for key, s in group.dimensions.items()):
        hidden.add(HIDDEN_DIMENSIONS)
    by_role = {}
    for role, spreads in group.by_role.items():
        kept = {key: _hidden_spread(s, size) for key, s in spreads.items()}
        if group.role_members[role] < size or kept != spreads:
            hidden.add(HIDDEN_ROLES)
        if group.role_members[role] >= size:
            by_role[role] = kept
    questions = []
    for question in group.questions:
        counts = hide_small_counts(question.counts, size)
        if any(count is None for count in counts.values()):
            hidden.add(HIDDEN_COUNTS)
        role_counts = shared_role_counts(question, group.role_members, counts, size)
        wanted = [role for role in question.by_role if group.role_members[role] >= size]
        if len(question.by_role) > 1 and wanted and (list(role_counts) != wanted or any(
                count is None for row in role_counts.values() for count in row.values())):
            hidden.add(HIDDEN_COUNTS)
        disputed = shared_disagreement(question, group.role_members, size)
        if any(levels.count and key not in kept for before, kept in (
                (question.sides, disputed.sides), (question.role_levels, disputed.role_levels))
               for key, levels in before.items()):
            hidden.add(HIDDEN_ROLES)
        questions.append(replace(disputed, counts=counts, by_role=role_counts))
    flags = tuple((flag, count if count >= size else None) for flag, count in group.flags)
    if any(count is None for _flag, count in flags):
        hidden.add(HIDDEN_COUNTS)
    role_members = {role: n for role, n in group.role_members.items() if n >= size}
    return GroupProfile(group.members, dimensions, by_role, tuple(questions), flags,
                        role_members, size, frozenset(hidden))


def shared_disagreement(question: QuestionSpread, role_members: Mapping[str, int],
                        min_size: int) -> QuestionSpread:
    """What a shared view may show of a question's disagreement: a role's median only for
    a role of at least ``min_size`` members with that many levels given, a side's (the
    residents', the professionals') only where that many of it gave a level; the kinds
    *spread* and *agreement* only where that many gave a level, *roles* only where both
    sides are shown. A question no kind is left for is not shown as disputed."""
    role_levels = {role: levels for role, levels in question.role_levels.items()
                   if role_members.get(role, 0) >= min_size and levels.count >= min_size}
    sides = {name: levels for name, levels in question.sides.items()
             if levels.count >= min_size}
    kinds = tuple(kind for kind in question.kinds
                  if (kind == KIND_ROLES and len(sides) == len(SIDES))
                  or (kind != KIND_ROLES and question.levels.count >= min_size))
    adjacent = question.adjacent if question.levels.count >= min_size else None
    return replace(question, kinds=kinds, disagreement=bool(kinds), role_levels=role_levels,
                   sides=sides, adjacent=adjacent)


def shared_role_counts(question: QuestionSpread, role_members: Mapping[str, int],
                       shown: Mapping[AnswerValue, int | None],
                       min_size: int) -> dict[str, dict[AnswerValue, int | None]]:
    """A question's counts by role that a shared view may show, ``shown`` being the
    group's counts it shows: only roles of at least ``min_size`` members, none at all when
    the members of the other roles together are fewer than ``min_size`` (the group's counts
    less the shown roles' would be theirs), and no count below ``min_size``.

    Nor a count that could be worked out: the room knows how many members each role has,
    and the group's counts are shown, so a count that is the only one missing from its
    role's row, or from its option's column (the roles not shown together counting as one
    more, never shown, row), could be worked out by subtraction. While that would give
    away a count of 1 to ``min_size - 1``, the smallest shown count of that row or column
    is hidden too. A role none of whose counts is left joins the roles not shown, and the
    whole is worked out again."""
    roles = [role for role in question.by_role if role_members.get(role, 0) >= min_size]
    while True:
        rest = sum(role_members.values()) - sum(role_members[role] for role in roles)
        if not roles or 0 < rest < min_size or (len(roles) == 1 and not rest):
            return {}  # nothing to show, a small rest to protect, or the group's own counts
        visible = _visible_role_counts(question, roles, rest, shown, min_size)
        kept = [role for role in roles if any(cell[0] == role for cell in visible)]
        if kept == roles:
            return {role: {value: question.by_role[role][value]
                           if (role, value) in visible else None
                           for value in question.counts} for role in roles}
        roles = kept


def _visible_role_counts(question: QuestionSpread, roles: list[str], rest: int,
                         shown: Mapping[AnswerValue, int | None], min_size: int) -> set:
    """The (role, option) cells that may be shown when ``roles`` are, the other roles'
    ``rest`` members together making one more row (see ``shared_role_counts``)."""
    values = list(question.counts)
    cells = {(role, value): question.by_role[role][value] for role in roles for value in values}
    rows = [[(role, value) for value in values] for role in roles]
    if rest:
        rows.append([("", value) for value in values])  # the other roles: never shown
        cells.update({("", value): question.counts[value]
                      - sum(question.by_role[role][value] for role in roles)
                      for value in values})
    lines = rows + [[(row[0][0], value) for row in rows]  # a column whose total is shown
                    for value in values if shown.get(value) is not None]
    visible = {cell for cell, count in cells.items() if cell[0] and count >= min_size}
    while visible:
        leak = _worked_out(lines, visible, cells, min_size)
        if leak is None:
            break
        line = [cell for cell in leak if cell in visible]
        if not line:
            return set()
        visible.discard(min(line, key=lambda cell: (cells[cell], cell[1] == DONT_KNOW)))
    return visible


def _worked_out(lines, visible, cells, min_size):
    """A line (row or column) through which a count of 1 to ``min_size - 1`` could be
    worked out from the ``visible`` ones, or None."""
    known = set(visible)
    found = True
    while found:
        found = False
        for line in lines:
            unknown = [cell for cell in line if cell not in known]
            if len(unknown) == 1:
                if 0 < cells[unknown[0]] < min_size:
                    return line
                known.add(unknown[0])
                found = True
    return None
