"""Compressed GS1 Digital Link URIs: decompressed as GS1's own toolkit compressed them
(``data/gs1_compressed.json``: an independent implementation), and answered by the resolver
exactly like the uncompressed URI on the real PostgreSQL (307, linkset, 404, 400)."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from compressed_support import ISSUED, KEY, KID, UNKNOWN, issue_fixed, label_uri, vectors
from resolver_support import FakeStation

from appraiser.server import dl_compression
from appraiser.server.dl_compression import Malformed, decompress
from appraiser.server.resolver_compressed import expand

VECTORS = vectors()


def _segment(compressed_uri: str) -> str:
    return urlsplit(compressed_uri).path.lstrip("/")


def _segments(path: str) -> list[str]:
    return [unquote(p) for p in path.split("/")[1:]]


@pytest.mark.parametrize(
    "vector", VECTORS, ids=[f"{v['uri'][20:60]}-{v['optimised']}" for v in VECTORS]
)
def test_every_uri_gs1s_toolkit_compressed_decompresses_to_the_same_uri(vector):
    path, query = expand(_segment(vector["compressed"]))
    original = urlsplit(vector["uri"])
    assert _segments(path) == _segments(original.path)  # AIs 01, 22, 10, 21 in GS1 order
    assert sorted(parse_qsl(query)) == sorted(parse_qsl(original.query))  # d h k s, AI 17


def test_the_vectors_cover_the_edge_cases():
    uris = " ".join(v["uri"] for v in VECTORS)
    for needle in ("/21/0071", "/10/LOT-7/21/", "/22/CPV-2/10/B1/21/", "?17=", "&s=", "%2F"):
        assert needle in uris
    assert {v["optimised"] for v in VECTORS} == {True, False}  # optimisation codes too


def test_digits_with_leading_zeros_keep_them():
    vector = next(v for v in VECTORS if "/21/0071" in v["uri"])
    ais, _ = decompress(_segment(vector["compressed"]))
    assert ais["21"] == "0071"


@pytest.mark.parametrize(
    "segment",
    [
        "ZZZZZZZZZZZZ",  # 0x66: no AI starts with 66
        "7777777777777",  # 0xEF: no optimisation code EF
        "AQdJnd9bVkL",  # the GTIN's bits end early
        "AQdJnd9bVkLi" + "A" * 3 + "B",  # non-zero padding
        "A" * 500,  # longer than any label
        "AQdJ+d9bVkLi",  # outside the URI-safe alphabet
    ],
)
def test_garbage_is_malformed(segment):
    with pytest.raises(Malformed):
        decompress(segment)


@pytest.mark.parametrize(
    "segment",
    ["ET_G8", "ARFKk4XBoAAvIuGjEwrbI"],  # AI 11 alone; AI 01 and AI 00 together
    ids=["no primary key", "two primary keys"],
)
def test_a_uri_names_exactly_one_primary_key(segment):
    assert decompress(segment)[0]  # well-formed bits…
    with pytest.raises(Malformed):
        expand(segment)  # …that are no Digital Link


def test_bit_widths_follow_the_standard():
    assert dl_compression.value_bits(14) == 47  # a GTIN
    assert dl_compression.value_bits(6) == 20
    assert dl_compression.length_bits(20) == 5  # AI 21's length field
    assert dl_compression.length_bits(16) == 5  # a power of two gets one more bit
    assert dl_compression.length_bits(90) == 7


# -- the resolver -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _public_url(monkeypatch) -> None:
    monkeypatch.setenv("APPRAISER_RESOLVER_PUBLIC_URL", "http://testserver")


@pytest.fixture
def station(server_app) -> FakeStation:
    fixed = FakeStation(server_app.dsn, key=KEY, kid=KID).enrol()
    assert issue_fixed(fixed) == label_uri(ISSUED)
    return fixed


def _compressed(serial: str, optimised: bool) -> str:
    uri = label_uri(serial)
    found = next(v for v in VECTORS if v["uri"] == uri and v["optimised"] is optimised)
    return urlsplit(found["compressed"]).path


@pytest.mark.parametrize("optimised", [False, True])
def test_a_compressed_label_redirects_like_the_uncompressed_one(server_app, station, optimised):
    client = server_app.client
    plain = urlsplit(label_uri(ISSUED))
    expected = client.get(f"{plain.path}?{plain.query}", follow_redirects=False)
    answer = client.get(_compressed(ISSUED, optimised), follow_redirects=False)
    assert expected.status_code == answer.status_code == 307
    assert answer.headers["location"] == expected.headers["location"]
    assert answer.headers["location"].endswith("?" + plain.query)  # d h k s passed on
    assert answer.headers["link"] == expected.headers["link"]
    assert answer.headers["access-control-allow-origin"] == "*"


def test_head_options_linkset_and_a_trailing_slash_answer_alike(server_app, station):
    client = server_app.client
    compressed, plain = _compressed(ISSUED, True), urlsplit(label_uri(ISSUED))
    head = client.head(compressed, follow_redirects=False)
    assert head.status_code == 307 and head.content == b""
    assert client.get(compressed + "/", follow_redirects=False).status_code == 307
    options = client.options(compressed)
    assert options.status_code == 204
    # the linkset's Link carries the d h k s the compressed URI holds (issue 15 finding N5)
    plain_options = client.options(f"{plain.path}?{plain.query}")
    assert options.headers["link"] == plain_options.headers["link"]
    linkset = client.get(compressed + "?linkType=linkset")
    assert linkset.status_code == 200
    assert linkset.headers["content-type"].startswith("application/linkset+json")
    # the same linkset, its links carrying the d h k s the compressed URI holds (finding F3)
    same = client.get(f"{plain.path}?{plain.query}&linkType=linkset")
    assert linkset.json() == same.json()


def test_an_unknown_serial_compressed_is_404(server_app, station):
    answer = server_app.client.get(_compressed(UNKNOWN, False), follow_redirects=False)
    assert answer.status_code == 404
    browser = server_app.client.get(_compressed(UNKNOWN, True), headers={"Accept": "text/html"})
    assert browser.status_code == 404
    assert "text/html" in browser.headers["content-type"]


def test_a_garbage_segment_is_400_and_a_browser_sees_not_valid(server_app, station):
    answer = server_app.client.get("/ZZZZZZZZZZZZZZZZ")
    assert answer.status_code == 400
    assert "compressed GS1 Digital Link" in answer.json()["error"]
    browser = server_app.client.get("/ZZZZZZZZZZZZZZZZ", headers={"Accept": "text/html"})
    assert browser.status_code == 400
    assert "text/html" in browser.headers["content-type"]


def test_short_names_keep_their_own_routes(server_app):
    assert server_app.client.get("/healthz").status_code == 200
    assert server_app.client.get("/AQdJnd9").status_code == 404  # too short to be one


def _random_segments(count: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    alphabet = dl_compression.SAFE64
    return ["".join(rng.choices(alphabet, k=rng.randint(10, 120))) for _ in range(count)]


def test_hostile_segments_are_malformed_or_a_uri_never_an_error():
    expanded = 0
    for segment in _random_segments(5000, seed=15):
        try:
            path, query = expand(segment)
        except Malformed:
            continue
        expanded += 1
        assert path.isascii() and query.isascii()
    assert expanded < 50  # random bits rarely make a Digital Link


def test_the_resolver_never_answers_a_random_segment_with_a_server_error(server_app):
    answers = {server_app.client.get(f"/{s}").status_code for s in _random_segments(50, seed=16)}
    assert 400 in answers and answers <= {400, 404}  # 50: within one client's burst
