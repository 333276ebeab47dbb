"""The facilitator's session download (``store.sessions.session_export``) read back: checked
completely, then imported into a store as a closed session whose members are assessments.

The file names members beside their answers (names only where a member gave one) and holds
no assessment ids, answer times or member keys: imported members are new assessments, one
per member, answered at the session's creation time, each its own respondent. Nothing is
overwritten: a store that already holds a session with the file's join code refuses it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from readiness.errors import AnswerError, AssessmentFileError, ReadinessError
from readiness.framework.model import Framework
from readiness.scoring.answers import check_answer
from readiness.store import Store
from readiness.store.plans import PlanItem, check_plan_fields
from readiness.store.repository import MAX_NAME_CHARS, check_record_fields, check_text
from readiness.store.sessions import (
    MAX_DISPLAY_NAME_CHARS,
    SESSION_EXPORT_FORMAT,
    SessionRecord,
    normalise_code,
    put_session,
)

MAX_SESSION_FILE_BYTES = 20_000_000


@dataclass(frozen=True)
class SessionMemberEntry:
    display_name: str
    role: str
    answers: dict


@dataclass(frozen=True)
class SessionFile:
    """A checked session download."""

    project: str
    area: str
    round: str
    language: str
    join_code: str
    framework_id: str
    framework_version: str
    created_at: datetime
    members: tuple[SessionMemberEntry, ...]
    plan: tuple[PlanItem, ...]


def is_session_document(data: bytes) -> bool:
    """Whether the bytes look like a session download (a cheap look, not a check)."""
    return b'"readiness-session"' in data[:4000]


def read_session_bytes(data: bytes, framework: Framework, name: str = "file") -> SessionFile:
    def fail(message: str):
        raise AssessmentFileError(f"{name}: {message}. Nothing was imported.")

    if len(data) > MAX_SESSION_FILE_BYTES:
        fail(f"is {len(data):,} bytes; a session download is at most "
             f"{MAX_SESSION_FILE_BYTES:,} bytes")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        fail("is not a readable JSON file")
    if not isinstance(document, dict) or document.get("format") != SESSION_EXPORT_FORMAT:
        fail("is not a session download (no \"format\": \"readiness-session\")")
    if document.get("format_version") != 1:
        fail(f"has format_version {str(document.get('format_version'))[:20]}; this workbook "
             "reads session downloads of format_version 1")
    session, members, plan = (document.get(k) for k in ("session", "members", "plan"))
    if not isinstance(session, dict) or not isinstance(members, list) \
            or not isinstance(plan, list):
        fail("lacks its session, members or plan")
    try:
        fields = {k: session[k] for k in ("project", "area", "round", "language", "join_code",
                                          "framework", "framework_version", "created_at")}
    except KeyError as exc:
        fail(f"session: {exc.args[0]} is missing")
    if not all(isinstance(v, str) for v in fields.values()):
        fail("session: every field is text")
    if reason := framework.cannot_read(fields["framework"], fields["framework_version"]):
        fail(reason)
    try:
        created = datetime.fromisoformat(fields["created_at"])
    except ValueError:
        fail(f"session.created_at: {fields['created_at'][:40]!r} is not a time")
    code = normalise_code(fields["join_code"])
    if not 4 <= len(code) <= 16:
        fail("session.join_code: not a join code")
    entries = []
    try:
        for field in ("project", "area"):
            check_text(field, fields[field], MAX_NAME_CHARS)
        check_text("round", fields["round"], 60)
        for index, member in enumerate(members):
            if not isinstance(member, dict) or not isinstance(member.get("answers"), dict):
                raise ReadinessError(f"members[{index}]: not a member with answers")
            name = member.get("display_name") or ""
            if not isinstance(name, str):
                raise ReadinessError(f"members[{index}].display_name: not text")
            check_text("display name", name, MAX_DISPLAY_NAME_CHARS)
            role = member.get("role")
            check_record_fields(role if isinstance(role, str) else "", fields["language"])
            for question, value in member["answers"].items():
                try:
                    check_answer(framework, question, value)
                except AnswerError as exc:
                    raise ReadinessError(f"members[{index}]: {exc}") from None
            entries.append(SessionMemberEntry(name, role, dict(member["answers"])))
        items, seen = [], set()
        for index, entry in enumerate(plan):
            if not isinstance(entry, dict) or entry.get("action") in seen:
                raise ReadinessError(f"plan[{index}]: not a plan entry, or one given twice")
            check_plan_fields(framework, entry.get("action"), owner=entry.get("owner", ""),
                              due=entry.get("due", ""), status=entry.get("status"))
            seen.add(entry["action"])
            items.append(PlanItem(entry["action"], entry.get("owner", ""),
                                  entry.get("due", ""), entry["status"],
                                  datetime.fromisoformat(str(entry.get("updated_at")))))
    except (ReadinessError, ValueError) as exc:
        fail(str(exc))
    return SessionFile(fields["project"], fields["area"], fields["round"], fields["language"],
                       code, fields["framework"], fields["framework_version"], created,
                       tuple(entries), tuple(items))


def read_session_file(path: str | Path, framework: Framework) -> SessionFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AssessmentFileError(f"{path}: cannot be read: {exc.strerror}") from None
    return read_session_bytes(data, framework, str(path))


def import_session(store: Store, checked: SessionFile) -> tuple[SessionRecord, str]:
    """Write a checked session download to ``store`` (``sessions.put_session``): a closed
    session with a new facilitator key, returned. A store that already holds a session with
    its join code refuses it, and nothing is written."""
    try:
        return put_session(
            store, join_code=checked.join_code, framework_id=checked.framework_id,
            framework_version=checked.framework_version, project=checked.project,
            area=checked.area, language=checked.language, round_name=checked.round,
            created_at=checked.created_at,
            members=[(m.display_name, m.role, m.answers) for m in checked.members],
            plan=checked.plan)
    except ReadinessError as exc:
        raise AssessmentFileError(str(exc)) from None
