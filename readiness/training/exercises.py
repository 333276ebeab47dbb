"""Trainer mode: comparing trainees' answers with a case's reference assessment, and the
printable trainer's guide of a case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from readiness.framework.model import Flag, Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.charts import Series, evaluation_series
from readiness.render.html_parts import citation
from readiness.scoring.evaluation import Evaluation, evaluate
from readiness.training.cases import Case


@dataclass(frozen=True)
class Comparison:
    """A trainee's (or a group's) assessment of a case against its reference."""

    trainee: Evaluation
    reference: Evaluation
    missed: tuple[Flag, ...]
    """Flags the reference raises and the trainee did not."""
    extra: tuple[Flag, ...]
    """Flags the trainee raised and the reference does not."""
    shared: tuple[Flag, ...]


def compare(framework: Framework, answers: Mapping, case: Case) -> Comparison:
    trainee = evaluate(framework, answers)
    reference = evaluate(framework, case.answers)
    mine = {flag.id for flag in trainee.flags}
    theirs = {flag.id for flag in reference.flags}
    return Comparison(trainee, reference,
                      tuple(f for f in reference.flags if f.id not in mine),
                      tuple(f for f in trainee.flags if f.id not in theirs),
                      tuple(f for f in trainee.flags if f.id in theirs))


def comparison_series(comparison: Comparison, language: str) -> list[Series]:
    return [evaluation_series(ui("your_answers", language), comparison.trainee),
            evaluation_series(ui("reference", language), comparison.reference)]


def overlay_series(framework: Framework, named_answers: Sequence[tuple[str, Mapping]]
                   ) -> list[Series]:
    """Any number of assessments on one chart (e.g. attempt 1 and 2, before and after)."""
    return [evaluation_series(name, evaluate(framework, answers))
            for name, answers in named_answers]


def _flag_items(flags: Sequence[Flag], framework: Framework, language: str) -> str:
    return "".join(
        f'<li data-flag="{escape(flag.id)}"><strong>{escape(pick(flag.title, language))}'
        f"</strong><p>{escape(pick(flag.explanation, language))}</p>"
        f"{citation(framework, flag.cites, language)}</li>" for flag in flags)


def reveal_html(framework: Framework, case: Case, comparison: Comparison,
                language: str) -> str:
    """Missed and extra flags, then what really happened, with its source."""
    parts = []
    for key, flags, css in (("missed_flags", comparison.missed, "rw-missed"),
                            ("extra_flags", comparison.extra, "rw-extra"),
                            ("shared_flags", comparison.shared, "rw-shared")):
        body = (f'<ul class="{css}">{_flag_items(flags, framework, language)}</ul>' if flags
                else f'<p class="rw-muted">{ui("none_here", language)}</p>')
        parts.append(f"<h3>{ui(key, language)}</h3>{body}")
    parts.append(f"<h3>{ui('what_happened', language)}</h3>"
                 f'<p class="rw-what-happened">{escape(pick(case.what_happened, language))}</p>'
                 f"{citation(framework, case.what_happened_cites, language)}")
    return "".join(parts)


def guide_html(framework: Framework, case: Case, language: str) -> str:
    """The trainer's guide for one case: one printable A4 page."""
    steps = "".join(f"<tr><td>{step.minutes} min</td><td>{escape(pick(step.step, language))}"
                    "</td></tr>" for step in case.plan)
    questions = "".join(f"<li>{escape(pick(q, language))}</li>" for q in case.questions)
    sources = ", ".join(escape(s.title) for s in framework.sources if s.file in case.sources)
    title = f"{ui('trainer_guide', language)}: {pick(case.title, language)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:sans-serif;max-width:180mm;margin:0 auto;font-size:9.5pt;"
        "line-height:1.3}h1{font-size:14pt;margin:0 0 0.3em;border-bottom:2px solid #1d4f7a}"
        "h2{font-size:11pt;margin:0.6em 0 0.2em}p{margin:0.3em 0}ol{margin:0.2em 0}"
        "td{vertical-align:top;padding:0.05em 0.6em 0.05em 0}td:first-child{white-space:nowrap}"
        "@page{size:A4;margin:12mm}"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p><em>{escape(pick(case.setting, language))}</em> · {sources}</p>"
        f"<h2>{ui('guide_goal', language)}</h2><p>{escape(pick(case.goal, language))}</p>"
        f"<h2>{ui('guide_case', language)}</h2><p>{escape(pick(case.description, language))}</p>"
        f"<h2>{ui('guide_plan', language)}</h2><table>{steps}</table>"
        f"<h2>{ui('guide_questions', language)}</h2><ol>{questions}</ol>"
        "</body></html>\n")
