"""Which label a resolver request names: the GS1 Digital Link path, checked strictly.

The GS1-Conformant Resolver standard asks a resolver to validate the request URI's syntax and
answer 400 when it is wrong, before it looks anything up: a GTIN with a bad check digit or
the wrong length, a serial (AI 21) outside GS1 character set 82 or longer than 20 characters,
an odd number of path segments. Checked here, in pure code, once per request, so the hot
path spends no database time on garbage and a conformance checker gets a 400, never a 404.

Accepted forms (a trailing slash is tolerated, DESIGN §3.3):

- ``/01/<GTIN>/21/<serial>`` — GTIN-8/12/13/14 (padded to 14), serial per AI (21);
- ``/a/<serial>`` — our GTIN-less form: a serial of ours (18 symbols, or the old 17);
- ``/01/<GTIN>[/22/<CPV>][/10/<batch>]/21/<serial>`` — the same label: GS1 Digital Link's
  key qualifiers of a GTIN come in this order (CPV, batch/lot, serial; or ``/235/<TPX>``
  alone), and when the serial is there *it* decides (issue 15 finding F2): a label of ours,
  or "NOT VALID — unknown label" (404). Qualifiers out of that order are a 400;
- ``/01/<GTIN>`` with no serial (``/22/…``, ``/10/…``) — the product level (``ProductKey``):
  the standard's "walk up the tree" to the primary key. A serial that no label of ours
  carries never walks up, with or without other qualifiers beside it, because an unknown
  serial of ours is what a forged label looks like.

The first labels (before issue 14) carry a mod-37 check symbol that may be ``* ~ $ =``;
``~`` and ``$`` lie outside character set 82, but those labels are ours and must keep
resolving, so a serial that is a valid *old serial of ours* passes even where AI (21)'s
grammar alone would refuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

import biip
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

from appraiser.errors import InvalidInput
from appraiser.labels import gtin as gtins
from appraiser.labels import ids

# AI (21)'s value grammar (X..20, character set 82) from biip's table of the GS1 General
# Specifications, so it is GS1's rule and not our guess at it.
_AI21 = re.compile(GS1ApplicationIdentifier.extract("21").pattern.removeprefix("^21"))
_DIGITS = re.compile(r"[0-9]+")
# A percent sign that does not start an escape (``%ZZ``): RFC 3986 syntax error, 400.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# GS1 Digital Link's key qualifier paths of a GTIN (AI 01): CPV, batch/lot, serial in this
# order, each optional — or a third-party-controlled serial (AI 235) alone.
_GTIN_QUALIFIERS = ("22", "10", "21")
# Numeric primary keys of GS1 Digital Link (for a 400-vs-404 answer on keys we do not hold).
PRIMARY_KEYS = frozenset(
    {"00", "01", "253", "255", "401", "402", "414", "417"}
    | {"8003", "8004", "8006", "8010", "8013", "8017", "8018"}
)


@dataclass(frozen=True)
class LabelKey:
    """A syntactically valid request for one label."""

    serial: str  # as written in the URI (the lookup key; our serials are upper case)
    gtin: str | None  # GTIN-14, or None for the /a/ form

    @property
    def path(self) -> str:
        """The canonical path of this key on our resolver (no trailing slash)."""
        return f"/01/{self.gtin}/21/{self.serial}" if self.gtin else f"/a/{self.serial}"


@dataclass(frozen=True)
class ProductKey:
    """A syntactically valid request naming a GTIN without one of our label serials."""

    gtin: str  # GTIN-14

    @property
    def path(self) -> str:
        return f"/01/{self.gtin}"


class BadPath(InvalidInput):
    """The URI is not a valid GS1 Digital Link (answered with 400 and the reason)."""


def parse(raw_path: str) -> LabelKey | ProductKey | None:
    """The label (or product) a request path names; ``None`` when the path is a valid GS1
    Digital Link for a key we do not serve (answered 404); ``BadPath`` when it is
    syntactically invalid (answered 400).

    ``raw_path`` is the path as sent (still percent-encoded): it is split on ``/`` first and
    each segment decoded after, so an encoded ``%2F`` inside a value stays inside it."""
    path = raw_path.removesuffix("/")
    if _BAD_ESCAPE.search(path):
        raise BadPath("The URI has a '%' that is not a percent-escape (two hex digits).")
    try:
        parts = [unquote(p, errors="strict") for p in path.split("/")[1:]] if path else []
    except UnicodeDecodeError as exc:
        raise BadPath("The URI has percent-escapes that are not UTF-8.") from exc
    if "" in parts:
        raise BadPath("Empty path segment in the URI.")
    if len(parts) == 2 and parts[0] == "a":
        return LabelKey(_own_serial(parts[1]), None)
    if not parts or parts[0] not in PRIMARY_KEYS:
        return None
    if len(parts) % 2:
        raise BadPath(f"A GS1 Digital Link path has AI/value pairs; {path!r} has an odd count.")
    if parts[0] == "01" and len(parts) == 4 and parts[2] == "21":
        return LabelKey(_ai21(parts[3]), _gtin(parts[1]))
    if parts[0] == "01":
        return _gtin_path(path, parts)
    _check_with_biip(path)
    return None  # another primary key: no links of ours


def _gtin_path(path: str, parts: list[str]) -> LabelKey | ProductKey:
    """``/01/<GTIN>`` with key qualifiers: the label when a serial is among them (the serial
    decides; the others are checked for syntax only), else the product level."""
    gtin = _gtin(parts[1])
    qualifiers = dict(zip(parts[2::2], parts[3::2], strict=True))
    order = list(qualifiers)
    if len(order) != len(parts[2::2]) or not _in_gs1_order(order):
        raise BadPath(
            "Key qualifiers of a GTIN go in GS1 Digital Link's order: /22/<CPV>, /10/<batch>, "
            f"/21/<serial> (or /235/<TPX> alone); got {'/'.join(parts[2::2])!r}."
        )
    if "21" in qualifiers:
        serial = _ai21(qualifiers["21"])
        _check_with_biip(path.rsplit("/21/", 1)[0])  # the CPV and batch's own syntax
        return LabelKey(serial, gtin)
    _check_with_biip(path)
    return ProductKey(gtin)  # a GTIN alone or with a CPV/batch: walk up to it


def _in_gs1_order(order: list[str]) -> bool:
    if order == ["235"]:
        return True
    positions = [_GTIN_QUALIFIERS.index(ai) for ai in order if ai in _GTIN_QUALIFIERS]
    return len(positions) == len(order) and positions == sorted(positions)


def _check_with_biip(path: str) -> None:
    """Any other GS1 Digital Link path: syntax per biip (each AI's format and, for keys with
    a check digit, the check), so a bad one is a 400 and a good one a 404."""
    try:
        parsed = GS1DigitalLinkURI.parse(f"https://resolver.invalid{path}")
    except (biip.ParseError, ValueError) as exc:
        raise BadPath(f"Not a valid GS1 Digital Link: {exc}") from exc
    for element in parsed.element_strings:
        error = element.gtin_error or element.gln_error or element.sscc_error
        if error:
            raise BadPath(error)


def _gtin(value: str) -> str:
    if not _DIGITS.fullmatch(value) or len(value) not in gtins.LENGTHS:
        raise BadPath(f"A GTIN has 8, 12, 13 or 14 digits; got {value!r}.")
    try:
        return gtins.normalise(value)
    except InvalidInput as exc:
        raise BadPath(exc.message) from exc


def _ai21(value: str) -> str:
    if _AI21.fullmatch(value) or _is_legacy_serial(value):
        return value
    raise BadPath(
        f"Serial {value!r} is not a valid GS1 serial number (AI 21: 1–20 characters "
        "of GS1 character set 82)."
    )


def _own_serial(value: str) -> str:
    if len(value) in (ids.LENGTH, ids.LEGACY_LENGTH) and _canonical_serial(value):
        return value
    raise BadPath(f"{value!r} is not a label serial of this resolver.")


def _is_legacy_serial(value: str) -> bool:
    return len(value) == ids.LEGACY_LENGTH and _canonical_serial(value)


def _canonical_serial(value: str) -> bool:
    """Exactly the compact form we print (no aliases, no lower case: the path is exact)."""
    try:
        return ids.normalise(value) == value
    except InvalidInput:
        return False
