"""Reports and data exports: self-contained, complete, and inert against hostile text."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from readiness.exchange.report_data import from_sessions, from_store_assessment, resolve
from readiness.exchange.tabular import answer_rows, csv_text, score_rows, write_csv, xlsx_bytes
from readiness.render import report as report_module
from readiness.render.report import NoBrowser, render_html, write_pdf
from readiness.store.sessions import create_session, join_session, next_round

HOSTILE_NAME = '=HYPERLINK("http://evil.example","click")'
HOSTILE_NOTE = '<img src=x onerror="alert(1)"><script>alert(2)</script> +SUM(A1)'
HOSTILE_PROJECT = "Norrby <script>alert(3)</script>"
HOSTILE_ROUND = '@SUM(1+1)*cmd|" /C calc"!A0'


class Elements(HTMLParser):
    """Every element with its attributes, and the text of every script."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def group(store, framework):
    """A session of five with hostile names and notes, all questions answered."""
    session, key = create_session(store, framework, project=HOSTILE_PROJECT, language="sv",
                                  round_name="planering")
    levels = (1, 1, 4, 4, 2)  # 4: each question's highest level
    roles = ("resident", "resident", "staff", "manager", "partner")
    for index, (level, role) in enumerate(zip(levels, roles, strict=True)):
        record = join_session(store, framework, session.join_code, role=role,
                              display_name=HOSTILE_NAME if index == 0 else "")
        store.save_answer(framework, record.id, "gate.direction-open", "open")
        for question in framework.questions:
            value = question.levels if level == 4 else level
            store.save_answer(framework, record.id, question.id, value)
        store.save_note(record.id, "purpose", HOSTILE_NOTE)
    return session, key


@pytest.mark.parametrize("with_names", [False, True])
def test_the_html_report_is_self_contained_and_hostile_text_is_inert(store, framework, group,
                                                                     with_names):
    session, _key = group
    html = render_html(framework, from_sessions(store, [session.id]), with_names=with_names)
    found = parse(html)
    external = [(tag, name, value) for tag, attrs in found.elements
                for name, value in attrs.items()
                if name in ("src", "href") and value and not value.startswith("#")]
    assert external == []  # no file, stylesheet, font or script from anywhere else
    assert not [tag for tag, _ in found.elements if tag in ("img", "link", "iframe")]
    assert not [attrs for _, attrs in found.elements if any(a.startswith("on") for a in attrs)]
    # Only our own scripts: the embedded plotly.js and one call per chart.
    assert found.scripts[0].lstrip().startswith("/**\n* plotly.js (workbook - minified)")
    assert all(s.startswith("(function () { var f = ") for s in found.scripts[1:])
    assert len(found.scripts) == 2  # one group chart
    assert "alert(3)" not in "".join(found.scripts)
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    if with_names:
        assert "=HYPERLINK(&quot;http://evil.example&quot;" in html  # shown, never a link
    else:
        assert "HYPERLINK" not in html  # the shareable report names no one


def test_a_group_report_has_every_part_in_the_session_language(store, framework, group):
    session, _key = group
    html = render_html(framework, from_sessions(store, [session.id]))
    for heading in ("Vilka som svarade", "Gruppens resultat", "Varningsflaggor i gruppen",
                    "Där gruppen är oenig", "Anteckningar", "Alla svar", "Källor"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert 'class="rw-disagreement"' in html
    for source in framework.sources:
        assert source.title in html
    assert framework.questions[0].text["sv"] in html and html.count("&lt;img src=x") == 5


def test_the_shareable_group_report_names_no_one_and_hides_small_counts(store, framework,
                                                                      group):
    """Five members, no role of three: nothing that fewer than three stand behind."""
    session, _key = group
    html = render_html(framework, from_sessions(store, [session.id]))
    assert "HYPERLINK" not in html and "R1, R2" not in html and "valt av" not in html
    assert ("5 – färre än 3 per roll: Boende, Medarbetare, Chef, "
            "Partnerorganisation</p>") in html
    assert "Boende: 2" not in html and "(Boende)" not in html  # no role beside a note
    assert "En roll visas för sig bara när minst 3" in html  # the line saying why
    assert "Antal deltagare under 3 visas inte" in html
    # Levels 1, 1, 4, 4, 2 on every question: no option has three, so every count is a dash.
    assert 'class="rw-count-n">2<' not in html and 'class="rw-count-n">1<' not in html
    assert 'class="rw-hidden-count">–' in html
    assert "Be någon som valde" not in html  # it would name an option someone chose
    assert "Be de som ser olika på frågan" in html
    chart = found_chart(html)
    assert [trace["name"] for trace in chart["data"]] == ["Gruppen (median)"]
    assert 'class="rw-facilitator-only"' not in html


def found_chart(html: str) -> dict:
    import json

    script = parse(html).scripts[1]
    return json.loads(script.removeprefix("(function () { var f = ").split(";")[0])


def test_the_facilitators_report_says_so_first_and_keeps_who_chose_what(store, framework,
                                                                         group):
    session, _key = group
    html = render_html(framework, from_sessions(store, [session.id]), with_names=True)
    body = html.split("<body>", 1)[1]
    assert body.startswith('<p class="rw-facilitator-only" role="note">Endast för '
                           "samtalsledaren. Rapporten namnger deltagarna")
    assert "<title>Endast för samtalsledaren – " in html
    assert "Boende: 2" in html and "Medarbetare: 1" in html  # counts by role
    assert html.count("HYPERLINK") == 2  # the one given name: who answered, its note
    assert "Be någon som valde" in html  # the prompt names both ends
    # Every answer: each option chosen, with who chose it.
    assert "valt av 2: R1, R2" in html
    names = [trace["name"] for trace in found_chart(html)["data"]]
    assert "Boende" in names and "Partnerorganisation" in names  # every role, however small


def test_an_individual_and_a_rounds_report(store, framework, group):
    session, key = group
    record = store.create_assessment(framework, project="Alone", language="da")
    store.save_answer(framework, record.id, "purpose.task-clarity", 4)
    store.save_note(record.id, "purpose", "Vi mangler en aftale")
    html = render_html(framework, from_store_assessment(store, record.id))
    assert "<h2>Røde flag</h2>" in html and "Vi mangler en aftale" in html
    assert "ikke besvaret" in html  # unanswered questions say so
    later = next_round(store, framework, session.id, key, "halvtid")
    for _ in range(3):
        member = join_session(store, framework, later.join_code, role="staff")
        for question in framework.questions:
            store.save_answer(framework, member.id, question.id, question.levels)
    data = resolve(store, framework, later.join_code, rounds=True)
    assert [r.name for r in data.rounds] == ["planering", "halvtid"]
    html = render_html(framework, data)
    assert "Omgångar i projektet" in html and 'class="rw-moved"' in html


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: unisolated, it reverses the text after it


def assert_isolated(html: str) -> None:
    """Every right-to-left override in ``html`` ends inside an isolate (<bdi> or FSI...PDI),
    so none reorders the text around a typed name."""
    assert RLO in html
    rest = re.sub(r"<bdi>[^<]*</bdi>", "", html)
    assert RLO not in re.sub("\u2068[^\u2069]*\u2069", "", rest)


def test_typed_names_are_isolated_in_both_reports(store, framework):
    first, key = create_session(store, framework, project=f"{RLO}Norrby", area=f"{RLO}Syd",
                                round_name=f"{RLO}vår", language="en")
    later = next_round(store, framework, first.id, key, f"{RLO}höst")
    for session in (first, later):
        for n in range(3):
            member = join_session(store, framework, session.join_code, role="staff",
                                  display_name=f"{RLO}Amina {n}")
            store.save_answer(framework, member.id, "purpose.task-clarity", 3)
            store.save_note(member.id, "purpose", "note")
    data = from_sessions(store, [first.id, later.id])
    named = render_html(framework, data, with_names=True)
    assert f"<bdi>{RLO}Amina 0</bdi>" in named  # who answered, and beside the notes
    assert_isolated(named)
    assert_isolated(render_html(framework, data))


def test_the_command_line_report_is_the_shareable_one_unless_asked(store, framework, group,
                                                                    tmp_path):
    from readiness.cli import main

    session, _key = group
    target = tmp_path / "report.html"
    where = ["--store", str(tmp_path / "store.sqlite3")]
    assert main(["report", session.join_code, "-o", str(target), *where]) == 0
    assert "HYPERLINK" not in target.read_text(encoding="utf-8")
    assert main(["report", session.join_code, "-o", str(target), "--with-names", *where]) == 0
    html = target.read_text(encoding="utf-8")
    assert 'class="rw-facilitator-only"' in html and "HYPERLINK" in html


def test_csv_rows_are_tidy_name_no_one_and_formulas_inert(store, framework, group):
    session, _key = group
    data = from_sessions(store, [session.id])
    answers = answer_rows(framework, data, "en")
    assert "name" not in answers[0] and "name" not in score_rows(framework, data)[0]
    assert len(answers) == 5 * (len(framework.questions) + 1)  # every answer, gate too
    first = answers[0]
    assert first["respondent"] == "R1" and first["round"] == "planering"
    assert first["role"] == "resident" and first["question"] == "gate.direction-open"
    scores = score_rows(framework, data)
    assert len(scores) == 5 * len(framework.dimensions)
    assert {r["score"] for r in scores if r["respondent"] == "R3"} == {100.0}
    assert "HYPERLINK" not in csv_text(answers, tuple(answers[0]))  # the given name
    hostile = replace(data, rounds=(replace(data.rounds[0], name=HOSTILE_ROUND),))
    answers = answer_rows(framework, hostile, "en")
    text = csv_text(answers, tuple(answers[0]))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["round"] == "'" + HOSTILE_ROUND  # text to a spreadsheet, not a formula
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows
               for value in row.values() if value)


def test_written_csv_and_xlsx_keep_text_as_text(store, framework, group, tmp_path):
    session, _key = group
    data = from_sessions(store, [session.id])
    data = replace(data, rounds=(replace(data.rounds[0], name=HOSTILE_ROUND),))
    written = write_csv(framework, data, "sv", tmp_path / "norrby.csv")
    assert [p.name for p in written] == ["norrby-answers.csv", "norrby-scores.csv"]
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads å, ä, ö
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes(framework, data, "sv")))
    sheets = [name for name in workbook.namelist() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 2
    for name in sheets:
        assert "<f>" not in workbook.read(name).decode()  # no formula anywhere
    strings = workbook.read("xl/sharedStrings.xml").decode()
    assert f"<t>{HOSTILE_ROUND}</t>" in strings  # kept as the plain text it is
    assert "HYPERLINK" not in strings  # and no names
    assert "hyperlink" not in " ".join(workbook.namelist()).lower()


def chromium_and_pdftoppm():
    if shutil.which("chromium") and shutil.which("pdftoppm"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but chromium or pdftoppm (poppler-utils) is missing")
    pytest.skip("the PDF test needs chromium and pdftoppm (apt-get install -y chromium "
                "poppler-utils)")


def band_pixel_shares(png_ppm: Path) -> dict[str, float]:
    """The share of the page's pixels in each of the chart's band colours."""
    data = png_ppm.read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = data[header.end():]
    colours = {"concern": (246, 207, 201), "discuss": (251, 234, 184),
               "strength": (207, 232, 207)}
    counts = dict.fromkeys(colours, 0)
    for offset in range(0, width * height * 3, 3):
        pixel = pixels[offset:offset + 3]
        for band, (r, g, b) in colours.items():
            if abs(pixel[0] - r) < 6 and abs(pixel[1] - g) < 6 and abs(pixel[2] - b) < 6:
                counts[band] += 1
    return {band: count / (width * height) for band, count in counts.items()}


def test_the_pdf_shows_the_chart(store, framework, group, tmp_path):
    """On the first page, under ``pytest --framework-fork`` (8 dimensions) too; 4 to 12:
    tests/render/test_dimension_counts.py."""
    chromium_and_pdftoppm()
    session, _key = group
    pdf = write_pdf(render_html(framework, from_sessions(store, [session.id])),
                    tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info  # the print styles' page size
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    shares = band_pixel_shares(tmp_path / "page.ppm")
    # The three coloured bands behind the profile are on the first page, not a blank area.
    assert all(share > 0.01 for share in shares.values()), shares


def test_without_a_browser_the_pdf_step_says_how_to_print(monkeypatch, tmp_path):
    monkeypatch.setattr(report_module, "find_chromium", lambda: None)
    with pytest.raises(NoBrowser, match="Spara som PDF"):
        write_pdf("<html></html>", tmp_path / "x.pdf", "sv")
    assert not (tmp_path / "x.pdf").exists()


def test_a_group_report_has_the_group_s_scores_actions_and_counts_by_role(store, framework,
                                                                          group):
    """Issue 15.5: the score table and the actions the members' answers call for, beside
    the plan; 15.4: each role's counts beside a disputed question's prompt."""
    session, _key = group
    html = render_html(framework, from_sessions(store, [session.id]), with_names=True)
    for heading in ("Åtgärder som gruppens svar pekar på", "Vår handlingsplan"):
        assert f"<h2>{heading}" in html, heading
    assert html.index("rw-group-scores") < html.index("Varningsflaggor i gruppen")
    assert "<th scope=\"col\">Mittersta hälften</th>" in html
    # Levels 1, 1, 4, 4, 2 on every question: scores 0, 0, 100, 100 and 33,3 (a Swedish
    # report writes a decimal comma).
    purpose = html[html.index('data-dimension="purpose"'):]
    assert purpose.startswith(
        'data-dimension="purpose"><th scope="row">Syfte och avgränsning</th>'
        '<td class="rw-band-cell rw-band-concern">33,3<br><span class="rw-band-name">'
        "Varningssignal</span></td><td>0–100</td><td>5</td>")
    actions = html[html.index("Åtgärder som gruppens svar pekar på"):]
    assert 'data-action="' in actions and "utifrån svaren från 3 av 5 deltagare" in actions
    disputed = html[html.index('class="rw-disagreement"'):]
    disputed = disputed[:disputed.index("</li>")]
    assert disputed.count('<tr data-role="') == 4  # every role, for the facilitator
    # The shared report: no role has three members, so no counts by role at all.
    shared = render_html(framework, from_sessions(store, [session.id]))
    assert 'data-role="' not in shared and "rw-group-scores" in shared
    assert "utifrån svaren från 3 av 5 deltagare" in shared  # three: shown (see html_group)


def test_a_rounds_report_explains_its_numbered_circles_and_tabulates_them(store, framework,
                                                                           group):
    session, key = group
    later = next_round(store, framework, session.id, key, "halvtid")
    for _ in range(3):
        member = join_session(store, framework, later.join_code, role="staff")
        for question in framework.questions:
            store.save_answer(framework, member.id, question.id, question.levels)
    html = render_html(framework, from_sessions(store, [session.id, later.id]))
    assert "Varje numrerad cirkel är gruppens median i den omgången" in html
    table = html[html.index('class="rw-scores rw-series-table"'):]
    table = table[:table.index("</table>")]
    assert "1 · \u2068planering\u2069" in table and "2 · \u2068halvtid\u2069" in table
    purpose = table[table.index('data-dimension="purpose"'):]
    purpose = purpose[:purpose.index("</tr>")]
    assert purpose.count("<td>33,3 <span class=\"rw-muted\">(0–100)</span></td>") == 1
    assert "<td>100 <span class=\"rw-muted\">(100–100)</span></td>" in purpose
