"""The researchers' tables: provisional scores and open questions are data, not only text;
the CSV speaks machine names, the Excel file the page's language."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest

from readiness.exchange.report_data import from_store_assessment
from readiness.exchange.tabular import (
    ANSWER_COLUMNS,
    OPEN_QUESTION_COLUMNS,
    PLAN_COLUMNS,
    SCORE_COLUMNS,
    column_title,
    csv_texts,
    sheet_title,
    xlsx_bytes,
)
from readiness.framework.conditions import DONT_KNOW
from readiness.i18n.languages import built_in
from readiness.store.plans import save_plan_item

SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _tables(framework, store, record_id, language="sv") -> dict[str, list[dict]]:
    data = from_store_assessment(store, record_id)
    return {name: list(csv.DictReader(io.StringIO(text)))
            for name, text in csv_texts(framework, data, language)}


def test_scores_say_which_are_provisional(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    store.save_answer(framework, record.id, "purpose.task-clarity", 1)
    scores = {row["dimension"]: row for row in _tables(framework, store, record.id)["scores"]}
    assert (scores["purpose"]["score"], scores["purpose"]["provisional"]) == ("0.0", "True")
    assert (scores["participation"]["score"], scores["participation"]["provisional"]) == (
        "", "False")


def test_dont_know_answers_become_an_open_questions_table(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    assert "open_questions" not in _tables(framework, store, record.id)  # none: no file
    store.save_answer(framework, record.id, "purpose.task-clarity", DONT_KNOW)
    store.save_answer(framework, record.id, "gate.direction-open", DONT_KNOW)
    rows = _tables(framework, store, record.id)["open_questions"]
    assert [(r["question"], r["dimension"]) for r in rows] == [
        ("gate.direction-open", ""), ("purpose.task-clarity", "purpose")]
    assert rows[1]["question_text"] == framework.question("purpose.task-clarity").text["sv"]
    assert rows[0]["respondent"] == "R1"


def xlsx_first_rows(content: bytes) -> dict[str, list[str]]:
    """Each sheet's name and its first row (the headers), read from the xlsx's XML."""
    return {name: rows[0] for name, rows in xlsx_rows(content).items()}


def test_the_excel_file_speaks_the_page_s_language_and_the_csv_machine_names(store,
                                                                             framework):
    record = store.create_assessment(framework, project="Norrby", language="sv")
    store.save_answer(framework, record.id, "purpose.task-clarity", 1)
    store.save_answer(framework, record.id, "purpose.ambition-fit", DONT_KNOW)
    save_plan_item(store, framework, record.id, framework.actions[0].id, owner="Eva")
    data = from_store_assessment(store, record.id)
    assert xlsx_first_rows(xlsx_bytes(framework, data, "sv")) == {
        "Svar": ["Svarande", "Roll", "Omgång", "Fråge-id", "Dimension", "Värde",
                 "Valt alternativ", "Besvarad"],
        "Poäng": ["Svarande", "Roll", "Omgång", "Dimension", "Poäng", "Nivå",
                  "Besvarade frågor", "Frågor i dimensionen", "Preliminär"],
        "Öppna frågor": ["Svarande", "Roll", "Omgång", "Fråge-id", "Dimension", "Fråga"],
        "Handlingsplan": ["Projekt", "Vems plan", "Omgång", "Åtgärds-id", "Dimension",
                          "Åtgärd", "Vem", "Till när", "Status", "Senast ändrad"]}
    danish = xlsx_first_rows(xlsx_bytes(framework, data, "da"))
    assert list(danish) == ["Svar", "Point", "Åbne spørgsmål", "Handlingsplan"]
    assert danish["Point"][1] == "Rolle"
    # The CSV of the same Swedish page keeps the machine names researchers' scripts read.
    headers = {name: text.splitlines()[0] for name, text in csv_texts(framework, data, "sv")}
    assert headers == {"answers": ",".join(ANSWER_COLUMNS), "scores": ",".join(SCORE_COLUMNS),
                       "open_questions": ",".join(OPEN_QUESTION_COLUMNS),
                       "plan": ",".join(PLAN_COLUMNS)}


@pytest.mark.parametrize("language", tuple(built_in()))
def test_every_sheet_and_column_has_a_title_excel_accepts(language):
    columns = {*ANSWER_COLUMNS, *SCORE_COLUMNS, *OPEN_QUESTION_COLUMNS, *PLAN_COLUMNS}
    titles = [column_title(column, language) for column in sorted(columns)]
    assert all(titles) and len(set(titles)) == len(titles)  # one header, one column
    for name in ("answers", "scores", "open_questions", "plan"):
        title = sheet_title(name, language)
        assert 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)


def xlsx_rows(content: bytes) -> dict[str, list[list[str]]]:
    """Each sheet's rows, every cell as its text (a number as written)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = [item.findtext(f"{SHEET}t") or "" for item in
               ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{SHEET}si")]
    relations = {r.get("Id"): r.get("Target") for r in
                 ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))}
    sheets = {}
    for sheet in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{SHEET}sheet"):
        xml = ElementTree.fromstring(book.read("xl/" + relations[sheet.get(RELATION)]))
        sheets[sheet.get("name")] = [
            [strings[int(cell.findtext(f"{SHEET}v"))] if cell.get("t") == "s"
             else cell.findtext(f"{SHEET}v") for cell in row.iter(f"{SHEET}c")]
            for row in xml.iter(f"{SHEET}row")]
    return sheets


@pytest.mark.parametrize(("role", "language", "name"), [
    ("politician", "sv", "Förtroendevald politiker"),
    ("residents_association", "da", "Afdelingsbestyrelse eller beboerforening"),
    ("residents_association", "en", "Residents' association or board"),
])
def test_the_role_is_its_id_in_the_csv_and_its_name_in_the_excel_file(store, framework, role,
                                                                      language, name):
    record = store.create_assessment(framework, project="Norrby", role=role,
                                     language=language)
    store.save_answer(framework, record.id, "purpose.task-clarity", 2)
    data = from_store_assessment(store, record.id)
    tables = {table: list(csv.DictReader(io.StringIO(text)))
              for table, text in csv_texts(framework, data, language)}
    assert {row["role"] for rows in tables.values() for row in rows} == {role}
    sheets = xlsx_rows(xlsx_bytes(framework, data, language))
    for sheet in (sheet_title("answers", language), sheet_title("scores", language)):
        header, *rows = sheets[sheet]
        column = header.index(column_title("role", language))
        assert rows and {row[column] for row in rows} == {name}
