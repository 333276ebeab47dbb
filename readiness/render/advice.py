"""What one assessment's answers lead to, in HTML: red flags, the actions the answers call
for (grouped by dimension, each once, with why), and the open questions.

The page folds each source behind a toggle; the printed report writes it out.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from readiness.framework.model import Citation, Dimension, Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import citation, inference_html
from readiness.scoring.evaluation import Evaluation, Recommendation

if TYPE_CHECKING:  # group statistics stay out of an individual page (tests/framework)
    from readiness.scoring.aggregate import GroupRecommendation

PLAN_STATUS_KEYS = {"planned": "plan_planned", "in_progress": "plan_in_progress",
                    "done": "plan_done", "dropped": "plan_dropped"}


def source_html(framework: Framework, cites: tuple[Citation, ...], language: str,
                folded: bool) -> str:
    """The sources of one item: behind a toggle on the page, written out in print."""
    if not folded:
        return citation(framework, cites, language)
    return (f'<details class="rw-source-toggle"><summary>{ui("source", language)}</summary>'
            f"{citation(framework, cites, language)}</details>")


def action_numbers(evaluation: Evaluation) -> dict[str, int]:
    """Each listed action's number (1, 2, ...), in the order the action list shows them."""
    return {r.action.id: index for index, r in enumerate(evaluation.actions, start=1)}


def action_anchor(action_id: str) -> str:
    return "rw-" + action_id.replace(".", "-")


def flags_html(framework: Framework, evaluation: Evaluation, language: str,
               folded: bool = True) -> str:
    """The raised flags, each with its explanation, the numbers of the actions it calls
    for (listed once, below), and its source."""
    if not evaluation.flags:
        return f'<p class="rw-muted">{ui("no_flags", language)}</p>'
    numbers = action_numbers(evaluation)
    items = []
    for flag in evaluation.flags:
        refs = ", ".join(f'<a href="#{action_anchor(a)}">{numbers[a]}</a>'
                         for a in flag.actions if a in numbers)
        items.append(
            f'<li class="rw-flag" data-flag="{escape(flag.id)}">'
            f"<strong>{escape(pick(flag.title, language))}</strong>"
            f"<p>{escape(pick(flag.explanation, language))}</p>"
            f"{inference_html(flag.basis, language, folded)}"
            f'<p class="rw-muted">{ui("flag_actions", language, numbers=refs)}</p>'
            f"{source_html(framework, flag.cites, language, folded)}</li>")
    return f'<ul class="rw-flags">{"".join(items)}</ul>'


def why_text(framework: Framework, recommendation: Recommendation | GroupRecommendation,
             language: str, group: bool = False) -> str:
    """One line: the answers and the red flags that called for an action (``group``: a
    group's recommendation, called for by its members' answers)."""
    answer_key = "because_group_answer" if group else "because_answer"
    reasons = [ui(answer_key, language, question=pick(framework.item(q).text, language))
               for q in recommendation.questions]
    flags = {flag.id: flag for flag in framework.flags}
    reasons += [ui("because_flag", language, flag=pick(flags[f].title, language))
                for f in recommendation.flags]
    return ui("because", language, reasons="; ".join(reasons))


def actions_html(framework: Framework, evaluation: Evaluation, language: str,
                 folded: bool = True) -> str:
    """The actions the answers call for, grouped by dimension, numbered, each once, with
    why and its source."""
    if not evaluation.actions:
        return f'<p class="rw-muted">{ui("no_actions", language)}</p>'
    numbers = action_numbers(evaluation)
    groups = []
    for dimension, mine in by_dimension(framework, evaluation.actions):
        items = "".join(action_item_html(framework, r, numbers[r.action.id], language, folded)
                        for r in mine)
        groups.append(f"<h3>{escape(pick(dimension.label, language))}</h3>"
                      f'<ol class="rw-actions">{items}</ol>')
    return "".join(groups)


def by_dimension(framework: Framework, recommendations) -> list[tuple[Dimension, list]]:
    """Recommendations (an assessment's or a group's) grouped by their action's dimension,
    in framework order; a dimension without any is left out."""
    groups = [(dimension, [r for r in recommendations if r.action.dimension == dimension.id])
              for dimension in framework.dimensions]
    return [(dimension, mine) for dimension, mine in groups if mine]


def action_item_html(framework: Framework, recommendation: Recommendation, number: int,
                     language: str, folded: bool = True) -> str:
    action = recommendation.action
    return (f'<li id="{action_anchor(action.id)}" value="{number}" '
            f'data-action="{escape(action.id)}">{escape(pick(action.text, language))}'
            f"{inference_html(action.basis, language, folded)}"
            f'<p class="rw-why">{escape(why_text(framework, recommendation, language))}</p>'
            f"{source_html(framework, action.cites, language, folded)}</li>")


def group_action_html(framework: Framework, recommendation: GroupRecommendation,
                      members: int, language: str) -> str:
    """An action a group's answers call for, on the facilitator's page: its text, how many
    of the ``members`` call for it, why, and its source behind a toggle."""
    action = recommendation.action
    count = ui("group_action_count", language, count=recommendation.members_calling,
               members=members)
    why = why_text(framework, recommendation, language, group=True)
    return (f'<div data-action="{escape(action.id)}" '
            f'data-count="{recommendation.members_calling}">'
            f"<p>{escape(pick(action.text, language))} "
            f'<span class="rw-count">({escape(count)})</span></p>'
            f"{inference_html(action.basis, language)}"
            f'<p class="rw-why">{escape(why)}</p>'
            f"{source_html(framework, action.cites, language, folded=True)}</div>")


def open_questions_html(framework: Framework, evaluation: Evaluation, language: str,
                        folded: bool = True) -> str:
    """The questions answered "don't know / not decided", grouped by dimension, each with
    why it matters (marked where that is the workbook's own inference): work to settle
    before the next meeting."""
    if not evaluation.open_questions:
        label = pick(framework.dont_know_label, language)
        return f'<p class="rw-muted">{escape(ui("no_open_questions", language, label=label))}</p>'
    open_ = set(evaluation.open_questions)
    groups = []
    gates = [g for g in framework.gates if g.id in open_]
    if gates:
        groups.append((ui("open_gates", language), gates))
    for dimension in framework.dimensions:
        questions = [q for q in framework.questions_in(dimension.id) if q.id in open_]
        if questions:
            groups.append((pick(dimension.label, language), questions))
    parts = []
    for heading, items in groups:
        entries = "".join(
            f'<li data-question="{escape(item.id)}">{escape(pick(item.text, language))}'
            f'<p class="rw-muted">{escape(pick(item.why, language))}</p>'
            f"{inference_html(item.basis, language, folded)}</li>"
            for item in items)
        parts.append(f"<h3>{escape(heading)}</h3><ul class=\"rw-open-questions\">{entries}</ul>")
    return "".join(parts)


def plan_html(framework: Framework, items, language: str) -> str:
    """An action plan as a table: the action, who, by when, and how far it has come.
    ``items``: the stored plan items (action id, owner, due, status)."""
    if not items:
        return f'<p class="rw-muted">{ui("plan_empty", language)}</p>'
    known = {action.id: action for action in framework.actions}
    rows = []
    for item in items:
        action = known.get(item.action_id)
        text = pick(action.text, language) if action else item.action_id
        status = ui(PLAN_STATUS_KEYS.get(item.status, "plan_planned"), language)
        rows.append(f'<tr data-action="{escape(item.action_id)}"><td>{escape(text)}</td>'
                    f"<td><bdi>{escape(item.owner)}</bdi></td>"
                    f"<td><bdi>{escape(item.due)}</bdi></td><td>{escape(status)}</td></tr>")
    head = "".join(f'<th scope="col">{ui(key, language)}</th>'
                   for key in ("plan_action", "plan_owner", "plan_due", "plan_status"))
    return (f'<table class="rw-plan"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
