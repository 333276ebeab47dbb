"""HTML fragments for group sessions. Every text from a user or a framework is escaped,
and text a person typed (names, projects, rounds) is isolated, so a right-to-left mark in it
cannot reorder the text around it."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.numbers import number_text, score_text
from readiness.i18n.ui_text import ui
from readiness.render.advice import by_dimension, source_html, why_text
from readiness.render.charts import Series
from readiness.render.html_parts import bdi, citation, inference_html
from readiness.scoring.aggregate import (
    HIDDEN_COUNTS,
    HIDDEN_DIMENSIONS,
    HIDDEN_GROUP,
    HIDDEN_ROLES,
    KIND_AGREEMENT,
    KIND_ROLES,
    KIND_SPREAD,
    LOW_AGREEMENT,
    MIN_FOR_SPREAD,
    MIN_PER_SIDE,
    GroupProfile,
    GroupRecommendation,
    QuestionSpread,
)
from readiness.scoring.answers import band_for
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
            f"{inference_html(flag.basis, language, folded=False)}"
            f"{citation(framework, flag.cites, language)}</li>")
    return f'<ul class="rw-flags">{"".join(items)}</ul>'


def disagreement_html(framework: Framework, group: GroupProfile, language: str,
                      limit: int = 5) -> str:
    if HIDDEN_GROUP in group.hidden:
        return ""  # the hidden note says why
    rules = ui("disagreement_rules", language, spread=MIN_FOR_SPREAD, side=MIN_PER_SIDE,
               share=round(100 * LOW_AGREEMENT))
    rule = f'<p class="rw-muted">{rules}</p>'
    widest = group.widest_disagreement[:limit]
    if not widest:
        return rule + f'<p class="rw-muted">{ui("disagreement_none", language)}</p>'
    items = []
    for spread in widest:
        question = framework.question(spread.question_id)
        by_role = role_counts_html(question, spread, language)
        items.append(
            f'<li class="rw-disagreement" data-question="{escape(question.id)}">'
            f"<strong>{escape(pick(question.text, language))}</strong>"
            f"{dispute_kinds_html(spread, language)}"
            f"{counts_html(question, spread.counts, spread.answered, language, bool(by_role))}"
            f'<div class="rw-discuss"><p class="rw-prompt">'
            f"{escape(discussion_prompt(framework, spread, language))}</p>{by_role}</div></li>")
    return rule + f'<ol class="rw-disagreements">{"".join(items)}</ol>'


def dispute_kinds_html(spread: QuestionSpread, language: str) -> str:
    """Which rules call the question disagreement, a line each (the residents' and the
    professionals' medians in the *roles* line), and each role's median level where the
    profile holds one (a shared view: only roles the minimum group size allows)."""
    lines = []
    for kind in spread.kinds:
        if kind == KIND_SPREAD:
            text = ui("dispute_spread", language)
        elif kind == KIND_ROLES:
            text = ui("dispute_roles", language,
                      residents=score_text(spread.sides["residents"].median, language),
                      professionals=score_text(spread.sides["professionals"].median, language))
        elif kind == KIND_AGREEMENT:
            text = ui("dispute_agreement", language,
                      share=number_text(100 * spread.adjacent, language, places=0))
        else:
            continue
        lines.append(f'<p class="rw-dispute-kind" data-kind="{escape(kind)}">{escape(text)}</p>')
    medians = [(role, levels.median) for role, levels in spread.role_levels.items()
               if levels.count]
    html = f'<div class="rw-dispute-kinds">{"".join(lines)}</div>' if lines else ""
    if len(medians) > 1 or (medians and spread.levels.count > spread.role_levels[
            medians[0][0]].count):  # one role alone: its median is the group's own
        shown = " · ".join(
            f'<span data-median-role="{escape(role)}">{escape(ui(f"role_{role}", language))} '
            f"{score_text(median, language)}</span>" for role, median in medians)
        html += (f'<p class="rw-role-medians">'
                 f'{ui("role_level_medians", language, medians=shown)}</p>')
    return html


def role_counts_html(item, spread: QuestionSpread, language: str) -> str:
    """How many of each role chose each option: a row per role, a column per option (by
    its number in the list above, "don't know" by name); a hidden count shows as a dash.
    Empty when there is nothing to break down: one role, or a shared view that may show
    no role's counts (``aggregate.shared_role_counts``)."""
    if not spread.by_role or list(spread.by_role.values()) == [spread.counts]:
        return ""  # nothing shown by role, or one role: the group's own counts
    values = list(spread.counts)
    head = "".join(
        f'<th scope="col" title="{escape(option_text(item, value, language))}">'
        + (escape(ui("dont_know_short", language)) if value == DONT_KNOW else str(value))
        + "</th>" for value in values)
    rows = []
    for role, counts in spread.by_role.items():
        cells = "".join(
            f'<td class="rw-count-n">{count}</td>' if count is not None
            else '<td class="rw-count-n"><span class="rw-hidden-count">–</span></td>'
            for count in (counts[value] for value in values))
        rows.append(f'<tr data-role="{escape(role)}"><th scope="row">'
                    f"{escape(ui(f'role_{role}', language))}</th>{cells}</tr>")
    return (f'<table class="rw-role-counts"><caption>{escape(ui("by_role_caption", language))}'
            f'</caption><thead><tr><th scope="col">{escape(ui("role_column", language))}</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def counts_html(item, counts: Mapping[object, int | None], answered: int,
                language: str, numbered: bool = False) -> str:
    """One line per option of a question or gate with a bar as long as its share of the
    ``answered``; a hidden count (None) shows as a dash, without a bar. When every count
    is hidden the table would be a column of dashes: it is left out (the page's note on
    hidden counts says why). ``numbered``: each option's level before its text, as a
    table by role heads its columns."""
    if all(count is None for count in counts.values()):
        return ""
    rows = []
    for value, count in counts.items():
        label = option_text(item, value, language)
        if numbered and value != DONT_KNOW:
            label = f"{value}. {label}"
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
        shown = number_text(points, language)
        return f'<p class="rw-muted">{ui("moved_none", language, points=shown)}</p>'
    items = "".join(
        f'<li data-dimension="{escape(m.dimension_id)}">'
        + escape(ui("moved", language,
                    dimension=pick(framework.dimension(m.dimension_id).label, language),
                    before=score_text(m.before, language),
                    after=score_text(m.after, language)))
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
                     f'<p class="rw-muted">{escape(pick(item.why, language))}</p>'
                     f"{inference_html(item.basis, language)}</li>")
    if not items:
        return f'<p class="rw-muted">{ui("no_group_open_questions", language)}</p>'
    return f'<ul class="rw-open-questions">{"".join(items)}</ul>'


def group_score_table(framework: Framework, group: GroupProfile, language: str) -> str:
    """The group's profile as a table, as an assessment has its own: per dimension the
    median with its band, the middle half of the members' scores (the quartiles), and how
    many members have a score for it. A median a shared view hides says "not enough
    answers", as the chart does."""
    if HIDDEN_GROUP in group.hidden:
        return ""  # the hidden note says why
    bands = {band.id: pick(band.label, language) for band in framework.bands}
    rows = []
    for dimension in framework.dimensions:
        spread = group.dimensions[dimension.id]
        label = escape(pick(dimension.label, language))
        if spread.median is None:  # one cell: narrow enough for a phone
            cells = (f'<td colspan="3" class="rw-muted">{ui("not_enough", language)}</td>')
        else:
            # The band under the median, in its colour: four columns fit a phone. (The
            # band's class is on its cell: the assessment's table colours a row's third.)
            band_id = band_for(framework, spread.median)
            cells = (f'<td class="rw-band-cell rw-band-{band_id}">'
                     f"{score_text(spread.median, language)}"
                     f'<br><span class="rw-band-name">{escape(bands[band_id])}</span></td>'
                     f"<td>{score_text(spread.q1, language)}–{score_text(spread.q3, language)}"
                     "</td>"
                     f"<td>{spread.count}</td>")
        rows.append(f'<tr data-dimension="{escape(dimension.id)}"><th scope="row">{label}'
                    f"</th>{cells}</tr>")
    head = "".join(f'<th scope="col">{ui(key, language)}</th>' for key in (
        "dimension", "median_column", "middle_half_column", "members_column"))
    return (f'<div class="rw-table-scroll"><table class="rw-scores rw-group-scores"><thead>'
            f"<tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            f'<p class="rw-muted rw-table-help">{ui("group_score_table_help", language)}</p>')


def series_table(framework: Framework, series: list[Series], language: str,
                 caption: str) -> str:
    """The values a chart draws, as a table beside it: a row per dimension, a column per
    series (each role, or each round), each cell the median, with the middle half below
    it where the series has one."""
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in series)
    rows = []
    for dimension in framework.dimensions:
        cells = []
        for s in series:
            score = s.scores.get(dimension.id)
            low = s.low.get(dimension.id) if s.low else None
            high = s.high.get(dimension.id) if s.high else None
            spread = (f' <span class="rw-muted">({score_text(low, language)}–'
                      f"{score_text(high, language)})</span>"
                      if score is not None and low is not None and high is not None else "")
            cells.append(f"<td>{score_text(score, language)}{spread}</td>")
        rows.append(f'<tr data-dimension="{escape(dimension.id)}"><th scope="row">'
                    f"{escape(pick(dimension.label, language))}</th>{''.join(cells)}</tr>")
    return (f'<div class="rw-table-scroll"><table class="rw-scores rw-series-table">'
            f"<caption>{escape(caption)}</caption>"
            f'<thead><tr><th scope="col">{ui("dimension", language)}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def group_actions_html(framework: Framework, recommendations: list[GroupRecommendation],
                       group: GroupProfile, language: str) -> str:
    """The actions the members' answers call for, by dimension, each once, with how many
    members call for it (in a shared view "fewer than n" below the minimum group size),
    why, and its source written out: the report's list (the facilitator's page lists them
    with "we take this on", ``widgets/sessions/plan.py``)."""
    if HIDDEN_GROUP in group.hidden:
        return ""  # the hidden note says why
    if not recommendations:
        return f'<p class="rw-muted">{ui("group_no_actions", language)}</p>'
    groups = []
    for dimension, mine in by_dimension(framework, recommendations):
        items = []
        for found in mine:
            count = found.members_calling
            if group.min_size is not None and count < group.min_size:
                shown = ui("fewer_than", language, n=group.min_size)
            else:
                shown = str(count)
            counted = ui("group_action_count", language, count=shown, members=group.members)
            items.append(
                f'<li data-action="{escape(found.action.id)}">'
                f"{escape(pick(found.action.text, language))} "
                f'<span class="rw-count">({escape(counted)})</span>'
                f"{inference_html(found.action.basis, language, folded=False)}"
                f'<p class="rw-why">{escape(why_text(framework, found, language, group=True))}'
                f"</p>{source_html(framework, found.action.cites, language, folded=False)}"
                "</li>")
        groups.append(f"<h3>{escape(pick(dimension.label, language))}</h3>"
                      f'<ul class="rw-actions">{"".join(items)}</ul>')
    return "".join(groups)


def group_tables_html(framework: Framework, group: GroupProfile, series: list[Series],
                      language: str) -> str:
    """What the group's chart draws (``series``: ``charts.group_chart_series``), as
    tables: the group's scores, and each role's median where the chart draws roles."""
    tables = group_score_table(framework, group, language)
    if tables and len(series) > 1:
        tables += series_table(framework, series[1:], language,
                               ui("role_medians_caption", language))
    return tables
