"""Does ``readiness data export`` write a study that statistics programs read back with its
labels, does ``readiness session list`` show sessions without names or keys, does
``readiness import`` take many files (a bad one stopping none), and can a facilitator's
session download be imported and reported (issue 17.3)?"""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from sqlalchemy import text

from readiness.cli import main
from readiness.exchange.assessment_file import write_export
from readiness.framework.model import default_framework
from readiness.i18n.languages import pick
from readiness.store import open_store
from readiness.store.plans import save_plan_item, save_session_plan_item
from readiness.store.sessions import create_session, join_session, session_export


@pytest.fixture(scope="module")
def framework():
    return default_framework()


def make_study(framework, folder):
    """A store with a session of three members (one named Anna, one answering "don't know"
    throughout), the session's plan, and an assessment answered alone with its own plan.
    Returns (store path, session, key, session download path)."""
    path = str(folder / "study.sqlite3")
    store = open_store(path)
    session, key = create_session(store, framework, project="Norrby", area="Centrum",
                                  round_name="start", language="sv")
    for index, role in enumerate(("resident", "staff", "manager")):
        member = join_session(store, framework, session.join_code, role=role,
                              display_name="Anna Andersson" if index == 0 else "")
        for question in framework.questions[:6]:
            value = "dont_know" if index == 2 else question.options[index].value
            store.save_answer(framework, member.id, question.id, value)
    action = framework.actions[0].id
    save_session_plan_item(store, framework, session.id, key, action, owner="Karin",
                           due="before summer")
    alone = store.create_assessment(framework, project="Eastside", role="partner",
                                    language="en")
    store.save_answer(framework, alone.id, framework.questions[0].id,
                      framework.questions[0].options[-1].value)
    save_plan_item(store, framework, alone.id, framework.actions[1].id, owner="Omar")
    download = folder / "session-download.json"
    download.write_text(json.dumps(session_export(store, framework, session.id, key)),
                        encoding="utf-8")
    write_export(store, alone.id, folder / "alone.json")
    store.close()
    return path, session, key, download


@pytest.fixture
def study(framework, tmp_path):
    return make_study(framework, tmp_path)


def export(store_path, fmt, target, *extra):
    return main(["data", "export", "--store", store_path, "--format", fmt, "-o", str(target),
                 *extra])


def test_csv_and_xlsx_hold_answers_scores_codebook_and_both_plans(framework, study, tmp_path,
                                                                  capsys):
    store_path, session, _key, _download = study
    assert export(store_path, "csv", tmp_path / "csv") == 0
    printed = capsys.readouterr().out
    for name in ("answers", "scores", "gates", "codebook", "plans"):
        assert f"wrote {tmp_path / 'csv' / name}.csv" in printed  # a line per file
    answers = pd.read_csv(tmp_path / "csv" / "answers.csv")
    assert len(answers) == 3 * 6 + 1
    assert set(answers["project"]) == {"Norrby", "Eastside"}
    assert "Anna" not in (tmp_path / "csv" / "answers.csv").read_text(encoding="utf-8")
    scores = pd.read_csv(tmp_path / "csv" / "scores.csv")
    assert len(scores) == 4 * len(framework.dimensions)
    codebook = pd.read_csv(tmp_path / "csv" / "codebook.csv")
    assert set(framework.questions[0].id for _ in [0]) <= set(codebook["question_id"])
    plans = pd.read_csv(tmp_path / "csv" / "plans.csv").set_index("plan_kind")
    assert plans.loc["session", "plan_id"] == session.join_code
    assert plans.loc["session", "owner"] == "Karin"
    assert plans.loc["assessment", "action_id"] == framework.actions[1].id
    assert plans.loc["assessment", "project"] == "Eastside"

    assert export(store_path, "xlsx", tmp_path / "x", "--project", "Norrby") == 0
    book = openpyxl.load_workbook(tmp_path / "x" / "study.xlsx")
    assert book.sheetnames == ["answers", "scores", "gates", "codebook", "plans"]
    rows = list(book["answers"].values)
    assert len(rows) == 1 + 3 * 6 and rows[0][0] == "assessment_id"
    plan_rows = list(book["plans"].values)
    assert [row[0] for row in plan_rows[1:]] == ["session"]  # Eastside's plan left out


def test_spss_and_stata_carry_variable_and_value_labels_per_language(framework, study,
                                                                     tmp_path, capsys):
    store_path, session, _key, _download = study
    question = framework.questions[0]
    for fmt, read, ext in (("spss", pyreadstat.read_sav, "sav"),
                           ("stata", pyreadstat.read_dta, "dta")):
        assert export(store_path, fmt, tmp_path / fmt, "--session", session.display_code) == 0
        for language in ("en", "sv", "da"):
            frame, meta = read(str(tmp_path / fmt / f"answers-{language}.{ext}"),
                               **({"user_missing": True} if fmt == "spss" else {}))
            assert len(frame) == 3  # wide: one row per assessment of the session
            name = question.id.replace(".", "_").replace("-", "_")[:28]
            label = meta.column_names_to_labels[name]
            assert label == pick(question.text, language)[:80]
            labels = meta.variable_value_labels[name]
            assert labels[question.options[0].value] == pick(question.options[0].label,
                                                             language)
            assert labels[-1] == pick(framework.dont_know_label, language)
            assert sorted(frame[name]) == [-1, question.options[0].value,
                                           question.options[1].value]
            assert meta.column_names_to_labels["role"] == {"en": "Role", "sv": "Roll",
                                                           "da": "Rolle"}[language]
            scores, meta = read(str(tmp_path / fmt / f"scores-{language}.{ext}"))
            assert len(scores) == 3 * len(framework.dimensions)
            assert meta.variable_value_labels["provisional"][1] == {
                "en": "yes", "sv": "ja", "da": "ja"}[language]
        plans, _meta = read(str(tmp_path / fmt / f"plans-sv.{ext}"))
        assert list(plans["owner"]) == ["Karin"]
    assert export(store_path, "spss", tmp_path / "one", "--language", "da") == 0
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [
        "answers-da.sav", "answers_long-da.sav", "codebook-da.sav", "plans-da.sav",
        "scores-da.sav"]


def test_parquet_without_pyarrow_is_one_clear_message(study, tmp_path, capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    assert export(study[0], "parquet", tmp_path / "p") == 1
    error = capsys.readouterr().err
    assert error.startswith("error: Parquet needs pyarrow") and "pip install pyarrow" in error
    assert not (tmp_path / "p").exists()


def test_export_refuses_mixed_frameworks(framework, study, tmp_path, capsys):
    from readiness.framework.model import load_framework
    from tests.conftest import FIXTURES

    other = load_framework(FIXTURES / "mini.yaml")
    assert other.id != framework.id
    store = open_store(study[0])
    store.create_assessment(other, project="Fork", role="staff", language="en")
    store.close()
    assert export(study[0], "csv", tmp_path / "mixed") == 1
    assert "more than one framework" in capsys.readouterr().err
    assert not (tmp_path / "mixed").exists()  # refused before anything was written


def test_session_list_shows_sessions_without_names_or_keys(framework, study, capsys):
    store_path, session, key, _download = study
    assert main(["session", "list", "--store", store_path]) == 0
    printed = capsys.readouterr().out
    line = next(line for line in printed.splitlines() if session.display_code in line)
    assert "Norrby / Centrum / start" in line
    assert " open " in line and line.split()[4] == "3"  # members
    assert f"{session.created_at:%Y-%m-%d}" in line
    assert "Anna" not in printed and key not in printed


def test_import_takes_many_files_and_a_bad_one_stops_none(framework, study, tmp_path, capsys):
    store_path, _session, _key, _download = study
    folder = tmp_path / "files"
    folder.mkdir()
    source = open_store(store_path)
    for record in source.list_assessments():
        write_export(source, record.id, folder / f"{record.id}.json")
    source.close()
    (folder / "broken.json").write_text('{"format": "readiness-assessment"', encoding="utf-8")
    target = str(tmp_path / "target.sqlite3")
    assert main(["import", str(folder), "--store", target]) == 1  # one failed
    printed = capsys.readouterr()
    lines = printed.out.splitlines()
    assert sum(line.startswith("imported ") for line in lines) == 4  # one line per file
    assert printed.err.splitlines() == [
        line for line in printed.err.splitlines()
        if line.startswith(f"error: {folder / 'broken.json'}: is not valid JSON")]
    assert len(printed.err.splitlines()) == 1
    assert lines[-1].startswith("4 of 5 files imported")
    assert len(open_store(target).list_assessments()) == 4
    good = sorted(path for path in folder.glob("*.json") if path.name != "broken.json")
    again = main(["import", *map(str, good[:2]), "--store", target])
    assert again == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all("already in the store" in line for line in errors)


def test_a_session_download_imports_as_a_closed_session_and_never_twice(framework, study,
                                                                        tmp_path, capsys):
    _store_path, session, _key, download = study
    target = str(tmp_path / "target.sqlite3")
    assert main(["import", str(download), "--store", target]) == 0
    printed = capsys.readouterr().out
    assert f"imported session {session.display_code}" in printed and "3 members" in printed
    store = open_store(target)
    from readiness.store.sessions import find_session, member_assessments

    imported = find_session(store, session.join_code)
    assert not imported.is_open and imported.round == "start"
    members = member_assessments(store, imported.id)
    assert sorted(name for _record, name in members) == ["", "", "Anna Andersson"]
    assert {record.role for record, _name in members} == {"resident", "staff", "manager"}
    first = next(record for record, name in members if name)
    assert store.answer_values(first.id) == {
        q.id: q.options[0].value for q in framework.questions[:6]}
    with store.engine.connect() as connection:  # each answer carries its framework version
        assert set(connection.execute(text(
            "select framework_version from answers")).scalars()) == {framework.version}
    store.close()
    assert main(["import", str(download), "--store", target]) == 1
    assert "already in the store; nothing was changed" in capsys.readouterr().err


def test_a_session_download_is_reported_with_names_only_when_asked(framework, study,
                                                                   tmp_path, capsys):
    download = study[3]
    html = tmp_path / "report.html"
    assert main(["report", str(download), "-o", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "Norrby" in text and "Anna" not in text
    assert "<h2>Vilka som svarade</h2>" in text or 'lang="sv"' in text
    assert main(["report", str(download), "-o", str(html), "--with-names"]) == 0
    assert "Anna Andersson" in html.read_text(encoding="utf-8")


# -- reports per project (issue 17.8) ---------------------------------------------------------

def projects_store(framework, folder):
    """Norrby torg: a start and a mid-term round under one key, and a second session run
    by someone else (another key); Östra: one session. Members answer the first ten
    questions at one level per round."""
    from readiness.store.sessions import next_round

    path = str(folder / "projects.sqlite3")
    store = open_store(path)

    def fill(session, count, level):
        for _ in range(count):
            member = join_session(store, framework, session.join_code, role="staff")
            for question in framework.questions[:10]:
                options = question.options
                store.save_answer(framework, member.id, question.id,
                                  options[min(level, len(options) - 1)].value)

    start, key = create_session(store, framework, project="Norrby torg", round_name="start")
    fill(start, 3, 0)
    fill(next_round(store, framework, start.id, key, round_name="mid-term"), 2, 2)
    other, _other_key = create_session(store, framework, project="Norrby torg",
                                       round_name="start")
    fill(other, 1, 1)
    fill(create_session(store, framework, project="Östra", round_name="end")[0], 2, 1)
    store.close()
    return path, other


def test_a_project_report_holds_every_round_and_session(framework, tmp_path, capsys):
    from readiness.exchange.report_data import from_project

    path, other = projects_store(framework, tmp_path)
    store = open_store(path)
    data = from_project(store, "Norrby torg")
    store.close()
    assert data.kind == "rounds"
    names = [r.name for r in data.rounds]  # two rounds named start: told apart by code
    assert names[1:] == ["mid-term", f"start {other.display_code}"]
    assert names[0].startswith("start ") and names[0] != names[2]
    assert [len(r.respondents) for r in data.rounds] == [3, 2, 1]
    assert len({r.label for r in data.respondents}) == 6  # numbered across all sessions
    html = tmp_path / "norrby.html"
    assert main(["report", "--project", "Norrby torg", "-o", str(html), "--store", path]) == 0
    text = html.read_text(encoding="utf-8")
    assert "Norrby torg" in text and "mid-term" in text and other.display_code in text
    assert main(["report", "--project", "Nowhere", "-o", str(html), "--store", path]) == 1
    assert "no group session of the project 'Nowhere'" in capsys.readouterr().err


def test_a_batch_writes_one_html_and_pdf_per_project(framework, tmp_path, capsys):
    from readiness.render.report import find_chromium

    path, _other = projects_store(framework, tmp_path)
    folder = tmp_path / "reports"
    pdf = find_chromium() is not None
    code = main(["report", "--batch", "-o", str(folder), "--store", path,
                 *([] if pdf else ["--no-pdf"])])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out.splitlines()
    expected = ["norrby-torg.html", "östra.html"]
    if pdf:
        expected += ["norrby-torg.pdf", "östra.pdf"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    assert len(printed) == len(expected)  # a line per file written
    assert "mid-term" in (folder / "norrby-torg.html").read_text(encoding="utf-8")
    assert "Norrby" not in (folder / "östra.html").read_text(encoding="utf-8")
    if pdf:
        assert (folder / "östra.pdf").read_bytes()[:5] == b"%PDF-"
    only = tmp_path / "only"
    assert main(["report", "--batch", "--project", "Östra", "-o", str(only), "--no-pdf",
                 "--store", path]) == 0
    assert [p.name for p in only.iterdir()] == ["östra.html"]
