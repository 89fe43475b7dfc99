"""The server's ``s3://`` media store against a real S3-compatible HTTP endpoint (moto_server):
put, get, range reads, a chunked upload from a station, and the consumer page's video."""

from __future__ import annotations

import hashlib
import os

import boto3
import pytest
from resolver_support import FakeStation
from starlette.testclient import TestClient

from appraiser.server.app import ServerSettings, create_app
from appraiser.server.media import S3Media, open_media
from tests.server.s3_support import moto_server
from tests.server.sync_support import sign_in

BUCKET = "appraiser-media"


@pytest.fixture
def s3(tmp_path, monkeypatch):
    """An empty bucket on a private moto_server; boto3 finds it through its usual environment."""
    for url in moto_server(tmp_path / "moto.log"):
        monkeypatch.setenv("AWS_ENDPOINT_URL", url)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        monkeypatch.setenv("APPRAISER_MEDIA_STAGING", str(tmp_path / "staging"))
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield boto3.client("s3")


class _Server:
    def __init__(self, client: TestClient, dsn: str, media: S3Media) -> None:
        self.client, self.dsn, self.store = client, dsn, media


@pytest.fixture
def s3_server(s3, pg_dsn):
    app = create_app(ServerSettings(dsn=pg_dsn, media=f"s3://{BUCKET}/site-a", pool_max=4))
    with TestClient(app) as client:
        yield _Server(client, pg_dsn, app.state.media)


def _object(s3, sha: str) -> bytes:
    return s3.get_object(Bucket=BUCKET, Key=f"site-a/{sha[:2]}/{sha}")["Body"].read()


def test_put_size_and_range_reads_go_to_the_bucket(s3):
    store = open_media(f"s3://{BUCKET}/site-a")
    blob = os.urandom(200_000)
    sha = hashlib.sha256(blob).hexdigest()
    assert store.size(sha) is None and not store.exists(sha)
    store.put(sha, blob)
    assert _object(s3, sha) == blob
    assert store.size(sha) == len(blob) and store.exists(sha)
    assert store.read_range(sha, 0, len(blob)) == blob
    assert store.read_range(sha, 123_456, 1000) == blob[123_456:124_456]
    assert b"".join(store.iter_range(sha, 70_000, 100_000, chunk=4096)) == blob[70_000:170_000]
    assert store.read_range(sha, 5, 0) == b""


def test_a_chunked_upload_from_a_station_lands_in_the_bucket(s3, s3_server, tmp_path):
    sign_in(s3_server)
    blob = os.urandom(5000)
    sha = hashlib.sha256(blob).hexdigest()

    def patch(at: int, data: bytes):
        headers = {"Upload-Offset": str(at), "Upload-Length": str(len(blob))}
        return s3_server.client.patch(f"/sync/v1/media/{sha}", content=data, headers=headers)

    assert patch(0, blob[:3000]).json() == {"received": 3000, "complete": False}
    assert (tmp_path / "staging" / f"{sha}.part").stat().st_size == 3000
    head = s3_server.client.head(f"/sync/v1/media/{sha}")
    assert (head.status_code, head.headers["Upload-Offset"]) == (404, "3000")
    assert patch(3000, blob[3000:]).json() == {"received": len(blob), "complete": True}
    assert _object(s3, sha) == blob
    assert not (tmp_path / "staging" / f"{sha}.part").exists()
    assert s3_server.client.head(f"/sync/v1/media/{sha}").status_code == 200
    missing = s3_server.client.post("/sync/v1/media/missing", json={"hashes": [sha]})
    assert missing.json() == {"missing": []}


def test_the_consumer_page_video_streams_from_the_bucket_with_ranges(s3, s3_server):
    station = FakeStation(s3_server.dsn).enrol()
    label = station.issue(media=1, video=1)
    video_sha = label.media[1]
    content = b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 1000  # an MP4's first box
    s3_server.store.put(video_sha, content)
    page = s3_server.client.get(label.path_and_query, headers={"Accept-Language": "en"})
    url = next(part.split('"')[0] for part in page.text.split('src="')[1:] if video_sha in part)
    whole = s3_server.client.get(url)
    assert whole.status_code == 200 and whole.content == content
    part = s3_server.client.get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(content)}"
    assert part.content == content[1000:2000]
    tail = s3_server.client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == content[-10:]
    beyond = s3_server.client.get(url, headers={"Range": f"bytes={len(content)}-"})
    assert beyond.status_code == 416
