"""The consumer page on the real PostgreSQL: state words in both languages, the signature
check, nothing internal in the HTML, media with range requests."""

from __future__ import annotations

import psycopg
import pytest
from resolver_support import DECLARATION, MERCHANT, FakeStation, eventually

from appraiser.server.consumer_page_texts import language


@pytest.fixture
def station(server_app) -> FakeStation:
    return FakeStation(server_app.dsn).enrol()


def _page(server_app, uri_path_query: str, lang: str = "en"):
    return server_app.client.get(uri_path_query, headers={"Accept-Language": lang})


def test_a_genuine_label_says_so_in_english_and_chinese(server_app, station):
    label = station.issue(media=2, video=1)
    en = _page(server_app, label.path_and_query, "en-GB,en;q=0.9")
    assert en.status_code == 200
    assert "GENUINE — this label is valid" in en.text
    assert "Acme Tote 30" in en.text and "WH1-BENCH-03" in en.text and "2026-11-20" in en.text
    zh = _page(server_app, label.path_and_query, "zh-CN,zh;q=0.9,en;q=0.5")
    assert "正品 — 此标签有效" in zh.text
    assert '<html lang="zh-CN">' in zh.text


def test_revoked_and_voided_labels_say_not_valid(server_app, station):
    revoked, voided = station.issue(), station.issue()
    station.end(revoked.serial, "revoked")
    station.end(voided.serial, "voided")
    assert "NOT VALID — this label was revoked" in _page(server_app, revoked.path_and_query).text
    assert "无效 — 此标签已被撤销" in _page(server_app, revoked.path_and_query, "zh").text
    assert "NOT VALID — this label was voided" in _page(server_app, voided.path_and_query).text
    assert "无效 — 此标签已作废" in _page(server_app, voided.path_and_query, "zh").text


def test_a_voided_label_revoked_later_is_revoked_and_never_comes_back(server_app, station):
    label = station.issue()
    station.end(label.serial, "voided")
    station.end(label.serial, "revoked")
    station.push("label_events", {"serial": label.serial, "event": "printed", "created": "x"})
    assert "was revoked" in _page(server_app, label.path_and_query).text


def test_an_altered_or_missing_signature_is_signature_invalid(server_app, station):
    label = station.issue()
    tampered = label.path_and_query.replace("d=20261120", "d=20261121")
    assert "NOT VALID — signature invalid" in _page(server_app, tampered).text
    assert "签名不符" in _page(server_app, tampered, "zh-CN").text
    partial = label.path_and_query.split("&s=")[0]  # scanned, but the signature cut off
    assert "NOT VALID — signature invalid" in _page(server_app, partial).text
    # no d h k s at all: opened by address, not scanned — neutral (issue 15 finding N5)
    assert "Open this page by scanning" in _page(server_app, label.path).text
    assert "GENUINE" in _page(server_app, label.path_and_query).text


def test_a_label_signed_by_another_key_is_signature_invalid(server_app, station):
    label = station.issue()
    other = FakeStation(server_app.dsn, code="WH2").enrol()
    forged = other.issue()
    # the forger's signature on our serial: their query on our label's path
    assert "signature invalid" in _page(server_app, f"{label.path}?{forged.query}").text


def test_nothing_internal_is_in_the_page(server_app, station):
    label = station.issue(media=1, video=1)
    for lang in ("en", "zh-CN"):
        html = _page(server_app, label.path_and_query, lang).text
        signature = label.query.split("&s=")[1]
        digest = label.query.split("h=")[1].split("&")[0]
        for secret in (DECLARATION, MERCHANT, signature, digest, label.appraisal_uid, "seam ok"):
            assert secret not in html, secret
        assert "<script" not in html and "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html


def test_page_headers_forbid_external_assets_and_referrers(server_app, station):
    label = station.issue()
    answer = _page(server_app, label.path_and_query)
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"


def test_an_unknown_page_token_is_404_unknown(server_app):
    answer = server_app.client.get("/p/AAAAAAAAAAAAAAAAAAAAAA")
    assert answer.status_code == 404
    assert "NOT VALID — unknown label" in answer.text


def test_media_stream_with_range_requests(server_app, station):
    label = station.issue(media=1, video=1)
    video_sha = label.media[1]
    content = b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40  # an MP4's first box
    store = server_app.client.app.state.media
    store.put(video_sha, content)
    page = _page(server_app, label.path_and_query)
    url = next(part.split('"')[0] for part in page.text.split('src="')[1:] if video_sha in part)
    whole = server_app.client.get(url)
    assert whole.status_code == 200 and whole.content == content
    assert whole.headers["accept-ranges"] == "bytes"
    part = server_app.client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(content)}"
    assert part.content == content[100:200]
    tail = server_app.client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == content[-10:]
    beyond = server_app.client.get(url, headers={"Range": f"bytes={len(content)}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{len(content)}"


def test_media_of_a_revoked_label_or_of_another_label_is_not_served(server_app, station):
    label, other = station.issue(media=1), station.issue(media=1)
    store = server_app.client.app.state.media
    store.put(label.media[0], b"\xff\xd8\xff jpeg")
    store.put(other.media[0], b"\xff\xd8\xff jpeg2")
    page = _page(server_app, label.path_and_query)
    url = next(p.split('"')[0] for p in page.text.split('src="')[1:] if label.media[0] in p)
    assert server_app.client.get(url).status_code == 200
    wrong = url.replace(label.media[0], other.media[0])
    assert server_app.client.get(wrong).status_code == 404
    station.end(label.serial, "revoked")
    assert server_app.client.get(url).status_code == 404


def test_accept_language_picks_the_best_language_we_speak():
    assert language(None) == "en"
    assert language("zh-TW;q=0.8, en;q=0.9") == "en"
    assert language("fr, zh;q=0.5") == "zh-CN"
    assert language("en;q=0, zh-CN") == "zh-CN"


def _key_event(station: FakeStation, kind: str, after: str) -> None:
    station.push(
        "key_events",
        {"id": 1 if kind == "rotated" else 2, "key_id": station.kid, "kind": kind,
         "after": after, "at": "2026-11-22T08:00:00Z", "reason": "laptop stolen"},
    )  # fmt: skip


def test_a_label_signed_by_a_key_the_station_revoked_reads_signature_invalid(server_app, station):
    label = station.issue()
    assert "GENUINE" in _page(server_app, label.path_and_query).text  # memoised as valid
    _key_event(station, "revoked", "")  # reaches the resolver's memory by NOTIFY
    page = eventually(lambda: _page(server_app, label.path_and_query), lambda r: "NOT" in r.text)
    assert "NOT VALID — signature invalid" in page.text
    assert "laptop stolen" not in page.text  # the reason is the station's, not the consumer's


def test_a_retired_key_keeps_the_labels_it_signed_before_it_was_rotated_out(server_app, station):
    label = station.issue()  # dated 20261120
    _key_event(station, "rotated", "20261120")  # signs nothing dated after the 20th
    assert "GENUINE" in _page(server_app, label.path_and_query).text
    late = FakeStation(server_app.dsn, code="WH1-BENCH-04").enrol()
    forged = late.issue()
    _key_event(late, "rotated", "20261119")  # a label dated the 20th came after retirement
    assert "NOT VALID — signature invalid" in _page(server_app, forged.path_and_query).text


@pytest.mark.parametrize(
    "mangle",
    [
        lambda q: q + "&utm_source=wechat",
        lambda q: q + "&from=singlemessage&isappinstalled=0",
        lambda q: "utm_source=wechat&" + q,
        lambda q: q + "&",
        lambda q: "&".join(reversed(q.split("&"))),
    ],
    ids=["appended", "wechat-share", "prepended", "trailing-amp", "reordered"],
)
def test_extra_or_reordered_query_parameters_keep_a_genuine_label_genuine(
    server_app, station, mangle
):
    """issue 15 finding F1: the signature check reads only d, h, k, s from the query, in any
    order, and ignores other parameters (GS1 DL allows non-GS1 query parameters)."""
    label = station.issue()
    answer = _page(server_app, f"{label.path}?{mangle(label.query)}")
    assert answer.status_code == 200
    assert 'data-status="genuine"' in answer.text


def test_a_duplicated_or_escaped_signed_parameter_stays_signature_invalid(server_app, station):
    """issue 15 finding F1 (what stays refused): a d h k s given twice, or an escaped name."""
    label = station.issue()
    signature = label.query.split("&s=")[1]
    twice = f"{label.path}?{label.query}&s={signature}"
    escaped = f"{label.path}?{label.query.replace('&s=', '&%73=')}"
    for uri in (twice, escaped):
        assert 'data-status="bad_signature"' in _page(server_app, uri).text


def _flag(dsn: str, serial: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "INSERT INTO clone_flags (serial, rule, detail) VALUES (%s, 'many_clients', "
            "'{\"clients\": 13}')",
            (serial,),
        )


def test_a_flagged_serial_warns_the_consumer_without_internals(server_app, station):
    """issue 15 finding F5: a serial with an open clone flag shows a clear warning (en and
    zh_CN) on its consumer page, without naming the rule or its counts."""
    label, clean = station.issue(media=1), station.issue()
    before = _page(server_app, label.path_and_query).text
    assert "data-caution" not in before
    _flag(server_app.dsn, label.serial)  # reaches the resolver's memory by NOTIFY
    en = eventually(lambda: _page(server_app, label.path_and_query).text, lambda t: "⚠" in t)
    assert 'data-caution="clone"' in en and "scanned in suspicious ways" in en
    assert "Check the tag" in en
    assert (
        "many_clients" not in en and "13" not in en.split("data-caution")[1].split("</section>")[0]
    )
    zh = _page(server_app, label.path_and_query, "zh-CN").text
    assert "此二维码的扫描情况可疑" in zh and "请核对标签" in zh
    assert "data-caution" not in _page(server_app, clean.path_and_query).text


def test_database_down_is_503_try_again_later_never_500(server_app, station, pg_cluster):
    """issue 15 finding F15: with PostgreSQL down the resolver and the page answer 503 with
    Retry-After and a "try again later" page (en, zh_CN) — never a bare 500 or NOT VALID;
    JSON for an API client."""
    label = station.issue()
    first = server_app.client.get(label.path_and_query, follow_redirects=False)
    page_address = first.headers["location"]
    pg_cluster.crash()
    try:
        html = {"Accept": "text/html", "Accept-Language": "en"}
        client = server_app.client
        down = lambda r: r.status_code == 503  # noqa: E731  (the worker's memory of the
        # label is emptied when its change channel drops, a moment after the crash)
        resolved = eventually(
            lambda: client.get(label.path_and_query, headers=html, follow_redirects=False), down
        )
        shown = eventually(
            lambda: client.get(page_address, headers={"Accept-Language": "zh-CN"}), down
        )
        api = eventually(
            lambda: client.get(label.path, headers={"Accept": "application/json"}), down
        )
    finally:
        pg_cluster.restart()
    assert resolved.status_code == 503 and resolved.headers["retry-after"].isdigit()
    assert "temporarily unavailable" in resolved.text and "NOT VALID" not in resolved.text
    assert shown.status_code == 503 and "验证服务暂时不可用" in shown.text
    assert "无效" not in shown.text
    assert api.status_code == 503 and "error" in api.json()
    assert api.headers["cache-control"] == "no-store"
