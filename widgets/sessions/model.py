"""The state of the group-session pages: a session as its facilitator sees it, and as one
of its members does. Views observe these models and call their methods; every rule
(the key, the minimum group size, what a participant may see, the plan's fields) is the
core's."""

from __future__ import annotations

from collections.abc import Mapping

from traitlets import Bool, Dict, Instance, Int, List, Unicode

from readiness.errors import ReadinessError
from readiness.framework.model import Framework
from readiness.scoring.aggregate import (
    GroupProfile,
    group_profile,
    group_recommendations,
    min_group_size,
)
from readiness.scoring.group_summary import complete_members
from readiness.store import Store
from readiness.store.plans import (
    PlanItem,
    RoundPlan,
    mark_previous_round_item,
    previous_round_plan,
    remove_session_plan_item,
    save_session_plan_item,
    session_plan,
)
from readiness.store.sessions import (
    AccessDenied,
    SessionRecord,
    check_facilitator,
    follow_member,
    member_summaries,
    next_round,
    project_rounds,
    revealed_group,
    session_activity,
    session_export,
    session_members,
    set_session_flags,
)
from readiness_widgets.assessment.state import plan_entry
from readiness_widgets.sessions.join import joined_memory_name
from readiness_widgets.shared.model import PageModel


def key_memory_name(join_code: str) -> str:
    """Where a tab keeps the facilitator key it was given (``PageBridge.remember``)."""
    return f"rw-key:{join_code}"


def follow_across_rounds(store: Store, memory: Mapping[str, str], assessment_id: str) -> bool:
    """A member who just joined, on a device whose ``memory`` (``PageBridge.memory``) keeps
    the assessments it joined earlier rounds of the same project with, keeps their
    respondent number (``sessions.follow_member``). The join itself never fails for it: a
    store that cannot take the link now leaves the member counted as new."""
    prefix = joined_memory_name("")
    earlier = [value for name, value in memory.items() if name.startswith(prefix)]
    try:
        return follow_member(store, assessment_id, earlier)
    except ReadinessError:
        return False


class SessionModel(PageModel):
    """One session seen by its facilitator: locked until the key is checked, then the
    group's answers, read again whenever someone joins or answers."""

    follow_every_s = 1.0
    """How often the page's kernel looks whether the store changed: the facilitator sees
    an answer within about a second (issue 18.5)."""

    session = Instance(SessionRecord)
    key = Unicode("", help="The facilitator key once checked; empty while locked")
    is_open = Bool(help="Open for answers (as stored)")
    revealed = Bool(help="Group results shown to participants (as stored)")
    group = Instance(GroupProfile, allow_none=True, help="The group's profile; None while locked")
    members = Int(0, help="How many have joined")
    complete = Int(0, help="How many have answered every question")
    summaries = List(help="MemberSummary per member, in joining order")
    rounds = List(help="(round name, GroupProfile) per round of the project, oldest first; "
                       "empty while the project has one round. Read again whenever anyone "
                       "joins or answers in any round, or a round is added")
    round_sessions = List(help="SessionRecord per round of the project, oldest first (this "
                               "one among them)")
    recommendations = List(help="GroupRecommendation per action the members' answers call "
                                "for, in framework order")
    plan = Dict(help="The session's action plan as stored: action id -> {owner, due, status}")
    previous_plan = Instance(RoundPlan, allow_none=True,
                             help="The plan of the project's round before, with how far each "
                                  "item got (as stored); None in a project's first round")
    min_size = Int(None, allow_none=True, help="The server's minimum group size; None if "
                                               "its setting is invalid")
    min_size_problem = Unicode("", help="What is wrong with the minimum group size setting")
    problem = Unicode("", help="Why the last control failed, worded for a person")

    def __init__(self, framework: Framework, store: Store, session: SessionRecord):
        super().__init__(session=session, is_open=session.is_open, revealed=session.revealed)
        self.framework = framework
        self.store = store
        self._marker: tuple | None = None
        self._rounds_marker: tuple | None = None

    # -- the key -----------------------------------------------------------------------
    def unlock(self, key: str) -> bool:
        """Check ``key``; on success read the group and return True."""
        try:
            check_facilitator(self.store, self.session.id, key)
        except AccessDenied:
            return False
        self.key = key
        self._marker = self._rounds_marker = None
        self.refresh()
        return True

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> bool:
        """Read the group again if anyone joined or answered since the last look, and the
        rounds if anything changed in any round of the project; True if either was read.
        The plans are read every time (a few small queries), so a change made in another
        of the facilitator's tabs shows here too."""
        if not self.key:
            return False
        self.set_state({
            "plan": {item.action_id: _entry(item)
                     for item in session_plan(self.store, self.session.id, self.key)},
            "previous_plan": previous_round_plan(self.store, self.session.id, self.key),
        })
        group_read = self._read_group()
        return self._read_rounds() or group_read

    def _read_group(self) -> bool:
        marker = session_activity(self.store, self.session.id)
        if marker == self._marker:
            return False
        self._marker = marker
        try:  # read on every change, so the page follows the server's setting
            min_size, min_size_problem = min_group_size(), ""
        except ReadinessError as exc:
            min_size, min_size_problem = None, str(exc)
        members = session_members(self.store, self.session.id, self.key)
        self.set_state({
            "min_size": min_size, "min_size_problem": min_size_problem,
            "members": len(members),
            "complete": complete_members(self.framework, members),
            "summaries": member_summaries(self.store, self.session.id, self.key),
            "group": group_profile(self.framework, members),
            "recommendations": list(group_recommendations(self.framework, members)),
        })
        return True

    def _read_rounds(self) -> bool:
        """Read every round's group again when anyone joined or answered in any of them,
        or a round was added (one small query per round); True if read."""
        records = project_rounds(self.store, self.session.id, self.key)
        marker = tuple((r.id, session_activity(self.store, r.id)) for r in records)
        if marker == self._rounds_marker:
            return False
        self._rounds_marker = marker
        rounds = [] if len(records) < 2 else [
            (record.round or f"{index}",
             self.group if record.id == self.session.id else
             group_profile(self.framework, session_members(self.store, record.id, self.key)))
            for index, record in enumerate(records, start=1)]
        self.set_state({"round_sessions": records, "rounds": rounds})
        return True

    def report_data(self):
        """This session, or every round of the project once there are several."""
        from readiness.exchange.report_data import from_sessions

        rounds = project_rounds(self.store, self.session.id, self.key)  # checks the key
        return from_sessions(self.store, [r.id for r in rounds] if len(rounds) > 1
                             else [self.session.id])

    def export(self) -> dict:
        return session_export(self.store, self.framework, self.session.id, self.key)

    # -- controls ----------------------------------------------------------------------
    def set_open(self, value: bool) -> bool:
        """Open or close the session for answers; the trait changes only once stored."""
        return value == self.is_open or self._control(is_open=value)

    def set_revealed(self, value: bool) -> bool:
        """Show or hide the group results to participants; changes once stored."""
        return value == self.revealed or self._control(revealed=value)

    def _control(self, **flags: bool) -> bool:
        try:
            set_session_flags(self.store, self.session.id, self.key, **flags)
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        self.set_state({**flags, "problem": ""})
        return True

    def set_plan(self, action_id: str, entry: dict | None) -> bool:
        """Take an action into the session's plan or change its item (``entry``: owner,
        due, status; a field left out keeps what is stored, and a new item starts planned
        with nobody named), or let it go (None). ``plan`` changes only once stored: a
        change refused, or one the store cannot take now, sets ``problem`` and leaves it."""
        try:
            if entry is None:
                remove_session_plan_item(self.store, self.session.id, self.key, action_id)
                plan = {a: e for a, e in self.plan.items() if a != action_id}
            else:
                item = save_session_plan_item(self.store, self.framework, self.session.id,
                                              self.key, action_id, **entry)
                plan = {**self.plan, action_id: _entry(item)}
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        self.set_state({"plan": plan, "problem": ""})
        return True

    def mark_previous(self, action_id: str, status: str) -> bool:
        """Mark how far an item of the round before's plan got (planned, in progress, done,
        dropped); ``previous_plan`` changes once stored, like ``set_plan``."""
        try:
            item = mark_previous_round_item(self.store, self.session.id, self.key, action_id,
                                            status)
        except ReadinessError as exc:
            self.problem = str(exc)
            return False
        earlier = self.previous_plan
        items = tuple(item if i.action_id == action_id else i for i in earlier.items)
        self.set_state({"previous_plan": RoundPlan(earlier.session, items), "problem": ""})
        return True

    def next_round(self, round_name: str) -> SessionRecord | None:
        """Start the project's next round (a new session with the same key); None if the
        store refused it (``problem`` says why)."""
        try:
            return next_round(self.store, self.framework, self.session.id, self.key,
                              round_name.strip())
        except ReadinessError as exc:
            self.problem = str(exc)
            return None


def _entry(item: PlanItem) -> dict:
    return plan_entry(item.owner, item.due, item.status)


class MemberSessionModel(PageModel):
    """A participant's session: the group's profile once the facilitator reveals it, and
    only the numbers at least the minimum group size of members stand behind."""

    follow_every_s = 2.0
    """How often the page's kernel looks whether the store changed: a member sees the
    reveal within about two seconds, and a room of idle phones costs half as much."""

    session = Instance(SessionRecord)
    assessment_id = Unicode(help="The participant's own assessment")
    role = Unicode(help="The role the participant answers as")
    group = Instance(GroupProfile, allow_none=True, help="None until revealed")
    problem = Unicode("", help="Why the group cannot be shown (e.g. a bad minimum size)")

    def __init__(self, framework: Framework, store: Store, session: SessionRecord,
                 assessment_id: str, role: str):
        super().__init__(session=session, assessment_id=assessment_id, role=role)
        self.framework = framework
        self.store = store
        self._marker: tuple | None = None
        self.refresh()

    def refresh(self) -> bool:
        marker = session_activity(self.store, self.session.id)
        if marker == self._marker:
            return False
        self._marker = marker
        try:
            group, problem = revealed_group(self.store, self.framework, self.assessment_id), ""
        except ReadinessError as exc:  # a bad minimum group size: show nothing, say why
            group, problem = None, str(exc)
        self.set_state({"group": group, "problem": problem})
        return True
