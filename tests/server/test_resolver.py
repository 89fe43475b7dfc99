"""The GS1-conformant resolver against the real PostgreSQL: methods, CORS, 400s, the 307 to
the consumer page with the query passed on, the linkset, the description document."""

from __future__ import annotations

import json
import re

import pytest
from resolver_support import GTIN, FakeStation

from appraiser.server import resolver_links as links

SCHEMA_LINK_KEYS = {"href", "title", "hreflang", "type", "context", "fwqs", "public"}


@pytest.fixture(autouse=True)
def _public_url(monkeypatch) -> None:
    """The server's configured public origin (``--public-url``) is the test client's, so
    these tests read absolute links as a deployment behind that name does (finding F14)."""
    monkeypatch.setenv("APPRAISER_RESOLVER_PUBLIC_URL", "http://testserver")


@pytest.fixture
def station(server_app) -> FakeStation:
    return FakeStation(server_app.dsn).enrol()


def test_a_label_redirects_307_to_its_consumer_page_with_the_query_passed_on(server_app, station):
    label = station.issue()
    answer = server_app.client.get(label.path_and_query + "&extra=1", follow_redirects=False)
    assert answer.status_code == 307
    location = answer.headers["location"]
    assert location.startswith("http://testserver/p/")
    assert location.endswith("?" + label.query + "&extra=1")
    assert answer.headers["access-control-allow-origin"] == "*"
    # the Link header names the linkset only (listing every link was deprecated in 1.0.0),
    # with the scanned d h k s so its links keep the signature (issue 15 finding N5)
    assert answer.headers["link"] == (
        f'<http://testserver{label.path}?linkType=linkset&{label.query}>; rel="linkset"; '
        'type="application/linkset+json"'
    )


def test_trailing_slash_and_the_gtin_less_form_resolve_too(server_app, station):
    label = station.issue()
    slash = server_app.client.get(label.path + "/", follow_redirects=False)
    assert slash.status_code == 307
    bare = station.issue(gtin=None)
    assert bare.path.startswith("/a/")
    assert server_app.client.get(bare.path, follow_redirects=False).status_code == 307


def test_head_answers_like_get_without_a_body_and_options_names_the_methods(server_app, station):
    label = station.issue()
    head = server_app.client.head(label.path, follow_redirects=False)
    assert head.status_code == 307
    assert head.content == b""
    assert head.headers["location"].startswith("http://testserver/p/")
    options = server_app.client.options(label.path)
    assert options.status_code == 204
    assert 'rel="linkset"' in options.headers["link"]  # GS1's suite looks for it on OPTIONS
    for method in ("GET", "HEAD", "OPTIONS"):
        assert method in options.headers["access-control-allow-methods"]
    assert options.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/01/09506000134353/21/ABC",  # GTIN check digit wrong
        "/01/0950600013435/21/ABC",  # 13 digits that are not a GTIN-13 (check fails)
        "/01/950600013435X/21/ABC",  # not digits
        "/01/09506000134352/21/" + "A" * 21,  # AI 21 is at most 20 characters
        "/01/09506000134352/21/AB%5ECD",  # '^' is outside GS1 character set 82
        "/01/09506000134352/21",  # an AI without its value
        "/414/9521234567893",  # a GLN with a wrong check digit
        "/a/not-a-serial",
    ],
)
def test_a_syntactically_invalid_uri_is_400_with_the_reason(server_app, path):
    answer = server_app.client.get(path, follow_redirects=False)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert answer.headers["access-control-allow-origin"] == "*"


def test_an_unknown_serial_is_404_and_a_browser_is_told_so_in_words(server_app, station):
    station.issue()
    path = f"/01/{GTIN}/21/NOSUCHSERIAL123"
    assert server_app.client.get(path, follow_redirects=False).status_code == 404
    html = server_app.client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 404
    assert "NOT VALID — unknown label" in html.text


def test_a_serial_under_another_gtin_is_not_found(server_app, station):
    label = station.issue()
    other = f"/01/04006381333931/21/{label.serial}"
    assert server_app.client.get(other, follow_redirects=False).status_code == 404


def test_linktype_all_returns_the_linkset_with_titles_and_the_default_link(server_app, station):
    label = station.issue()
    answer = server_app.client.get(label.path + "?linkType=all")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/linkset+json"
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in answer.headers["link"]
    body = answer.json()
    context, product = body["linkset"]  # the label's level, then its product's (walk-up)
    assert context["anchor"] == "http://testserver" + label.path
    assert product["anchor"] == f"http://testserver/01/{GTIN}"
    assert "Appraised item" in context["itemDescription"]
    [default] = context[links.DEFAULT_LINK]
    assert default["href"].startswith("http://testserver/p/")
    assert set(default) == {"href", "title"}  # the default link carries no optional attribute
    [verify] = context[links.VERIFICATION]
    assert verify["href"] == default["href"] and verify["type"] == "text/html"
    by_accept = server_app.client.get(label.path, headers={"Accept": links.LINKSET_TYPE})
    assert by_accept.status_code == 200
    assert by_accept.json() == body
    assert server_app.client.get(label.path + "?linkType=linkset").json() == body


def test_linksets_follow_gs1s_linkset_schema(server_app, station):
    """The rules of GS1's linkset schema (GS1-Conformant Resolver 1.x), checked one by one."""
    label = station.issue()
    station.issue(gtin=None)
    for path in (label.path, f"/01/{GTIN}"):
        body = server_app.client.get(path + "?linkType=linkset").json()
        assert set(body) == {"linkset"} and isinstance(body["linkset"], list)
        for context in body["linkset"]:
            assert re.match(r"^https?://[a-zA-z0-9./]+", context["anchor"])
            assert isinstance(context["itemDescription"], str) and context["itemDescription"]
            for rel, targets in context.items():
                if rel in ("anchor", "itemDescription"):
                    continue
                assert re.fullmatch(r"https?://[a-zA-z0-9./]+", rel), rel
                for target in targets:
                    assert set(target) <= SCHEMA_LINK_KEYS and {"href", "title"} <= set(target)
                    assert re.match(r"^https?://[a-zA-z0-9./]+", target["href"])
                    assert all(re.search(r"(^\w{2}$)|(^\w{2}-\w{2}$)", lang)
                               for lang in target.get("hreflang", []))  # fmt: skip
                    assert re.search(r"\w+/[-+.\w]+", target.get("type", "a/b"))


def test_an_unheld_link_type_is_404_naming_the_linkset(server_app, station):
    label = station.issue()
    answer = server_app.client.get(label.path + "?linkType=gs1:recipeInfo", follow_redirects=False)
    assert answer.status_code == 404
    assert "recipeInfo" in answer.json()["error"]
    assert 'rel="linkset"' in answer.headers["link"]
    held = server_app.client.get(
        label.path + "?linkType=gs1:verificationService", follow_redirects=False
    )
    assert held.status_code == 307 and "/p/" in held.headers["location"]


@pytest.mark.parametrize("suffix", ["", "/", "/10/KL8G", "/22/V1/10/KL8G"])
def test_a_gtin_of_ours_walks_up_to_the_product_level(server_app, station, suffix):
    station.issue()
    answer = server_app.client.get(f"/01/{GTIN}{suffix}?foo=bar", follow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["location"] == "http://testserver/i/product?foo=bar"
    page = server_app.client.get("/i/product", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "不是某一件已鉴定的商品" in page.text
    english = server_app.client.get("/i/product").text
    assert "not one appraised item" in english and "<script" not in english


def test_a_gtin_nobody_labelled_and_an_unknown_serial_do_not_walk_up(server_app, station):
    station.issue()
    assert server_app.client.get("/01/04006381333931/10/KL8G").status_code == 404
    # an unknown serial of ours is what a forged label looks like: never the product page
    unknown = server_app.client.get(f"/01/{GTIN}/21/NOSUCHSERIAL123", follow_redirects=False)
    assert unknown.status_code == 404


def test_the_resolver_description_document(server_app):
    answer = server_app.client.get("/.well-known/gs1resolver")
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["resolverRoot"] == "http://testserver"
    assert doc["supportedPrimaryKeys"] == ["01"]
    assert doc["supportedLinkType"][0]["prefix"] == "gs1:"
    assert doc["jsonLdContextLocation"] == links.JSONLD_CONTEXT
    assert answer.headers["access-control-allow-origin"] == "*"
    assert server_app.client.options("/.well-known/gs1resolver").status_code == 204


SERIAL_QUALIFIED = ["/10/ABC", "/22/X", "/22/X/10/ABC"]


@pytest.mark.parametrize("qualifiers", SERIAL_QUALIFIED)
def test_an_unknown_serial_never_walks_up_with_qualifiers_either(server_app, station, qualifiers):
    """issue 15 finding F2: a forged serial with a batch or CPV before it is still answered
    by its serial (404 NOT VALID), never the neutral product page."""
    station.issue()
    path = f"/01/{GTIN}{qualifiers}/21/AAAAAAAAAAAAAAAAAAAA"
    answer = server_app.client.get(path, follow_redirects=False)
    assert answer.status_code == 404
    html = server_app.client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)
    assert html.status_code == 404 and "NOT VALID — unknown label" in html.text


@pytest.mark.parametrize("qualifiers", SERIAL_QUALIFIED)
def test_a_genuine_serial_with_qualifiers_reaches_its_item(server_app, station, qualifiers):
    """issue 15 finding F2: a genuine serial with /10/… (GS1 DL's order 22, 10, 21) reaches
    its item's page and keeps its label level in the linkset."""
    label = station.issue()
    path = f"/01/{GTIN}{qualifiers}/21/{label.serial}?{label.query}"
    answer = server_app.client.get(path, follow_redirects=False)
    assert answer.status_code == 307 and "/p/" in answer.headers["location"]
    page = server_app.client.get(path)
    assert 'data-status="genuine"' in page.text


@pytest.mark.parametrize(
    "tail",
    ["/21/AAAA/10/ABC", "/10/ABC/22/X/21/AAAA", "/10/ABC/21/%ZZ", "/10/A%Z/21/AAAA"],
)
def test_qualifiers_out_of_gs1_order_or_bad_escapes_are_400(server_app, station, tail):
    """issue 15 finding F2: key qualifiers out of GS1 DL's order, and a '%' that is no
    escape, are syntax errors (400), not a product page or a 404."""
    station.issue()
    answer = server_app.client.get(f"/01/{GTIN}{tail}", follow_redirects=False)
    assert answer.status_code == 400 and answer.json()["error"]


def test_the_linksets_links_carry_the_scanned_signature(server_app, station):
    """issue 15 finding F3: a GS1 app that follows the linkset's links gets the real state
    (genuine), because they carry the scanned d h k s."""
    label = station.issue()
    body = server_app.client.get(f"{label.path_and_query}&linkType=all&utm_source=x").json()
    [default] = body["linkset"][0][links.DEFAULT_LINK]
    [verify] = body["linkset"][0][links.VERIFICATION]
    assert default["href"].endswith("?" + label.query)
    for link in (default, verify):
        followed = server_app.client.get(link["href"])
        assert 'data-status="genuine"' in followed.text


def test_a_malformed_uri_shows_a_browser_the_not_valid_page(server_app):
    """issue 15 finding F13: a bad URI (wrong GTIN check digit) from a browser gets the
    human "NOT VALID — this code is malformed" page in its language, status 400 kept; an API
    client keeps the JSON."""
    path = "/01/09506000134353/21/AAAAAAAAAAAAAAAAAAAA"
    en = server_app.client.get(path, headers={"Accept": "text/html,*/*"})
    assert en.status_code == 400 and en.headers["content-type"].startswith("text/html")
    assert "NOT VALID — this code is malformed" in en.text and "check digit" not in en.text
    zh = server_app.client.get(path, headers={"Accept": "text/html", "Accept-Language": "zh"})
    assert zh.status_code == 400 and "无效 — 此二维码格式错误" in zh.text
    api = server_app.client.get(path)
    assert api.status_code == 400 and "check digit" in api.json()["error"]


def test_absolute_links_never_come_from_the_host_header(server_app, station, monkeypatch):
    """issue 15 finding F14: Location, linkset anchors and resolverRoot use the configured
    public origin — without one, the first enrolled station's resolver domain — never the
    request's Host or X-Forwarded-Host; answers are no-store and vary by Accept and
    Accept-Language."""
    monkeypatch.delenv("APPRAISER_RESOLVER_PUBLIC_URL")
    label = station.issue()
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    answer = server_app.client.get(label.path_and_query, headers=evil, follow_redirects=False)
    assert answer.headers["location"].startswith("https://v.acme.test/p/")
    assert answer.headers["cache-control"] == "no-store"
    assert set(answer.headers["vary"].replace(" ", "").split(",")) == {"Accept", "Accept-Language"}
    linkset = server_app.client.get(label.path + "?linkType=all", headers=evil).json()
    assert "evil" not in json.dumps(linkset)
    root = server_app.client.get("/.well-known/gs1resolver", headers=evil).json()
    assert root["resolverRoot"] == "https://v.acme.test"
    missing = server_app.client.get(f"/01/{GTIN}/21/NOSUCH", headers=evil)
    assert missing.headers["cache-control"] == "no-store"


def test_a_configured_public_url_wins(server_app, station, monkeypatch):
    """issue 15 finding F14: --public-url (APPRAISER_RESOLVER_PUBLIC_URL) is the origin."""
    monkeypatch.setenv("APPRAISER_RESOLVER_PUBLIC_URL", "https://V.Acme.CN/")
    label = station.issue()
    answer = server_app.client.get(label.path, headers={"Host": "evil.example"},
                                   follow_redirects=False)  # fmt: skip
    assert answer.headers["location"].startswith("https://v.acme.cn/p/")
