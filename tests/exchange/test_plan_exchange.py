"""Does the action plan leave and enter with the data: the assessment file (format version 2,
version 1 files still read), the CSV and Excel tables, and what a report is made from?"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from readiness.errors import AssessmentFileError
from readiness.exchange.assessment_file import (
    FORMAT_VERSION,
    export_document,
    import_assessment,
    read_assessment_bytes,
    read_assessment_file,
    write_export,
)
from readiness.exchange.report_data import from_sessions, from_store_assessment, resolve
from readiness.exchange.tabular import (
    PLAN_COLUMNS,
    csv_texts,
    plan_rows,
    write_csv,
    xlsx_bytes,
)
from readiness.framework.model import default_framework
from readiness.store import open_store
from readiness.store.plans import (
    assessment_plan,
    plan_of_session,
    save_plan_item,
    save_session_plan_item,
)
from readiness.store.sessions import create_session, join_session, next_round
from tests.conftest import ROOT
from tests.exchange.test_assessment_file import as_bytes, dump

NARROW, BETA = "action.narrow", "action.beta"
RTL = "\u202eevil\u202c \u200fمسؤول\u200f"
FORMULA = "=HYPERLINK(\"http://evil\",\"x\")"
SCRIPT = "<script>alert('x')</script>"
STAMP = "2026-03-01T09:30:00Z"


@pytest.fixture
def planned(store, mini):
    record = store.create_assessment(mini, project="Norrby", area="Göteborg", role="staff",
                                     language="sv")
    store.save_answer(mini, record.id, "alpha.one", 2)
    save_plan_item(store, mini, record.id, NARROW, owner=RTL, due=SCRIPT,
                   status="in_progress")
    save_plan_item(store, mini, record.id, BETA, owner=FORMULA)
    return record


def fresh(document: dict) -> dict:
    """The document under a new assessment id: only the fault under test can stop it."""
    return {**document, "assessment": {**document["assessment"], "id": "fresh-assessment-id"}}


def as_version_1(document: dict) -> dict:
    """What the workbook wrote before action plans."""
    return {key: value for key, value in document.items() if key != "plan"} | {
        "format_version": 1}


# -- the assessment file ----------------------------------------------------------------------

def test_export_writes_version_2_with_the_plan_and_it_round_trips(tmp_path, store, mini,
                                                                  planned):
    from readiness.framework.schema_validator import Draft202012Validator
    from readiness.framework.validation import load_schema, schema_problems

    path = write_export(store, planned.id, tmp_path / "a.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert FORMAT_VERSION == 2 and document["format_version"] == 2
    assert [(p["action"], p["owner"], p["due"], p["status"]) for p in document["plan"]] == [
        (BETA, FORMULA, "", "planned"), (NARROW, RTL, SCRIPT, "in_progress")]
    assert all(p["updated_at"].endswith("Z") for p in document["plan"])
    assert schema_problems(Draft202012Validator(load_schema("assessment.v2")), document) == []
    other = open_store(str(tmp_path / "other.sqlite3"))
    checked = read_assessment_file(path, mini)
    assert [item.action_id for item in checked.plan] == [BETA, NARROW]
    import_assessment(other, checked)
    assert assessment_plan(other, planned.id) == assessment_plan(store, planned.id)
    assert other.answer_values(planned.id) == {"alpha.one": 2}
    other.close()


def test_an_assessment_without_a_plan_exports_an_empty_one(store, mini):
    record = store.create_assessment(mini, project="P")
    assert export_document(store, record.id)["plan"] == []


def test_a_version_1_file_reads_as_one_with_an_empty_plan(store, mini, planned):
    document = fresh(as_version_1(export_document(store, planned.id)))
    checked = read_assessment_bytes(as_bytes(document), mini, "old.json")
    assert checked.plan == () and checked.answer_values == {"alpha.one": 2}
    import_assessment(store, checked)
    assert assessment_plan(store, "fresh-assessment-id") == []
    assert store.answer_values("fresh-assessment-id") == {"alpha.one": 2}


def test_the_example_file_in_sample_data_is_version_1_and_still_imports(store):
    example = ROOT / "sample_data" / "example-assessment.json"
    assert json.loads(example.read_text(encoding="utf-8"))["format_version"] == 1
    checked = read_assessment_file(example, default_framework())  # made with the shipped one
    assert checked.plan == ()
    import_assessment(store, checked)
    assert assessment_plan(store, checked.record.id) == []


def test_replacing_replaces_the_plan_with_the_files(store, mini, planned):
    data = as_bytes(export_document(store, planned.id))
    save_plan_item(store, mini, planned.id, NARROW, status="dropped", owner="someone else")
    import_assessment(store, read_assessment_bytes(data, mini), replace=True)
    assert [(i.action_id, i.owner, i.status) for i in assessment_plan(store, planned.id)] == [
        (BETA, FORMULA, "planned"), (NARROW, RTL, "in_progress")]
    # A version 1 file knows no plan: the assessment it replaces has none afterwards.
    old = as_bytes(as_version_1(export_document(store, planned.id)))
    import_assessment(store, read_assessment_bytes(old, mini), replace=True)
    assert assessment_plan(store, planned.id) == []


def entry(**fields) -> dict:
    return {"action": NARROW, "owner": "", "due": "", "status": "planned",
            "updated_at": STAMP, **fields}


BAD_PLANS = {
    "unknown action": (
        [entry(action="action.nowhere")],
        "plan[0] (action.nowhere): unknown action 'action.nowhere'"),
    "a question as action": ([entry(action="alpha.one")], "plan[0] (alpha.one): unknown action"),
    "a script as action": ([entry(action=SCRIPT)], "unknown action \"<script>"),
    "a page-long action": (
        [entry(action="a" * 10_000)],
        "plan[0] (" + "a" * 60 + "…).action: is 10000 characters long; the limit is 120"),
    "the same action twice": (
        [entry(), entry(owner="Eva")], "plan[1] (action.narrow): action.narrow is in the plan "
        "twice"),
    "unknown status": ([entry(status="finished")], "plan[0] (action.narrow).status: 'finished'"),
    "status missing": (
        [{k: v for k, v in entry().items() if k != "status"}],
        "plan[0] (action.narrow).status: is missing"),
    "time missing": (
        [{k: v for k, v in entry().items() if k != "updated_at"}],
        "plan[0] (action.narrow).updated_at: is missing"),
    "impossible time": (
        [entry(updated_at="2024-02-30T10:00:00Z")],
        "plan[0] (action.narrow).updated_at: '2024-02-30T10:00:00Z' is not a real date"),
    "control characters in owner": (
        [entry(), entry(action=BETA, owner="Eva\x00")],
        "plan[1] (action.beta): owner (who) contains control characters"),
    "10,000 characters of owner": (
        [entry(owner="x" * 10_000)],
        "plan[0] (action.narrow).owner: is 10000 characters long; the limit is 200"),
    "10,000 right-to-left marks as due": (
        [entry(due="\u200f" * 10_000)],
        "plan[0] (action.narrow).due: is 10000 characters long; the limit is 200"),
    "owner not text": ([entry(owner=42)], "plan[0] (action.narrow).owner: should be of type"),
    "an unknown field": ([entry(cost=100)], "plan[0] (action.narrow): has an unknown field"),
    "plan not a list": ({"action.narrow": "planned"}, "plan: should be of type array"),
    "5,000 items": ([entry()] * 5000, "plan: is 5000 entries long; the limit is 1000"),
}


@pytest.mark.parametrize("case", BAD_PLANS)
def test_a_bad_plan_entry_is_located_and_nothing_is_imported(tmp_path, store, mini, planned,
                                                             case):
    plan, expected = BAD_PLANS[case]
    path = tmp_path / "bad.json"
    path.write_bytes(as_bytes({**fresh(export_document(store, planned.id)), "plan": plan}))
    before = dump(store)
    with pytest.raises(AssessmentFileError) as caught:
        import_assessment(store, read_assessment_file(path, mini))
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert "Nothing was imported" in message
    assert len(message) < 400  # one line a person reads, whatever the file holds
    assert dump(store) == before


def test_a_file_must_carry_the_plan_its_version_promises(store, mini, planned):
    document = fresh(export_document(store, planned.id))
    without = {key: value for key, value in document.items() if key != "plan"}
    with pytest.raises(AssessmentFileError, match=r"plan: is missing"):
        read_assessment_bytes(as_bytes(without), mini)
    with_plan_in_v1 = {**document, "format_version": 1}
    with pytest.raises(AssessmentFileError, match="has an unknown field: 'plan'"):
        read_assessment_bytes(as_bytes(with_plan_in_v1), mini)


# -- CSV and Excel ------------------------------------------------------------------------------

def test_the_plan_is_a_table_of_its_own_with_its_text_inert(tmp_path, store, mini, planned):
    data = from_store_assessment(store, planned.id)
    texts = dict(csv_texts(mini, data, "sv"))
    assert list(texts) == ["answers", "scores", "plan"]
    rows = list(csv.DictReader(io.StringIO(texts["plan"])))
    assert tuple(rows[0]) == PLAN_COLUMNS
    assert [(r["project"], r["plan"], r["round"], r["action"], r["dimension"],
             r["action_text"], r["owner"], r["due"], r["status"]) for r in rows] == [
        ("Norrby", "assessment", "", BETA, "beta", "Laga beta.", "'" + FORMULA, "",
         "planned"),
        ("Norrby", "assessment", "", NARROW, "alpha", "Smalna av.", RTL, SCRIPT,
         "in_progress")]
    assert all(r["updated_at"] for r in rows)
    written = write_csv(mini, data, "sv", tmp_path / "norrby.csv")
    assert [p.name for p in written] == ["norrby-answers.csv", "norrby-scores.csv",
                                         "norrby-plan.csv"]
    assert written[2].read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_xlsx_has_a_plan_sheet_of_plain_strings(store, mini, planned):
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes(mini, from_store_assessment(
        store, planned.id), "en")))
    assert 'name="Action plan"' in workbook.read("xl/workbook.xml").decode()
    sheets = [n for n in workbook.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 3
    assert all("<f>" not in workbook.read(name).decode() for name in sheets)
    strings = workbook.read("xl/sharedStrings.xml").decode()
    assert "HYPERLINK" in strings and "Fix beta." in strings and "in_progress" in strings


def test_without_a_plan_there_is_no_plan_table(store, mini):
    record = store.create_assessment(mini, project="P")
    data = from_store_assessment(store, record.id)
    assert not data.has_plan
    assert [name for name, _text in csv_texts(mini, data, "en")] == ["answers", "scores"]
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes(mini, data, "en")))
    assert 'name="Action plan"' not in workbook.read("xl/workbook.xml").decode()


# -- what a report is made from -----------------------------------------------------------------

def test_the_report_input_carries_the_plan_of_an_assessment(tmp_path, store, mini, planned):
    data = from_store_assessment(store, planned.id)
    assert data.has_plan
    assert data.latest.plan == tuple(assessment_plan(store, planned.id))
    path = write_export(store, planned.id, tmp_path / "a.json")
    from_file = resolve(store, mini, str(path))
    assert [i.action_id for i in from_file.latest.plan] == [BETA, NARROW]
    assert resolve(store, mini, planned.id).latest.plan == data.latest.plan


def test_the_report_input_carries_a_plan_per_round(store, mini):
    first, key = create_session(store, mini, project="Norrby", round_name="planning")
    member = join_session(store, mini, first.join_code, role="resident")
    save_plan_item(store, mini, member.id, BETA)  # a member's own plan is not the group's
    save_session_plan_item(store, mini, first.id, key, NARROW, owner="Eva", due="autumn")
    second = next_round(store, mini, first.id, key, "mid-term")
    save_session_plan_item(store, mini, second.id, key, BETA, owner=FORMULA)
    data = from_sessions(store, [first.id, second.id])
    assert [r.name for r in data.rounds] == ["planning", "mid-term"]
    assert [[i.action_id for i in r.plan] for r in data.rounds] == [[NARROW], [BETA]]
    assert data.rounds[0].plan == tuple(plan_of_session(store, first.id))
    assert [(r["plan"], r["round"], r["action"], r["owner"])
            for r in plan_rows(mini, data, "en")] == [
        ("session", "planning", NARROW, "Eva"), ("session", "mid-term", BETA, FORMULA)]
    by_code = resolve(store, mini, second.join_code, rounds=True)
    assert [[i.action_id for i in r.plan] for r in by_code.rounds] == [[NARROW], [BETA]]
    assert [i.action_id for i in resolve(store, mini, first.join_code).latest.plan] == [NARROW]
