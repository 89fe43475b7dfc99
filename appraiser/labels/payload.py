"""The QR payload (DESIGN §3.3): a GS1 Digital Link URI carrying an Ed25519 signature.

``https://<resolver>/01/<GTIN-14>/21/<serial>?d=<date>&h=<digest>&k=<key id>&s=<sig>``
(``/a/<serial>`` without a GTIN). ``d`` is the issue date (YYYYMMDD, station time zone),
``h`` the first 96 bits of the appraisal digest, ``k`` the signing key's id and ``s`` the
base64url signature over :func:`canonical`.

Why ``k=``: with the key id named, a verifier picks the one right public key (old keys stay
known after rotation), and can tell "signed by a key we do not know" (another operator, or a
forgery) apart from "tampered". Why strict parsing: the URI must be *exactly* the one we would
build from its parts, so any change to any character either breaks the grammar, breaks the
canonical form, or breaks the signature; nothing is silently normalised away.
"""

from __future__ import annotations

import base64
import binascii
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appraiser.errors import InvalidInput
from appraiser.labels import gtin as gtins
from appraiser.labels import ids

if TYPE_CHECKING:
    from appraiser.keys import Retirement

DOMAIN_TAG = "appraiser-label/1"
DIGEST_CHARS = 16  # 12 bytes of the SHA-256 appraisal digest, base64url
_URI = re.compile(
    r"https://(?P<resolver>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?)"
    r"/(?:01/(?P<gtin>[0-9]{14})/21|a)/(?P<serial>[0-9A-Z]{16}(?:[0-9A-Z]{2}|[0-9A-Z*~$=]))"
    r"\?d=(?P<date>[0-9]{8})&h=(?P<digest>[A-Za-z0-9_-]{16})&k=(?P<key_id>[0-9a-f]{16})"
    r"&s=(?P<sig>[A-Za-z0-9_-]{86})"
)


class Outcome(StrEnum):
    VALID = "valid"
    NOT_OURS = "not_ours"  # not a label URI of this system at all
    MALFORMED = "malformed"  # looks like ours but is truncated, garbled or non-canonical
    UNKNOWN_KEY = "unknown_key"  # well formed, signed by a key this station does not trust
    BAD_SIGNATURE = "bad_signature"  # a known key, but the content was altered or forged
    RETIRED_KEY = "retired_key"  # a key rotated out before the label's date, or revoked


@dataclass(frozen=True)
class Claim:
    """What a label asserts; the signature covers all of it."""

    resolver: str
    serial: str  # compact: 18 symbols (17 for the first, mod-37 serials)
    gtin: str | None  # GTIN-14
    digest: str  # DIGEST_CHARS base64url characters
    date: str  # YYYYMMDD
    key_id: str

    @property
    def serial_grouped(self) -> str:
        return ids.group(self.serial)


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    reason: str
    claim: Claim | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.VALID


def short_digest(hex_digest: str) -> str:
    """The payload form of an appraisal's SHA-256 hex digest."""
    raw = bytes.fromhex(hex_digest)[: DIGEST_CHARS * 3 // 4]
    return _b64(raw)


def canonical(claim: Claim) -> bytes:
    """The signed message: every field of the claim, in a fixed order, one per line."""
    fields = (
        DOMAIN_TAG,
        claim.resolver,
        claim.serial,
        claim.gtin or "",
        claim.digest,
        claim.date,
        claim.key_id,
    )
    return "\n".join(fields).encode("ascii")


def uri_without_signature(claim: Claim) -> str:
    path = f"01/{claim.gtin}/21" if claim.gtin else "a"
    return (
        f"https://{claim.resolver}/{path}/{claim.serial}"
        f"?d={claim.date}&h={claim.digest}&k={claim.key_id}"
    )


def build(claim: Claim, signature: bytes) -> str:
    return f"{uri_without_signature(claim)}&s={_b64(signature)}"


def make_claim(
    resolver: str, serial: str, gtin: str | None, hex_digest: str, date: str, key_id: str
) -> Claim:
    """A claim from raw inputs, validating each so nothing unverifiable is ever signed."""
    claim = Claim(
        resolver.strip().lower(),
        ids.normalise(serial),
        gtins.optional(gtin),
        short_digest(hex_digest),
        date,
        key_id,
    )
    if not _URI.fullmatch(build(claim, bytes(64))):
        raise InvalidInput(f"Cannot build a label URI for resolver {resolver!r}, date {date!r}.")
    return claim


def parse(text: str) -> tuple[Claim, bytes]:
    """Split a scanned payload into its claim and signature, or raise ``InvalidInput``."""
    text = _lower_origin(_unescape(text.strip()))
    match = _URI.fullmatch(text)
    if match is None:
        raise InvalidInput(_describe_mismatch(text))
    parts = match.groupdict()
    signature = _unb64(parts.pop("sig"))
    claim = Claim(**parts)
    try:
        serial = ids.normalise(claim.serial)
        if claim.gtin:
            gtins.normalise(claim.gtin)
    except InvalidInput as exc:
        raise InvalidInput(f"Label payload is garbled: {exc.message}") from exc
    if serial != claim.serial or build(claim, signature) != text:
        raise InvalidInput("Label payload is not in canonical form (altered).")
    return claim, signature


# Every character a payload ever carried (old serials' ``* ~ $ =`` included) may come back
# percent-encoded from a scanner app or web page that re-encoded the URI; RFC 3986 treats
# such escapes as the same URI. Structural characters (``/ ? & %``) are never unescaped,
# nor is a query parameter's name: ``%73=<sig>`` is no ``s=`` (issue 14 breaker L-3).
_ESCAPED = re.compile(r"%([0-9A-Fa-f]{2})")
_EMITTED = frozenset(string.ascii_letters + string.digits + "-._~*$=")
_PARAMETER = re.compile(r"([^=%]*)(?:=|%3[Dd])")  # a literal name, then "=" (maybe encoded)


def _unescape(text: str) -> str:
    if "%" not in text:
        return text
    path, mark, query = text.partition("?")
    pieces = [_unescape_parameter(piece) for piece in query.split("&")] if mark else []
    return _unescape_chars(path) + mark + "&".join(pieces)


def _unescape_parameter(piece: str) -> str:
    """``name=value`` with the value unescaped; a name with an escape stays as it came, so
    the strict grammar refuses it as garbled."""
    match = _PARAMETER.match(piece)
    if match is None:
        return piece
    return match.group(1) + "=" + _unescape_chars(piece[match.end() :])


def _unescape_chars(text: str) -> str:
    def plain(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _EMITTED else match.group(0)

    return _ESCAPED.sub(plain, text)


_ORIGIN = re.compile(r"https://[^/?#]*", re.IGNORECASE)


def _lower_origin(text: str) -> str:
    """Scheme and host are case-insensitive (RFC 3986 §6.2.2.1), and a QR encoder in
    alphanumeric mode sends ``HTTPS://V.ACME.CN/…``: they are compared in lower case. The
    path and query stay exact: a serial, digest or signature in another case is altered
    (issue 14, breaker Low)."""
    match = _ORIGIN.match(text)
    return text if match is None else match.group(0).lower() + text[match.end() :]


def _describe_mismatch(text: str) -> str:
    if re.fullmatch(r"https://[^/?#]+/(01/[0-9]+/21|a)/.*", text) or "&k=" in text:
        return "Label payload is truncated or garbled."
    return "This code is not one of our labels."


def verify(
    text: str,
    public_keys: dict[str, Ed25519PublicKey],
    retired: Mapping[str, Retirement] | None = None,
) -> Verification:
    """Check a payload offline against the known public keys; never raises on bad input.

    ``retired`` (``StationKeys.retirements()``) names keys rotated out or revoked: a label
    dated after its key's retirement day is refused, so a stolen old key signs nothing new."""
    try:
        claim, signature = parse(text)
    except InvalidInput as exc:
        mine = not exc.message.startswith("This code is not")
        return Verification(Outcome.MALFORMED if mine else Outcome.NOT_OURS, exc.message)
    public = public_keys.get(claim.key_id)
    if public is None:
        return Verification(
            Outcome.UNKNOWN_KEY,
            f"Signed by an unknown key {claim.key_id}: another operator's label or a forgery.",
            claim,
        )
    try:
        public.verify(signature, canonical(claim))
    except InvalidSignature:
        return Verification(
            Outcome.BAD_SIGNATURE,
            "The signature does not match: the label content was altered or forged.",
            claim,
        )
    retirement = (retired or {}).get(claim.key_id)
    if retirement is not None and claim.date > retirement.after:
        return Verification(Outcome.RETIRED_KEY, _retired_reason(claim, retirement), claim)
    return Verification(Outcome.VALID, "Signature valid.", claim)


def _retired_reason(claim: Claim, retirement: Retirement) -> str:
    if retirement.revoked:
        return (
            f"NOT VALID: signed with a revoked key {claim.key_id} (revoked "
            f"{retirement.at[:10]}): a stolen or withdrawn key, not a genuine label."
        )
    day = f"{retirement.after[:4]}-{retirement.after[4:6]}-{retirement.after[6:]}"
    return (
        f"NOT VALID: signed with a retired key {claim.key_id} (retired after {day}) but "
        f"dated {claim.date[:4]}-{claim.date[4:6]}-{claim.date[6:]}: not a genuine label."
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Strict decode: a trailing symbol with stray low bits would decode to the same bytes,
    so the re-encoding must match exactly (checked by the canonical-form test in parse)."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("Label signature is garbled.") from exc
