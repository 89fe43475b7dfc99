"""Fresh-eyes findings on the consumer side of the fleet server (issue 15, findings17.md):
published media (N2), the linkset header and the query-less page (N5), a withdrawn lot's
batch block (N4), the 429 a phone sees (N7), backwards ranges (N10). Real PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import socket

import psycopg
import pytest
from resolver_support import FakeStation, eventually
from starlette.testclient import TestClient

from appraiser.server.app import ServerSettings, create_app

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
    station.push("media", {"sha256": "e" * 64, "size": 9, "mime": "application/pdf"})
    alarms = _alarms(server_app.dsn, "media.type_refused")  # evidence, unpublished: no alarm
    assert [a[0]["sha256"] for a in alarms] == [svg_sha]
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


def test_a_withdrawn_lot_unit_label_no_longer_says_its_batch_was_accepted(server_app, station):
    """issue 15 finding N4: under "NOT VALID — withdrawn" the page still read "Batch accepted
    by sampling: 13 of 200 units appraised"; now it reads when the batch was withdrawn."""
    label = station.issue()
    station.push("lots", {"uid": "LOT-1", "quantity": 200, "policy": "sample", "sample_size": 13})
    station.push("lot_unit_labels", {"lot_uid": "LOT-1", "serial": label.serial, "unit_no": 1})
    accepted = "Batch accepted by sampling: 13 of 200 units appraised"
    live = eventually(lambda: _page(server_app, label.path_and_query).text, lambda t: accepted in t)
    assert accepted in live
    why = json.dumps({"lot": "LOT-1", "decision": "D"})
    revoked = {"serial": label.serial, "event": "revoked", "created": "2026-11-25T08:00:00Z",
               "reason": "lot rejected", "detail": why}  # fmt: skip
    station.push("label_events", revoked)
    # the workers' label memory hears of the change through NOTIFY (within about a second)
    en = eventually(
        lambda: _page(server_app, label.path_and_query).text, lambda t: "NOT VALID" in t
    )
    zh = _page(server_app, label.path_and_query, "zh-CN").text
    assert "NOT VALID — this label was withdrawn" in en
    assert "accepted by sampling" not in en and "Batch withdrawn on 2026-11-25" in en
    assert "抽样检验合格" not in zh and "该批次已于 2026-11-25 撤回" in zh


def test_the_linkset_header_keeps_the_scanned_signature_and_a_bare_page_is_neutral(
    server_app, station
):
    """issue 15 finding N5: the resolver's ``Link: rel="linkset"`` dropped d h k s, so a GS1
    client that followed it reached the page with no query and read "signature invalid …
    forged" for a genuine label."""
    label = station.issue()
    hop = server_app.client.get(label.path_and_query, follow_redirects=False)
    linkset_url = hop.headers["link"].split(">")[0].lstrip("<")
    assert linkset_url.endswith("?linkType=linkset&" + label.query)
    linkset = server_app.client.get(linkset_url).json()["linkset"][0]
    default = linkset["https://gs1.org/voc/defaultLink"][0]["href"]
    assert "GENUINE — this label is valid" in _page(server_app, default).text
    bare = _page(server_app, default.split("?")[0])
    assert bare.status_code == 200 and 'data-status="unscanned"' in bare.text
    assert "Open this page by scanning the label&#x27;s QR code" in bare.text
    assert "NOT VALID" not in bare.text and "forged" not in bare.text
    zh = _page(server_app, default.split("?")[0], "zh-CN").text
    assert "请扫描标签上的二维码打开此页面" in zh and "无效" not in zh
    # a partial or wrong signature is still "signature invalid"
    partial = default.split("&s=")[0]
    assert 'data-status="bad_signature"' in _page(server_app, partial).text
    wrong = default.replace("d=20261120", "d=20261121")
    assert 'data-status="bad_signature"' in _page(server_app, wrong).text


def test_too_many_checks_answer_a_browser_with_a_page_in_its_language(
    pg_dsn, tmp_path, monkeypatch
):
    """issue 15 finding N7: the resolver's 429 answered a phone's browser with raw JSON."""
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0.01")
    monkeypatch.setenv("APPRAISER_RESOLVER_BURST", "2")
    label = FakeStation(pg_dsn).enrol().issue()
    browser = {"Accept": "text/html,application/xhtml+xml", "Accept-Language": "zh-CN"}
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
    with TestClient(app) as client:
        for _ in range(2):
            client.get(label.path, follow_redirects=False)
        page = client.get(label.path_and_query, headers=browser, follow_redirects=False)
        gs1 = client.get(label.path, headers={"Accept": "application/json"})
        html_page = client.get("/p/" + "A" * 22, headers={"Accept-Language": "en"})
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    assert "您所在网络的验证请求过多" in page.text and "并不说明您的商品" in page.text
    assert int(page.headers["retry-after"]) >= 1
    assert gs1.status_code == 429 and gs1.json() == {"error": "Too many requests"}
    assert int(gs1.headers["retry-after"]) >= 1
    assert html_page.status_code == 429 and "Too many checks from your network" in html_page.text


def _raw(port: int, request: bytes) -> bytes:
    """Send ``request`` on a fresh connection; what the server answered (until it closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        with contextlib.suppress(OSError):  # the server may close before the head is sent
            conn.sendall(request)
        answer = b""
        with contextlib.suppress(OSError):
            while chunk := conn.recv(65536):
                answer += chunk
        return answer


def test_server_run_refuses_a_huge_header_with_httptools_too(live_server):
    """issue 15 finding N11: uvicorn caps headers (16 KiB) for h11 only, and ``server run``
    uses httptools — a 300,000-byte header got 200 on /healthz. Now 431, whole or trickled."""
    port = live_server.port
    fine = _raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert fine.startswith(b"HTTP/1.1 200"), fine[:200]
    huge = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n"
    assert _raw(port, huge).startswith(b"HTTP/1.1 431"), _raw(port, huge)[:200]
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 100) for i in range(400))
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n"
    assert _raw(port, request).startswith(b"HTTP/1.1 431")
    # a large body is no large head: still answered by the app (413 from its body cap)
    body = b"{" + b" " * 200_000 + b"}"
    post = b"POST /sync/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    post += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    assert not _raw(port, post + body).startswith(b"HTTP/1.1 431")
