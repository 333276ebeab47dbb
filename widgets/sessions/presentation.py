"""The presentation for the projector: one screen at a time in large type, stepped by
buttons or keys, following the session live.

Its own page (``?present=CODE``), opened from the facilitator view in a new tab that
carries the tab's memory, so the key comes with it and never through the address; the
facilitator keeps their own view on the laptop and the room sees only this. Bound to a
``PresentationModel``, which holds what participants may see and nothing more.
"""

from __future__ import annotations

import copy
from html import escape
from urllib.parse import urlencode

import ipywidgets as w

from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.advice import PLAN_STATUS_KEYS
from readiness.render.charts import _wrap as wrap_label  # the core's own line breaking
from readiness.render.charts import chart_summary, group_chart_series, profile_chart
from readiness.render.html_parts import bdi
from readiness.scoring.aggregate import (
    HIDDEN_DIMENSIONS,
    HIDDEN_GROUP,
    HIDDEN_ROLES,
    GroupProfile,
)
from readiness_widgets.assessment.results import chart_view
from readiness_widgets.sessions.presentation_keys import PresentationKeys
from readiness_widgets.sessions.presentation_model import (
    LISTS,
    STEPS,
    ActionLine,
    PresentationModel,
    first_sentence,
    flag_count,
)
from readiness_widgets.shared.base import Panel
from readiness_widgets.shared.messages import error_html

CHART_HEIGHT = 560
"""The chart's height on a 1280x800 screen, below its heading and above the controls."""
LABEL_CHARACTERS = 40
"""A dimension's name is broken into lines of about this many characters on the chart: every
name of the shipped framework fits on one line, so that two lines never crowd a row."""


def present_link(join_code: str, language: str) -> str:
    """The facilitator view's way in: the presentation in a new tab. ``rel="opener"``
    makes Chromium give the new tab a copy of this tab's memory (sessionStorage), so the
    key travels with it and never through the address; Esc closes that tab again."""
    query = urlencode({"present": join_code, "lang": language})
    return (f'<p class="rw-present-entry"><a class="rw-present-link" href="?{escape(query)}" '
            f'target="_blank" rel="opener">{escape(ui("present_open", language))}</a> '
            f'<span class="rw-muted">{escape(ui("present_open_help", language))}</span></p>')


def _rewrapped(label: str, width: int = LABEL_CHARACTERS) -> str:
    """An axis label wrapped for a wide screen instead of a phone; a note under it (in
    italics) keeps its own line."""
    text, _br, note = label.partition("<br><i>")
    return wrap_label(text.replace("<br>", " "), width) + (f"<br><i>{note}" if note else "")


def projector_figure(figure: dict, height: int = CHART_HEIGHT) -> dict:
    """A chart of ``profile_chart`` made to read from the back of a room: labels of 24 px
    (the page's own are 11-13 px) wrapped for a wide screen, the bands' names on one line,
    larger marks, and the height of the screen."""
    figure = copy.deepcopy(figure)
    layout = figure["layout"]
    legend = layout.get("showlegend", False)
    labels = {label: _rewrapped(label) for label in layout["yaxis"]["categoryarray"]}
    layout["yaxis"]["categoryarray"] = list(labels.values())
    for trace in figure["data"]:
        trace["y"] = [labels.get(label, label) for label in trace["y"]]
    layout["font"] = {**layout.get("font", {}), "size": 24}
    # Invisible ticks keep the labels clear of a mark at 0.
    layout["yaxis"].update(tickfont={"size": 24}, ticks="outside", ticklen=16,
                           tickcolor="rgba(0,0,0,0)")
    layout["xaxis"]["tickfont"] = {"size": 22}
    layout["legend"] = {**layout.get("legend", {}), "font": {"size": 22}, "y": -0.09}
    for annotation in layout.get("annotations", []):
        annotation["font"] = {"size": 20}
        annotation["text"] = annotation["text"].replace("<br>", " ")
    layout["margin"] = {"l": 8, "r": 48, "t": 36, "b": 96 if legend else 44}
    layout["height"] = height
    for trace in figure["data"]:
        if trace.get("type") == "scatter":
            trace["marker"] = {**trace["marker"], "size": 24}
        else:
            trace["textfont"] = {"size": 24}
        if "error_x" in trace:
            trace["error_x"] = {**trace["error_x"], "thickness": 4, "width": 14}
    return figure


def _list(kind: str, items: list[str], start: int = 1) -> str:
    tag = "ol" if kind == "disputed" else "ul"
    first = f' start="{start}"' if tag == "ol" and start > 1 else ""
    return f'<{tag} class="rw-present-list rw-present-{kind}"{first}>{"".join(items)}</{tag}>'


class PresentationView(Panel):
    """The screen of the model's step (and part), the controls under it, and the keys."""

    def __init__(self, model: PresentationModel, language: str, *, join_page: str,
                 on_leave):
        """``join_page``: the address participants open; ``on_leave()``: leave the
        presentation (the facilitator view in this tab)."""
        self.model, self.language, self.on_leave = model, language, on_leave
        session = model.session.session
        self.join_url = session.join_link(join_page)
        round_text = f" – {bdi(session.round)}" if session.round else ""
        self.invitation = w.HTML(
            f'<p class="rw-present-title">{bdi(session.project)}{round_text}</p>'
            f'<p class="rw-present-at">{escape(ui("join_at", language, url=join_page))}</p>'
            f'<p class="rw-present-code">{escape(session.display_code)}</p>')
        self.count = w.HTML()
        self.names = w.HTML()
        invite = w.VBox([self.invitation, self.count, self.names])
        invite.add_class("rw-present-invite")
        self.qr = w.HTML(self._qr())
        self.qr.add_class("rw-present-qr")
        join = w.HBox([invite, self.qr])
        join.add_class("rw-present-join")
        self.profile_text = w.HTML()
        self.chart = chart_view(language)
        self.chart.add_class("rw-present-chart")
        self.list_screen = w.HTML()
        self.list_screen.add_class("rw-present-screen")
        self.screens = {"join": [join], "profile": [self.profile_text, self.chart]}
        self.stage = w.VBox()
        self.stage.add_class("rw-present-stage")
        self.previous_button = w.Button(description=ui("present_previous", language),
                                        icon="arrow-left", tooltip="← PageUp")
        self.next_button = w.Button(description=ui("present_next", language),
                                    icon="arrow-right", tooltip="→ PageDown")
        self.indicator = w.HTML()
        self.indicator.add_class("rw-present-step")
        self.names_box = w.Checkbox(description=ui("present_show_names", language),
                                    indent=False)
        self.leave_button = w.Button(description=ui("present_leave", language))
        self.previous_button.on_click(lambda _b: self.step("previous"))
        self.next_button.on_click(lambda _b: self.step("next"))
        self.leave_button.on_click(lambda _b: self.key_listener.leave())
        self.key_listener = PresentationKeys(self.step)
        controls = w.HBox([self.previous_button, self.indicator, self.next_button,
                           self.names_box, self.leave_button, self.key_listener])
        controls.add_class("rw-present-controls")
        super().__init__([self.stage, controls])
        self.add_class("rw-presentation")
        self._links = [w.dlink((model, "show_names"), (self.names_box, "value"))]
        self.watch(self.names_box, self._on_names_box, "value")
        self.watch(model, self._show, list(model.trait_names()))
        self.watch(model, self._draw, "group")
        self._draw()
        self._show()

    def close(self) -> None:
        for link in self.__dict__.pop("_links", []):
            link.unlink()
        self.model.close()
        super().close()

    def step(self, to: str) -> None:
        """What a key or a button asks: next, previous, first, last or leave."""
        if to == "leave":
            self.on_leave()
            return
        {"next": self.model.next, "previous": self.model.previous,
         "first": self.model.first, "last": self.model.last}[to]()

    def _on_names_box(self, change) -> None:
        self.model.show_names = change["new"]

    def _qr(self) -> str:
        from readiness_widgets.sessions.facilitator import qr_svg  # the facilitator's QR

        return (f'<div role="img" aria-label="{escape(self.join_url)}">'
                f"{qr_svg(self.join_url)}</div>")

    # -- following the model -------------------------------------------------------------
    def _show(self, _change=None) -> None:
        model, language = self.model, self.language
        name = STEPS[model.step]
        parts = model.parts_of(model.step)
        indicator = ui("present_step", language, step=model.step + 1, steps=len(STEPS))
        if parts > 1:
            indicator += " · " + ui("present_part", language, part=model.part + 1, parts=parts)
        self.indicator.value = f'<p aria-live="polite">{escape(indicator)}</p>'
        self.previous_button.disabled = model.step == 0 and model.part == 0
        self.next_button.disabled = model.step == len(STEPS) - 1 and model.part == parts - 1
        joined = ui("present_joined", language, members=model.members)
        answered = ui("present_answered", language, done=model.complete)
        self.count.value = (f'<p class="rw-present-count">{escape(joined)}</p>'
                            f'<p class="rw-present-answered">{escape(answered)}</p>')
        shown = model.names if model.show_names else []  # only names members gave
        self.names.value = (f'<p class="rw-present-names">{escape(ui("present_names", language))}'
                            f' {", ".join(bdi(n) for n in shown)}</p>' if shown else "")
        self.profile_text.value = self._profile_text()
        if name in LISTS:
            self.list_screen.value = getattr(self, f"_{name}_html")()
            screen = [self.list_screen]
        else:
            screen = self.screens[name]
            if name == "profile" and not self._chart_shown():
                screen = [self.profile_text]
        self.stage.children = screen
        for other in STEPS:  # the step's name on the stage, for its own layout
            self.stage.remove_class(f"rw-present-{other}-step")
        self.stage.add_class(f"rw-present-{name}-step")

    def _chart_shown(self) -> bool:
        group = self.model.group
        return group is not None and HIDDEN_GROUP not in group.hidden

    def _draw(self, _change=None) -> None:
        group, language = self.model.group, self.language
        if group is None:
            return
        framework = self.model.session.framework
        series = group_chart_series(group, language)
        not_enough = ui("not_enough", language)
        with self.chart.hold_sync():
            self.chart.figure = projector_figure(
                profile_chart(framework, series, language, not_enough),
                CHART_HEIGHT - 36 * len(self._chart_notes(group)))
            self.chart.summary = chart_summary(framework, series, language, not_enough)

    def _chart_notes(self, group: GroupProfile) -> list[str]:
        return [ui(key, self.language, n=group.min_size)
                for kind, key in ((HIDDEN_DIMENSIONS, "hidden_dimensions"),
                                  (HIDDEN_ROLES, "hidden_roles")) if kind in group.hidden]

    def _heading(self, key: str) -> str:
        return f'<h2 class="rw-present-heading">{escape(ui(key, self.language))}</h2>'

    def _unavailable(self) -> str:
        """Why a screen of results is empty: a bad setting, or too few members."""
        model = self.model
        if model.group is None:
            return error_html(model.problem)
        if HIDDEN_GROUP in model.group.hidden:
            return self._note("hidden_group", n=model.group.min_size)
        return ""

    def _profile_text(self) -> str:
        group = self.model.group
        text = self._heading("present_profile") + (self._unavailable() or (
            f'<p class="rw-present-help">{escape(ui("present_chart_help", self.language))}</p>'))
        if group is not None and self._chart_shown():
            text += "".join(f'<p class="rw-present-note">{escape(note)}</p>'
                            for note in self._chart_notes(group))
        return text

    def _part(self, trait: str) -> tuple[list, int]:
        """The items of the shown part of a list, and how many came before it."""
        parts, part = getattr(self.model, trait), self.model.part
        if not parts:
            return [], 0
        return parts[part], sum(len(p) for p in parts[:part])

    def _note(self, key: str, **values) -> str:
        return f'<p class="rw-present-note">{escape(ui(key, self.language, **values))}</p>'

    def _more(self, key: str, count: int) -> str:
        """How many a list left out, under the last part of the list."""
        last = self.model.part == self.model.parts_of(self.model.step) - 1
        return self._note(key, count=count) if count and last else ""

    def _opening(self, heading: str, trait: str, empty: str) -> tuple[str, list, int]:
        """A list's screen: its heading, the items of the part shown and how many came
        before them; no items where the heading already says why there are none."""
        unavailable = self._unavailable()
        if unavailable:
            return self._heading(heading) + unavailable, [], 0
        shown, before = self._part(trait)
        if not shown:
            return self._heading(heading) + self._note(empty), [], 0
        return self._heading(heading), shown, before

    def _disagreements_html(self) -> str:
        model, language = self.model, self.language
        framework = model.session.framework
        html, shown, before = self._opening("disagreement", "disputed", "disagreement_none")
        if not shown:
            return html
        items = [f'<li data-question="{escape(d.spread.question_id)}">'
                 f'<p class="rw-present-item">'
                 f"{escape(pick(framework.question(d.spread.question_id).text, language))}</p>"
                 f'<p class="rw-prompt">{escape(d.prompt)}</p></li>' for d in shown]
        return (html + _list("disputed", items, before + 1)
                + self._more("present_more_disputed", model.more_disputed))

    def _flags_html(self) -> str:
        model, language = self.model, self.language
        html, shown, _before = self._opening("group_flags", "flags", "group_flags_none")
        if not shown:
            return html
        group = model.group
        items = []
        for flag, count in shown:
            counted = flag_count(group, count, language)
            items.append(
                f'<li data-flag="{escape(flag.id)}"><p class="rw-present-item">'
                f"{escape(pick(flag.title, language))} "
                f'<span class="rw-count">({escape(counted)})</span></p>'
                f"<p>{escape(first_sentence(pick(flag.explanation, language)))}</p></li>")
        return html + _list("flags", items) + self._counts_note(
            any(count is None for _flag, count in shown))

    def _actions_html(self) -> str:
        model, language = self.model, self.language
        shown, _before = self._part("actions")
        if not shown:
            return self._heading("group_actions_heading") + self._note("group_no_actions")
        planned = [line for line in shown if line.planned is not None]
        called = [line for line in shown if line.planned is None]
        html = self._heading("group_actions_heading")
        if planned:
            html += (f'<h3 class="rw-present-subheading">{escape(ui("plan_heading", language))}'
                     f"</h3>" + _list("planned", [self._planned(line) for line in planned]))
        elif model.part == 0:
            html += self._note("plan_empty")
        if called:
            html += (f'<h3 class="rw-present-subheading">'
                     f'{escape(ui("present_not_planned", language))}</h3>'
                     + _list("called", [self._called(line) for line in called]))
        html += self._more("present_more_actions", model.more_actions)
        return html + self._counts_note(model.group is not None
                                        and any(line.count is None for line in called))

    def _planned(self, line: ActionLine) -> str:
        language, entry = self.language, line.planned
        meta = [f'{escape(ui("plan_status", language))}: '
                f'{escape(ui(PLAN_STATUS_KEYS.get(entry["status"], "plan_planned"), language))}']
        if entry.get("due"):
            meta.append(f'{escape(ui("plan_due", language))}: {bdi(entry["due"])}')
        if entry.get("owner") and self.model.show_names:  # a name, typed by the facilitator
            meta.append(f'{escape(ui("plan_owner", language))}: {bdi(entry["owner"])}')
        return (f'<li data-action="{escape(line.action.id)}"><p class="rw-present-item">'
                f"{escape(pick(line.action.text, language))}</p>"
                f'<p class="rw-present-meta">{" · ".join(meta)}</p></li>')

    def _called(self, line: ActionLine) -> str:
        language, group = self.language, self.model.group
        count = ""
        if group is not None:
            count = ui("group_action_count", language, count=self._count(line.count),
                       members=group.members)
        return (f'<li data-action="{escape(line.action.id)}"><p class="rw-present-item">'
                f"{escape(pick(line.action.text, language))}</p>"
                f'<p class="rw-present-meta">{escape(count)}</p></li>')

    def _count(self, count: int | None) -> str:
        return str(count) if count is not None else ui("fewer_than", self.language,
                                                       n=self.model.group.min_size)

    def _counts_note(self, needed: bool) -> str:
        group = self.model.group
        if not needed or group is None:
            return ""
        return (f'<p class="rw-present-note rw-hidden-note">'
                f'{escape(ui("hidden_counts", self.language, n=group.min_size))}</p>')
