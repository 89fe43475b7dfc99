"""Media chunks wait on the server's disk, not in PostgreSQL (issue 15 F5: staged chunks left
5,992 MB per 10k appraisals before VACUUM FULL, 314 MB after)."""

from __future__ import annotations

import hashlib
import os

import pytest

from appraiser.server import db
from tests.server.sync_support import sign_in

BLOB = os.urandom(3 * 1024 + 17)
SHA = hashlib.sha256(BLOB).hexdigest()


@pytest.fixture
def station(server_app):
    sign_in(server_app)
    return server_app


def _patch(server, at: int, data: bytes, sha: str = SHA, total: int = len(BLOB)):
    headers = {"Upload-Offset": str(at), "Upload-Length": str(total)}
    return server.client.patch(f"/sync/v1/media/{sha}", content=data, headers=headers)


def _offset(server, sha: str = SHA) -> int:
    return int(server.client.head(f"/sync/v1/media/{sha}").headers["Upload-Offset"])


def _staged(server, sha: str = SHA):
    return server.media / ".uploads" / f"{sha}.part"


def _bytes_in_postgres(dsn: str) -> int:
    """Every bytea value of every table in the server's schema, summed."""
    with db.connect(dsn) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND data_type = 'bytea'"
        ).fetchall()
        total = 0
        for col in columns:
            query = f'SELECT COALESCE(SUM(octet_length("{col["column_name"]}")), 0) AS n'
            total += conn.execute(f'{query} FROM "{col["table_name"]}"').fetchone()["n"]
        return total


def test_an_unfinished_upload_is_staged_on_disk_and_postgres_holds_none_of_it(station):
    before = _bytes_in_postgres(station.dsn)
    assert _patch(station, 0, BLOB[:2048]).json() == {"received": 2048, "complete": False}
    assert _staged(station).read_bytes() == BLOB[:2048]
    assert _bytes_in_postgres(station.dsn) == before
    assert _offset(station) == 2048
    assert _patch(station, 2048, BLOB[2048:]).json() == {"received": len(BLOB), "complete": True}
    assert (station.media / SHA[:2] / SHA).read_bytes() == BLOB
    assert not _staged(station).exists()
    with db.connect(station.dsn) as conn:
        assert conn.execute("SELECT count(*) AS n FROM media_uploads").fetchone()["n"] == 0
        assert conn.execute("SELECT to_regclass('media_chunks') AS t").fetchone()["t"] is None


def test_a_lost_staged_file_makes_the_upload_resume_from_what_is_on_disk(station):
    _patch(station, 0, BLOB[:1024])
    _patch(station, 1024, BLOB[1024:2048])
    with _staged(station).open("r+b") as staged:  # a disk that kept only the first chunk
        staged.truncate(1024)
    assert _offset(station) == 1024
    assert _patch(station, 2048, BLOB[2048:]).json() == {"received": 1024, "complete": False}
    assert _patch(station, 1024, BLOB[1024:]).json()["complete"] is True
    assert (station.media / SHA[:2] / SHA).read_bytes() == BLOB


def test_bytes_past_the_vouched_offset_are_overwritten_not_kept(station):
    """A worker killed after its fsync but before its commit leaves bytes nobody vouched for."""
    _patch(station, 0, BLOB[:1024])
    with _staged(station).open("ab") as staged:
        staged.write(b"X" * 5000)
    assert _offset(station) == 1024
    assert _patch(station, 1024, BLOB[1024:]).json()["complete"] is True
    assert (station.media / SHA[:2] / SHA).read_bytes() == BLOB


def test_a_blob_not_matching_its_name_is_dropped_with_its_staged_file(station):
    wrong = bytes(len(BLOB))
    answer = _patch(station, 0, wrong)
    assert answer.status_code == 422
    assert not _staged(station).exists()
    assert not (station.media / SHA[:2] / SHA).exists()
    assert _offset(station) == 0
