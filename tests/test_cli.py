"""Does the readiness command do what the README says, through its real entry point?"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from readiness.cli import main
from readiness.exchange.assessment_file import write_export
from readiness.store import open_store
from tests.conftest import FIXTURES
from tests.exchange.test_assessment_file import dump

MINI = str(FIXTURES / "mini.yaml")


def run(*args: str, store: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``readiness`` console command."""
    env_store = {"READINESS_STORE": store} if store else {}
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), "readiness"), *args],
                          capture_output=True, text=True, env={**os.environ, **env_store})


def test_console_command_validates_the_default_framework():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK ") and "dimensions" in lines[0]


def test_framework_json_lists_ids_and_option_values(capsys):
    assert main(["framework", MINI, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "mini"
    assert [d["id"] for d in data["dimensions"]] == ["alpha", "beta"]
    question = next(q for q in data["questions"] if q["id"] == "beta.two")
    assert question["values"] == [1, 2, 3, "dont_know"]
    assert data["gates"][0]["values"] == ["open", "closed", "dont_know"]
    assert {f["id"] for f in data["flags"]} == {"flag.too-big", "flag.closed", "flag.undecided"}


@pytest.fixture
def assessment_file(tmp_path, store, mini):
    record = store.create_assessment(mini, project="Askim", role="staff", language="sv")
    for question, value in {"alpha.one": 1, "alpha.two": 2, "beta.one": 1,
                            "gate.open": "closed"}.items():
        store.save_answer(mini, record.id, question, value)
    return record.id, write_export(store, record.id, tmp_path / "assessment.json")


def test_score_json(assessment_file, capsys):
    assessment_id, path = assessment_file
    assert main(["score", str(path), "--format", "json", "--framework", MINI]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["assessment"] == assessment_id
    assert result["dimensions"]["alpha"] == {
        "score": pytest.approx(16.7), "band": "concern", "answered": 2, "total": 4,
        "provisional": False, "capped": []}
    # One of beta's two questions answered is half: enough for a firm score.
    assert result["dimensions"]["beta"] == {
        "score": 0.0, "band": "concern", "answered": 1, "total": 2, "provisional": False,
        "capped": []}
    assert result["flags"] == ["flag.too-big", "flag.closed"]
    # The closed gate reads alpha.one and alpha.two as at most 2: both call for narrowing;
    # flag.too-big (alpha.one, beta.one) and flag.closed name it; beta.one calls for action.beta.
    assert result["actions"] == [
        {"id": "action.narrow", "because": ["alpha.one", "alpha.two", "beta.one", "gate.open"],
         "flags": ["flag.too-big", "flag.closed"]},
        {"id": "action.beta", "because": ["beta.one", "gate.open"], "flags": ["flag.closed"]}]
    assert result["open_questions"] == []


def test_score_text_is_in_the_assessments_language(assessment_file, capsys):
    _, path = assessment_file
    assert main(["score", str(path), "--framework", MINI]) == 0
    out = capsys.readouterr().out
    assert "Alfa" in out and "Oro" in out and "FLAG flag.closed" in out
    assert "ACTION action.beta" in out and "because: beta.one, gate.open, flag.closed" in out


def test_import_export_through_the_console_command(tmp_path, assessment_file):
    assessment_id, path = assessment_file
    target = str(tmp_path / "cli.sqlite3")
    result = run("import", str(path), "--framework", MINI, store=target)
    assert result.returncode == 0, result.stderr
    assert f"imported {assessment_id} (4 answers)" in result.stdout
    again = run("import", str(path), "--framework", MINI, store=target)
    assert again.returncode == 1 and "already in the store" in again.stderr
    out = tmp_path / "back.json"
    result = run("export", assessment_id, "-o", str(out), store=target)
    assert result.returncode == 0, result.stderr
    exported = json.loads(out.read_text())
    original = json.loads(path.read_text())
    assert exported["answers"] == original["answers"]
    listing = run("list", store=target)
    assert assessment_id in listing.stdout and "Askim" in listing.stdout


def test_errors_are_messages_not_tracebacks(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    result = run("score", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    missing = run("export", "no-such-id", "-o", str(tmp_path / "x.json"),
                  store=str(tmp_path / "s.sqlite3"))
    assert missing.returncode == 1 and "no assessment 'no-such-id'" in missing.stderr


def test_session_create_prints_code_link_key_and_qr(tmp_path):
    from readiness.store import open_store
    from readiness.store.sessions import check_facilitator, find_session

    store_path = str(tmp_path / "s.sqlite3")
    result = run("session", "create", "--project", "Norrby", "--round", "planning",
                 "--language", "sv", "--url", "http://192.168.1.20:8866", store=store_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines()[:4])
    code = lines["Join code"].strip()
    assert lines["Join link"].strip() == (
        f"http://192.168.1.20:8866/?join={code.replace('-', '')}&lang=sv")  # its language
    key = lines["Facilitator key"].split()[0]
    assert "█" in result.stdout  # the QR code, for a terminal on the projector
    store = open_store(store_path)
    session = find_session(store, code)
    assert session.language == "sv" and session.round == "planning"
    check_facilitator(store, session.id, key)  # raises if the printed key were wrong


def test_report_and_data_exports_from_the_command_line(tmp_path):
    from readiness.framework.model import default_framework
    from readiness.store import open_store
    from readiness.store.sessions import create_session, join_session

    store_path = str(tmp_path / "s.sqlite3")
    framework = default_framework()
    store = open_store(store_path)
    session, _key = create_session(store, framework, project="Norrby", language="da")
    for role in ("resident", "staff"):
        member = join_session(store, framework, session.join_code, role=role)
        store.save_answer(framework, member.id, "purpose.task-clarity", 3)
    store.close()
    html = tmp_path / "report.html"
    result = run("report", session.display_code, "-o", str(html), store=store_path)
    assert result.returncode == 0, result.stderr
    assert "<h2>Hvem der svarede</h2>" in html.read_text(encoding="utf-8")  # session language
    result = run("report", session.join_code, "-o", str(html), "--language", "en",
                 store=store_path)
    assert "<h2>Who answered</h2>" in html.read_text(encoding="utf-8")
    result = run("export", session.join_code, "--format", "csv", "-o",
                 str(tmp_path / "norrby.csv"), store=store_path)
    assert result.returncode == 0, result.stderr
    answers = (tmp_path / "norrby-answers.csv").read_text(encoding="utf-8-sig").splitlines()
    assert answers[0].startswith("respondent,role,round,question,dimension,value")  # no names
    assert len(answers) == 3
    result = run("export", session.join_code, "--format", "xlsx", "-o",
                 str(tmp_path / "norrby.xlsx"), store=store_path)
    assert result.returncode == 0 and (tmp_path / "norrby.xlsx").read_bytes()[:2] == b"PK"
    missing = run("report", "NOPE", "-o", str(html), store=store_path)
    assert missing.returncode == 1
    assert "neither a file, an assessment id nor a session's join code" in missing.stderr


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def impossible_date(document: dict) -> bytes:
    document["assessment"]["created_at"] = "2024-99-99T99:99:99Z"
    return json.dumps(document).encode()


def long_number(document: dict) -> bytes:
    document["answers"][0]["value"] = "N"
    return json.dumps(document).encode().replace(b'"N"', b"7" * 5000)


BAD_CONTENT = {
    "nested 5,000 deep": (lambda _: b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    "impossible date": (impossible_date, "'2024-99-99T99:99:99Z' is not a real date and time"),
    "5,000-digit number": (long_number, "a number with too many digits"),
}


@pytest.mark.parametrize("case", BAD_CONTENT)
def test_a_bad_file_gets_one_line_and_the_store_is_unchanged(tmp_path, store, assessment_file,
                                                             capsys, case):
    _, path = assessment_file
    make, expected = BAD_CONTENT[case]
    bad = tmp_path / "bad.json"
    bad.write_bytes(make(json.loads(path.read_text(encoding="utf-8"))))
    before = dump(store)
    store_path = str(tmp_path / "store.sqlite3")  # the store fixture's file
    assert main(["import", str(bad), "--framework", MINI, "--store", store_path]) == 1
    assert expected in one_error_line(capsys)
    assert dump(store) == before


def test_a_file_that_is_no_store_gets_one_line(tmp_path, capsys):
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("not a database " * 100, encoding="utf-8")
    assert main(["list", "--store", str(not_a_store)]) == 1
    line = one_error_line(capsys)
    assert line == f"error: the store {not_a_store} cannot be opened (file is not a " \
                   "database); nothing was changed"
    assert not_a_store.read_text(encoding="utf-8") == "not a database " * 100


def test_a_store_that_cannot_be_written_gets_one_line(tmp_path, assessment_file, capsys):
    """An immutable file: root ignores permission bits, so chmod would not stop the write."""
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs chattr and root to make the store file immutable")
    _, path = assessment_file
    target = tmp_path / "read-only.sqlite3"
    open_store(str(target)).close()  # an up-to-date store: opening it needs no write
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
        pytest.skip(f"this file system cannot make {target} immutable (chattr +i failed)")
    try:
        code = main(["import", str(path), "--framework", MINI, "--store", str(target)])
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    assert code == 1
    line = one_error_line(capsys)
    assert str(target) in line and "attempt to write a readonly database" in line
    assert "nothing was changed" in line
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


# -- backup ------------------------------------------------------------------------------------

def test_a_backup_holds_the_answers_still_in_the_write_ahead_log(tmp_path, store, mini, capsys):
    records = [store.create_assessment(mini, project=f"P{n}") for n in range(3)]
    for n, record in enumerate(records):
        for question in ("alpha.one", "alpha.two", "beta.one"):
            store.save_answer(mini, record.id, question, n % 3 + 1)
        store.save_note(record.id, "alpha", f"note {n}")
    source = tmp_path / "store.sqlite3"  # the store fixture's file, still open
    assert (tmp_path / "store.sqlite3-wal").stat().st_size > 0  # where the answers are now
    assert main(["backup", str(tmp_path / "backup.sqlite3"), "--store", str(source)]) == 0
    assert capsys.readouterr().out.startswith("backed up 3 assessments from ")
    restored = open_store(str(tmp_path / "backup.sqlite3"))
    try:
        assert restored.list_assessments() == store.list_assessments()
        for record in records:
            assert restored.answers(record.id) == store.answers(record.id)
            assert restored.notes(record.id) == store.notes(record.id)
    finally:
        restored.close()


def test_backup_refuses_an_existing_file_and_a_database_server(tmp_path, store, capsys):
    existing = tmp_path / "kept.sqlite3"
    existing.write_bytes(b"an earlier backup")
    source = str(tmp_path / "store.sqlite3")
    assert main(["backup", str(existing), "--store", source]) == 1
    assert "already exists; nothing was written" in one_error_line(capsys)
    assert existing.read_bytes() == b"an earlier backup"
    assert main(["backup", str(tmp_path / "b.sqlite3"),
                 "--store", "postgresql://ann:secret@db.example/readiness"]) == 1
    assert one_error_line(capsys) == (
        "error: readiness backup copies SQLite stores only; back up "
        "postgresql://ann:***@db.example/readiness with the database's own tools "
        "(for PostgreSQL: pg_dump)")
    assert not (tmp_path / "b.sqlite3").exists()
