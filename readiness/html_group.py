"""HTML fragments for group sessions. Every text from a user or a framework is escaped."""

from __future__ import annotations

from html import escape

from .aggregate import GroupProfile
from .framework import Framework
from .group_summary import Movement, discussion_prompt, option_label
from .html_parts import citation
from .i18n import pick
from .sessions import MemberSummary
from .ui_text import ui


def group_flags_html(framework: Framework, group: GroupProfile, language: str) -> str:
    if not group.flags:
        return f'<p class="rw-muted">{ui("group_flags_none", language)}</p>'
    items = []
    for flag, count in sorted(group.flags, key=lambda item: -item[1]):
        counted = ui("flag_count", language, count=count, members=group.members)
        items.append(
            f'<li class="rw-flag" data-flag="{escape(flag.id)}" data-count="{count}">'
            f"<strong>{escape(pick(flag.title, language))}</strong> "
            f'<span class="rw-count">({escape(counted)})</span>'
            f"<p>{escape(pick(flag.explanation, language))}</p>"
            f"{citation(framework, flag.cites, language)}</li>")
    return f'<ul class="rw-flags">{"".join(items)}</ul>'


def disagreement_html(framework: Framework, group: GroupProfile, language: str,
                      limit: int = 5) -> str:
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
            f"{_counts_html(framework, spread.question_id, spread.counts, language)}"
            f'<p class="rw-prompt">{escape(discussion_prompt(framework, spread, language))}'
            "</p></li>")
    return rule + f'<ol class="rw-disagreements">{"".join(items)}</ol>'


def _counts_html(framework: Framework, question_id: str, counts, language: str) -> str:
    """One line per option with a bar as long as its share of the answers."""
    total = sum(counts.values()) or 1
    rows = []
    for level, count in counts.items():
        label = (ui("dont_know_short", language) if not isinstance(level, int)
                 else option_label(framework, question_id, level, language))
        rows.append(f'<tr><td class="rw-count-n">{count}</td><td><span class="rw-bar" '
                    f'style="width:{round(100 * count / total)}%"></span></td>'
                    f"<td>{escape(label)}</td></tr>")
    return f'<table class="rw-distribution">{"".join(rows)}</table>'


def distributions_html(framework: Framework, group: GroupProfile, language: str) -> str:
    """Every question's answer counts, one collapsible block per dimension."""
    by_question = {spread.question_id: spread for spread in group.questions}
    blocks = []
    for dimension in framework.dimensions:
        questions = "".join(
            f"<li><p>{escape(pick(q.text, language))}</p>"
            f"{_counts_html(framework, q.id, by_question[q.id].counts, language)}</li>"
            for q in framework.questions_in(dimension.id))
        blocks.append(f"<details><summary>{escape(pick(dimension.label, language))}"
                      f'</summary><ul class="rw-question-counts">{questions}</ul></details>')
    return "".join(blocks)


def members_html(members: list[MemberSummary], language: str) -> str:
    items = []
    for member in members:
        name = escape(member.display_name) if member.display_name else ui("anonymous", language)
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
