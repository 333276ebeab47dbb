"""The state of the projector's presentation: which screen shows, what each screen holds,
and whether names may show.

Bound to an unlocked ``SessionModel`` (the page's tick refreshes it) and followed live.
What a room sees is what participants may see: the group as ``shared_profile`` leaves it
(every number stands for at least the minimum group size of members) and no names unless
the facilitator shows them, and then only the names members gave themselves.

Five steps, in order: the join code, the group's profile, where it disagrees, its red flags,
the actions its answers call for with the plan. A step whose list does not fit one screen
at 1280x800 is split into parts, stepped through like the steps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from traitlets import Bool, Instance, Int, List, Unicode

from readiness.framework.model import Action
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.scoring.aggregate import GroupProfile, QuestionSpread, shared_profile
from readiness.scoring.group_summary import discussion_prompt
from readiness_widgets.sessions.model import SessionModel
from readiness_widgets.sessions.plan import in_framework_order
from readiness_widgets.shared.model import PageModel

STEPS = ("join", "profile", "disagreements", "flags", "actions")
LISTS = {"disagreements": "disputed", "flags": "flags", "actions": "actions"}
"""The steps that show a list, split into parts, and the trait that holds the parts."""
DISPUTED_SHOWN = 6
"""The widest disagreements a room goes through; the rest are counted, not listed."""
CALLED_SHOWN = 6
"""The actions called for by the most members that a room goes through besides its plan;
the rest are counted, not listed (the facilitator view and the report list them all)."""

FOLLOWED = ["group", "summaries", "members", "complete", "recommendations", "plan",
            "min_size"]
"""The session model's traits the presentation follows."""

# What fits one screen at 1280x800 (style.css, the presentation's block).
_WIDTH, _HEIGHT, _NOTE, _HEADING = 1150, 630, 72, 48
"""The text's width, the height below a screen's heading and above the controls, the
height kept for a closing note (what was left out, how many more), and a subheading's, in
CSS pixels."""


def _height(text: str, size: int, bold: bool = False) -> float:
    """The height of a paragraph: its lines at an average character's width (measured in
    Chromium: about 0.56 em bold, 0.49 em regular; a little more, so that an estimate errs
    towards a part too many)."""
    lines = max(1, math.ceil(len(text) * (0.58 if bold else 0.51) * size / _WIDTH))
    return lines * size * 1.3


def parts(items: list, heights: list[float], budget: float = _HEIGHT) -> list[list]:
    """``items`` split, in order, into screens of at most ``budget`` pixels (an item
    taller than a screen gets one of its own)."""
    pages: list[list] = [[]]
    used = 0.0
    for item, height in zip(items, heights, strict=True):
        if pages[-1] and used + height > budget:
            pages.append([])
            used = 0.0
        pages[-1].append(item)
        used += height
    return pages if pages[-1] else []


def flag_count(group: GroupProfile, count: int | None, language: str) -> str:
    """How many raise a flag, as the screen says it: "raised by 4 of 7", or "fewer than 3"
    where the count is hidden."""
    shown = str(count) if count is not None else ui("fewer_than", language, n=group.min_size)
    return ui("flag_count", language, count=shown, members=group.members)


def first_sentence(text: str) -> str:
    """The explanation's first sentence: a room reads a title and one line, not a page."""
    return re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", text.strip(), maxsplit=1)[0]


@dataclass(frozen=True)
class Disputed:
    spread: QuestionSpread
    prompt: str


@dataclass(frozen=True)
class ActionLine:
    """An action on the screen: on the plan (``planned``: owner, due, status as stored) or
    called for by ``count`` members' answers (None: fewer than the minimum group size, or
    not called for any more)."""

    action: Action
    planned: dict | None
    count: int | None


class PresentationModel(PageModel):
    """The presentation of one session, following its ``SessionModel``."""

    step = Int(0, help="Index into STEPS")
    part = Int(0, help="Which part of the step's list shows")
    show_names = Bool(False, help="Show the names members gave (the facilitator's choice; "
                                  "off on every new page)")
    group = Instance(GroupProfile, allow_none=True,
                     help="The group as participants may see it; None when the minimum group "
                          "size setting is invalid (``problem`` says why)")
    problem = Unicode("", help="Why the group's results cannot be shown")
    members = Int(0, help="How many have joined")
    complete = Int(0, help="How many have answered at least half")
    names = List(help="The names members gave, in joining order (no one else's, no roles)")
    disputed = List(help="Parts of the step 'disagreements': lists of Disputed")
    more_disputed = Int(0, help="Disputed questions beyond the DISPUTED_SHOWN widest")
    flags = List(help="Parts of the step 'flags': lists of (Flag, members or None)")
    actions = List(help="Parts of the step 'actions': lists of ActionLine, the plan first")
    more_actions = Int(0, help="Actions called for beyond the CALLED_SHOWN most called for")

    def __init__(self, session: SessionModel, language: str):
        super().__init__()
        self.session = session
        self.language = language
        self._follow()
        session.observe(self._follow, FOLLOWED)
        self._following = True

    def close(self) -> None:
        """Stop following the session (the page left the presentation)."""
        if self.__dict__.pop("_following", False):
            self.session.unobserve(self._follow, FOLLOWED)

    # -- stepping ------------------------------------------------------------------------
    def parts_of(self, step: int) -> int:
        """How many screens the step takes (at least one, even with nothing to show)."""
        return self._parts_in({trait: getattr(self, trait) for trait in LISTS.values()}, step)

    def next(self) -> None:
        """The step's next part, or the next step's first; nothing after the last."""
        if self.part + 1 < self.parts_of(self.step):
            self.part += 1
        elif self.step + 1 < len(STEPS):
            self.set_state({"step": self.step + 1, "part": 0})

    def previous(self) -> None:
        """The step's part before, or the step before's last part."""
        if self.part > 0:
            self.part -= 1
        elif self.step > 0:
            self.set_state({"step": self.step - 1, "part": self.parts_of(self.step - 1) - 1})

    def first(self) -> None:
        self.set_state({"step": 0, "part": 0})

    def last(self) -> None:
        last = len(STEPS) - 1
        self.set_state({"step": last, "part": self.parts_of(last) - 1})

    # -- following the session -------------------------------------------------------------
    def _follow(self, _change=None) -> None:
        session, language = self.session, self.language
        framework = session.framework
        group = (shared_profile(session.group, session.min_size)
                 if session.group is not None and session.min_size is not None else None)
        disputed, flags, more = [], [], 0
        if group is not None:
            widest = group.widest_disagreement
            more = max(0, len(widest) - DISPUTED_SHOWN)
            shown = [Disputed(s, discussion_prompt(framework, s, language))
                     for s in widest[:DISPUTED_SHOWN]]
            disputed = parts(shown, [
                _height(pick(framework.question(d.spread.question_id).text, language), 32,
                        bold=True) + _height(d.prompt, 24) + 24 for d in shown],
                _HEIGHT - _NOTE)
            raised = sorted(group.flags, key=lambda item: -(item[1] or 0))
            flags = parts(raised, [
                _height(f"{pick(flag.title, language)} ({flag_count(group, count, language)})",
                        32, bold=True)
                + _height(first_sentence(pick(flag.explanation, language)), 24) + 24
                for flag, count in raised], _HEIGHT - _NOTE)
        lines = self._action_lines(group)
        planned = sum(1 for line in lines if line.planned is not None)
        more_actions = max(0, len(lines) - planned - CALLED_SHOWN)
        lines = lines[:len(lines) - more_actions]
        heights = [_height(pick(line.action.text, language), 26) + 32 + 24 for line in lines]
        if 0 < planned < len(lines):  # the first called for: a heading of its own
            heights[planned] += _HEADING
        actions = parts(lines, heights, _HEIGHT - _NOTE - _HEADING)
        state = {"group": group, "problem": session.min_size_problem,
                 "members": session.members, "complete": session.complete,
                 "names": [s.display_name for s in session.summaries if s.display_name],
                 "disputed": disputed, "more_disputed": more, "flags": flags,
                 "actions": actions, "more_actions": more_actions}
        state["part"] = min(self.part, self._parts_in(state, self.step) - 1)
        self.set_state(state)

    @staticmethod
    def _parts_in(state: dict, step: int) -> int:
        trait = LISTS.get(STEPS[step])
        return max(1, len(state[trait])) if trait else 1

    def _action_lines(self, group: GroupProfile | None) -> list[ActionLine]:
        """The plan (framework order), then what the answers call for and the plan does
        not hold yet, most called for first. A count below the minimum group size is
        not shown, as on participants' pages."""
        session = self.session
        known = {action.id: action for action in session.framework.actions}
        size = group.min_size if group is not None else None

        def shown(count: int) -> int | None:
            return count if size is not None and count >= size else None

        calling = {r.action.id: r.members_calling for r in session.recommendations}
        planned = [ActionLine(known[a], session.plan[a], None)
                   for a in in_framework_order(session.framework, session.plan) if a in known]
        called = sorted((r for r in session.recommendations if r.action.id not in session.plan),
                        key=lambda r: -calling[r.action.id])  # stable: framework order
        return planned + [ActionLine(r.action, None, shown(r.members_calling)) for r in called]
