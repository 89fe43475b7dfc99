"""What the resolver says about a label, as data: its links, the linkset (RFC 9264), the
``Link`` header and the resolver description document (GS1-Conformant Resolver 1.x).

Pure functions over plain values, so tests and the hot path share them and the JSON shape is
decided in one place. A label of ours has one destination, the consumer page; it is offered
under two GS1 link types so a generic GS1 app finds it either way:

- ``gs1:defaultLink`` — where a plain scan goes (307 to the consumer page);
- ``gs1:verificationService`` — "verify this product's authenticity", which the page is.

Every link carries a title (the standard requires one); the default link carries nothing
else (GS1-Conformant Resolver 1.0: "it SHALL include a title, but SHALL NOT include other
attributes"), the descriptive link also its media type and the languages the page speaks. A
request for a link type we do not hold is 404 (standard 1.0; GS1's test suite checks it).

Two levels are described (the standard's "walk up the tree"): a label ``/01/<GTIN>/21/<serial>``
and its product ``/01/<GTIN>`` — a GTIN names a product, not an appraised item, so its links
point to a page that says so and asks for the label's own QR code. A label's linkset carries
both levels, as the standard asks for a URI with key qualifiers. The HTTP ``Link`` header
names only the linkset (listing every link there was deprecated in 1.0.0); a linkset answer
also names GS1's JSON-LD context for linksets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

GS1_VOC = "https://gs1.org/voc/"
DEFAULT_LINK = GS1_VOC + "defaultLink"
VERIFICATION = GS1_VOC + "verificationService"
LINKSET_TYPE = "application/linkset+json"
LANGUAGES = ("en", "zh-CN")
TITLES = {
    DEFAULT_LINK: "Appraisal result and label status / 鉴定结果与标签状态",
    VERIFICATION: "Verify this label / 验证此标签",
}
# linkType values that ask for the whole linkset rather than one link (standard 1.x).
ALL = frozenset({"all", "linkset"})
# GS1's published JSON-LD context for linksets (GS1-Conformant Resolver 1.x artefacts).
JSONLD_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context"
PRODUCT_PAGE = "/i/product"
DESCRIPTIONS = {
    "label": "Appraised item, label {serial} / 已鉴定商品，标签 {serial}",
    "product": "Product GTIN {gtin} / 商品 GTIN {gtin}",
}


@dataclass(frozen=True)
class Link:
    rel: str  # full link type URI
    href: str
    title: str
    type: str = "text/html"

    def as_json(self) -> dict[str, object]:
        if self.rel == DEFAULT_LINK:
            return {"href": self.href, "title": self.title}
        return {"href": self.href, "title": self.title, "type": self.type,
                "hreflang": list(LANGUAGES)}  # fmt: skip


@dataclass(frozen=True)
class Context:
    """One level of the tree: its anchor (a GS1 Digital Link URI), a description, links."""

    anchor: str
    description: str
    links: list[Link]


def links_for(page_url: str) -> list[Link]:
    """The links of one label (or product); the default link first."""
    return [Link(rel, page_url, TITLES[rel]) for rel in (DEFAULT_LINK, VERIFICATION)]


def product_context(root: str, gtin: str) -> Context:
    """The product level ``/01/<GTIN>``: links to the page that explains a GTIN."""
    return Context(
        f"{root}/01/{gtin}",
        DESCRIPTIONS["product"].format(gtin=gtin),
        links_for(root + PRODUCT_PAGE),
    )


def expand(link_type: str) -> str:
    """``gs1:pip`` → ``https://gs1.org/voc/pip``; a full URI stays as it is."""
    if link_type.startswith("gs1:"):
        return GS1_VOC + link_type.removeprefix("gs1:")
    return link_type.replace("http://gs1.org/voc/", GS1_VOC)


def choose(links: list[Link], link_type: str | None) -> Link | None:
    """The link a request for ``link_type`` resolves to: the default link when none is
    asked for, that type if we hold it, else ``None`` (answered 404)."""
    wanted = expand(link_type) if link_type else DEFAULT_LINK
    return next((link for link in links if link.rel == wanted), None)


def linkset(contexts: list[Context]) -> bytes:
    """RFC 9264 JSON as GS1's linkset schema wants it: one context object per level, most
    specific first, each with ``anchor``, ``itemDescription`` and relation types as keys."""
    objects = []
    for level in contexts:
        context: dict[str, object] = {"anchor": level.anchor, "itemDescription": level.description}
        for link in level.links:
            context.setdefault(link.rel, []).append(link.as_json())  # type: ignore[union-attr]
        objects.append(context)
    return json.dumps({"linkset": objects}, ensure_ascii=False).encode("utf-8")


def link_header(anchor: str, signed: str | None = None) -> str:
    """RFC 8288 ``Link`` value on a redirect (or any answer about an identifier): where its
    linkset is — with the scanned ``d h k s`` when there are any, so a GS1 client that
    follows it gets links that still carry the signature (issue 15 finding N5)."""
    query = f"linkType=linkset&{signed}" if signed else "linkType=linkset"
    return f'<{anchor}?{query}>; rel="linkset"; type="{LINKSET_TYPE}"'


def context_header() -> str:
    """``Link`` value on a linkset answer: GS1's JSON-LD context, to read it as JSON-LD."""
    rel = "http://www.w3.org/ns/json-ld#context"
    return f'<{JSONLD_CONTEXT}>; rel="{rel}"; type="application/ld+json"'


def description(root: str, name: str) -> bytes:
    """``/.well-known/gs1resolver`` (the standard's resolver description file)."""
    doc = {
        "name": name,
        "resolverRoot": root,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [
            {"namespace": GS1_VOC, "prefix": "gs1:", "profile": GS1_VOC + "?show=linktypes"}
        ],
        "linkTypeDefaultCanBeLinkset": False,
        "linkTypeDefaultCanBeAll": False,
        "supportedContextValuesEnumerated": [],
        "supportedContextValuesExternal": [],
        "jsonLdContextLocation": JSONLD_CONTEXT,
        "contact": {"fn": name},
    }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def wants_linkset(link_type: str | None, accept: str) -> bool:
    """``?linkType=all`` (or ``linkset``), or an ``Accept`` that prefers the linkset media
    type (or plain JSON) over HTML."""
    if link_type is not None and link_type in ALL:
        return True
    accept = accept.lower()
    if LINKSET_TYPE in accept:
        return True
    return "application/json" in accept and "text/html" not in accept
