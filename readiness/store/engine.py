"""Where the store lives and how a connection to it is set up."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError

from ..errors import StoreUnavailable

STORE_ENV_VAR = "READINESS_STORE"
"""A SQLAlchemy URL (``postgresql://...``) or a file path for the SQLite store."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_LOCK_KEY = 0x7265616479  # "ready": the store's one advisory lock in its database
POSTGRES_LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_MS


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
        parsed = make_url(url)
        if parsed.drivername == "postgresql" and importlib.util.find_spec("pg8000"):
            # The driver the workbook installs (the `postgres` extra); a URL that names
            # another (postgresql+psycopg://) keeps it.
            parsed = parsed.set(drivername="postgresql+pg8000")
        engine = create_engine(parsed, pool_pre_ping=True, isolation_level="READ COMMITTED")
        if engine.dialect.name == "postgresql":
            _configure_postgresql(engine)
    _report_unavailable(engine)
    return engine


def store_location(url: str) -> str:
    """The store as a person knows it: a file's path, or the URL without its password."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return make_url(url).render_as_string(hide_password=True)


def failure_message(where: str, reason: str) -> str:
    """A database failure worded for a person: which store, what it said, that nothing
    changed (every write is one transaction, rolled back on error)."""
    verb = ("written" if "readonly" in reason or "read-only" in reason else
            "opened" if "unable to open" in reason or "not a database" in reason else "used")
    return f"the store {where} cannot be {verb} ({reason}); nothing was changed"


def _report_unavailable(engine: Engine) -> None:
    """Raise StoreUnavailable, worded for a person, where the database itself fails (a
    read-only or full disk, a lock held too long, a file that is no database, a server
    that is down): callers keep what they meant to write and try again, and the command
    line prints one line. Errors in what was asked (a duplicate key) stay as they are."""
    where = store_location(engine.url.render_as_string(hide_password=False))

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        failure = context.sqlalchemy_exception
        # A server that is down or refuses the login is an InterfaceError in pg8000, and
        # a lock waited for too long or a full disk a ProgrammingError with its SQLSTATE.
        if (isinstance(failure, OperationalError | InterfaceError)
                or type(failure) is DatabaseError
                or _sqlstate(context.original_exception).startswith(UNAVAILABLE_SQLSTATES)):
            # Start afresh next time: SQLite quietly opens a file it may not write as
            # read-only, and a pooled connection would then refuse writes for good.
            context.is_disconnect = True
            reason = _reason(context.original_exception)
            raise StoreUnavailable(failure_message(where, reason)) from context.original_exception


UNAVAILABLE_SQLSTATES = ("08", "28", "53", "55P03", "57")
"""PostgreSQL's codes for the database failing rather than the request: connection,
login, resources (a full disk), a lock not had in time, the server shutting down."""


def _sqlstate(exc: BaseException) -> str:
    """The SQLSTATE of a PostgreSQL error (pg8000 carries the server's fields as a dict)."""
    code = getattr(exc, "sqlstate", None)
    if code is None and exc.args and isinstance(exc.args[0], dict):
        code = exc.args[0].get("C")
    return code or ""


def _reason(exc: BaseException) -> str:
    if exc.args and isinstance(exc.args[0], dict) and "M" in exc.args[0]:
        return str(exc.args[0]["M"])  # pg8000: the server's message
    return str(exc).strip().splitlines()[0]


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


def _configure_postgresql(engine: Engine) -> None:
    """UTC and the counterpart of SQLite's BEGIN IMMEDIATE: one transaction at a time.

    Every transaction first takes the store's advisory transaction lock (released at its
    commit or rollback), so a read-then-write (a member's number, a migration) sees what
    the transaction before it committed, as on SQLite. A lock held past the timeout fails
    like SQLite's busy timeout: StoreUnavailable, nothing changed.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute(f"SET lock_timeout = {POSTGRES_LOCK_TIMEOUT_MS}")
        cursor.close()
        dbapi_connection.commit()  # SET is transactional: keep it past the pool's rollback

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_LOCK_KEY})")
