"""What a trainee sees once the reference is revealed: both profiles on one chart, every
question beside the reference's answer with its reason and source, the red flags each
raised, and what really happened.

The reference says only what its source says: where the source is silent its answer is
"don't know", and the comparison says "the source does not say" instead of inventing an
answer or leaving an empty row.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import Flag, Framework
from readiness.i18n.languages import pick
from readiness.i18n.numbers import score_text
from readiness.i18n.ui_text import ui
from readiness.render.charts import chart_summary, profile_chart
from readiness.render.html_parts import citation
from readiness.training.cases import Case
from readiness.training.exercises import Comparison, QuestionComparison, comparison_series

CASE_NOTES_LANGUAGE = "en"
"""The language the case files' reasons (``reference.*.note``) are written in."""


# -- the chart -------------------------------------------------------------------------

def comparison_chart(framework: Framework, comparison: Comparison,
                     language: str) -> tuple[dict, str]:
    """The trainee's profile over the reference's, and the chart in words. A dimension the
    reference has no score for says in its label that the source does not say."""
    not_enough = ui("not_enough", language)
    figure = profile_chart(framework, comparison_series(comparison, language), language,
                           not_enough)
    silent = set(comparison.silent_dimensions)
    note = f"<br><i>({escape(ui('reference_silent_short', language))})</i>"
    renamed = {}
    for dimension, label in zip(framework.dimensions,
                                figure["layout"]["yaxis"]["categoryarray"], strict=True):
        renamed[label] = label + note if dimension.id in silent else label
    figure["layout"]["yaxis"]["categoryarray"] = list(renamed.values())
    for trace in figure["data"]:
        trace["y"] = [renamed.get(label, label) for label in trace["y"]]
    trainee, reference = comparison_series(comparison, language)
    summary = (chart_summary(framework, [trainee], language, not_enough) + ". "
               + chart_summary(framework, [reference], language,
                               ui("reference_silent_short", language)))
    return figure, summary


# -- question by question --------------------------------------------------------------

def _answer_text(framework: Framework, row: QuestionComparison, value, language: str) -> str:
    if value is None:
        return escape(ui("not_answered", language))
    if value == DONT_KNOW:
        return escape(pick(framework.dont_know_label, language))
    option = next(option for option in row.item.options if option.value == value)
    label = escape(pick(option.label, language))
    return f"{value} · {label}" if isinstance(value, int) else label


def _verdict(row: QuestionComparison, language: str) -> tuple[str, str]:
    """(css class, words) for how the two answers relate."""
    if row.source_silent:
        return "rw-cmp-silent", ui("reference_silent", language)
    if row.yours is None:
        return "rw-cmp-open", ui("not_answered", language)
    if row.same:
        return "rw-cmp-same", ui("cmp_same", language)
    apart = row.levels_apart
    if apart is not None:
        return "rw-cmp-differs", ui("cmp_levels_apart", language, n=apart)
    return "rw-cmp-differs", ui("cmp_differs", language)


def _question_item(framework: Framework, row: QuestionComparison, language: str) -> str:
    css, verdict = _verdict(row, language)
    reference = row.reference
    note_lang = (f' lang="{CASE_NOTES_LANGUAGE}"' if language != CASE_NOTES_LANGUAGE else "")
    theirs = (escape(ui("reference_silent", language)) if row.source_silent
              else _answer_text(framework, row, reference.value, language))
    return (f'<li class="rw-cmp {css}" data-question="{escape(row.item.id)}">'
            f'<p class="rw-cmp-q">{escape(pick(row.item.text, language))} '
            f'<span class="rw-cmp-verdict">{escape(verdict)}</span></p>'
            f'<dl><dt>{escape(ui("cmp_yours", language))}</dt>'
            f"<dd>{_answer_text(framework, row, row.yours, language)}</dd>"
            f'<dt>{escape(ui("cmp_reference", language))}</dt><dd>{theirs}</dd></dl>'
            f'<p class="rw-cmp-why"><span class="rw-muted">{escape(ui("cmp_why", language))}:'
            f"</span> <span{note_lang}>{escape(reference.note)}</span></p>"
            f"{citation(framework, reference.cites, language)}</li>")


def _group_summary(title: str, rows: Sequence[QuestionComparison], yours: float | None,
                   theirs: float | None, scored: bool, language: str) -> str:
    same = sum(row.same for row in rows)
    parts = [f"<strong>{escape(title)}</strong>"]
    if scored:
        reference = (ui("reference_silent_short", language) if theirs is None
                     else ui("cmp_score_reference", language,
                             score=score_text(theirs, language)))
        parts.append(escape(f"{ui('cmp_score_you', language, score=score_text(yours, language))} · "
                            f"{reference}"))
    parts.append(escape(ui("cmp_same_count", language, same=same, total=len(rows))))
    return " · ".join(parts)


def by_question_html(framework: Framework, comparison: Comparison, language: str) -> str:
    """Every gate and question: the trainee's answer, the reference's, and the reference's
    reason with its source; grouped by dimension, each group folded under a line with both
    scores and how many answers are the same."""
    rows = {row.item.id: row for row in comparison.questions}
    yours = {d.dimension_id: d.score for d in comparison.trainee.profile.dimensions}
    theirs = {d.dimension_id: d.score for d in comparison.reference.profile.dimensions}
    groups = [("gates", ui("gate_section", language),
               [rows[gate.id] for gate in framework.gates], False)]
    groups += [(d.id, pick(d.label, language),
                [rows[q.id] for q in framework.questions if q.dimension == d.id], True)
               for d in framework.dimensions]
    parts = [f"<h3>{escape(ui('by_question', language))}</h3>"
             f'<p class="rw-muted">{escape(ui("by_question_help", language))}</p>']
    if language != CASE_NOTES_LANGUAGE:
        parts.append(f'<p class="rw-muted">{escape(ui("case_notes_in_english", language))}</p>')
    for group_id, title, items, scored in groups:
        if not items:
            continue
        summary = _group_summary(title, items, yours.get(group_id), theirs.get(group_id),
                                 scored, language)
        body = "".join(_question_item(framework, row, language) for row in items)
        parts.append(f'<details class="rw-by-question" data-group="{escape(group_id)}">'
                     f"<summary>{summary}</summary><ol>{body}</ol></details>")
    return "".join(parts)


# -- flags and what happened -----------------------------------------------------------

def _flag_items(flags: Sequence[Flag], framework: Framework, language: str) -> str:
    return "".join(
        f'<li data-flag="{escape(flag.id)}"><strong>{escape(pick(flag.title, language))}'
        f"</strong><p>{escape(pick(flag.explanation, language))}</p>"
        f"{citation(framework, flag.cites, language)}</li>" for flag in flags)


def what_happened_html(framework: Framework, case: Case, language: str) -> str:
    return (f"<h3>{ui('what_happened', language)}</h3>"
            f'<p class="rw-what-happened">{escape(pick(case.what_happened, language))}</p>'
            f"{citation(framework, case.what_happened_cites, language)}")


def reveal_html(framework: Framework, case: Case, comparison: Comparison,
                language: str) -> str:
    """Question by question; missed, extra and shared flags; then what really happened."""
    parts = [by_question_html(framework, comparison, language)]
    for key, flags, css in (("missed_flags", comparison.missed, "rw-missed"),
                            ("extra_flags", comparison.extra, "rw-extra"),
                            ("shared_flags", comparison.shared, "rw-shared")):
        body = (f'<ul class="{css}">{_flag_items(flags, framework, language)}</ul>' if flags
                else f'<p class="rw-muted">{ui("none_here", language)}</p>')
        parts.append(f"<h3>{ui(key, language)}</h3>{body}")
    parts.append(what_happened_html(framework, case, language))
    return "".join(parts)

