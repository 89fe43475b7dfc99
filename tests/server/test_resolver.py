"""The GS1-conformant resolver against the real PostgreSQL: methods, CORS, 400s, the 307 to
the consumer page with the query passed on, the linkset, the description document."""

from __future__ import annotations

import pytest
from resolver_support import GTIN, FakeStation

from appraiser.server import resolver_links as links


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
    assert 'rel="linkset"' in answer.headers["link"]
    assert f'rel="{links.DEFAULT_LINK}"' in answer.headers["link"]


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
    body = answer.json()
    [context] = body["linkset"]
    assert context["anchor"] == "http://testserver" + label.path
    default = context[links.DEFAULT_LINK]
    assert len(default) == 1 and default[0]["href"].startswith("http://testserver/p/")
    for rel, targets in context.items():
        if rel != "anchor":
            assert all(t["title"] and t["type"] == "text/html" for t in targets), rel
    by_accept = server_app.client.get(label.path, headers={"Accept": links.LINKSET_TYPE})
    assert by_accept.status_code == 200
    assert by_accept.json() == body


def test_an_unheld_link_type_falls_back_to_the_default_link(server_app, station):
    label = station.issue()
    answer = server_app.client.get(label.path + "?linkType=gs1:recipeInfo", follow_redirects=False)
    assert answer.status_code == 307
    assert "/p/" in answer.headers["location"]


def test_the_resolver_description_document(server_app):
    answer = server_app.client.get("/.well-known/gs1resolver")
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["resolverRoot"] == "http://testserver"
    assert doc["supportedPrimaryKeys"] == ["01"]
    assert doc["supportedLinkType"][0]["prefix"] == "gs1:"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert server_app.client.options("/.well-known/gs1resolver").status_code == 204
