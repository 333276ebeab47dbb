"""Whether the store has changed since the last look, cheaply enough to ask every second:
the pages' live views follow the store this way instead of reading it on a timer
(issue 18.5: a facilitator's view of 40 members must show an answer within 2 s and cost
next to nothing while nobody answers)."""

from __future__ import annotations

import sqlite3

from sqlalchemy.engine import Engine


class ChangeWatch:
    """``changed()`` is True when the store may have changed since the previous call (and
    on the first call). For a SQLite file it is exact and costs microseconds: SQLite's
    ``data_version`` counts the commits of every other connection, in any process. For
    another database it cannot tell and always says True (``exact`` is False), so callers
    should ask less often."""

    def __init__(self, engine: Engine):
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self.exact = bool(database) and database != ":memory:"
        if self.exact:
            try:
                # Autocommit and never a write: it holds no lock between looks.
                self._connection = sqlite3.connect(database, isolation_level=None,
                                                   check_same_thread=False)
            except sqlite3.Error:
                self._connection = None

    def changed(self) -> bool:
        if self._connection is None:
            return True
        try:
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return True  # the file is away or locked: let the caller read and find out
        if version == self._version:
            return False
        self._version = version
        return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
