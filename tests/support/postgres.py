"""A private PostgreSQL cluster for the server tests: its own folder, a Unix socket only.

Tests never mock the database and never touch a PostgreSQL that happens to run on the
machine: each test session runs ``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package
into a fresh temporary folder, with no TCP listener (the socket lives in that folder) and
``fsync=off`` (the cluster is thrown away). ``initdb`` refuses to run as root, so as root
(CI) the cluster belongs to ``nobody`` and its commands run through ``setpriv``; as a normal
user they run as that user. Each test gets a database cloned from a migrated template
(``CREATE DATABASE … TEMPLATE``: a file copy, far faster than migrating again).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "appraiser_test"
START_TIMEOUT_S = 60


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, (
        "initdb is missing (Debian package postgresql): run `python3 bootstrap.py test`, "
        "which installs the test tools"
    )
    return Path(found[-1]).parent


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    nobody = pwd.getpwnam("nobody")
    return [
        "setpriv",
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
        *argv,
    ]


class PrivateCluster:
    """``start()``, ``dsn(dbname)``, ``fresh_database(template)``, ``stop()``."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="appraiser-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self._names = itertools.count(1)

    def _run(self, *argv: str) -> None:
        done = subprocess.run(
            _as_owner(list(argv)), capture_output=True, text=True, check=False, cwd=self.root
        )
        assert done.returncode == 0, f"{argv[0]} failed: {done.stdout}{done.stderr}"

    def start(self) -> None:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)
        os.chmod(self.root, 0o755)  # the socket must be reachable by this process too
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self._pg_ctl_start()

    def _pg_ctl_start(self) -> None:
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "start",
        )

    def crash(self) -> None:
        """``pg_ctl stop -m immediate``: PostgreSQL stops as in a power cut (every backend
        killed, no checkpoint; crash recovery runs at the next start). Fault tests only."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def restart(self) -> None:
        """Start the crashed cluster again (same folder, socket and options)."""
        self._pg_ctl_start()

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}"

    def create_database(self, name: str, template: str | None = None) -> str:
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.dsn(name)

    def fresh_name(self) -> str:
        return f"test_{os.getpid()}_{next(self._names)}"

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
