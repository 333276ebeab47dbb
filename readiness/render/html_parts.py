"""HTML fragments for the panels. Every text from a user or a framework file is escaped."""

from __future__ import annotations

from html import escape

from readiness.framework.model import INFERENCE, Citation, Framework, Source, Tension
from readiness.i18n.languages import pick
from readiness.i18n.numbers import score_text
from readiness.i18n.ui_text import ui
from readiness.scoring.evaluation import Evaluation


def bdi(text: str) -> str:
    """Typed text (a name, a project), escaped and isolated from the text around it, so a
    right-to-left mark in it cannot reorder what follows."""
    return f"<bdi>{escape(text)}</bdi>"


def isolated(text: str) -> str:
    """Typed text isolated in plain text (a title, a chart label), where no element can."""
    return f"\u2068{text}\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE


def source_year(source: Source, language: str) -> str:
    """A source's year as a citation in ``language`` gives it: "n.d." ("u.å." in Swedish
    and Danish) when the bibliography has none (its ``year_note`` says why)."""
    return str(source.year) if source.year is not None else ui("no_date", language)


def source_reference(source: Source, language: str) -> str:
    """Author, title and year as a citation in ``language`` names a source (HTML): the
    describing words ("Interview (no byline) with ...") in that language, the title the
    work's own."""
    return (f"{escape(pick(source.author, language))}, <cite>{escape(source.title)}</cite> "
            f"({source_year(source, language)})")


def inference_html(basis: str, language: str, folded: bool = True,
                   summary: str | None = None) -> str:
    """The mark of a text that is the workbook's own inference (``basis: inference``), with
    what that means: behind a toggle on the page, written out in print; nothing for a text
    that says what its sources say. ``summary``: the mark's own words (which answers)."""
    if basis != INFERENCE:
        return ""
    mark = escape(summary or ui("inference_mark", language))
    help_ = escape(ui("inference_help", language))
    if folded:
        return (f'<details class="rw-inference"><summary>{mark}</summary>'
                f"<p>{help_}</p></details>")
    return f'<p class="rw-inference"><strong>{mark}.</strong> {help_}</p>'


def inferred_options_html(item, language: str, folded: bool = True) -> str:
    """The mark under a question whose answer options (some of them) are the workbook's
    own inference: which ones, and what that means."""
    levels = [str(option.value) for option in item.options if option.basis == INFERENCE]
    if not levels:
        return ""
    return inference_html(INFERENCE, language, folded,
                          ui("inference_options", language, levels=", ".join(levels)))


def citation(framework: Framework, cites: tuple[Citation, ...], language: str) -> str:
    sources = {source.file: source for source in framework.sources}
    parts = []
    for cite in cites:
        source = sources[cite.source]
        parts.append(f"{source_reference(source, language)}, "
                     + escape(ui("quoted", language, text=cite.section), quote=False))
    return (f'<p class="rw-source"><span class="rw-muted">{ui("source", language)}:</span> '
            + "; ".join(parts) + "</p>")


def tension_html(framework: Framework, tension: Tension, language: str,
                 folded: bool = True) -> str:
    """Where the sources pull in different directions, with every side's citation: behind a
    toggle whose summary says so beside a question, written out in print."""
    body = (f"<p>{escape(pick(tension.text, language))}</p>"
            f"{citation(framework, tension.cites, language)}")
    mark = escape(ui("sources_differ", language))
    if folded:
        return (f'<details class="rw-tension" data-tension="{escape(tension.id)}">'
                f"<summary>{mark}</summary>{body}</details>")
    return f'<div class="rw-tension" data-tension="{escape(tension.id)}">{body}</div>'


def score_table(framework: Framework, evaluation: Evaluation, language: str) -> str:
    bands = {band.id: pick(band.label, language) for band in framework.bands}
    rows = []
    for score in evaluation.profile.dimensions:
        label = escape(pick(framework.dimension(score.dimension_id).label, language))
        if score.score is None:
            value, band = "–", ui("not_enough", language)
        else:
            value, band = score_text(score.score, language), bands[score.band]
        if score.provisional:
            band = ui("provisional_band", language, band=band)
        css = f"rw-band-{score.band}" if score.band else "rw-band-none"
        if score.provisional:
            css += " rw-provisional"
        answered = ui("answered_of", language, answered=score.answered, total=score.total)
        rows.append(f'<tr class="{css}"><th scope="row">{label}</th><td>{value}</td>'
                    f"<td>{escape(band)}</td><td>{escape(answered)}</td></tr>")
    notes = []
    for _gate, effect in evaluation.profile.active_gate_effects:
        dimension = pick(framework.dimension(effect.dimension).label, language)
        notes.append(f'<p class="rw-capped">{escape(dimension)}: '
                     + escape(ui("capped", language, level=effect.max_level,
                                 explanation=pick(effect.explanation, language))) + "</p>")
    return (f'<table class="rw-scores"><thead><tr><th scope="col">{ui("dimension", language)}'
            f'</th><th scope="col">{ui("score", language)}</th><th scope="col">'
            f'{ui("band", language)}</th><th scope="col">{ui("answered_column", language)}'
            f"</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>"
            + f'<p class="rw-muted rw-table-help">{ui("score_table_help", language)}</p>'
            + "".join(notes))
