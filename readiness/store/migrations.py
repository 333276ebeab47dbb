"""Versioned store schema: each migration takes the store one version up, in a transaction.

The store records its version in ``schema_info``. Opening a store runs whatever migrations
it lacks; a store written by a newer workbook is refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from ..errors import ReadinessError
from . import tables


def _create_version_1(connection: Connection) -> None:
    # Each migration creates only the tables it introduced; a table's definition in
    # tables.py never changes once released (a later change is a new migration step).
    tables.metadata.create_all(connection, tables=[
        tables.schema_info, tables.assessments, tables.answers, tables.notes])


def _create_version_2(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.sessions, tables.session_members])


def _create_version_3(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.case_links])


def _create_version_4(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.plan_items])


def _create_version_5(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.case_exercises, tables.case_trainees])


def _create_version_6(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.member_keys])


def _create_version_7(connection: Connection) -> None:
    # The answers table of version 1 had no framework version: add it where it is missing
    # (a store created since has it already) and fill it from each answer's assessment,
    # the framework version the answer was given under.
    columns = {column["name"] for column in inspect(connection).get_columns("answers")}
    if "framework_version" not in columns:
        connection.execute(text("ALTER TABLE answers ADD COLUMN framework_version VARCHAR(40)"))
    connection.execute(text(
        "UPDATE answers SET framework_version = (SELECT assessments.framework_version "
        "FROM assessments WHERE assessments.id = answers.assessment_id) "
        "WHERE framework_version IS NULL"))


def _create_version_8(connection: Connection) -> None:
    tables.metadata.create_all(connection, tables=[tables.member_links])


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "assessments, answers and notes", _create_version_1),
    (2, "group sessions and their members", _create_version_2),
    (3, "training cases linked to assessments and sessions", _create_version_3),
    (4, "action plans of assessments and sessions", _create_version_4),
    (5, "case exercises handed out by trainers, and their trainees", _create_version_5),
    (6, "group members followed across a project's rounds", _create_version_6),
    (7, "the framework version of every answer", _create_version_7),
    (8, "members' personal links", _create_version_8),
)
LATEST_VERSION = MIGRATIONS[-1][0]


class StoreVersionError(ReadinessError):
    """The store was written by a newer version of the workbook."""


def current_version(connection: Connection) -> int:
    if not inspect(connection).has_table("schema_info"):
        return 0
    version = connection.execute(select(tables.schema_info.c.version)).scalar()
    return version or 0


def migrate(engine: Engine) -> int:
    """Bring the store to the latest version; return the version it was at."""
    with engine.begin() as connection:  # one writer at a time migrates (BEGIN IMMEDIATE)
        before = current_version(connection)
        if before > LATEST_VERSION:
            raise StoreVersionError(
                f"the store {engine.url.render_as_string(hide_password=True)} has schema "
                f"version {before}, newer than this workbook's {LATEST_VERSION}: "
                "upgrade the workbook; the store was not changed"
            )
        for version, _description, step in MIGRATIONS:
            if version > before:
                step(connection)
                connection.execute(tables.schema_info.delete())
                connection.execute(tables.schema_info.insert().values(id=1, version=version))
        return before
