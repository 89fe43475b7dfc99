"""Fixtures of the fleet server tests: a real PostgreSQL cluster of this test session.

- ``pg_cluster`` (session): the private cluster (``support.postgres.PrivateCluster``).
- ``pg_template`` (session): a database migrated once with every server migration, the
  template each test's database is cloned from.
- ``pg_dsn``: a fresh, migrated database of this test alone (dropped afterwards).
- ``pg_empty_dsn``: a fresh database with no schema at all (for ``server init`` itself).
- ``server_app``: the ASGI app on ``pg_dsn`` with media in ``tmp_path/media``, run by
  Starlette's ``TestClient`` (lifespan included): ``server_app.client``, ``.dsn``, ``.media``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
