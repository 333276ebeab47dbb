"""Group sessions: a join code for participants, a facilitator key, and the members' answers.

Every call that reveals or changes a session's group data takes the facilitator key and
checks it here, in the core; only a hash of the key is stored. Participants join with the
join code and get an assessment of their own, answered with the ordinary workbook.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from .aggregate import Member
from .errors import NotFoundError, ReadinessError
from .framework import Framework
from .store import Store, tables
from .store.repository import (
    MAX_NAME_CHARS,
    AssessmentRecord,
    check_language,
    check_text,
    decode_value,
    insert_assessment,
    new_assessment_record,
    utc_now,
)

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code read aloud or from a projector cannot be mistaken."""
JOIN_CODE_LENGTH = 8
MAX_DISPLAY_NAME_CHARS = 80


class AccessDenied(ReadinessError):
    """A wrong facilitator key, or a session that is closed for answers."""


@dataclass(frozen=True)
class SessionRecord:
    id: str
    join_code: str
    framework_id: str
    framework_version: str
    project: str
    area: str
    language: str
    round: str
    is_open: bool
    revealed: bool
    created_at: datetime

    @property
    def display_code(self) -> str:
        """The join code as shown to people: ABCD-EFGH."""
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (lower case, spaces, dashes) as a stored join code."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(row) -> SessionRecord:
    values = {column: row[column] for column in SessionRecord.__dataclass_fields__}
    return SessionRecord(**values)


def create_session(store: Store, framework: Framework, *, project: str, area: str = "",
                   language: str = "en", round_name: str = "") -> tuple[SessionRecord, str]:
    """A new open session; returns it with its facilitator key (shown once, stored hashed)."""
    check_language(language)
    key = secrets.token_urlsafe(24)
    values = {
        "id": secrets.token_urlsafe(12),
        "join_code": new_join_code(),
        "facilitator_key_hash": _hash(key),
        "framework_id": framework.id,
        "framework_version": framework.version,
        "project": check_text("project", project, MAX_NAME_CHARS),
        "area": check_text("area", area, MAX_NAME_CHARS),
        "language": language,
        "round": check_text("round", round_name, 60),
        "is_open": True,
        "revealed": False,
        "created_at": utc_now(),
    }
    with store.engine.begin() as connection:
        connection.execute(tables.sessions.insert().values(**values))
    return find_session(store, values["join_code"]), key


def find_session(store: Store, join_code: str) -> SessionRecord:
    code = normalise_code(join_code)
    with store.engine.connect() as connection:
        row = connection.execute(
            select(tables.sessions).where(tables.sessions.c.join_code == code)
        ).mappings().first()
    if row is None:
        raise NotFoundError(f"no session with the code {join_code!r}")
    return _record(row)


def check_facilitator(store: Store, session_id: str, key: str) -> None:
    """Raise AccessDenied unless ``key`` is the session's facilitator key."""
    with store.engine.connect() as connection:
        stored = connection.execute(
            select(tables.sessions.c.facilitator_key_hash)
            .where(tables.sessions.c.id == session_id)
        ).scalar()
    if stored is None or not hmac.compare_digest(stored, _hash(key or "")):
        raise AccessDenied("this key does not open the facilitator view of that session")


def join_session(store: Store, framework: Framework, join_code: str, *, role: str,
                 display_name: str = "") -> AssessmentRecord:
    """A participant's own assessment in the session (anonymous unless a name is given)."""
    session = find_session(store, join_code)
    if not session.is_open:
        raise AccessDenied("this session is closed for answers")
    if session.framework_id != framework.id:
        raise ReadinessError(f"the session uses the framework {session.framework_id!r}")
    check_text("display name", display_name, MAX_DISPLAY_NAME_CHARS)
    record = new_assessment_record(framework, project=session.project, area=session.area,
                                   role=role, language=session.language)
    with store.engine.begin() as connection:  # the assessment and its membership, or neither
        insert_assessment(connection, record)
        connection.execute(tables.session_members.insert().values(
            assessment_id=record.id, session_id=session.id,
            display_name=display_name.strip(), joined_at=utc_now()))
    return record


def set_session_flags(store: Store, session_id: str, key: str, *, is_open: bool | None = None,
                      revealed: bool | None = None) -> None:
    """Open or close the session for answers, or reveal the group results to participants."""
    check_facilitator(store, session_id, key)
    changes = {name: value for name, value in (("is_open", is_open), ("revealed", revealed))
               if value is not None}
    if changes:
        with store.engine.begin() as connection:
            connection.execute(update(tables.sessions)
                               .where(tables.sessions.c.id == session_id).values(**changes))


def session_members(store: Store, session_id: str, key: str) -> list[Member]:
    """Every member's role and answers, for the facilitator (one query, no names)."""
    check_facilitator(store, session_id, key)
    members = tables.session_members
    query = (
        select(members.c.assessment_id, tables.assessments.c.role,
               tables.answers.c.question_id, tables.answers.c.value)
        .join(tables.assessments, tables.assessments.c.id == members.c.assessment_id)
        .outerjoin(tables.answers, tables.answers.c.assessment_id == members.c.assessment_id)
        .where(members.c.session_id == session_id)
    )
    roles: dict[str, str] = {}
    answers: dict[str, dict] = {}
    with store.engine.connect() as connection:
        for assessment_id, role, question_id, value in connection.execute(query):
            roles[assessment_id] = role
            given = answers.setdefault(assessment_id, {})
            if question_id is not None:
                given[question_id] = decode_value(value)
    return [Member(roles[a], answers[a]) for a in sorted(roles)]
