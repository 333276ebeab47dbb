"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on
127.0.0.1 at a free port, a new database for each test, stopped and removed at the end.

Debian's `postgresql` package provides the programs (scripts/ensure-postgres installs it).
initdb and postgres refuse to run as root: as root they run as the `postgres` user that
the package creates, otherwise as the user running the tests.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "readiness"


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why and what to do."""


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit()
                   else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise Unavailable("PostgreSQL is not installed (no initdb): run scripts/ensure-postgres "
                      "as root, or 'apt-get install -y postgresql'")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bindir = _bindir()
        self.password = secrets.token_hex(16)
        self.port = _free_port()
        self.base = Path(tempfile.mkdtemp(prefix="readiness-test-postgres-"))
        self.data = self.base / "data"
        self._numbers = itertools.count(1)
        self._spare: list[str] = []
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' user to run "
                                  "PostgreSQL as (Debian's postgresql package creates it)") \
                    from None
            os.chown(self.base, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
            self._owner = (account.pw_uid, account.pw_gid)
        else:
            self._owner = None

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as, *command], capture_output=True, text=True,
                              cwd=self.base)
        if done.returncode:
            raise Unavailable(f"{Path(command[0]).name} failed: "
                              f"{(done.stderr or done.stdout).strip()}")

    def start(self) -> PostgresServer:
        pwfile = self.base / "password"
        pwfile.write_text(self.password + "\n")
        if self._owner:
            os.chown(pwfile, *self._owner)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER,
                  f"--pwfile={pwfile}", "--auth=scram-sha-256", "--no-locale", "-E", "UTF8",
                  "--no-sync")
        pwfile.unlink()
        # Speed over durability (a throwaway server), loopback only, no Unix socket.
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                   "-c unix_socket_directories='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.base / "server.log"), "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self._as, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "-w", "stop"], capture_output=True,
                           cwd=self.base)
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql+pg8000://{USER}:{self.password}@127.0.0.1:{self.port}/"
                f"{database}")

    def _connect(self, database: str):
        import pg8000.native

        return pg8000.native.Connection(USER, host="127.0.0.1", port=self.port,
                                        password=self.password, database=database)

    def new_database(self) -> str:
        """An empty database (a new one, or one given back and emptied); its URL."""
        if self._spare:
            return self._spare.pop()
        name = f"store_{next(self._numbers)}"
        connection = self._connect("postgres")
        try:
            connection.run(f"CREATE DATABASE {name}")
        finally:
            connection.close()
        return self.url(name)

    def give_back(self, url: str) -> None:
        """Empty a database from new_database for the next test: dropping its tables takes
        a fraction of making a database. One still in use is left as it is."""
        import pg8000.exceptions

        try:
            connection = self._connect(url.rsplit("/", 1)[1])
            try:
                connection.run("SET lock_timeout = '2s'")
                connection.run("DROP SCHEMA public CASCADE")
                connection.run("CREATE SCHEMA public")
            finally:
                connection.close()
        except (pg8000.exceptions.DatabaseError, pg8000.exceptions.InterfaceError):
            return
        self._spare.append(url)
