"""Do assessment files round-trip, and does every bad file leave the store unchanged?"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from readiness.errors import AssessmentFileError
from readiness.exchange.assessment_file import (
    MAX_FILE_BYTES,
    export_document,
    import_assessment,
    read_assessment_bytes,
    read_assessment_file,
    write_export,
)
from readiness.store import open_store


def dump(store) -> dict:
    """Every row of every table: the store's whole content."""
    with store.engine.connect() as connection:
        return {
            table: sorted(map(tuple, connection.execute(text(f"select * from {table}"))))
            for table in ("assessments", "answers", "notes", "plan_items", "schema_info")
        }


@pytest.fixture
def filled(store, mini):
    record = store.create_assessment(mini, project="Hotspot <b>x</b>", area="Vollsmose",
                                     role="resident", language="da")
    for question, value in {"alpha.one": 3, "beta.two": "dont_know", "gate.open": "open"}.items():
        store.save_answer(mini, record.id, question, value)
    store.save_note(record.id, "alpha", "Hvad betyder det for beboerne?\n=SUM(A1)")
    return record


def test_round_trip_to_another_store(tmp_path, store, mini, filled):
    path = write_export(store, filled.id, tmp_path / "a.json")
    other = open_store(str(tmp_path / "other.sqlite3"))
    checked = read_assessment_file(path, mini)
    assert import_assessment(other, checked) == filled.id
    assert other.get_assessment(filled.id) == store.get_assessment(filled.id)
    assert other.answers(filled.id) == store.answers(filled.id)
    assert other.notes(filled.id) == store.notes(filled.id)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "readiness-assessment" and document["format_version"] == 2
    assert not (tmp_path / "a.json.partial").exists()


def test_reimport_needs_replace(tmp_path, store, mini, filled):
    data = json.dumps(export_document(store, filled.id)).encode()
    store.save_answer(mini, filled.id, "alpha.one", 1)
    before = dump(store)
    checked = read_assessment_bytes(data, mini)
    with pytest.raises(AssessmentFileError, match="already in the store"):
        import_assessment(store, checked)
    assert dump(store) == before
    import_assessment(store, checked, replace=True)
    assert store.answer_values(filled.id)["alpha.one"] == 3


def good_document(store, filled) -> dict:
    return export_document(store, filled.id)


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()


BAD_FILES = {
    "corrupt": (lambda doc: b"{\"format\": \"readiness-assessment\", oops", "not valid JSON"),
    "truncated": (lambda doc: as_bytes(doc)[:-40], "looks cut off"),
    "empty": (lambda doc: b"", "is empty"),
    "binary": (lambda doc: b"\xff\xfe\x00\x01garbage", "not a text file"),
    "not an assessment": (lambda doc: b'{"hello": "world"}', "not a readiness assessment"),
    "a list": (lambda doc: b"[1, 2, 3]", "not a readiness assessment"),
    "newer version": (lambda doc: as_bytes({**doc, "format_version": 3}), "newer than this"),
    "unknown version": (lambda doc: as_bytes({**doc, "format_version": "x"}), "unknown"),
    "wrong framework": (
        lambda doc: as_bytes({**doc, "framework": {"id": "other", "version": "1.0.0"}}),
        "made with the framework 'other'"),
    "framework major version": (
        lambda doc: as_bytes({**doc, "framework": {"id": "mini", "version": "2.0.0"}}),
        "cannot read"),
    "oversized": (lambda doc: as_bytes({**doc, "pad": "x" * MAX_FILE_BYTES}), "at most"),
    "unknown question": (
        lambda doc: as_bytes({**doc, "answers": [
            {"question": "zeta.one", "value": 1, "answered_at": "2026-01-01T00:00:00Z"}]}),
        "unknown question"),
    "value out of range": (
        lambda doc: as_bytes({**doc, "answers": [
            {"question": "alpha.one", "value": 9, "answered_at": "2026-01-01T00:00:00Z"}]}),
        "not an answer to alpha.one"),
    "answered twice": (
        lambda doc: as_bytes({**doc, "answers": doc["answers"] + doc["answers"][:1]}),
        "answered twice"),
    "bad role": (
        lambda doc: as_bytes({**doc, "assessment": {**doc["assessment"], "role": "king"}}),
        "assessment.role"),
    "control characters": (
        lambda doc: as_bytes({**doc, "assessment": {**doc["assessment"], "project": "a\x00b"}}),
        "control characters"),
    "unknown note dimension": (
        lambda doc: as_bytes({**doc, "notes": [
            {"dimension": "nowhere", "text": "x", "updated_at": "2026-01-01T00:00:00Z"}]}),
        "unknown or repeated dimension"),
    "nested 5,000 deep": (
        lambda doc: as_bytes({**doc, "notes": "NEST"}).replace(
            b'"NEST"', b"[" * 5000 + b"]" * 5000), "nested too deeply"),
    "nested within what JSON reads": (
        lambda doc: as_bytes({**doc, "answers": [{**doc["answers"][0], "value": "NEST"}]})
        .replace(b'"NEST"', b"[" * 990 + b"]" * 990), "nested too deeply"),
    "5,000-digit number": (
        lambda doc: as_bytes({**doc, "answers": [{**doc["answers"][0], "value": "N"}]})
        .replace(b'"N"', b"7" * 5000), "a number with too many digits"),
    "4,000-digit level": (
        lambda doc: as_bytes({**doc, "answers": [{**doc["answers"][0], "value": "N"}]})
        .replace(b'"N"', b"7" * 4000), "is not an answer to alpha.one"),
    "page-long value": (
        lambda doc: as_bytes({**doc, "answers": [{**doc["answers"][0], "value": "x" * 9000}]}),
        "is not an answer to alpha.one"),
    "impossible date": (
        lambda doc: as_bytes({**doc, "assessment": {
            **doc["assessment"], "created_at": "2024-99-99T99:99:99Z"}}),
        "assessment.created_at: '2024-99-99T99:99:99Z' is not a real date and time"),
    "impossible answer time": (
        lambda doc: as_bytes({**doc, "answers": [
            {**doc["answers"][0], "answered_at": "2024-02-30T10:00:00Z"}]}),
        "answers[0].answered_at: '2024-02-30T10:00:00Z' is not a real date and time"),
    "bad timestamp": (
        lambda doc: as_bytes({**doc, "answers": [
            {"question": "alpha.one", "value": 1, "answered_at": "yesterday"}]}),
        "answers[0] (alpha.one).answered_at"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_rejected_and_the_store_is_unchanged(tmp_path, store, mini, filled, case):
    make, expected = BAD_FILES[case]
    document = good_document(store, filled)
    # Import under a new id so that only the file's fault can stop it.
    document["assessment"]["id"] = "fresh-assessment-id"
    path = tmp_path / "bad.json"
    path.write_bytes(make(document))
    before = dump(store)
    with pytest.raises(AssessmentFileError) as caught:
        import_assessment(store, read_assessment_file(path, mini))
    message = str(caught.value)
    assert expected in message and str(path) in message and "Nothing was imported" in message
    assert len(message) < 400  # one line a person reads, whatever the file holds
    assert dump(store) == before


def test_the_good_version_of_that_file_imports(store, mini, filled):
    """The bad-file cases above fail for their fault, not for the renamed id."""
    document = good_document(store, filled)
    document["assessment"]["id"] = "fresh-assessment-id"
    import_assessment(store, read_assessment_bytes(as_bytes(document), mini))
    assert store.answer_values("fresh-assessment-id") == store.answer_values(filled.id)


# -- replacing keeps what links to the assessment ------------------------------------------

def test_replacing_a_member_keeps_them_in_their_session(store, mini):
    from readiness.store.sessions import create_session, join_session, member_assessments

    session, _key = create_session(store, mini, project="Norrby")
    members = [join_session(store, mini, session.join_code, role="resident",
                            display_name=f"M{n}") for n in range(3)]
    store.save_answer(mini, members[1].id, "alpha.one", 2)
    data = as_bytes(export_document(store, members[1].id))
    store.save_answer(mini, members[1].id, "alpha.one", 4)
    import_assessment(store, read_assessment_bytes(data, mini), replace=True)
    kept = member_assessments(store, session.id)
    assert [(record.id, name) for record, name in kept] == \
        [(m.id, f"M{n}") for n, m in enumerate(members)]
    assert store.session_id_of(members[1].id) == session.id
    assert store.answer_values(members[1].id) == {"alpha.one": 2}


def test_replacing_a_case_exercise_keeps_its_case(store, mini, filled):
    store.link_case(filled.id, "askimsviken")
    data = as_bytes(export_document(store, filled.id))
    import_assessment(store, read_assessment_bytes(data, mini), replace=True)
    assert store.case_of(filled.id) == "askimsviken"


# -- a level is a whole number ---------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("2.0", "alpha.one (allowed: 1, 2, 3, 4, dont_know; a level is a whole number"),
    ('"2"', "alpha.one (allowed: 1, 2, 3, 4, dont_know; a level is a whole number"),
    ("true", "answers[0] (alpha.one).value: should be of type"),
    ("1e0", "alpha.one (allowed: 1, 2, 3, 4, dont_know; a level is a whole number"),
])
def test_a_level_that_is_not_a_whole_number_is_refused(store, mini, filled, written,
                                                        expected):
    document = good_document(store, filled)
    document["assessment"]["id"] = "fresh-assessment-id"
    document["answers"] = [{"question": "alpha.one", "value": "LEVEL",
                            "answered_at": "2026-01-01T00:00:00Z"}]
    data = as_bytes(document).replace(b'"LEVEL"', written.encode())
    before = dump(store)
    with pytest.raises(AssessmentFileError) as caught:
        import_assessment(store, read_assessment_bytes(data, mini))
    assert expected in str(caught.value) and "Nothing was imported" in str(caught.value)
    assert dump(store) == before


def test_every_role_is_in_the_file_format_and_a_new_one_round_trips(tmp_path, store, mini):
    """The file's schema knows exactly the workbook's roles (the old ones too: older files
    keep their role), and an elected politician's assessment comes back as one."""
    from readiness.framework.validation import load_schema
    from readiness.roles import ROLES

    schema = load_schema("assessment.v2")
    assert schema["properties"]["assessment"]["properties"]["role"]["enum"] == list(ROLES)
    old = load_schema("assessment.v1")["properties"]["assessment"]["properties"]["role"]["enum"]
    assert set(old) < set(ROLES)  # every role an older file can carry is still one
    record = store.create_assessment(mini, project="Tryghed", role="politician")
    path = write_export(store, record.id, tmp_path / "p.json")
    other = open_store(str(tmp_path / "other.sqlite3"))
    import_assessment(other, read_assessment_file(path, mini))
    assert other.get_assessment(record.id).role == "politician"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["assessment"]["role"] = "mayor"
    with pytest.raises(AssessmentFileError, match="role"):
        read_assessment_bytes(json.dumps(document).encode(), mini)
