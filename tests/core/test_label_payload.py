"""Signed QR payloads: GS1 Digital Link form, offline verification, tamper evidence."""

from __future__ import annotations

import hashlib
import random
import string
import urllib.parse
from dataclasses import replace
from pathlib import Path

import pytest

from appraiser.keys import StationKeys
from appraiser.labels import ids, payload
from appraiser.labels.payload import Outcome

# Characters a scanner could plausibly return in place of any payload character.
ALTERNATIVES = string.ascii_letters + string.digits + "-_.:/?&=%~*$"


def _signed(
    keys: StationKeys,
    gtin: str | None = "4006381333931",
    resolver: str = "verify.example.com",
    serial: str | None = None,
) -> str:
    claim = payload.make_claim(
        resolver,
        serial or ids.new_serial(),
        gtin,
        hashlib.sha256(b"appraisal").hexdigest(),
        "20261122",
        keys.current_key_id(),
    )
    _, signature = keys.sign(payload.canonical(claim))
    return payload.build(claim, signature)


@pytest.fixture
def keys(tmp_path: Path) -> StationKeys:
    return StationKeys(tmp_path / "keys")


def test_payload_is_a_gs1_digital_link_that_verifies(keys: StationKeys) -> None:
    uri = _signed(keys)
    assert uri.startswith("https://verify.example.com/01/04006381333931/21/")
    result = payload.verify(uri, keys.public_keys())
    assert result.ok and result.outcome is Outcome.VALID
    assert result.claim is not None and result.claim.gtin == "04006381333931"
    assert result.claim.key_id == keys.current_key_id()


def test_gtinless_form(keys: StationKeys) -> None:
    uri = _signed(keys, gtin=None)
    assert "/a/" in uri and "/01/" not in uri
    assert payload.verify(uri, keys.public_keys()).ok


def test_any_single_character_change_fails(keys: StationKeys) -> None:
    """Any change fails except upper case in the scheme and host, which are the same URI
    (RFC 3986; a QR in alphanumeric mode sends them so: issue 14, breaker Low)."""
    uri = _signed(keys)
    known = keys.public_keys()
    origin = len("https://verify.example.com")
    for position, original in enumerate(uri):
        for symbol in ALTERNATIVES:
            if symbol != original:
                changed = uri[:position] + symbol + uri[position + 1 :]
                same = position < origin and symbol == original.upper()
                assert payload.verify(changed, known).ok is same, (position, symbol)


def test_signature_last_symbol_padding_bits_are_not_ignored(keys: StationKeys) -> None:
    """86 base64url symbols carry 512 bits plus 4 spare ones: a lenient decoder would
    accept a different last symbol with the same bytes."""
    uri = _signed(keys)
    last = uri[-1]
    for symbol in ALTERNATIVES:
        if symbol != last:
            assert not payload.verify(uri[:-1] + symbol, keys.public_keys()).ok


def test_another_operators_key_is_reported_as_unknown(keys: StationKeys, tmp_path: Path) -> None:
    theirs = StationKeys(tmp_path / "other-operator")
    result = payload.verify(_signed(theirs), keys.public_keys())
    assert result.outcome is Outcome.UNKNOWN_KEY
    assert "unknown key" in result.reason


def test_key_id_swapped_to_ours_is_a_bad_signature(keys: StationKeys, tmp_path: Path) -> None:
    forged = _signed(StationKeys(tmp_path / "forger"))
    claim, signature = payload.parse(forged)
    relabelled = payload.build(replace(claim, key_id=keys.current_key_id()), signature)
    assert payload.verify(relabelled, keys.public_keys()).outcome is Outcome.BAD_SIGNATURE


def test_rotated_keys_still_verify_old_labels(keys: StationKeys) -> None:
    old = _signed(keys)
    keys.rotate()
    new = _signed(keys)
    assert payload.parse(old)[0].key_id != payload.parse(new)[0].key_id
    assert payload.verify(old, keys.public_keys()).ok
    assert payload.verify(new, keys.public_keys()).ok


def test_trusted_station_key_verifies(keys: StationKeys, tmp_path: Path) -> None:
    sister = StationKeys(tmp_path / "sister")
    uri = _signed(sister)
    assert not payload.verify(uri, keys.public_keys()).ok
    kid, pem = sister.export_public()
    assert keys.trust(pem) == kid
    assert payload.verify(uri, keys.public_keys()).ok


@pytest.mark.parametrize("cut", [1, 10, 90, 100, 150])
def test_truncated_payload_is_malformed(keys: StationKeys, cut: int) -> None:
    uri = _signed(keys)
    result = payload.verify(uri[:-cut], keys.public_keys())
    assert result.outcome is Outcome.MALFORMED


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/product/123",
        "WIFI:S:guest;T:WPA;P:secret;;",
        "4006381333931",
        "",
        "https://verify.example.com/",
        "http://verify.example.com/a/0000",
    ],
)
def test_codes_that_are_not_ours(keys: StationKeys, text: str) -> None:
    result = payload.verify(text, keys.public_keys())
    assert not result.ok
    assert result.outcome in (Outcome.NOT_OURS, Outcome.MALFORMED)


def test_garbled_serial_check_symbol(keys: StationKeys) -> None:
    uri = _signed(keys)
    claim, _ = payload.parse(uri)
    bad = claim.serial[:-1] + ("0" if claim.serial[-1] != "0" else "1")
    result = payload.verify(uri.replace(claim.serial, bad), keys.public_keys())
    assert result.outcome is Outcome.MALFORMED


# Issue 14 finding 5 -----------------------------------------------------------------------
GS1_AI_CHARSET_82 = set(string.ascii_letters + string.digits + "!\"%&'()*+,-./:;<=>?_")
URI_UNRESERVED = set(string.ascii_letters + string.digits + "-._~")


def test_a_thousand_payloads_need_no_escaping(keys: StationKeys) -> None:
    """Issue 14 finding 5: the serial is inside GS1 AI (21) set 82 and every path segment and
    query value is URI-unreserved, so no re-encoder ever changes a payload."""
    for index in range(1_000):
        uri = _signed(keys, gtin=None if index % 4 == 0 else "4006381333931")
        claim, _ = payload.parse(uri)
        assert set(claim.serial) <= GS1_AI_CHARSET_82 & URI_UNRESERVED, claim.serial
        parts = urllib.parse.urlsplit(uri)
        segments = parts.path.strip("/").split("/")
        values = [v for pair in parts.query.split("&") for v in pair.split("=", 1)]
        assert all(set(x) <= URI_UNRESERVED for x in segments + values), uri
        assert urllib.parse.quote(uri, safe=":/?&=") == uri


def _legacy_payload(keys: StationKeys, check: str) -> str:
    """A label signed before issue 14: a 17-symbol serial whose mod-37 symbol is ``check``."""
    rng = random.Random(check)
    while True:
        serial = ids.encode_legacy(rng.getrandbits(ids.BITS))
        if serial[-1] == check:
            return _signed(keys, serial=serial)


@pytest.mark.parametrize("check", ["*", "~", "$", "=", "U", "7"])
def test_old_mod37_labels_keep_verifying(keys: StationKeys, check: str) -> None:
    """Issue 14 finding 5: labels issued with the old check symbol still verify, also when a
    scanner app or web page percent-encoded it (``%2A``, ``%3d``, ``%7E``, ``%24``)."""
    uri = _legacy_payload(keys, check)
    assert payload.verify(uri, keys.public_keys()).ok
    claim, _ = payload.parse(uri)
    assert len(claim.serial) == 17 and claim.serial[-1] == check
    for escape in ("%{:02X}", "%{:02x}"):
        encoded = uri.replace(
            f"/{claim.serial}?", f"/{claim.serial[:-1]}{escape.format(ord(check))}?"
        )
        result = payload.verify(encoded, keys.public_keys())
        assert result.ok and result.claim is not None and result.claim.serial == claim.serial
    fully = urllib.parse.quote(uri, safe=":/?&")  # '=' in the query too, as some apps do
    assert payload.verify(fully, keys.public_keys()).ok


def test_escaped_structure_is_not_unescaped(keys: StationKeys) -> None:
    """Issue 14 finding 5: only characters a payload carries are unescaped, never ``/ ? &``."""
    uri = _signed(keys)
    for char in "/?&":
        escaped = uri.replace(char, f"%{ord(char):02X}", 1)
        assert not payload.verify(escaped, keys.public_keys()).ok


@pytest.mark.parametrize("name", ["d", "h", "k", "s"])
def test_encoded_parameter_names_are_garbled(keys: StationKeys, name: str) -> None:
    """Issue 14 breaker L-3: ``…&k=…&%73=<sig>`` verified as valid. A parameter name must be
    the literal ``d h k s``; an encoded one is garbled (values may still be encoded)."""
    uri = _signed(keys)
    for escape in ("%{:02X}", "%{:02x}", "%25{:02X}"):
        odd = uri.replace(f"{name}=", f"{escape.format(ord(name))}=", 1)
        result = payload.verify(odd, keys.public_keys())
        assert result.outcome is Outcome.MALFORMED, odd
        assert "garbled" in result.reason
    value_encoded = uri.replace("&k=", "&k%3D", 1)  # an encoded separator is a value's
    assert payload.verify(value_encoded, keys.public_keys()).ok
