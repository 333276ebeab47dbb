"""Assessment files: export one assessment to JSON and import it again, safely.

Import reads and checks the whole file before anything touches the store, and writes it in
one transaction, so a corrupt, truncated, wrong-version, wrong-framework or oversized file
gets a clear message and leaves stored data exactly as it was.

Export writes format version 2 (``schemas/assessment.v2.schema.json``): version 1 and the
action plan. Import reads both: a version 1 file is checked against its own schema, then
upgraded (``upgrade_document``) to a version 2 one with an empty plan.
"""

from __future__ import annotations

import json
import re
import reprlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from readiness.errors import AnswerError, AssessmentFileError, ReadinessError
from readiness.framework.model import Framework
from readiness.scoring.answers import check_answer
from readiness.store.plans import PlanItem, assessment_plan, check_plan_fields
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
FORMAT_VERSION = 2
SCHEMAS = {1: "assessment.v1", 2: "assessment.v2"}
"""The format versions this workbook reads, each with its schema (version 1: no plan)."""
MAX_FILE_BYTES = 1_000_000
"""An assessment is a few kilobytes; anything near a megabyte is not one."""
TOO_DEEP = "is nested too deeply to be an assessment"


@dataclass(frozen=True)
class AssessmentFile:
    """A checked assessment file, ready to score or to write to a store."""

    record: AssessmentRecord
    answers: dict[str, StoredAnswer]
    notes: dict[str, StoredNote]
    plan: tuple[PlanItem, ...] = ()
    """The action plan, in the file's order (empty for a version 1 file)."""

    @property
    def answer_values(self) -> dict:
        return {qid: answer.value for qid, answer in self.answers.items()}


def _timestamp(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def export_document(store: Store, assessment_id: str) -> dict:
    """The assessment as a JSON-ready document (format version 2: with its plan)."""
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
        "plan": [
            {"action": item.action_id, "owner": item.owner, "due": item.due,
             "status": item.status, "updated_at": _timestamp(item.updated_at)}
            for item in assessment_plan(store, assessment_id)
        ],
    }


def upgrade_document(document: dict) -> dict:
    """A document of an older format version, checked against its own schema, as the
    current version: version 1 had no action plan, so it has an empty one."""
    if document["format_version"] == 1:
        document = {**document, "format_version": 2, "plan": []}
    return document


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
    if not isinstance(version, int) or isinstance(version, bool) or version not in SCHEMAS:
        newer = (isinstance(version, int) and not isinstance(version, bool)
                 and version > FORMAT_VERSION)
        reason = "newer than this workbook: update the workbook" if newer else "unknown"
        readable = " and ".join(map(str, SCHEMAS))
        fail(f"has format_version {repr(version)[:40]}, which is {reason}; this workbook "
             f"reads format_version {readable}")
    try:
        problems = _schema_problems(SCHEMAS[version], document)
    except RecursionError:  # lists within lists that JSON could still read
        fail(TOO_DEEP)
    if problems:
        shown = "; ".join(f"{_named(document, path) or '(top level)'}: {msg}"
                          for path, msg in problems[:5])
        fail(f"does not match the assessment format: {shown}")
    document = upgrade_document(document)

    theirs = document["framework"]
    if reason := framework.cannot_read(theirs["id"], theirs["version"]):
        fail(reason)

    meta = document["assessment"]
    if meta["language"] not in framework.languages:
        fail(f"assessment.language: {meta['language']!r} is not a language of the framework "
             f"(it is written in {', '.join(framework.languages)})")
    try:
        for field in ("project", "area"):
            check_text(field, meta[field], MAX_NAME_CHARS)
        answers: dict[str, StoredAnswer] = {}
        for index, item in enumerate(document["answers"]):
            if item["question"] in answers:
                fail(f"answers[{index}]: {item['question']} is answered twice")
            if framework.replaced_by(item["question"]) is None:
                check_answer(framework, item["question"], item["value"])
            elif not _plain_answer(item["value"]):  # to an earlier question: kept, not scored
                fail(f"answers[{index}]: {reprlib.repr(item['value'])} is not an answer")
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
        plan = tuple(_plan_items(document["plan"], framework))
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
    return AssessmentFile(record, answers, notes, plan)


def _plain_answer(value) -> bool:
    """A level or an option value, as an answer to a question since replaced is stored."""
    if isinstance(value, bool):
        return False
    return (isinstance(value, int) and 0 < value < 100) or (
        isinstance(value, str) and 0 < len(value) <= 40)


def _plan_items(entries: list[dict], framework: Framework) -> list[PlanItem]:
    """The plan's entries (shaped by the schema) checked as the store checks them; an
    error names the entry: ``plan[2] (action.x): unknown action ...``."""
    items: list[PlanItem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = _named({"plan": entries}, f"plan[{index}]")
        action, owner, due = entry["action"], entry.get("owner", ""), entry.get("due", "")
        if action in seen:
            raise ReadinessError(f"{where}: {action} is in the plan twice")
        try:
            check_plan_fields(framework, action, owner=owner, due=due, status=entry["status"])
        except ReadinessError as exc:
            raise ReadinessError(f"{where}: {exc}") from None
        seen.add(action)
        items.append(PlanItem(action, owner, due, entry["status"],
                              _parse_time(entry["updated_at"], f"{where}.updated_at")))
    return items


def _schema_problems(schema: str, document: dict) -> list[tuple[str, str]]:
    """The document's schema problems, sorted; a text or list over its limit is said in
    numbers ("is 10000 characters long; the limit is 200") instead of being quoted."""
    # Imported here: a page's kernel needs jsonschema only when a file is uploaded.
    from readiness.framework.schema_validator import Draft202012Validator
    from readiness.framework.validation import format_path, load_schema, schema_problems

    validator = Draft202012Validator(load_schema(schema))
    problems = schema_problems(validator, document)
    if not problems:
        return problems
    too_long = {}
    for error in validator.iter_errors(document):
        if error.validator in ("maxLength", "maxItems"):
            unit = "characters" if error.validator == "maxLength" else "entries"
            too_long[format_path(error.absolute_path)] = (
                f"is {len(error.instance)} {unit} long; the limit is {error.validator_value}")
    return sorted({(path, message) for path, message in problems if path not in too_long}
                  | set(too_long.items()))


_NAMING_FIELD = {"answers": "question", "notes": "dimension", "plan": "action"}


def _named(document: dict, path: str) -> str:
    """``answers[3].value`` as ``answers[3] (alpha.one).value``, ``plan[1].owner`` as
    ``plan[1] (action.x).owner``: people look for the question or the action, not for its
    position in the file."""
    match = re.match(r"(answers|notes|plan)\[(\d+)\]", path)
    if match:
        entries = document.get(match[1])
        index = int(match[2])
        item = entries[index] if isinstance(entries, list) and index < len(entries) else None
        name = item.get(_NAMING_FIELD[match[1]]) if isinstance(item, dict) else None
        if isinstance(name, str):
            shown = name if len(name) <= 60 else name[:60] + "…"
            return f"{match[0]} ({shown}){path[match.end():]}"
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
        store.put_record(checked.record, checked.answers, checked.notes, replace=replace,
                         plan=checked.plan)
    except ReadinessError as exc:
        raise AssessmentFileError(str(exc)) from None
    return checked.record.id
