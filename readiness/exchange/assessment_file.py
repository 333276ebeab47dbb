"""Assessment files: export one assessment to JSON and import it again, safely.

Import reads and checks the whole file before anything touches the store, and writes it in
one transaction, so a corrupt, truncated, wrong-version, wrong-framework or oversized file
gets a clear message and leaves stored data exactly as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from readiness.errors import AnswerError, AssessmentFileError, ReadinessError
from readiness.framework.model import Framework
from readiness.scoring.answers import check_answer
from readiness.store.repository import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    AssessmentRecord,
    Store,
    StoredAnswer,
    StoredNote,
    as_utc,
    check_text,
    utc_now,
)

FORMAT = "readiness-assessment"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000
"""An assessment is a few kilobytes; anything near a megabyte is not one."""
TOO_DEEP = "is nested too deeply to be an assessment"


@dataclass(frozen=True)
class AssessmentFile:
    """A checked assessment file, ready to score or to write to a store."""

    record: AssessmentRecord
    answers: dict[str, StoredAnswer]
    notes: dict[str, StoredNote]

    @property
    def answer_values(self) -> dict:
        return {qid: answer.value for qid, answer in self.answers.items()}


def _timestamp(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def export_document(store: Store, assessment_id: str) -> dict:
    """The assessment as a JSON-ready document (format version 1)."""
    record = store.get_assessment(assessment_id)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _timestamp(utc_now()),
        "framework": {"id": record.framework_id, "version": record.framework_version},
        "assessment": {
            "id": record.id,
            "project": record.project,
            "area": record.area,
            "role": record.role,
            "language": record.language,
            "created_at": _timestamp(record.created_at),
            "updated_at": _timestamp(record.updated_at),
        },
        "answers": [
            {"question": qid, "value": a.value, "answered_at": _timestamp(a.answered_at)}
            for qid, a in sorted(store.answers(assessment_id).items())
        ],
        "notes": [
            {"dimension": did, "text": n.text, "updated_at": _timestamp(n.updated_at)}
            for did, n in sorted(store.notes(assessment_id).items())
        ],
    }


def export_json(store: Store, assessment_id: str) -> str:
    return json.dumps(export_document(store, assessment_id), ensure_ascii=False, indent=2) + "\n"


def write_export(store: Store, assessment_id: str, path: str | Path) -> Path:
    """Write the export next to ``path`` first, then move it in place: never half a file."""
    path = Path(path)
    text = export_json(store, assessment_id)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path


def read_assessment_bytes(data: bytes, framework: Framework, name: str = "file") -> AssessmentFile:
    """Check an assessment file's content completely; raise AssessmentFileError if unusable."""
    def fail(message: str):
        raise AssessmentFileError(f"{name}: {message}. Nothing was imported.")

    if len(data) > MAX_FILE_BYTES:
        fail(f"is {len(data):,} bytes; an assessment file is at most {MAX_FILE_BYTES:,} bytes")
    if not data.strip():
        fail("is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail("is not a text file (not UTF-8)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        ending = text.rstrip()[-1:]
        hint = " (the file looks cut off)" if ending not in ("}", "]") else ""
        fail(f"is not valid JSON{hint}: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        fail(TOO_DEEP)
    except ValueError:  # Python refuses to convert integers of over 4,300 digits
        fail("contains a number with too many digits (over 4,300)")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        fail("is not a readiness assessment file (no \"format\": \"readiness-assessment\")")
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        newer = (isinstance(version, int) and not isinstance(version, bool)
                 and version > FORMAT_VERSION)
        reason = "newer than this workbook: update the workbook" if newer else "unknown"
        fail(f"has format_version {version!r}, which is {reason}; this workbook reads "
             f"format_version {FORMAT_VERSION}")
    # Imported here: a page's kernel needs jsonschema only when a file is uploaded.
    from readiness.framework.schema_validator import Draft202012Validator
    from readiness.framework.validation import load_schema, schema_problems

    try:
        problems = schema_problems(Draft202012Validator(load_schema("assessment.v1")),
                                   document)
    except RecursionError:  # lists within lists that JSON could still read
        fail(TOO_DEEP)
    if problems:
        shown = "; ".join(f"{_named(document, path) or '(top level)'}: {msg}"
                          for path, msg in problems[:5])
        fail(f"does not match the assessment format: {shown}")

    theirs = document["framework"]
    if theirs["id"] != framework.id:
        fail(f"was made with the framework {theirs['id']!r}; this workbook uses "
             f"{framework.id!r}")
    if theirs["version"].split(".")[0] != framework.version.split(".")[0]:
        fail(f"was made with {framework.id} {theirs['version']}, which this workbook's "
             f"{framework.version} cannot read")

    meta = document["assessment"]
    try:
        for field in ("project", "area"):
            check_text(field, meta[field], MAX_NAME_CHARS)
        answers: dict[str, StoredAnswer] = {}
        for index, item in enumerate(document["answers"]):
            if item["question"] in answers:
                fail(f"answers[{index}]: {item['question']} is answered twice")
            check_answer(framework, item["question"], item["value"])
            answered_at = _parse_time(item["answered_at"], f"answers[{index}].answered_at")
            answers[item["question"]] = StoredAnswer(item["value"], answered_at)
        notes: dict[str, StoredNote] = {}
        dimension_ids = {d.id for d in framework.dimensions}
        for index, item in enumerate(document["notes"]):
            if item["dimension"] not in dimension_ids or item["dimension"] in notes:
                fail(f"notes[{index}]: unknown or repeated dimension {item['dimension']!r}")
            check_text("note", item["text"], MAX_NOTE_CHARS)
            notes[item["dimension"]] = StoredNote(
                item["text"], _parse_time(item["updated_at"], f"notes[{index}].updated_at"))
        record = AssessmentRecord(
            id=meta["id"],
            framework_id=theirs["id"],
            framework_version=theirs["version"],
            project=meta["project"],
            area=meta["area"],
            role=meta["role"],
            language=meta["language"],
            created_at=_parse_time(meta["created_at"], "assessment.created_at"),
            updated_at=_parse_time(meta["updated_at"], "assessment.updated_at"),
        )
    except (AnswerError, ReadinessError) as exc:
        if isinstance(exc, AssessmentFileError):
            raise
        fail(str(exc))
    return AssessmentFile(record, answers, notes)


def _named(document: dict, path: str) -> str:
    """``answers[3].value`` as ``answers[3] (alpha.one).value``: people look for the
    question, not for its position in the file."""
    match = re.match(r"answers\[(\d+)\]", path)
    if match:
        answers = document.get("answers")
        item = answers[int(match[1])] if isinstance(answers, list) else None
        question = item.get("question") if isinstance(item, dict) else None
        if isinstance(question, str):
            return f"{match[0]} ({question}){path[match.end():]}"
    return path


def _parse_time(text: str, where: str) -> datetime:
    # The schema checks the shape only; a month 99 or an hour 99 fails here.
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise ReadinessError(f"{where}: {text!r} is not a real date and time") from None


def read_assessment_file(path: str | Path, framework: Framework) -> AssessmentFile:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AssessmentFileError(
                f"{path}: is {size:,} bytes; an assessment file is at most {MAX_FILE_BYTES:,} "
                "bytes. Nothing was imported."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise AssessmentFileError(f"{path}: cannot be read: {exc.strerror}") from None
    return read_assessment_bytes(data, framework, str(path))


def import_assessment(store: Store, checked: AssessmentFile, *, replace: bool = False) -> str:
    """Write a checked file to the store in one transaction; return the assessment id."""
    try:
        store.put_record(checked.record, checked.answers, checked.notes, replace=replace)
    except ReadinessError as exc:
        raise AssessmentFileError(str(exc)) from None
    return checked.record.id
