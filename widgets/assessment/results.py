"""The results column: readiness profile, red flags, the action plan, the actions the
answers call for, and the open questions."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.advice import (
    PLAN_STATUS_KEYS,
    action_anchor,
    action_numbers,
    flags_html,
    open_questions_html,
    source_html,
    why_text,
)
from readiness.render.charts import chart_summary, evaluation_series, profile_chart
from readiness.render.html_parts import inference_html, score_table
from readiness_widgets.assessment.journal import plan_class
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.frontend.chart import ChartView
from readiness_widgets.shared.base import Panel, close_tree
from readiness_widgets.shared.looks import button, html, layout
from readiness_widgets.shared.typing import TypingPause


def draw(chart: ChartView, framework, series, language: str) -> None:
    """Show ``series`` on ``chart``: figure and words for screen readers, in one message."""
    not_enough = ui("not_enough", language)
    with chart.hold_sync():
        chart.figure = profile_chart(framework, series, language, not_enough)
        chart.summary = chart_summary(framework, series, language, not_enough)


def chart_view(language: str) -> ChartView:
    """An empty chart with its loading and failure texts in the page's language."""
    view = ChartView(loading_text=ui("chart_loading", language),
                     failed_text=ui("chart_failed", language))
    view.add_class("rw-chart")
    return view


def profile_view(framework, series, language: str = "en") -> ChartView:
    """The workbook's profile chart of ``series`` (e.g. ``[evaluation_series(name,
    evaluate(framework, answers))]``), to show in a notebook of one's own: drawn live in
    JupyterLab and Voilà, a static picture in a saved notebook and its HTML export."""
    view = chart_view(language)
    draw(view, framework, series, language)
    return view


class ProfilePanel(Panel):
    """The profile as a chart and as a table, redrawn on every answer."""

    def __init__(self, state: WorkbookState):
        self.state = state
        language = state.language
        self.chart = chart_view(language)
        self.table = html()
        super().__init__([
            html(f"<h2>{ui('profile', language)}</h2>"
                 f'<p class="rw-muted">{ui("profile_help", language)}</p>'),
            self.chart, self.table], layout=layout())
        self.watch(state, self._redraw, "evaluation")
        self._redraw()

    def _redraw(self, _change=None) -> None:
        state = self.state
        language = state.language
        # The chart first: its message then reaches the browser first, and plotly draws
        # while the rest of the answer's updates arrive.
        draw(self.chart, state.framework,
             [evaluation_series(ui("score", language), state.evaluation)], language)
        self.table.value = score_table(state.framework, state.evaluation, language)


class ListPanel(Panel):
    """A heading and an HTML list rebuilt from the evaluation on every change."""

    def __init__(self, state: WorkbookState, heading: str, css_class: str, render):
        self.state = state
        self.render = render
        self.content = html()
        self.content.add_class(css_class)
        self.heading = html(heading)
        super().__init__([self.heading, self.content], layout=layout())
        self.watch(state, self._refresh, "evaluation")
        self._refresh()

    def _refresh(self, _change=None) -> None:
        self.content.value = self.render(self.state.framework, self.state.evaluation,
                                         self.state.language)


class FlagsPanel(ListPanel):
    def __init__(self, state: WorkbookState):
        super().__init__(state, f"<h2>{ui('flags', state.language)}</h2>", "rw-flags-panel",
                         flags_html)


class OpenQuestionsPanel(ListPanel):
    """The questions answered "don't know / not decided": work before the next meeting."""

    def __init__(self, state: WorkbookState):
        language = state.language
        label = pick(state.framework.dont_know_label, language)
        help_text = escape(ui("open_questions_help", language, label=label))
        super().__init__(state, f"<h2>{ui('open_questions', language)}</h2>"
                                f'<p class="rw-muted">{help_text}</p>',
                         "rw-open-questions-panel", open_questions_html)


class PlanRow(Panel):
    """One action the group has taken on: who, by when, how far, and letting it go.

    The fields follow the state's plan: a change the store refused springs back."""

    def __init__(self, state: WorkbookState, action_id: str, number: int | None):
        self.state, self.action_id, self.number = state, action_id, number
        self.text = html(self._text(number))
        language = state.language
        entry = state.plan[action_id]
        self.owner = w.Text(value=entry["owner"], description=ui("plan_owner", language),
                            continuous_update=True, style={"description_width": "initial"})
        self.due = w.Text(value=entry["due"], description=ui("plan_due", language),
                          continuous_update=True, style={"description_width": "initial"})
        self.status = w.Dropdown(
            options=[(ui(key, language), status) for status, key in PLAN_STATUS_KEYS.items()],
            value=entry["status"], description=ui("plan_status", language),
            style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.let_go = w.Button(description=ui("plan_let_go", language), icon="times",
                               layout=w.Layout(width="auto"))
        self.let_go.on_click(lambda _b: state.set_plan(action_id, None))
        self._pauses = {name: TypingPause(lambda text, name=name: self._save(name, text))
                        for name in ("owner", "due")}
        fields = w.Box([self.owner, self.due, self.status, self.let_go])
        fields.add_class("rw-plan-fields")
        super().__init__([self.text, fields])
        self.add_class("rw-plan-row")
        self.add_class(plan_class(action_id))  # the browser keeps what is typed here
        self.watch(self.owner, lambda c: self._pauses["owner"].typed(c["new"]), "value")
        self.watch(self.due, lambda c: self._pauses["due"].typed(c["new"]), "value")
        self.watch(self.status, lambda c: self._save("status", c["new"]), "value")
        self.watch(state, self._follow, "plan")

    def renumber(self, number: int | None) -> None:
        """Show the action under ``number`` (its place in the suggested list, or none):
        one text update, the fields and what is typed in them stay."""
        self.number = number
        self.text.value = self._text(number)

    def _text(self, number: int | None) -> str:
        action = self.state.framework.action(self.action_id)
        shown = f"{number}. " if number is not None else ""
        return (f'<p class="rw-plan-action">{shown}'
                f"{escape(pick(action.text, self.state.language))}</p>")

    def _save(self, field: str, value: str) -> None:
        if field == "status":  # one row, one write: what is being typed goes with it
            for pause in self._pauses.values():
                pause.flush()
        entry = self.state.plan.get(self.action_id)
        if entry is not None and entry[field] != value:
            self.state.set_plan(self.action_id, {**entry, field: value})
            self._follow()  # refused: back to what is stored (an equal plan fires nothing)

    def _follow(self, _change=None) -> None:
        entry = self.state.plan.get(self.action_id)
        if entry is None:
            return  # let go: the panel removes this row
        for field in ("owner", "due", "status"):
            widget = getattr(self, field)
            pause = self._pauses.get(field)
            if pause is not None and pause.pending:
                continue  # still being typed: the text on screen is newer than the state's
            if widget.value != entry[field]:
                widget.value = entry[field]

    def close(self) -> None:
        for pause in self.__dict__.get("_pauses", {}).values():
            pause.flush()  # typed just before the page was rebuilt: saved, not lost
        super().close()


class SuggestedAction(w.VBox):
    """An action the answers call for: its text, why, its source, and "we take this on"."""

    def __init__(self, state: WorkbookState, recommendation, number: int):
        self.state = state
        action = recommendation.action
        self.action_id = action.id
        self.text = html(self._text(recommendation, number))
        self.take_on = button(description=ui("plan_take_on", state.language), icon="plus")
        self.take_on.on_click(lambda _b: state.set_plan(action.id, {}))
        super().__init__([self.text, self.take_on], layout=layout(),
                         _dom_classes=("rw-suggested-action",))  # in its first message

    def show(self, recommendation, number: int) -> None:
        """Its text, number and why for ``recommendation``: kept on an answer that changes
        neither, so an answer sends the browser only what changed."""
        self.text.value = self._text(recommendation, number)  # the same text sends nothing

    def _text(self, recommendation, number: int) -> str:
        language = self.state.language
        framework = self.state.framework
        action = recommendation.action
        return (
            f'<div id="{action_anchor(action.id)}" data-action="{escape(action.id)}">'
            f'<p><span class="rw-action-number">{number}.</span> '
            f"{escape(pick(action.text, language))}</p>"
            f"{inference_html(action.basis, language)}"
            f'<p class="rw-why">{escape(why_text(framework, recommendation, language))}</p>'
            f"{source_html(framework, action.cites, language, folded=True)}</div>")


class ActionsPanel(Panel):
    """The plan (actions taken on, with who and by when), then the actions the answers
    call for that are not in it yet, grouped by dimension, each once."""

    def __init__(self, state: WorkbookState):
        self.state = state
        language = state.language
        self.plan_heading = html(f"<h2>{ui('plan_heading', language)}</h2>"
                                 f'<p class="rw-muted">{ui("plan_help", language)}</p>')
        self.plan_rows = w.VBox(layout=layout())
        self.plan_rows.add_class("rw-plan-rows")
        self.heading = html(f"<h2>{ui('actions', language)}</h2>")
        self.suggested = w.VBox(layout=layout())
        self.suggested.add_class("rw-actions-panel")
        super().__init__([self.plan_heading, self.plan_rows, self.heading, self.suggested],
                         layout=layout())
        self._shown: tuple | None = None
        self._keyed: dict[tuple, w.Widget] = {}  # what is shown, by what it shows
        self.watch(state, self._refresh, ["evaluation", "plan"])
        self._refresh()

    @property
    def rows(self) -> dict[str, PlanRow]:
        return {row.action_id: row for row in self.plan_rows.children
                if isinstance(row, PlanRow)}

    def suggestions(self) -> dict[str, SuggestedAction]:
        return {item.action_id: item for item in find_suggested(self.suggested)}

    def _refresh(self, _change=None) -> None:
        """Rebuild only when what is listed changes, so typing in a row is never cut off;
        and then only what changed: a row, suggestion, heading or note already shown is
        kept (renumbered where needed), so an answer that adds one action sends the
        browser that action, not the whole list again."""
        state = self.state
        recommendations = state.evaluation.actions
        shown = (tuple((r.action.id, r.questions, r.flags) for r in recommendations),
                 tuple(state.plan))
        if shown == self._shown:
            return
        self._shown = shown
        numbers = action_numbers(state.evaluation)
        language = state.language
        before, now = self._keyed, {}

        def keep(key, build):
            now[key] = before[key] if key in before else build()
            return now[key]

        def note(key: str) -> w.HTML:
            return keep(("note", key),
                        lambda: html(f'<p class="rw-muted">{ui(key, language)}</p>'))

        order = {action.id: index for index, action in enumerate(state.framework.actions)}
        rows: list = []
        for a in sorted(state.plan, key=lambda a: order.get(a, len(order))):
            row = keep(("plan", a), lambda a=a: PlanRow(state, a, numbers.get(a)))
            if row.number != numbers.get(a):
                row.renumber(numbers.get(a))
            rows.append(row)
        if not rows:
            rows = [note("plan_empty")]
        groups: list = []
        for dimension in state.framework.dimensions:
            mine = [r for r in recommendations
                    if r.action.dimension == dimension.id and r.action.id not in state.plan]
            if not mine:
                continue
            # A box per dimension: the browser redraws a box's children from the first one
            # that changed on, so an action added here leaves the other boxes as they are.
            group = keep(("group", dimension.id), lambda: w.VBox(layout=layout()))
            children = [keep(("heading", dimension.id), lambda d=dimension: html(
                f"<h3>{escape(pick(d.label, language))}</h3>"))]
            for r in mine:
                number = numbers[r.action.id]
                item = keep(("action", r.action.id),
                            lambda r=r, n=number: SuggestedAction(state, r, n))
                item.show(r, number)
                children.append(item)
            group.children = children
            groups.append(group)
        if not recommendations:
            groups = [note("no_actions")]
        elif not groups:
            groups = [note("all_actions_taken")]
        self._keyed = now
        self.plan_rows.children = rows
        self.suggested.children = groups
        for key, child in before.items():
            if key not in now:
                close_tree(child)


def find_suggested(box) -> list[SuggestedAction]:
    """The suggestions in ``box``, in the boxes of their dimensions or by themselves."""
    found = []
    for child in box.children:
        if isinstance(child, SuggestedAction):
            found.append(child)
        elif isinstance(child, w.Box):
            found += find_suggested(child)
    return found
