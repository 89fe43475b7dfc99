"""Fixtures of the fleet server tests: a real PostgreSQL cluster of this test session.

- ``pg_cluster`` (session): the private cluster (``support.postgres.PrivateCluster``).
- ``pg_template`` (session): a database migrated once with every server migration, the
  template each test's database is cloned from.
- ``pg_dsn``: a fresh, migrated database of this test alone (dropped afterwards).
- ``pg_empty_dsn``: a fresh database with no schema at all (for ``server init`` itself).
- ``server_app``: the ASGI app on ``pg_dsn`` with media in ``tmp_path/media``, run by
  Starlette's ``TestClient`` (lifespan included): ``server_app.client``, ``.dsn``, ``.media``.
- ``live_server``: ``appraiser server run`` in a child process on a free port (``.url``,
  ``.kill()`` is kill -9, ``.start()`` again); ``enrolled``: the ``station`` enrolled with it.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from starlette.testclient import TestClient
from support.postgres import PrivateCluster

from appraiser.server import migrations
from appraiser.server.app import ServerSettings, create_app

TEMPLATE = "appraiser_template"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PrivateCluster) -> str:
    dsn = pg_cluster.create_database(TEMPLATE)
    with psycopg.connect(dsn) as conn:
        migrations.migrate(conn)
    return TEMPLATE


def _fresh(cluster: PrivateCluster, template: str | None) -> Iterator[str]:
    name = cluster.fresh_name()
    dsn = cluster.create_database(name, template)
    try:
        yield dsn
    finally:
        cluster.drop_database(name)


@pytest.fixture
def pg_dsn(pg_cluster: PrivateCluster, pg_template: str) -> Iterator[str]:
    yield from _fresh(pg_cluster, pg_template)


@pytest.fixture
def pg_empty_dsn(pg_cluster: PrivateCluster) -> Iterator[str]:
    yield from _fresh(pg_cluster, None)


@dataclass
class RunningServer:
    client: TestClient
    dsn: str
    media: Path


@pytest.fixture
def server_app(pg_dsn: str, tmp_path: Path) -> Iterator[RunningServer]:
    media = tmp_path / "server-media"
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(media), pool_max=4))
    with TestClient(app) as client:
        yield RunningServer(client, pg_dsn, media)


class LiveServer:
    """``appraiser server run`` in a child process on a free local port (kill -9 able)."""

    def __init__(
        self, dsn: str, media: Path, log: Path, tls: tuple[Path, Path] | None = None
    ) -> None:
        self.dsn, self.media, self.log, self.tls = dsn, media, log, tls
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        argv = [
            sys.executable,
            "-m",
            "appraiser",
            "server",
            "run",
            "--dsn",
            self.dsn,
            "--media",
            str(self.media),
            "--listen",
            f"127.0.0.1:{self.port}",
        ]
        if self.tls:
            argv += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            with contextlib.suppress(httpx.HTTPError):
                verify = ssl.create_default_context(cafile=self.tls[0]) if self.tls else True
                if httpx.get(f"{self.url}/healthz", timeout=2, verify=verify).status_code == 200:
                    return
            time.sleep(0.1)
        raise AssertionError(f"server did not start: {self.log.read_text()}")

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, open transactions die with it."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def live_server(pg_dsn: str, tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(pg_dsn, tmp_path / "server-media", tmp_path / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def enrolled(station, admin, live_server: LiveServer):
    """The ``station`` fixture enrolled with ``live_server`` by its administrator."""
    from appraiser.server import db, enrolment
    from appraiser.services.fleet.enrol import enrol

    with db.connect(live_server.dsn) as conn:
        token = enrolment.issue_token(conn, station.settings.station_code)
    enrol(station, admin, live_server.url, token)
    return station
