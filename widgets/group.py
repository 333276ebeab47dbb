"""Group results: the panel a facilitator watches live and participants see after the reveal.

Nothing here holds shared state: every view reads the store (each page is its own kernel).
Views poll on the bridge's ticks, and read the members' answers again only when the
session's activity marker has changed.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from readiness.aggregate import GroupProfile, group_profile
from readiness.charts import Series, spread_series
from readiness.framework import Framework
from readiness.html_group import disagreement_html, distributions_html, group_flags_html
from readiness.sessions import SessionRecord, revealed_members, session_activity
from readiness.store import Store
from readiness.ui_text import ui

from .base import Panel
from .results import chart_view, draw


def group_chart_series(group: GroupProfile, language: str) -> list[Series]:
    """The group's median with its spread, then each role's median beside it."""
    series = [spread_series(ui("group_median", language), group.dimensions)]
    if len(group.by_role) > 1:
        for role, spreads in group.by_role.items():
            series.append(Series(ui(f"role_{role}", language),
                                 {key: s.median for key, s in spreads.items()}))
    return series


class GroupResultsPanel(w.VBox):
    """Chart (median, spread, roles), group red flags, disagreement with prompts."""

    def __init__(self, framework: Framework, language: str, with_distributions: bool):
        self.framework = framework
        self.language = language
        self.chart = chart_view(language)
        self.flags = w.HTML()
        self.flags.add_class("rw-group-flags")
        self.disagreement = w.HTML()
        self.disagreement.add_class("rw-group-disagreement")
        self.distributions = w.HTML()
        children = [
            w.HTML(f'<p class="rw-muted">{ui("group_chart_help", language)}</p>'),
            self.chart,
            w.HTML(f"<h3>{ui('group_flags', language)}</h3>"), self.flags,
            w.HTML(f"<h3>{ui('disagreement', language)}</h3>"), self.disagreement,
        ]
        if with_distributions:
            children += [w.HTML(f"<h3>{ui('distributions', language)}</h3>"),
                         self.distributions]
        super().__init__(children)
        self.add_class("rw-group-results")

    def show(self, group: GroupProfile) -> None:
        framework, language = self.framework, self.language
        draw(self.chart, framework, group_chart_series(group, language), language)
        self.flags.value = group_flags_html(framework, group, language)
        self.disagreement.value = disagreement_html(framework, group, language)
        if self.distributions in self.children:
            self.distributions.value = distributions_html(framework, group, language)


class MemberSessionPanel(Panel):
    """A participant's view of their session: who they answer as, and the group's results
    once the facilitator reveals them (individual feedback first, then the group's)."""

    def __init__(self, framework: Framework, store: Store, session: SessionRecord,
                 assessment_id: str, role: str, language: str):
        self.framework = framework
        self.store = store
        self.session = session
        self.assessment_id = assessment_id
        self._marker: tuple | None = None
        round_text = f" – {session.round}" if session.round else ""
        banner = escape(ui("member_banner", language, project=session.project,
                           round=round_text, role=ui(f"role_{role}", language)))
        self.results = GroupResultsPanel(framework, language, with_distributions=False)
        self.results_box = w.VBox([w.HTML(f"<h2>{ui('group_results', language)}</h2>"),
                                   self.results])
        self.results_box.layout.display = "none"
        super().__init__([w.HTML(f'<p class="rw-member-banner">{banner}</p>'),
                          self.results_box])
        self.add_class("rw-member-session")
        self.refresh()

    def refresh(self) -> None:
        marker = session_activity(self.store, self.session.id)
        if marker == self._marker:
            return
        self._marker = marker
        members = revealed_members(self.store, self.assessment_id)
        if members is None:
            self.results_box.layout.display = "none"
            return
        self.results.show(group_profile(self.framework, members))
        self.results_box.layout.display = None
