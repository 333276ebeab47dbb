"""Every store test runs on both backends: a SQLite file and a real PostgreSQL server
(marker `postgres`; the server comes from the `postgres_server` fixture)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect

from readiness.store import open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_location(request, tmp_path) -> Iterator[str]:
    """Where a fresh, empty store lives: a SQLite file's path or a new PostgreSQL database's
    URL. Tests that open the store again (another process, a reload) open this. A
    PostgreSQL database is emptied afterwards and given to a later test."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite3")
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    yield url
    server.give_back(url)


@pytest.fixture
def store(store_location):
    store = open_store(store_location)
    yield store
    store.close()


def engine_at(location: str):
    """An engine on the store at ``location`` that runs no migration: for building the
    store an older release left behind."""
    from readiness.store.engine import make_engine, resolve_store_url

    return make_engine(resolve_store_url(location))


def table_names(location: str) -> set[str]:
    engine = engine_at(location)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def column_names(location: str, table: str) -> set[str]:
    engine = engine_at(location)
    try:
        return {column["name"] for column in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()
