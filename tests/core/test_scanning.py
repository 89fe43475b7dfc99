"""Barcode parsing: GS1 element strings, HRI, Digital Link, EAN/UPC, and clear refusals."""

from __future__ import annotations

import pytest

from appraiser.errors import InvalidInput
from appraiser.services.arrivals import scanning


def test_gs1_element_string_with_group_separator():
    scan = scanning.parse("0109506000134352\x1d10LOT42\x1d17271231" + "21SN-7")
    assert (scan.kind, scan.gtin, scan.batch_lot) == ("gs1", "09506000134352", "LOT42")
    assert (scan.expiry, scan.serial) == ("2027-12-31", "SN-7")


def test_gs1_fixed_length_fields_need_no_separator():
    scan = scanning.parse("01095060001343521727123110ABC")
    assert scan.expiry == "2027-12-31" and scan.batch_lot == "ABC"


def test_human_readable_form_with_brackets():
    scan = scanning.parse("(01)09506000134352(10)ABC123(17)271231(21)SN99")
    assert scan.item_fields() == {
        "gtin": "09506000134352",
        "batch_lot": "ABC123",
        "expiry": "2027-12-31",
        "serial": "SN99",
    }


def test_digital_link_url():
    scan = scanning.parse("https://id.gs1.org/01/09506000134352/10/AB1")
    assert (scan.gtin, scan.batch_lot) == ("09506000134352", "AB1")


@pytest.mark.parametrize(
    ("raw", "kind", "gtin"),
    [("5901234123457", "ean", "05901234123457"), ("036000291452", "upc", "00036000291452")],
)
def test_plain_ean_and_upc_are_accepted(raw, kind, gtin):
    scan = scanning.parse(f"  {raw}\r\n")
    assert (scan.kind, scan.gtin) == (kind, gtin)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("5901234123458", "wrong check digit"),
        ("12345", "5 digits"),
        ("hello world", "neither a GS1 code nor an EAN/UPC"),
        ("(01)123", "not valid GS1"),
        ("00123456789012345675", "no product number"),
        ("", "empty"),
    ],
)
def test_malformed_or_non_gs1_codes_are_refused_with_a_reason(raw, says):
    with pytest.raises(InvalidInput) as caught:
        scanning.parse(raw)
    assert says in caught.value.message
    assert caught.value.hint


def test_a_barcode_is_read_from_a_camera_picture():
    import numpy as np
    import zxingcpp

    symbol = zxingcpp.create_barcode(
        "(01)09506000134352(10)LOT7", zxingcpp.BarcodeFormat.DataMatrix
    )
    picture = np.pad(np.array(zxingcpp.write_barcode_to_image(symbol, scale=6)), 40,
                     constant_values=255)  # fmt: skip
    found = scanning.decode_image(picture)
    assert found and scanning.parse(found[0]).batch_lot == "LOT7"
    assert scanning.decode_image(np.full((120, 160), 255, np.uint8)) == []
