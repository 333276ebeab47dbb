"""The report: one self-contained HTML file (plotly.js embedded, no other host asked for
anything), printable on A4, and a PDF of it rendered by headless Chromium when there is one.

A group's report comes in two kinds. The one for sharing (minutes, funders) names no one
and shows only numbers that at least the minimum group size of members stand behind (see
``aggregate.shared_profile``). The facilitator's (``with_names``) keeps every name and who
chose what, and says on its first line that it is for the facilitator only.

Every text from a user, a participant or a framework file is escaped, and typed text is
isolated so that a right-to-left mark in a name cannot reorder the text around it.
"""

from __future__ import annotations

import html as html_module
import json
import re
import subprocess
import tempfile
from collections import Counter
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from readiness.exchange.report_data import ReportInput, Respondent, Round
from readiness.framework.model import INFERENCE, Framework
from readiness.i18n.languages import direction, language_name, pick
from readiness.i18n.ui_text import ui
from readiness.render.advice import actions_html, flags_html, open_questions_html, plan_html
from readiness.render.charts import (
    Series,
    chart_summary,
    evaluation_series,
    group_chart_series,
    profile_chart,
    rounds_series,
)
from readiness.render.chromium import OFFLINE_FLAGS, find_chromium
from readiness.render.html_group import (
    counts_html,
    disagreement_html,
    group_actions_html,
    group_flags_html,
    group_open_questions_html,
    group_tables_html,
    hidden_notes_html,
    moved_html,
    series_table,
)
from readiness.render.html_parts import bdi, isolated, score_table, source_reference, tension_html
from readiness.roles import role_order
from readiness.scoring.aggregate import (
    GroupProfile,
    Member,
    group_profile,
    group_recommendations,
    hide_small_counts,
    min_group_size,
    shared_profile,
)
from readiness.scoring.evaluation import Evaluation, evaluate
from readiness.scoring.group_summary import (
    MOVED_POINTS,
    moved_dimensions,
    option_text,
)

PLOTLY_BUNDLE = Path(__file__).parent / "vendor" / "plotly-workbook.min.js"
CHART_WIDTH_PX = 680  # fits A4 portrait inside the print margins
FIRST_PAGE_CHART_PX = 570
"""The tallest a report's first chart may be and still print on page 1 under the report's
head (A4 inside its margins is 1009 pixels high): 4 to 12 dimensions fit, their rows
shorter where there are many (charts.profile_chart)."""
FACILITATOR_NOTE_PX = 70
"""The facilitator-only note above the facilitator's report's head."""
LINE_PX, LINE_CHARACTERS = 17, 110
"""A printed line of the report's text, and about how many characters fill it."""
TITLE_LINE_PX, TITLE_CHARACTERS = 38, 42
"""The same of its title (a long project name takes two lines)."""
CHROMIUM_FLAGS = ("--headless", *OFFLINE_FLAGS, "--no-pdf-header-footer",
                  "--virtual-time-budget=15000")

STYLE = """
body { font-family: sans-serif; color: #1a1a1a; max-width: 190mm; margin: 1.5em auto;
  padding: 0 1em; line-height: 1.4; }
h1 { border-bottom: 3px solid #1d4f7a; padding-bottom: 0.2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #bbb; }
.rw-muted { color: #555; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { text-align: left; padding: 0.2em 0.6em 0.2em 0; vertical-align: top; }
.rw-scores th, .rw-scores td { border-bottom: 1px solid #ddd; }
.rw-band-strength td:nth-child(3) { background: #e3f1e3; }
.rw-band-discuss td:nth-child(3) { background: #fdf3d6; }
.rw-band-concern td:nth-child(3) { background: #f9e0dc; }
.rw-flag { margin-bottom: 0.8em; }
.rw-source { font-size: 0.85em; color: #555; }
.rw-why { font-size: 0.9em; color: #444; margin: 0.15em 0; }
.rw-tension { border-left: 3px solid #b07a1a; background: #fbf5e8; padding: 0.2em 0.6em;
  margin: 0.5em 0; break-inside: avoid; }
.rw-provisional td:nth-child(2), .rw-provisional td:nth-child(3) { font-style: italic; }
.rw-plan td:first-child { width: 50%; }
.rw-bar { display: inline-block; height: 0.7em; background: #1d4f7a; }
.rw-distribution td:nth-child(2) { width: 25%; }
td.rw-band-strength { background: #e3f1e3; }
td.rw-band-discuss { background: #fdf3d6; }
td.rw-band-concern { background: #f9e0dc; }
.rw-band-name { font-size: 0.85em; }
.rw-role-counts th, .rw-role-counts td { border-bottom: 1px solid #ddd; }
caption { text-align: left; font-style: italic; color: #555; }
.rw-chart { width: 680px; max-width: 100%; }
.rw-print-hint { background: #eef4fa; padding: 0.5em 0.8em; }
.rw-facilitator-only { background: #f9e0dc; border: 2px solid #b5482a; padding: 0.5em 0.8em; }
.rw-hidden-note { color: #555; font-style: italic; }
dl.rw-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dl.rw-facts dt { font-weight: bold; }
dl.rw-facts dd { margin: 0; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  .rw-print-hint { display: none; }
  .rw-flag, .rw-chart, tr, li { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _members(round_: Round) -> list[Member]:
    return [Member(r.role, r.values) for r in round_.respondents]


def _who(respondents: tuple[Respondent, ...], language: str, size: int | None) -> str:
    """How many answered, by role. Shared (``size``): no names, and roles of fewer than
    ``size`` members together, without their counts; else with the names given."""
    counts = Counter(r.role for r in respondents)
    roles = sorted(counts, key=role_order)  # as the pages list them
    small = [role for role in roles if size and counts[role] < size]
    parts = [", ".join(f"{escape(ui(f'role_{role}', language))}: {counts[role]}"
                       for role in roles if role not in small)]
    if small:
        parts.append(escape(ui("roles_fewer_than", language, n=size, roles=", ".join(
            ui(f"role_{role}", language) for role in small))))
    named = ""
    if size is None:
        names = [f"{r.label} {bdi(r.display_name)}" for r in respondents if r.display_name]
        named = f" ({', '.join(names)})" if names else ""
    return f"<p>{len(respondents)} – {'; '.join(p for p in parts if p)}{named}</p>"


RTL_CHART = "<style>#js-plotly-tester { direction: ltr; }</style>"
"""plotly.js measures its labels in an element of its own under <body>: in a right-to-left
page it measured them right to left and drew them left to right, hiding all but a letter of
each dimension's label behind the plot."""


def _chart(framework: Framework, series: list[Series], language: str, element: str,
           max_height: int | None = None) -> str:
    not_enough = ui("not_enough", language)
    figure = profile_chart(framework, series, language, not_enough, max_height)
    figure["layout"].update(width=CHART_WIDTH_PX, autosize=False)
    figure["config"]["responsive"] = False
    summary = chart_summary(framework, series, language, not_enough)
    # JSON inside a script element: "</" must not end the element early.
    spec = json.dumps(figure, ensure_ascii=False).replace("</", "<\\/")
    # dir="ltr": the chart's axis runs from 0 on the left in every language (RTL_CHART).
    return (f'<div class="rw-chart" dir="ltr" id="{element}" role="img" '
            f'aria-label="{escape(summary)}">'
            f"</div><script>(function () {{ var f = {spec};"
            f" Plotly.newPlot('{element}', f.data, f.layout, f.config); }})();</script>")


def _chosen(item, value, language: str) -> str:
    """An answer's option, marked where its situation is the workbook's own inference."""
    text = option_text(item, value, language)
    if any(o.value == value and o.basis == INFERENCE for o in item.options):
        text += " " + ui("inference_option", language)
    return text


def _answers(framework: Framework, round_: Round, language: str, size: int | None) -> str:
    """Every answer: for one respondent the chosen option; for a group, who chose what, or
    shared (``size``), how many chose each option where at least ``size`` did."""
    respondents = round_.respondents
    blocks = []
    for dimension_id, items in [("", framework.gates)] + [
            (d.id, framework.questions_in(d.id)) for d in framework.dimensions]:
        title = (pick(framework.dimension(dimension_id).label, language) if dimension_id
                 else ui("gate_section", language))
        rows = []
        for item in items:
            if len(respondents) == 1:
                answer = respondents[0].answers.get(item.id)
                chosen = (_chosen(item, answer.value, language) if answer
                          else ui("not_answered", language))
                rows.append(f"<tr><td>{escape(pick(item.text, language))}</td>"
                            f"<td>{escape(chosen)}</td></tr>")
                continue
            if size is not None:
                given = Counter(r.answers[item.id].value for r in respondents
                                if item.id in r.answers)
                counts = hide_small_counts(
                    {value: given[value] for value in framework.allowed_values(item.id)}, size)
                rows.append(f"<tr><td>{escape(pick(item.text, language))}</td><td>"
                            f"{counts_html(item, counts, given.total(), language)}</td></tr>")
                continue
            chosen_by: dict = {}
            for respondent in respondents:
                answer = respondent.answers.get(item.id)
                if answer is not None:
                    chosen_by.setdefault(answer.value, []).append(respondent.label)
            options = "".join(
                f"<li>{escape(_chosen(item, value, language))} – "
                f"{ui('chosen_by', language)} {len(labels)}: {escape(', '.join(labels))}</li>"
                for value, labels in chosen_by.items())
            rows.append(f"<tr><td>{escape(pick(item.text, language))}</td>"
                        f"<td><ul>{options}</ul></td></tr>")
        blocks.append(f"<h3>{escape(title)}</h3><table class=\"rw-answers\">"
                      f"{''.join(rows)}</table>")
    return "".join(blocks)


def _notes(framework: Framework, round_: Round, language: str, size: int | None) -> str:
    """Every note by dimension. Shared (``size``): with the writer's role only where that
    role has at least ``size`` members; else with respondent, role and name."""
    roles = Counter(r.role for r in round_.respondents)
    items = []
    for dimension in framework.dimensions:
        for respondent in round_.respondents:
            note = respondent.notes.get(dimension.id)
            if note is None or not note.text.strip():
                continue
            role = escape(ui(f"role_{respondent.role}", language))
            if len(round_.respondents) == 1:
                who = ""
            elif size is not None:
                who = f"{role}: " if roles[respondent.role] >= size else ""
            else:
                who = (f"{respondent.label} ({role})"
                       + (f" {bdi(respondent.display_name)}" if respondent.display_name
                          else "") + ": ")
            items.append(f"<li><strong>{escape(pick(dimension.label, language))}</strong> – "
                         f"{who}{escape(note.text)}</li>")
    if not items:
        return f'<p class="rw-muted">{ui("no_notes", language)}</p>'
    return f"<ul class=\"rw-notes\">{''.join(items)}</ul>"


def _tensions(framework: Framework, language: str) -> str:
    """Where the sources pull in different directions: each point written out with the
    questions it concerns and every side's citation (the page shows it beside them)."""
    if not framework.tensions:
        return ""
    parts = [f"<h2>{ui('tensions_heading', language)}</h2>",
             f'<p class="rw-muted">{escape(ui("tensions_help", language))}</p>']
    for tension in framework.tensions:
        concerns = "; ".join(escape(pick(framework.item(item_id).text, language))
                             for item_id in tension.questions)
        parts.append(f'<p class="rw-muted"><strong>{ui("tension_questions", language)}:</strong> '
                     f"{concerns}</p>" + tension_html(framework, tension, language, folded=False))
    return "".join(parts)


def _sources(framework: Framework, language: str) -> str:
    items = []
    for source in framework.sources:
        items.append(f"<li>{source_reference(source, language)}. "
                     f"{escape(pick(source.publisher, language))}. "
                     f'<span class="rw-muted">{escape(pick(source.summary, language))}</span>'
                     "</li>")
    return f"<ol class=\"rw-sources\">{''.join(items)}</ol>"


def _individual(framework: Framework, evaluation: Evaluation, plan, language: str,
                max_height: int | None = None) -> list[str]:
    series = [evaluation_series(ui("score", language), evaluation)]
    label = pick(framework.dont_know_label, language)
    return [f"<h2>{ui('profile', language)}</h2>",
            f'<p class="rw-muted">{ui("profile_help", language)}</p>',
            _chart(framework, series, language, "rw-profile", max_height),
            score_table(framework, evaluation, language),
            f"<h2>{ui('flags', language)}</h2>",
            flags_html(framework, evaluation, language, folded=False),
            f"<h2>{ui('plan_heading', language)}</h2>", plan_html(framework, plan, language),
            f"<h2>{ui('actions', language)}</h2>",
            actions_html(framework, evaluation, language, folded=False),
            f"<h2>{ui('open_questions', language)}</h2>",
            f'<p class="rw-muted">{escape(ui("open_questions_help", language, label=label))}</p>',
            open_questions_html(framework, evaluation, language, folded=False)]


def _group(framework: Framework, group: GroupProfile, members: list[Member],
           language: str, max_height: int | None = None) -> list[str]:
    series = group_chart_series(group, language)
    return [f"<h2>{ui('group_results', language)}</h2>",
            f'<p class="rw-muted">{ui("group_chart_help", language)}</p>',
            _chart(framework, series, language, "rw-group", max_height),
            hidden_notes_html(group, language),  # below: the chart stays on the first page
            group_tables_html(framework, group, series, language),
            f"<h2>{ui('group_flags', language)}</h2>",
            group_flags_html(framework, group, language),
            f"<h2>{ui('disagreement', language)}</h2>",
            disagreement_html(framework, group, language, limit=10),
            f"<h2>{ui('group_actions_heading', language)}</h2>",
            group_actions_html(framework, list(group_recommendations(framework, members)),
                               group, language)]


def _first_chart_height(head: list[str]) -> int:
    """FIRST_PAGE_CHART_PX less what a longer head than usual takes: the facilitator-only
    note, each line beyond the first of the title and of who answered (with names, in
    rounds)."""
    height = FIRST_PAGE_CHART_PX
    for part in head:
        for title in re.findall(r"<h1>(.*?)</h1>", part, flags=re.DOTALL):
            text = html_module.unescape(re.sub(r"<[^>]+>", "", title))
            height -= TITLE_LINE_PX * ((len(text) - 1) // TITLE_CHARACTERS)
        if 'class="rw-facilitator-only"' in part:
            height -= FACILITATOR_NOTE_PX
        for paragraph in re.findall(r"<p>(.*?)</p>", part, flags=re.DOTALL):
            text = html_module.unescape(re.sub(r"<[^>]+>", "", paragraph))
            height -= LINE_PX * ((len(text) - 1) // LINE_CHARACTERS)
        height -= LINE_PX * 2 * part.count("<h3>")  # a round's heading
    return height


def render_html(framework: Framework, data: ReportInput, language: str | None = None,
                made_at: datetime | None = None, *, with_names: bool = False) -> str:
    """The whole report as one HTML document in ``language`` (default: the data's own).

    A group's report is the one for sharing unless ``with_names``: then it is the
    facilitator's, with every name and who chose what."""
    language = language or data.language
    made_at = made_at or datetime.now(UTC)
    latest = data.latest
    # The shared kind hides what fewer than the minimum group size stand for; an
    # individual's own report has nothing to hide from its reader.
    size = None if with_names or data.kind == "assessment" else min_group_size()
    facilitator_only = with_names and data.kind != "assessment"
    title = f"{ui('report_title', language)}: {isolated(data.project)}"
    if facilitator_only:
        title = f"{ui('facilitator_only_title', language)} – {title}"
    round_names = ", ".join(bdi(r.name) for r in data.rounds if r.name)
    facts = [(ui("project", language), data.project and bdi(data.project)),
             (ui("area", language), data.area and bdi(data.area)),
             (ui("report_kind_" + data.kind, language), round_names),
             (ui("report_started", language), f"{data.created_at:%Y-%m-%d}"),
             (ui("report_date", language), f"{made_at:%Y-%m-%d %H:%M} UTC"),
             (ui("report_language", language),
              escape(language_name(language)))]
    parts = [f'<p class="rw-facilitator-only" role="note">'
             f'{escape(ui("facilitator_only_note", language))}</p>'
             if facilitator_only else "",
             f"<h1>{escape(ui('report_title', language))}: {bdi(data.project)}</h1>",
             f'<p class="rw-print-hint">{ui("print_hint", language)}</p>',
             '<dl class="rw-facts">' + "".join(
                 f"<dt>{escape(label)}</dt><dd>{value}</dd>"
                 for label, value in facts if value) + "</dl>",
             f"<h2>{ui('who_answered', language)}</h2>"]
    for round_ in data.rounds:
        heading = (f"<h3>{ui('round_label', language)}: {bdi(round_.name)}</h3>"
                   if data.kind == "rounds" else "")
        parts.append(heading + _who(round_.respondents, language, size))
    # The first chart prints on page 1: as tall as the head above it leaves room for.
    first_chart = _first_chart_height(parts)
    if data.kind == "assessment":
        evaluation = evaluate(framework, latest.respondents[0].values)
        parts += _individual(framework, evaluation, latest.plan, language, first_chart)
    else:
        profiles = [group_profile(framework, _members(r)) for r in data.rounds]
        if size is not None:
            profiles = [shared_profile(p, size) for p in profiles]
        if data.kind == "rounds":
            series = rounds_series([(r.name, p) for r, p in
                                    zip(data.rounds, profiles, strict=True)])
            parts += [f"<h2>{ui('rounds_heading', language)}</h2>",
                      f'<p class="rw-muted">{ui("rounds_chart_help", language)}</p>',
                      _chart(framework, series, language, "rw-rounds", first_chart),
                      series_table(framework, series, language,
                                   ui("rounds_table_caption", language)),
                      f"<h3>{ui('moved_heading', language)}</h3>",
                      moved_html(framework, moved_dimensions(framework, profiles), language,
                                 MOVED_POINTS)]
        parts += _group(framework, profiles[-1], _members(latest), language,
                        None if data.kind == "rounds" else first_chart)
        parts += [f"<h2>{ui('group_open_questions', language)}</h2>",
                  group_open_questions_html(framework, profiles[-1], language)]
        for round_ in data.rounds:
            if data.kind == "rounds":
                parts.append(f"<h2>{ui('plan_heading', language)}: {bdi(round_.name)}</h2>")
            else:
                parts.append(f"<h2>{ui('plan_heading', language)}</h2>")
            parts.append(plan_html(framework, round_.plan, language))
    parts += [f"<h2>{ui('notes_heading', language)}</h2>",
              _notes(framework, latest, language, size),
              f"<h2>{ui('answers_heading', language)}</h2>",
              _answers(framework, latest, language, size),
              _tensions(framework, language),
              f"<h2>{ui('sources', language)}</h2>", _sources(framework, language)]
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="{escape(language)}" dir="{direction(language)}">'
            '<head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style>"
            f"{RTL_CHART if direction(language) == 'rtl' else ''}"
            f"<script>{bundle}</script></head><body>{''.join(parts)}</body></html>\n")


class NoBrowser(RuntimeError):
    """No headless browser to print the PDF with; the message says what to do instead."""


def write_pdf(html: str, target: str | Path, language: str = "en") -> Path:
    """Print the report to ``target`` with headless Chromium (A4, the report's print CSS)."""
    browser = find_chromium()
    if browser is None:
        raise NoBrowser("no Chromium was found to make the PDF. Open the HTML report in a "
                        "browser instead: " + ui("print_hint", language))
    target = Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix="readiness-report-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
             f"--print-to-pdf={target}", page.as_uri()],
            capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise NoBrowser(f"Chromium could not print the PDF ({result.stderr.strip()[-300:]}). "
                        + ui("print_hint", language))
    return target
