"""HTML fragments for group sessions. Every text from a user or a framework is escaped,
and text a person typed (names, projects, rounds) is isolated, so a right-to-left mark in it
cannot reorder the text around it."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import bdi, citation
from readiness.scoring.aggregate import (
    HIDDEN_COUNTS,
    HIDDEN_DIMENSIONS,
    HIDDEN_GROUP,
    HIDDEN_ROLES,
    GroupProfile,
)
from readiness.scoring.group_summary import Movement, discussion_prompt, option_text
from readiness.store.sessions import MemberSummary

HIDDEN_NOTE_KEYS = ((HIDDEN_GROUP, "hidden_group"), (HIDDEN_DIMENSIONS, "hidden_dimensions"),
                    (HIDDEN_ROLES, "hidden_roles"), (HIDDEN_COUNTS, "hidden_counts"))


def hidden_notes_html(group: GroupProfile, language: str) -> str:
    """A line for each kind of number a shared view left out, saying why."""
    lines = [ui(key, language, n=group.min_size) for kind, key in HIDDEN_NOTE_KEYS
             if kind in group.hidden]
    return "".join(f'<p class="rw-hidden-note">{escape(line)}</p>' for line in lines)


def _count_text(count: int | None, group: GroupProfile, language: str) -> str:
    return str(count) if count is not None else ui("fewer_than", language, n=group.min_size)


def group_flags_html(framework: Framework, group: GroupProfile, language: str) -> str:
    if HIDDEN_GROUP in group.hidden:
        return ""  # the hidden note says why
    if not group.flags:
        return f'<p class="rw-muted">{ui("group_flags_none", language)}</p>'
    items = []
    for flag, count in sorted(group.flags, key=lambda item: -(item[1] or 0)):
        counted = ui("flag_count", language, count=_count_text(count, group, language),
                     members=group.members)
        items.append(
            f'<li class="rw-flag" data-flag="{escape(flag.id)}" data-count="{count or ""}">'
            f"<strong>{escape(pick(flag.title, language))}</strong> "
            f'<span class="rw-count">({escape(counted)})</span>'
            f"<p>{escape(pick(flag.explanation, language))}</p>"
            f"{citation(framework, flag.cites, language)}</li>")
    return f'<ul class="rw-flags">{"".join(items)}</ul>'


def disagreement_html(framework: Framework, group: GroupProfile, language: str,
                      limit: int = 5) -> str:
    if HIDDEN_GROUP in group.hidden:
        return ""  # the hidden note says why
    rule = f'<p class="rw-muted">{ui("disagreement_rule", language)}</p>'
    widest = group.widest_disagreement[:limit]
    if not widest:
        return rule + f'<p class="rw-muted">{ui("disagreement_none", language)}</p>'
    items = []
    for spread in widest:
        question = framework.question(spread.question_id)
        items.append(
            f'<li class="rw-disagreement" data-question="{escape(question.id)}">'
            f"<strong>{escape(pick(question.text, language))}</strong>"
            f"{counts_html(question, spread.counts, spread.answered, language)}"
            f'<p class="rw-prompt">{escape(discussion_prompt(framework, spread, language))}'
            "</p></li>")
    return rule + f'<ol class="rw-disagreements">{"".join(items)}</ol>'


def counts_html(item, counts: Mapping[object, int | None], answered: int,
                language: str) -> str:
    """One line per option of a question or gate with a bar as long as its share of the
    ``answered``; a hidden count (None) shows as a dash, without a bar. When every count
    is hidden the table would be a column of dashes: it is left out (the page's note on
    hidden counts says why)."""
    if all(count is None for count in counts.values()):
        return ""
    rows = []
    for value, count in counts.items():
        label = option_text(item, value, language)
        if count is None:
            shown, bar = '<span class="rw-hidden-count">–</span>', ""
        else:
            width = round(100 * count / (answered or 1))
            shown, bar = str(count), f'<span class="rw-bar" style="width:{width}%"></span>'
        rows.append(f'<tr><td class="rw-count-n">{shown}</td><td>{bar}</td>'
                    f"<td>{escape(label)}</td></tr>")
    return f'<table class="rw-distribution">{"".join(rows)}</table>'


def distributions_html(framework: Framework, group: GroupProfile, language: str) -> str:
    """Every question's answer counts, one collapsible block per dimension."""
    by_question = {spread.question_id: spread for spread in group.questions}
    blocks = []
    for dimension in framework.dimensions:
        questions = "".join(
            f"<li><p>{escape(pick(q.text, language))}</p>"
            f"{counts_html(q, by_question[q.id].counts, by_question[q.id].answered, language)}"
            "</li>"
            for q in framework.questions_in(dimension.id))
        blocks.append(f"<details><summary>{escape(pick(dimension.label, language))}"
                      f'</summary><ul class="rw-question-counts">{questions}</ul></details>')
    return "".join(blocks)


def members_html(members: list[MemberSummary], language: str) -> str:
    items = []
    for member in members:
        name = bdi(member.display_name) if member.display_name else ui("anonymous", language)
        items.append(f"<li>{name} · {escape(ui(f'role_{member.role}', language))} · "
                     f"{escape(ui('answered_short', language, count=member.answered))}</li>")
    return f'<ul class="rw-members">{"".join(items)}</ul>'


def moved_html(framework: Framework, moves: list[Movement], language: str,
               points: float) -> str:
    if not moves:
        return f'<p class="rw-muted">{ui("moved_none", language, points=f"{points:g}")}</p>'
    items = "".join(
        f'<li data-dimension="{escape(m.dimension_id)}">'
        + escape(ui("moved", language,
                    dimension=pick(framework.dimension(m.dimension_id).label, language),
                    before=f"{m.before:.0f}", after=f"{m.after:.0f}"))
        + "</li>" for m in moves)
    return f'<ul class="rw-moved">{items}</ul>'


def group_open_questions_html(framework: Framework, group: GroupProfile, language: str) -> str:
    """The questions more than half of the members answered "don't know / not decided":
    work for the group before the next meeting. Counts hidden in a shared view hide it."""
    items = []
    for spread in group.questions:
        unknown = spread.counts.get(DONT_KNOW)
        if unknown is None or group.members == 0 or unknown * 2 <= group.members:
            continue
        item = framework.item(spread.question_id)
        count = ui("dont_know_count", language, count=unknown, members=group.members)
        items.append(f'<li data-question="{escape(item.id)}">{escape(pick(item.text, language))}'
                     f' <span class="rw-muted">({escape(count)})</span>'
                     f'<p class="rw-muted">{escape(pick(item.why, language))}</p></li>')
    if not items:
        return f'<p class="rw-muted">{ui("no_group_open_questions", language)}</p>'
    return f'<ul class="rw-open-questions">{"".join(items)}</ul>'
