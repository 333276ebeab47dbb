"""The trainer's guide to a case: one printable A4 page with the aim, the case, a 90-minute
plan, what really happened (for the trainer to tell at the reveal) and questions for the
discussion."""

from __future__ import annotations

from html import escape

from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import citation
from readiness.training.cases import Case


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
        ".outcome{border-left:3px solid #1d4f7a;padding-left:0.6em}"
        ".rw-source,.rw-muted{font-size:8pt;color:#444}"
        "@page{size:A4;margin:12mm}"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p><em>{escape(pick(case.setting, language))}</em> · {sources}</p>"
        f"<h2>{ui('guide_goal', language)}</h2><p>{escape(pick(case.goal, language))}</p>"
        f"<h2>{ui('guide_case', language)}</h2><p>{escape(pick(case.description, language))}</p>"
        f"<h2>{ui('guide_plan', language)}</h2><table>{steps}</table>"
        f'<div class="outcome"><h2>{escape(ui("guide_outcome", language))}</h2>'
        f'<p class="rw-what-happened">{escape(pick(case.what_happened, language))}</p>'
        f"{citation(framework, case.what_happened_cites, language)}</div>"
        f"<h2>{ui('guide_questions', language)}</h2><ol>{questions}</ol>"
        "</body></html>\n")
