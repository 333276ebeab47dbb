"""The results column: readiness profile chart, score table, red flags and actions.

The chart is a plotly.js spec shown through the plotly mime type in an Output widget: the
kernel sends a few kilobytes per redraw and the browser loads plotly.js once from the
Voilà server (cached), instead of a 5 MB FigureWidget bundle through every websocket.
"""

from __future__ import annotations

import ipywidgets as w

from readiness.charts import profile_figure
from readiness.ui_text import ui

from .base import Panel
from .render import actions_html, flags_html, score_table
from .state import WorkbookState

PLOTLY_MIME = "application/vnd.plotly.v1+json"


class ProfilePanel(Panel):
    """Score table at once; the chart once ``show_chart`` is called.

    Loading plotly.js takes the browser about a second, so the page draws the chart only
    after the questions are on screen and can be answered (a lazy plotly)."""

    def __init__(self, state: WorkbookState):
        self.state = state
        self.chart_shown = False
        language = state.language
        self.chart = w.Output(layout=w.Layout(min_height="480px"))
        self.chart.add_class("rw-chart")
        self.table = w.HTML()
        super().__init__([
            w.HTML(f"<h2>{ui('profile', language)}</h2>"
                   f'<p class="rw-muted">{ui("profile_help", language)}</p>'),
            self.chart, self.table])
        self.watch(state, self._redraw, "evaluation")
        self._redraw()

    def show_chart(self) -> None:
        self.chart_shown = True
        self._redraw()

    def _redraw(self, _change=None) -> None:
        state = self.state
        self.table.value = score_table(state.framework, state.evaluation, state.language)
        if not self.chart_shown:
            return
        figure = profile_figure(state.framework, state.evaluation, state.language,
                                ui("not_enough", state.language), ui("score", state.language))
        # One state update replaces the old drawing: no flicker, one message.
        self.chart.outputs = ({
            "output_type": "display_data",
            "data": {PLOTLY_MIME: figure, "text/plain": ui("profile", state.language)},
            "metadata": {},
        },)


class ListPanel(Panel):
    """A heading and an HTML list rebuilt from the evaluation on every change."""

    def __init__(self, state: WorkbookState, heading_key: str, css_class: str, render):
        self.state = state
        self.render = render
        self.content = w.HTML()
        self.content.add_class(css_class)
        super().__init__([w.HTML(f"<h2>{ui(heading_key, state.language)}</h2>"), self.content])
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
