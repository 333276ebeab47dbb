"""Reading and writing assessments, answers and notes."""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, Table, delete, func, select, update

from readiness.framework.conditions import AnswerValue
from readiness.framework.model import Framework
from readiness.i18n.languages import has_page_texts
from readiness.scoring.answers import check_answer

from ..errors import NotFoundError, ReadinessError
from ..roles import ROLES  # who is answering; stored as the id
from . import tables
from .changes import ChangeWatch
from .engine import make_engine, resolve_store_url
from .migrations import migrate

if TYPE_CHECKING:
    from .plans import PlanItem

MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 5000
ASSESSMENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Text is kept exactly as typed (output escapes it), but control characters other than
# tab and newline are refused: PostgreSQL rejects NUL and none belongs in a name or note.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AssessmentRecord:
    id: str
    framework_id: str
    framework_version: str
    project: str
    area: str
    role: str
    language: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StoredAnswer:
    value: AnswerValue
    answered_at: datetime
    framework_version: str | None = field(default=None, compare=False)
    """The version of the framework the answer was checked against (None: not known, as
    in an answer read from a file, which is then stored under its assessment's version)."""


@dataclass(frozen=True)
class StoredNote:
    text: str
    updated_at: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the store writes is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def new_assessment_id() -> str:
    """An unguessable id, safe in a URL: 96 random bits."""
    return secrets.token_urlsafe(12)


def check_text(field: str, text: str, limit: int) -> str:
    if not isinstance(text, str):
        raise ReadinessError(f"{field} should be text")
    if len(text) > limit:
        raise ReadinessError(f"{field} is {len(text)} characters long; the limit is {limit}")
    if _CONTROL.search(text):
        raise ReadinessError(f"{field} contains control characters")
    return text


def check_language(language: str, languages: tuple[str, ...] | None = None) -> None:
    """Refuse a language outside ``languages`` (a framework's), or, without them, one the
    workbook has no page texts for in this process."""
    if languages is not None:
        if language not in languages:
            raise ReadinessError(f"unknown language {language!r}: the framework is written "
                                 f"in {', '.join(languages)}")
    elif not isinstance(language, str) or not has_page_texts(language):
        raise ReadinessError(f"unknown language {language!r}")


def check_record_fields(role: str, language: str,
                        languages: tuple[str, ...] | None = None) -> None:
    if role not in ROLES:
        raise ReadinessError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    check_language(language, languages)


def new_assessment_record(framework: Framework, *, project: str, area: str, role: str,
                          language: str) -> AssessmentRecord:
    """A checked record for a new assessment, not yet written anywhere."""
    check_record_fields(role, language, framework.languages)
    now = utc_now()
    return AssessmentRecord(
        id=new_assessment_id(),
        framework_id=framework.id,
        framework_version=framework.version,
        project=check_text("project", project, MAX_NAME_CHARS),
        area=check_text("area", area, MAX_NAME_CHARS),
        role=role,
        language=language,
        created_at=now,
        updated_at=now,
    )


def encode_value(value: AnswerValue) -> str:
    return str(value)


def decode_value(text: str) -> AnswerValue:
    # Levels are digits; gate values and "dont_know" start with a letter (schema rule).
    return int(text) if text.isdigit() else text


def _upsert(connection: Connection, table: Table, values: Mapping, keys: tuple[str, ...],
            update: Iterable[str] | None = None):
    """Insert or update one row, in the dialect's own atomic statement.

    ``update``: the columns an existing row takes from ``values`` (default: all but the
    keys); the others keep what is stored, and a new row gets ``values`` whole."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values)
    changed = [name for name in values if name not in keys] if update is None else update
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: statement.excluded[name] for name in changed},
    )
    connection.execute(statement)


def touch_assessment(connection: Connection, assessment_id: str, now: datetime,
                     where: str) -> None:
    """Mark an assessment as updated inside the caller's transaction; NotFoundError (and
    the transaction rolled back) if the store ``where`` has no such assessment."""
    result = connection.execute(
        update(tables.assessments)
        .where(tables.assessments.c.id == assessment_id)
        .values(updated_at=now)
    )
    if result.rowcount == 0:
        raise NotFoundError(f"no assessment {assessment_id!r} in the store {where}")


class Store:
    """One store (SQLite file or database). Safe to share between processes, not threads."""

    def __init__(self, engine: Engine):
        self.engine = engine
        migrate(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def watch_changes(self):
        """A ``ChangeWatch``: has anyone written to the store since the last look?"""
        return ChangeWatch(self.engine)

    # -- assessments -----------------------------------------------------------------
    def create_assessment(self, framework: Framework, *, project: str, area: str = "",
                          role: str = "other", language: str = "en") -> AssessmentRecord:
        record = new_assessment_record(framework, project=project, area=area, role=role,
                                       language=language)
        with self.engine.begin() as connection:
            insert_assessment(connection, record)
        return record

    def get_assessment(self, assessment_id: str) -> AssessmentRecord:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(tables.assessments).where(tables.assessments.c.id == assessment_id)
            ).mappings().first()
        if row is None:
            raise NotFoundError(f"no assessment {assessment_id!r} in the store {self.url}")
        return assessment_record(row)

    def has_assessment(self, assessment_id: str) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.count()).where(tables.assessments.c.id == assessment_id)
            ).scalar() > 0

    def list_assessments(self) -> list[AssessmentRecord]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(tables.assessments).order_by(tables.assessments.c.updated_at.desc())
            ).mappings().all()
        return [assessment_record(row) for row in rows]

    def update_assessment(self, assessment_id: str, **changes) -> AssessmentRecord:
        """Change project, area, role or language."""
        allowed = {"project", "area", "role", "language"}
        if unknown := set(changes) - allowed:
            raise ReadinessError(f"cannot change {', '.join(sorted(unknown))}")
        current = self.get_assessment(assessment_id)
        merged = {**asdict(current), **changes}
        check_record_fields(merged["role"], merged["language"])
        for name in ("project", "area"):
            check_text(name, merged[name], MAX_NAME_CHARS)
        with self.engine.begin() as connection:
            connection.execute(
                update(tables.assessments)
                .where(tables.assessments.c.id == assessment_id)
                .values(**changes, updated_at=utc_now())
            )
        return self.get_assessment(assessment_id)

    # -- answers and notes -------------------------------------------------------------
    def save_answer(self, framework: Framework, assessment_id: str, question_id: str,
                    value: AnswerValue) -> datetime:
        """Write one answer at once (upsert); return when it was saved."""
        check_answer(framework, question_id, value)
        now = utc_now()
        self._upsert_child(tables.answers, now, {
            "assessment_id": assessment_id,
            "question_id": question_id,
            "value": encode_value(value),
            "answered_at": now,
            "framework_version": framework.version,
        })
        return now

    def clear_answer(self, assessment_id: str, question_id: str) -> None:
        with self.engine.begin() as connection:
            self._touch(connection, assessment_id, utc_now())
            connection.execute(delete(tables.answers).where(
                (tables.answers.c.assessment_id == assessment_id)
                & (tables.answers.c.question_id == question_id)
            ))

    def session_id_of(self, assessment_id: str) -> str | None:
        """The group session this assessment answers in, if any (``readiness.store.sessions``
        has the rest; a page for one assessment need not load it)."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(tables.session_members.c.session_id)
                .where(tables.session_members.c.assessment_id == assessment_id)
            ).scalar()

    def link_case(self, owner_id: str, case_id: str) -> None:
        """Mark an assessment (or a session) as an exercise on a training case."""
        with self.engine.begin() as connection:
            _upsert(connection, tables.case_links, {"owner_id": owner_id, "case_id": case_id},
                    ("owner_id",))

    def case_of(self, owner_id: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(tables.case_links.c.case_id)
                .where(tables.case_links.c.owner_id == owner_id)).scalar()

    def answers(self, assessment_id: str) -> dict[str, StoredAnswer]:
        rows = self._children(tables.answers, assessment_id)
        unknown = None  # a row written without a version has its assessment's
        if any(row["framework_version"] is None for row in rows):
            unknown = self.get_assessment(assessment_id).framework_version
        return {
            row["question_id"]: StoredAnswer(decode_value(row["value"]),
                                             as_utc(row["answered_at"]),
                                             row["framework_version"] or unknown)
            for row in rows
        }

    def answer_values(self, assessment_id: str) -> dict[str, AnswerValue]:
        return {qid: stored.value for qid, stored in self.answers(assessment_id).items()}

    def save_note(self, assessment_id: str, dimension_id: str, text: str) -> datetime:
        check_text("note", text, MAX_NOTE_CHARS)
        now = utc_now()
        self._upsert_child(tables.notes, now, {
            "assessment_id": assessment_id,
            "dimension_id": dimension_id,
            "text": text,
            "updated_at": now,
        })
        return now

    def notes(self, assessment_id: str) -> dict[str, StoredNote]:
        rows = self._children(tables.notes, assessment_id)
        return {row["dimension_id"]: StoredNote(row["text"], as_utc(row["updated_at"]))
                for row in rows}

    def _upsert_child(self, table: Table, now: datetime, values: Mapping) -> None:
        """Upsert one row of an assessment's answers or notes, in one transaction that also
        marks the assessment as updated (and fails if it does not exist)."""
        keys = tuple(column.name for column in table.primary_key.columns)
        with self.engine.begin() as connection:
            self._touch(connection, values["assessment_id"], now)
            _upsert(connection, table, values, keys)

    def _children(self, table: Table, assessment_id: str) -> list[Mapping]:
        with self.engine.connect() as connection:
            return connection.execute(
                select(table).where(table.c.assessment_id == assessment_id)
            ).mappings().all()

    def _touch(self, connection: Connection, assessment_id: str, now: datetime) -> None:
        touch_assessment(connection, assessment_id, now, self.url)

    # -- backup ------------------------------------------------------------------------
    def backup(self, target: str | Path) -> int:
        """Copy a SQLite store to a new file with SQLite's online backup; return the number
        of assessments copied.

        Copying the file alone is not enough: the latest answers may sit in its ``-wal``
        file. The backup reads them too, and pages may go on writing meanwhile.
        """
        if self.engine.dialect.name != "sqlite":
            raise ReadinessError(not_sqlite_message(self.url))
        target = Path(target).expanduser().resolve()
        if target.exists():
            raise ReadinessError(f"{target} already exists; nothing was written (choose a new "
                                 "file name)")
        if not target.parent.is_dir():
            raise ReadinessError(f"the folder {target.parent} does not exist; nothing was "
                                 "written")
        # Written beside the target and moved in place: never half a backup under its name.
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        source = self.engine.raw_connection()
        try:
            destination = sqlite3.connect(partial)
            try:
                source.driver_connection.backup(destination)
                copied = destination.execute("select count(*) from assessments").fetchone()[0]
            finally:
                destination.close()
            partial.replace(target)
        except (sqlite3.Error, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise ReadinessError(f"the backup {target} cannot be written ({exc}); nothing was "
                                 "written") from None
        finally:
            source.close()
        return copied

    def exercise_assessments(self) -> list[AssessmentRecord]:
        """Trainees' exercises: assessments answered on a case alone, newest first.

        What a trainer's page may list and compare. A member of a group session is left
        out, even when the session ran on a case: with one member per role, that member's
        profile identifies a person. A member's answers are reached only through the
        session's facilitator key (``readiness.store.sessions``), and only as the group's."""
        members = select(tables.session_members.c.assessment_id)
        query = (select(tables.assessments)
                 .join(tables.case_links,
                       tables.case_links.c.owner_id == tables.assessments.c.id)
                 .where(tables.assessments.c.id.not_in(members))
                 .order_by(tables.assessments.c.updated_at.desc(), tables.assessments.c.id))
        with self.engine.connect() as connection:
            return [assessment_record(row) for row in connection.execute(query).mappings()]

    # -- whole records (import) ----------------------------------------------------------
    def put_record(self, record: AssessmentRecord, answers: Mapping[str, StoredAnswer],
                   notes: Mapping[str, StoredNote], *, replace: bool = False,
                   plan: Sequence[PlanItem] = ()) -> None:
        """Write a whole assessment, with its action plan, in one transaction: all of it
        or, on error, nothing. Replacing replaces the plan too (with ``plan``)."""
        plan_rows = tables.plan_items.c
        with self.engine.begin() as connection:
            exists = connection.execute(
                select(func.count()).where(tables.assessments.c.id == record.id)
            ).scalar()
            if exists and not replace:
                raise ReadinessError(
                    f"assessment {record.id} is already in the store; nothing was changed "
                    "(import with --replace to overwrite it)"
                )
            if exists:
                # Update the row in place: deleting it would cascade to the session
                # membership and drop the member from their group session.
                for table in (tables.answers, tables.notes):
                    connection.execute(delete(table).where(table.c.assessment_id == record.id))
                connection.execute(delete(tables.plan_items).where(
                    (plan_rows.plan_kind == tables.PLAN_OF_ASSESSMENT)
                    & (plan_rows.plan_id == record.id)))
                connection.execute(
                    update(tables.assessments).where(tables.assessments.c.id == record.id)
                    .values(**{k: v for k, v in asdict(record).items() if k != "id"}))
            else:
                insert_assessment(connection, record)
            if answers:
                connection.execute(tables.answers.insert(), [
                    {"assessment_id": record.id, "question_id": qid,
                     "value": encode_value(a.value), "answered_at": a.answered_at,
                     "framework_version": a.framework_version or record.framework_version}
                    for qid, a in answers.items()
                ])
            if notes:
                connection.execute(tables.notes.insert(), [
                    {"assessment_id": record.id, "dimension_id": did,
                     "text": n.text, "updated_at": n.updated_at}
                    for did, n in notes.items()
                ])
            if plan:
                connection.execute(tables.plan_items.insert(), [
                    {"plan_kind": tables.PLAN_OF_ASSESSMENT, "plan_id": record.id,
                     "action_id": item.action_id, "owner": item.owner, "due": item.due,
                     "status": item.status, "updated_at": item.updated_at}
                    for item in plan
                ])


def insert_assessment(connection: Connection, record: AssessmentRecord) -> None:
    """Write a new assessment's row inside the caller's transaction."""
    connection.execute(tables.assessments.insert().values(**asdict(record)))


def assessment_record(row: Mapping) -> AssessmentRecord:
    """An assessment from a database row (other columns of a joined row are ignored)."""
    values = {name: row[name] for name in AssessmentRecord.__dataclass_fields__}
    values["created_at"] = as_utc(values["created_at"])
    values["updated_at"] = as_utc(values["updated_at"])
    return AssessmentRecord(**values)


def not_sqlite_message(url: str) -> str:
    return (f"readiness backup copies SQLite stores only; back up {url} with the "
            "database's own tools (for PostgreSQL: pg_dump)")


def open_store(location: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``location``, the
    ``$READINESS_STORE`` variable or the per-user default."""
    return Store(make_engine(resolve_store_url(location)))
