"""The group's action plan on the facilitator's page: the actions the members' answers call
for, the plan the meeting leaves with (who, by when, how far), and, from the project's
second round on, the plan of the round before with how far each of its items got.

Bound to the page's ``SessionModel``: its ``plan`` and ``previous_plan`` change only once
the store has taken a change, so a field the store refused springs back to what is stored.
The rows of the plan are the assessment page's own (``PlanRow``), typing saved once it
pauses.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.advice import PLAN_STATUS_KEYS, by_dimension, group_action_html
from readiness.render.html_parts import bdi
from readiness_widgets.assessment.results import PlanRow
from readiness_widgets.sessions.model import SessionModel
from readiness_widgets.shared.base import Panel, close_tree
from readiness_widgets.shared.messages import error_html


class SessionPlanPage:
    """What a plan row asks of its page (``PlanRow``: framework, language, ``plan``,
    ``set_plan`` and observing ``plan``), for a session's model in the page's language.

    ``asked`` is True while the last failing call came from the plan, so the page shows
    the model's ``problem`` beside the plan rather than at the controls."""

    def __init__(self, model: SessionModel, language: str, on_answer):
        self.model, self.framework, self.language = model, model.framework, language
        self.on_answer = on_answer
        self.asked = False

    @property
    def plan(self) -> dict:
        return self.model.plan

    def set_plan(self, action_id: str, entry: dict | None) -> bool:
        return self._ask(self.model.set_plan, action_id, entry)

    def mark_previous(self, action_id: str, status: str) -> bool:
        return self._ask(self.model.mark_previous, action_id, status)

    def _ask(self, call, *arguments) -> bool:
        self.asked = True
        done = call(*arguments)
        self.on_answer()
        return done

    def observe(self, handler, names) -> None:
        self.model.observe(handler, names)

    def unobserve(self, handler, names) -> None:
        self.model.unobserve(handler, names)


def in_framework_order(framework, action_ids) -> list[str]:
    """Action ids in the order the framework lists its actions (so by dimension)."""
    order = {action.id: index for index, action in enumerate(framework.actions)}
    return sorted(action_ids, key=lambda a: order.get(a, len(order)))


def status_picker(language: str, value: str) -> w.Dropdown:
    """How far an item has come: planned, in progress, done, dropped."""
    return w.Dropdown(
        options=[(ui(key, language), status) for status, key in PLAN_STATUS_KEYS.items()],
        value=value, description=ui("plan_status", language),
        style={"description_width": "initial"}, layout=w.Layout(width="auto"))


class GroupSuggestedAction(w.VBox):
    """An action the members' answers call for: its text, how many call for it, why, its
    source (folded), and "we take this on"."""

    def __init__(self, page: SessionPlanPage, recommendation, members: int):
        self.action_id = recommendation.action.id
        self.text = w.HTML(group_action_html(page.framework, recommendation, members,
                                             page.language))
        self.take_on = w.Button(description=ui("plan_take_on", page.language), icon="plus",
                                layout=w.Layout(width="auto"))
        self.take_on.on_click(lambda _b: page.set_plan(self.action_id, {}))
        super().__init__([self.text, self.take_on])
        self.add_class("rw-suggested-action")


class PreviousPlanRow(Panel):
    """An item of the round before's plan: the action, who and by when (as written then),
    and how far it got, to mark now. A mark the store refused springs back."""

    def __init__(self, page: SessionPlanPage, action_id: str):
        self.page, self.action_id = page, action_id
        language = page.language
        item = self._item()
        action = page.framework.action(action_id)
        said = [f"{ui(key, language)}: {bdi(value)}"
                for key, value in (("plan_owner", item.owner), ("plan_due", item.due)) if value]
        self.text = w.HTML(f'<p class="rw-plan-action">{escape(pick(action.text, language))}'
                           f"</p>" + (f'<p class="rw-muted">{" · ".join(said)}</p>'
                                      if said else ""))
        self.status = status_picker(language, item.status)
        fields = w.Box([self.status])
        fields.add_class("rw-plan-fields")
        super().__init__([self.text, fields])
        self.add_class("rw-plan-row")
        self.watch(self.status, self._on_status, "value")
        self.watch(page, self._follow, "previous_plan")

    def _item(self):
        """The item as stored; None once the panel is about to remove this row."""
        earlier = self.page.model.previous_plan
        return next((item for item in earlier.items if item.action_id == self.action_id),
                    None) if earlier is not None else None

    def _on_status(self, change) -> None:
        item = self._item()
        if item is not None and change["new"] != item.status:
            self.page.mark_previous(self.action_id, change["new"])
            self._follow()  # refused: back to what is stored

    def _follow(self, _change=None) -> None:
        item = self._item()
        if item is not None and self.status.value != item.status:
            self.status.value = item.status


class SessionPlanPanel(Panel):
    """The group action plan: the plan of the round before (from the second round on),
    the plan rows, and the actions the answers call for that are not in the plan yet,
    grouped by dimension, each once."""

    def __init__(self, model: SessionModel, language: str, on_answer):
        self.model, self.language = model, language
        self.page = SessionPlanPage(model, language, on_answer)
        self.message = w.HTML()
        self.previous_heading = w.HTML()
        self.previous_rows = w.VBox()
        self.previous_box = w.VBox([self.previous_heading, self.previous_rows])
        self.previous_box.add_class("rw-previous-plan")
        self.plan_rows = w.VBox()
        self.plan_rows.add_class("rw-plan-rows")
        self.suggested = w.VBox()
        self.suggested.add_class("rw-actions-panel")
        round_name = f": {bdi(model.session.round)}" if model.session.round else ""
        super().__init__([
            w.HTML(f"<h2>{ui('group_plan_heading', language)}</h2>"
                   f'<p class="rw-muted">{ui("group_plan_help", language)}</p>'),
            self.previous_box, w.HTML(f"<h3>{ui('plan_heading', language)}{round_name}</h3>"),
            self.plan_rows, self.message,
            w.HTML(f"<h3>{ui('group_actions_heading', language)}</h3>"), self.suggested])
        self.add_class("rw-group-plan")
        self._shown: tuple | None = None
        self._previous_shown: tuple | None = None
        self.watch(model, self._refresh, ["recommendations", "plan", "members"])
        self.watch(model, self._refresh_previous, "previous_plan")
        self._refresh()
        self._refresh_previous()

    @property
    def rows(self) -> dict[str, PlanRow]:
        return {row.action_id: row for row in self.plan_rows.children
                if isinstance(row, PlanRow)}

    @property
    def previous(self) -> dict[str, PreviousPlanRow]:
        return {row.action_id: row for row in self.previous_rows.children
                if isinstance(row, PreviousPlanRow)}

    def suggestions(self) -> dict[str, GroupSuggestedAction]:
        return {item.action_id: item for item in self.suggested.children
                if isinstance(item, GroupSuggestedAction)}

    def _refresh(self, _change=None) -> None:
        """Rebuild only when what is listed changes, so typing in a row is never cut off."""
        model, language = self.model, self.language
        members = model.members
        planned = in_framework_order(model.framework, model.plan)
        called = [r for r in model.recommendations if r.action.id not in model.plan]
        shown = (tuple(planned), members, tuple(called))
        if shown == self._shown:
            return
        self._shown = shown
        kept = self.rows
        rows: list = [kept.pop(a) if a in kept else PlanRow(self.page, a, None) for a in planned]
        if not rows:
            rows = [w.HTML(f'<p class="rw-muted">{ui("plan_empty", language)}</p>')]
        groups: list = []
        for dimension, mine in by_dimension(model.framework, called):
            groups.append(w.HTML(f"<h4>{escape(pick(dimension.label, language))}</h4>"))
            groups += [GroupSuggestedAction(self.page, r, members) for r in mine]
        if not model.recommendations:
            groups = [w.HTML(f'<p class="rw-muted">{ui("group_no_actions", language)}</p>')]
        elif not groups:
            groups = [w.HTML(f'<p class="rw-muted">{ui("all_actions_taken", language)}</p>')]
        self._replace(self.plan_rows, rows)
        self._replace(self.suggested, groups)

    def _refresh_previous(self, _change=None) -> None:
        earlier, language = self.model.previous_plan, self.language
        if earlier is None:
            self.previous_box.layout.display = "none"
            return
        self.previous_box.layout.display = None
        listed = (earlier.session.id, tuple(item.action_id for item in earlier.items))
        if listed == self._previous_shown:
            return  # the rows follow their statuses themselves
        self._previous_shown = listed
        name = f": {bdi(earlier.session.round)}" if earlier.session.round else ""
        help_text = ui("previous_plan_help", language) if earlier.items else ""
        self.previous_heading.value = (f"<h3>{ui('previous_plan_heading', language)}{name}"
                                       f'</h3><p class="rw-muted">{help_text}</p>')
        rows: list = [PreviousPlanRow(self.page, action_id) for action_id in
                      in_framework_order(self.model.framework,
                                         [item.action_id for item in earlier.items])]
        if not rows:
            rows = [w.HTML(f'<p class="rw-muted">{ui("previous_plan_empty", language)}</p>')]
        self._replace(self.previous_rows, rows)

    def show_problem(self, problem: str) -> None:
        self.message.value = error_html(problem) if problem else ""

    @staticmethod
    def _replace(box: w.Box, children: list) -> None:
        gone = [child for child in box.children if child not in children]
        box.children = children
        for child in gone:
            close_tree(child)
