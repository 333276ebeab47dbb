"""Where the store lives and how a connection to it is set up."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from ..errors import StoreUnavailable

STORE_ENV_VAR = "READINESS_STORE"
"""A SQLAlchemy URL (``postgresql://...``) or a file path for the SQLite store."""

SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_store_url() -> str:
    directory = platformdirs.user_data_path("readiness-workbook", appauthor=False)
    return f"sqlite:///{directory / 'readiness.sqlite3'}"


def resolve_store_url(location: str | os.PathLike | None = None) -> str:
    """The store URL: ``location``, else ``$READINESS_STORE``, else the per-user default."""
    location = location if location is not None else os.environ.get(STORE_ENV_VAR) or None
    if location is None:
        return default_store_url()
    location = str(location)
    if "://" in location:
        return location
    return f"sqlite:///{Path(location).expanduser().resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[1] if "///" in url else ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _report_unavailable(engine)
    return engine


def _report_unavailable(engine: Engine) -> None:
    """Raise StoreUnavailable, worded for a person, where the database itself fails (a
    read-only or full disk, a lock held too long, a server that is down): callers keep what
    they meant to write and try again, and the command line prints one line."""
    where = engine.url.render_as_string(hide_password=True)

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        if isinstance(context.sqlalchemy_exception, OperationalError):
            # Start afresh next time: SQLite quietly opens a file it may not write as
            # read-only, and a pooled connection would then refuse writes for good.
            context.is_disconnect = True
            reason = str(context.original_exception).strip().splitlines()[0]
            raise StoreUnavailable(
                f"the store {where} cannot be used right now ({reason}); nothing was changed"
            ) from context.original_exception


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE: many kernel processes write at once.

    BEGIN IMMEDIATE takes the write lock at the start of a transaction, so writers queue on
    the busy timeout instead of failing when a read transaction would have to upgrade.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below rule
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
