"""Abandoned staged uploads are removed (issue 15 slice S1): ``.part`` files untouched for
24 h at the server's start and by ``server gc-uploads``, S3 multipart uploads too; a station
that comes back later uploads the blob again from 0."""

from __future__ import annotations

import hashlib
import os
import time

from fleet_support import server_rows, wait_for
from starlette.testclient import TestClient

from appraiser.cli.main import main
from appraiser.server.app import ServerSettings, create_app
from tests.server.sync_support import sign_in
from tests.server.test_media_s3 import BUCKET, s3  # noqa: F401 (the moto_server fixture)

OLD = time.time() - 25 * 3600


def _blob(n: int) -> tuple[bytes, str]:
    data = os.urandom(5000 + n)
    return data, hashlib.sha256(data).hexdigest()


def _patch(server, sha: str, at: int, data: bytes, total: int):
    headers = {"Upload-Offset": str(at), "Upload-Length": str(total)}
    return server.client.patch(f"/sync/v1/media/{sha}", content=data, headers=headers)


def test_gc_uploads_frees_abandoned_parts_and_the_station_starts_over(server_app, capsys):
    sign_in(server_app)
    (old, old_sha), (fresh, fresh_sha) = _blob(0), _blob(1)
    assert _patch(server_app, old_sha, 0, old[:3000], len(old)).json()["received"] == 3000
    assert _patch(server_app, fresh_sha, 0, fresh[:100], len(fresh)).status_code == 200
    staged = server_app.media / ".uploads"
    os.utime(staged / f"{old_sha}.part", (OLD, OLD))
    argv = ["server", "gc-uploads", "--media", str(server_app.media), "--dsn", server_app.dsn]
    capsys.readouterr()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"freed {old_sha}.part (3000 bytes)" in out and "freed 1 staged upload(s)" in out
    assert sorted(p.name for p in staged.iterdir()) == [f"{fresh_sha}.part"]
    rows = server_rows(server_app.dsn, "SELECT sha256 FROM media_uploads")
    assert rows == [(fresh_sha,)]
    head = server_app.client.head(f"/sync/v1/media/{old_sha}")
    assert head.headers["Upload-Offset"] == "0"  # the station starts over: nothing is lost
    assert _patch(server_app, old_sha, 0, old, len(old)).json()["complete"] is True
    assert (server_app.media / old_sha[:2] / old_sha).read_bytes() == old


def test_the_server_frees_abandoned_parts_when_it_starts(pg_dsn, tmp_path):
    staged = tmp_path / "media" / ".uploads"
    staged.mkdir(parents=True)
    abandoned, kept = staged / f"{'a' * 64}.part", staged / f"{'b' * 64}.part"
    for part in (abandoned, kept):
        part.write_bytes(b"x" * 1000)
    os.utime(abandoned, (OLD, OLD))
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "media"), pool_max=2))
    with TestClient(app):
        wait_for(lambda: not abandoned.exists())
    assert kept.exists()


def test_gc_uploads_aborts_abandoned_s3_multipart_uploads_under_its_prefix(s3, pg_dsn, capsys):  # noqa: F811
    mine = s3.create_multipart_upload(Bucket=BUCKET, Key=f"site-a/ab/{'a' * 64}")
    other = s3.create_multipart_upload(Bucket=BUCKET, Key="site-b/cd/other")
    argv = ["server", "gc-uploads", "--media", f"s3://{BUCKET}/site-a", "--older-than", "0"]
    capsys.readouterr()
    assert main([*argv, "--dsn", pg_dsn]) == 0
    assert "aborted 1 S3 multipart upload(s)" in capsys.readouterr().out
    left = [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])]
    assert left == [other["UploadId"]] and mine["UploadId"] not in left
