"""What the resolver says about a label, as data: its links, the linkset (RFC 9264), the
``Link`` header and the resolver description document (GS1-Conformant Resolver 1.x).

Pure functions over plain values, so tests and the hot path share them and the JSON shape is
decided in one place. A label of ours has one destination, the consumer page; it is offered
under two GS1 link types so a generic GS1 app finds it either way:

- ``gs1:defaultLink`` — where a plain scan goes (307 to the consumer page);
- ``gs1:verificationService`` — "verify this product's authenticity", which the page is.

Every link carries a title (the standard requires one), its media type and the languages
the page speaks. A request for a link type we do not hold gets the default link, as the
standard asks.
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


@dataclass(frozen=True)
class Link:
    rel: str  # full link type URI
    href: str
    title: str
    type: str = "text/html"

    def as_json(self) -> dict[str, object]:
        return {"href": self.href, "title": self.title, "type": self.type,
                "hreflang": list(LANGUAGES)}  # fmt: skip


def links_for(page_url: str) -> list[Link]:
    """The links of one label; the default link first."""
    return [Link(rel, page_url, TITLES[rel]) for rel in (DEFAULT_LINK, VERIFICATION)]


def expand(link_type: str) -> str:
    """``gs1:pip`` → ``https://gs1.org/voc/pip``; a full URI stays as it is."""
    if link_type.startswith("gs1:"):
        return GS1_VOC + link_type.removeprefix("gs1:")
    return link_type.replace("http://gs1.org/voc/", GS1_VOC)


def choose(links: list[Link], link_type: str | None) -> Link:
    """The link a request for ``link_type`` resolves to: that type if we hold it, else the
    default link."""
    wanted = expand(link_type) if link_type else DEFAULT_LINK
    return next((link for link in links if link.rel == wanted), links[0])


def linkset(anchor: str, links: list[Link]) -> bytes:
    """RFC 9264 JSON: one context object, relation types as keys, arrays of target objects."""
    context: dict[str, object] = {"anchor": anchor}
    for link in links:
        context.setdefault(link.rel, []).append(link.as_json())  # type: ignore[union-attr]
    return json.dumps({"linkset": [context]}, ensure_ascii=False).encode("utf-8")


def link_header(anchor: str, links: list[Link]) -> str:
    """RFC 8288 ``Link`` value: the linkset itself, then every link with its title (ASCII
    only in a header, so the English half of a title)."""
    entries = [f'<{anchor}?linkType=all>; rel="linkset"; type="{LINKSET_TYPE}"']
    for link in links:
        title = link.title.split(" / ")[0]
        entries.append(
            f'<{link.href}>; rel="{link.rel}"; type="{link.type}"; '
            f'hreflang="{LANGUAGES[0]}"; title="{title}"'
        )
    return ", ".join(entries)


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
