"""Tidy data for researchers: answers and scores as CSV, and both as an Excel workbook.

* answers: one row per respondent and question (dimension, option value and label, role,
  round, time answered);
* scores: one row per respondent and dimension (score, band, how many answered, and
  whether the score is provisional: fewer than the framework's share answered);
* open_questions: one row per question a respondent answered "don't know / not decided",
  with its text in the page's language. Written only when there is one;
* plan: one row per item of the action plan (of the assessment, or the session's for each
  round): action, who, by when, status. Written only when there is a plan.

Respondents are R1, R2, ...: no names, which only the facilitator's files carry.

The CSV's file and column names are the machine names above, the same in every language, so
a researcher's script reads any session's files. The xlsx is for people: its sheet names and
column headers are in the page's (or session's) language (``sheet_title``,
``column_title``), its columns in the same order and its cells the same as the CSV's, but
for the role, which the CSV gives as its id (``staff``, ``politician``) and the xlsx by its
name in that language (``cell_text``).

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written inert: CSV cells get a leading apostrophe, and the
xlsx stores every text as a plain string (never a formula or a link). Swedish and Danish
Excel read CSV with ``;`` and decimal commas, so the xlsx is the file for Excel users.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from readiness.exchange.report_data import ReportInput
from readiness.framework.model import Framework
from readiness.i18n.languages import pick
from readiness.i18n.ui_text import ui
from readiness.scoring.evaluation import evaluate
from readiness.scoring.group_summary import option_text

# No names: these files are shared with researchers; R1, R2, ... keep respondents apart.
ANSWER_COLUMNS = ("respondent", "role", "round", "question", "dimension", "value", "option",
                  "answered_at")
SCORE_COLUMNS = ("respondent", "role", "round", "dimension", "score", "band", "answered",
                 "questions", "provisional")
OPEN_QUESTION_COLUMNS = ("respondent", "role", "round", "question", "dimension",
                         "question_text")
PLAN_COLUMNS = ("project", "plan", "round", "action", "dimension", "action_text", "owner",
                "due", "status", "updated_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def answer_rows(framework: Framework, data: ReportInput, language: str) -> list[dict]:
    rows = []
    for round_ in data.rounds:
        for respondent in round_.respondents:
            for item in (*framework.gates, *framework.questions):
                answer = respondent.answers.get(item.id)
                if answer is None:
                    continue
                rows.append({
                    "respondent": respondent.label, "role": respondent.role,
                    "round": round_.name, "question": item.id,
                    "dimension": getattr(item, "dimension", ""), "value": answer.value,
                    "option": option_text(item, answer.value, language),
                    "answered_at": answer.answered_at.isoformat(timespec="seconds"),
                })
    return rows


def score_rows(framework: Framework, data: ReportInput) -> list[dict]:
    rows = []
    for round_ in data.rounds:
        for respondent in round_.respondents:
            profile = evaluate(framework, respondent.values).profile
            for score in profile.dimensions:
                rows.append({
                    "respondent": respondent.label, "role": respondent.role,
                    "round": round_.name, "dimension": score.dimension_id,
                    "score": None if score.score is None else round(score.score, 1),
                    "band": score.band or "", "answered": score.answered,
                    "questions": score.total, "provisional": score.provisional,
                })
    return rows


def open_question_rows(framework: Framework, data: ReportInput, language: str) -> list[dict]:
    """Each question a respondent answered "don't know / not decided", in framework order."""
    rows = []
    for round_ in data.rounds:
        for respondent in round_.respondents:
            for item_id in evaluate(framework, respondent.values).open_questions:
                item = framework.item(item_id)
                rows.append({
                    "respondent": respondent.label, "role": respondent.role,
                    "round": round_.name, "question": item_id,
                    "dimension": getattr(item, "dimension", ""),
                    "question_text": pick(item.text, language),
                })
    return rows


def plan_rows(framework: Framework, data: ReportInput, language: str) -> list[dict]:
    """One row per plan item: ``plan`` says whose plan (an assessment's or a session's).
    ``owner`` and ``due`` are typed text and may name people, like a note."""
    actions = {action.id: action for action in framework.actions}
    whose = "assessment" if data.kind == "assessment" else "session"
    rows = []
    for round_ in data.rounds:
        for item in round_.plan:
            action = actions.get(item.action_id)  # a framework of another minor version
            rows.append({
                "project": data.project, "plan": whose, "round": round_.name,
                "action": item.action_id, "dimension": action.dimension if action else "",
                "action_text": pick(action.text, language) if action else "",
                "owner": item.owner, "due": item.due, "status": item.status,
                "updated_at": item.updated_at.isoformat(timespec="seconds"),
            })
    return rows


def sheet_title(name: str, language: str) -> str:
    """A table's name in ``language``, as the xlsx names its sheet (``answers``: Svar)."""
    return ui(f"data_sheet_{name}", language)


def column_title(column: str, language: str) -> str:
    """A column's header in ``language``, as the xlsx heads it (``role``: Roll)."""
    return ui(f"data_column_{column}", language)


def cell_text(column: str, value, language: str):
    """A cell as the xlsx shows it: a role by its name in ``language``, anything else as
    the CSV has it."""
    return ui(f"role_{value}", language) if column == "role" and value else value


def inert(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_text(rows: list[dict], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: inert(row[column]) for column in columns})
    return buffer.getvalue()


def data_tables(framework: Framework, data: ReportInput,
           language: str) -> list[tuple[str, list[dict], tuple[str, ...]]]:
    """(name, rows, columns) of each table: answers, scores, the open questions if any, and
    the plan if there is one."""
    found = [("answers", answer_rows(framework, data, language), ANSWER_COLUMNS),
             ("scores", score_rows(framework, data), SCORE_COLUMNS)]
    open_rows = open_question_rows(framework, data, language)
    if open_rows:
        found.append(("open_questions", open_rows, OPEN_QUESTION_COLUMNS))
    if data.has_plan:
        found.append(("plan", plan_rows(framework, data, language), PLAN_COLUMNS))
    return found


def csv_texts(framework: Framework, data: ReportInput, language: str) -> list[tuple[str, str]]:
    """("answers", CSV text), ("scores", CSV text) and, when there is a plan, ("plan", CSV
    text): the files and the page's downloads."""
    return [(name, csv_text(rows, columns))
            for name, rows, columns in data_tables(framework, data, language)]


def write_csv(framework: Framework, data: ReportInput, language: str,
              path: str | Path) -> list[Path]:
    """``NAME-answers.csv``, ``NAME-scores.csv`` and, when there is a plan,
    ``NAME-plan.csv`` beside ``path`` (UTF-8 with a BOM, so Excel reads å, ä, ö and ø)."""
    path = Path(path)
    stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    written = []
    for part, text in csv_texts(framework, data, language):
        target = stem.with_name(f"{stem.name}-{part}.csv")
        target.write_text(text, encoding="utf-8-sig", newline="")
        written.append(target)
    return written


def xlsx_bytes(framework: Framework, data: ReportInput, language: str) -> bytes:
    """The tables (answers, scores, the open questions and the plan if any) as sheets of
    one Excel workbook, its sheet names and column headers in ``language``."""
    import xlsxwriter  # only exports need it

    buffer = io.BytesIO()
    # Every string stays a string: no formulas, no links, no numbers guessed from text.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False,
                                            "strings_to_numbers": False})
    header = workbook.add_format({"bold": True})
    for name, rows, columns in data_tables(framework, data, language):
        sheet = workbook.add_worksheet(sheet_title(name, language))
        sheet.write_row(0, 0, [column_title(column, language) for column in columns], header)
        for index, row in enumerate(rows, start=1):
            for column, key in enumerate(columns):
                value = cell_text(key, row[key], language)
                if isinstance(value, str):
                    sheet.write_string(index, column, value)
                elif value is not None:
                    sheet.write_number(index, column, value)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
