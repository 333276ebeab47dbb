"""A readable HTML overview of a framework: dimensions, anchored questions, flags, sources.

Every text from the framework file is escaped: a forked framework cannot inject markup.
"""

from __future__ import annotations

from html import escape

from readiness.framework.model import Citation, Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.render.html_parts import source_year


def _cites(cites: tuple[Citation, ...], language: str) -> str:
    shown = "; ".join(f"{escape(c.source)}, "
                      + escape(ui("quoted", language, text=c.section), quote=False)
                      for c in cites)
    return f'<div class="cite">{shown}</div>'


def _options(labels: list[str]) -> str:
    return "<ol>" + "".join(f"<li>{escape(label)}</li>" for label in labels) + "</ol>"


def overview_html(framework: Framework, language: str = "en") -> str:
    out = [f"<h1>{escape(pick(framework.title, language))}</h1>",
           f"<p>{escape(pick(framework.description, language))}</p>",
           f"<h2>{ui('gate_section', language)}</h2>"]
    for gate in framework.gates:
        out += [f"<h3>{escape(pick(gate.text, language))}</h3>",
                _options([pick(o.label, language) for o in gate.options]),
                _cites(gate.cites, language)]
    for dimension in framework.dimensions:
        out += [f"<h2>{escape(pick(dimension.label, language))}</h2>",
                f"<p>{escape(pick(dimension.description, language))}</p>"]
        for question in framework.questions_in(dimension.id):
            why = escape(pick(question.why, language))
            out += [f"<h3>{escape(pick(question.text, language))}</h3>",
                    f"<p><em>{ui('why', language)}:</em> {why}</p>",
                    _options([pick(o.label, language) for o in question.options]),
                    _cites(question.cites, language)]
    out.append(f"<h2>{ui('flags', language)}</h2>")
    for flag in framework.flags:
        actions = "".join(f"<li>{escape(pick(framework.action(a).text, language))}</li>"
                          for a in flag.actions)
        out += [f"<h3>{escape(pick(flag.title, language))}</h3>",
                f"<p>{escape(pick(flag.explanation, language))}</p>",
                f"<p><em>{ui('actions', language)}:</em></p><ul>{actions}</ul>",
                _cites(flag.cites, language)]
    out.append(f"<h2>{ui('sources', language)}</h2><ul>")
    for source in framework.sources:
        published = (f"{pick(source.publisher, language)}, "
                     f"{source_year(source, language)}").rstrip(".") + "."
        out.append(f"<li>{escape(pick(source.author, language))}: "
                   f"<strong>{escape(source.title)}</strong>. {escape(published)} "
                   f"[{escape(source.file)}]</li>")
    out.append("</ul>")
    return "\n".join(out)
