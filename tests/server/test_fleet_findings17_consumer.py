"""Fresh-eyes findings on the consumer side of the fleet server (issue 15, findings17.md):
published media (N2), the linkset header and the query-less page (N5), a withdrawn lot's
batch block (N4), the 429 a phone sees (N7), backwards ranges (N10). Real PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest
from resolver_support import FakeStation

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>GENUINE (svg)</text>'
    b'<script>document.title="XSS:"+document.domain</script></svg>'
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"pixels" * 50


@pytest.fixture
def station(server_app) -> FakeStation:
    return FakeStation(server_app.dsn).enrol()


def _token(dsn: str, serial: str) -> str:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT page_token FROM resolver_labels WHERE serial = %s", (serial,))
        return row.fetchone()[0]


def _alarms(dsn: str, kind: str) -> list:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT detail FROM alarms WHERE kind = %s", (kind,)).fetchall()


def _page(server_app, path: str, lang: str = "en"):
    return server_app.client.get(path, headers={"Accept-Language": lang, "Accept": "text/html"})


def test_an_svg_with_script_is_never_served_from_the_resolver_origin(server_app, station):
    """issue 15 finding N2: a station declared a published photo ``image/svg+xml`` and
    uploaded an SVG with a script; the page listed it and ``/m/…`` served it as SVG."""
    label = station.issue(media=2)
    svg_sha, jpeg_sha = label.media
    station.push("media", {"sha256": svg_sha, "size": len(SVG), "mime": "image/svg+xml"})
    station.push("media", {"sha256": jpeg_sha, "size": len(JPEG), "mime": "image/jpeg"})
    store = server_app.client.app.state.media
    store.put(svg_sha, SVG)
    store.put(jpeg_sha, JPEG)
    html = _page(server_app, label.path_and_query).text
    assert svg_sha not in html and jpeg_sha in html
    token = _token(server_app.dsn, label.serial)
    assert server_app.client.get(f"/m/{token}/{svg_sha}").status_code == 404
    assert _alarms(server_app.dsn, "media.type_refused")[0][0]["sha256"] == svg_sha
    photo = server_app.client.get(f"/m/{token}/{jpeg_sha}")
    assert photo.status_code == 200 and photo.content == JPEG
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"].endswith('.jpeg"')


def test_a_declared_photo_whose_bytes_are_not_that_type_is_not_served(server_app, station):
    """issue 15 finding N2: the declared type is checked against the blob's magic bytes, and
    a type with parameters (``video/mp4; x=<script>``) is off the list."""
    label = station.issue(media=1, video=1)
    photo_sha, video_sha = label.media
    station.push("media", {"sha256": photo_sha, "size": len(SVG), "mime": "image/jpeg"})
    station.push("media", {"sha256": video_sha, "size": 40, "mime": "video/mp4; x=<script>"})
    store = server_app.client.app.state.media
    store.put(photo_sha, SVG)  # SVG bytes under a JPEG name
    store.put(video_sha, b"\x00\x00\x00\x18ftypisom" + b"\x00" * 28)
    token = _token(server_app.dsn, label.serial)
    assert server_app.client.get(f"/m/{token}/{photo_sha}").status_code == 404
    assert server_app.client.get(f"/m/{token}/{video_sha}").status_code == 404
    assert video_sha not in _page(server_app, label.path_and_query).text
    # an undeclared blob falls back to its role's type and is still checked
    other = station.issue(media=1)
    store.put(other.media[0], SVG)
    other_token = _token(server_app.dsn, other.serial)
    assert server_app.client.get(f"/m/{other_token}/{other.media[0]}").status_code == 404


def test_a_backwards_range_is_ignored_and_the_whole_file_sent(server_app, station):
    """issue 15 finding N10: ``Range: bytes=5-2`` is invalid, so ignored (RFC 9110 §14.2):
    200 with the whole body, not 416."""
    label = station.issue(media=1)
    server_app.client.app.state.media.put(label.media[0], JPEG)
    url = f"/m/{_token(server_app.dsn, label.serial)}/{label.media[0]}"
    answer = server_app.client.get(url, headers={"Range": "bytes=5-2"})
    assert answer.status_code == 200 and answer.content == JPEG
    assert "content-range" not in answer.headers
    assert server_app.client.get(url, headers={"Range": "bytes=2-5"}).status_code == 206
