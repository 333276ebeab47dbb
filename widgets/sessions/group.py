"""Group results: the panel a facilitator watches live and participants see after the reveal.

Nothing here holds shared state: every view follows a model (``model.py``) that reads the
store (each page is its own kernel). Models poll on the bridge's ticks, and read the
members' answers again only when the session's activity marker has changed.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.framework.model import Framework
from readiness.i18n.ui_text import ui
from readiness.render.charts import group_chart_series
from readiness.render.html_group import (
    bdi,
    disagreement_html,
    distributions_html,
    group_flags_html,
    group_open_questions_html,
    group_tables_html,
    hidden_notes_html,
)
from readiness.scoring.aggregate import GroupProfile
from readiness.training.exercises import case_overlay
from readiness_widgets.assessment.results import chart_view, draw
from readiness_widgets.sessions.model import MemberSessionModel
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html


class GroupResultsPanel(w.VBox):
    """Chart (median, spread, roles) with its values as tables, group red flags,
    disagreement with prompts and counts by role, and the lines saying what a shared view
    left out."""

    def __init__(self, framework: Framework, language: str, with_distributions: bool):
        self.framework = framework
        self.language = language
        self.chart = chart_view(language)
        self.overlay: list = []  # series drawn over the group's, e.g. a case's reference
        self.scores = w.HTML()
        self.scores.add_class("rw-group-score-table")
        self.flags = w.HTML()
        self.flags.add_class("rw-group-flags")
        self.disagreement = w.HTML()
        self.disagreement.add_class("rw-group-disagreement")
        self.distributions = w.HTML()
        self.open_questions = w.HTML()
        self.open_questions.add_class("rw-group-open-questions")
        self.hidden_notes = w.HTML()
        self.hidden_notes.add_class("rw-hidden-notes")
        children = [
            w.HTML(f'<p class="rw-muted">{ui("group_chart_help", language)}</p>'),
            self.hidden_notes, self.chart, self.scores,
            w.HTML(f"<h3>{ui('group_flags', language)}</h3>"), self.flags,
            w.HTML(f"<h3>{ui('disagreement', language)}</h3>"), self.disagreement,
            w.HTML(f"<h3>{ui('group_open_questions', language)}</h3>"), self.open_questions,
        ]
        if with_distributions:
            children += [w.HTML(f"<h3>{ui('distributions', language)}</h3>"),
                         self.distributions]
        super().__init__(children)
        self.add_class("rw-group-results")

    def show(self, group: GroupProfile) -> None:
        framework, language = self.framework, self.language
        self.hidden_notes.value = hidden_notes_html(group, language)
        series = group_chart_series(group, language)
        draw(self.chart, framework, [*series, *self.overlay], language)
        self.scores.value = group_tables_html(framework, group, series, language)
        self.flags.value = group_flags_html(framework, group, language)
        self.disagreement.value = disagreement_html(framework, group, language)
        self.open_questions.value = group_open_questions_html(framework, group, language)
        if self.distributions in self.children:
            self.distributions.value = distributions_html(framework, group, language)


class MemberSessionPanel(Panel):
    """A participant's view of their session: who they answer as, and the group's results
    once the facilitator reveals them (individual feedback first, then the group's)."""

    def __init__(self, model: MemberSessionModel, language: str, personal=None):
        """``personal``: the member's personal link, shown under the banner."""
        self.model = model
        session = model.session
        round_text = f" – {bdi(session.round)}" if session.round else ""
        banner = ui("member_banner", language, project=bdi(session.project), round=round_text,
                    role=escape(ui(f"role_{model.role}", language)))
        self.banner = w.HTML(f'<p class="rw-member-banner">{banner}</p>')
        self.results = GroupResultsPanel(model.framework, language, with_distributions=False)
        self.results.overlay = case_overlay(model.store, model.framework, session.id, language)
        self.results_box = w.VBox([w.HTML(f"<h2>{ui('group_results', language)}</h2>"),
                                   self.results])
        self.results_box.layout.display = "none"
        self.message = w.HTML()
        self.personal = personal
        super().__init__([self.banner, *([personal] if personal else []), self.results_box,
                          self.message])
        self.add_class("rw-member-session")
        self.watch(model, self._show, ["group", "problem"])
        self._show()

    def _show(self, _change=None) -> None:
        model = self.model
        self.message.value = error_html(model.problem) if model.problem else ""
        if model.group is None:
            self.results_box.layout.display = "none"
            return
        self.results.show(model.group)
        self.results_box.layout.display = None
