"""The results column: readiness profile chart, score table, red flags and actions."""

from __future__ import annotations

import ipywidgets as w

from readiness.i18n.ui_text import ui
from readiness.render.charts import chart_summary, evaluation_series, profile_chart
from readiness.render.html_parts import actions_html, flags_html, score_table
from readiness_widgets.assessment.state import WorkbookState
from readiness_widgets.frontend.chart import ChartView
from readiness_widgets.shared.base import Panel


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


class ProfilePanel(Panel):
    """The profile as a chart and as a table, redrawn on every answer."""

    def __init__(self, state: WorkbookState):
        self.state = state
        language = state.language
        self.chart = chart_view(language)
        self.table = w.HTML()
        super().__init__([
            w.HTML(f"<h2>{ui('profile', language)}</h2>"
                   f'<p class="rw-muted">{ui("profile_help", language)}</p>'),
            self.chart, self.table])
        self.watch(state, self._redraw, "evaluation")
        self._redraw()

    def _redraw(self, _change=None) -> None:
        state = self.state
        language = state.language
        self.table.value = score_table(state.framework, state.evaluation, language)
        draw(self.chart, state.framework,
             [evaluation_series(ui("score", language), state.evaluation)], language)


class ListPanel(Panel):
    """A heading and an HTML list rebuilt from the evaluation on every change."""

    def __init__(self, state: WorkbookState, heading_key: str, css_class: str, render):
        self.state = state
        self.render = render
        self.content = w.HTML()
        self.content.add_class(css_class)
        self.heading = w.HTML(f"<h2>{ui(heading_key, state.language)}</h2>")
        super().__init__([self.heading, self.content])
        self.watch(state, self._refresh, "evaluation")
        self._refresh()

    def _refresh(self, _change=None) -> None:
        self.content.value = self.render(self.state.framework, self.state.evaluation,
                                         self.state.language)


class FlagsPanel(ListPanel):
    def __init__(self, state: WorkbookState):
        super().__init__(state, "flags", "rw-flags-panel", flags_html)


class ActionsPanel(ListPanel):
    def __init__(self, state: WorkbookState):
        super().__init__(state, "actions", "rw-actions-panel", actions_html)
