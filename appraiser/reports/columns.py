"""The columns of the daily log, shared by the CSV and the XLSX export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from appraiser.reports.texts import tr

IDENTIFIER = "ident"  # a code of digits (GTIN, declaration no.): text, never a number
# A label's states as the log's "label state" column words them (issue 14: a revoked or
# voided serial is never shown without its state).
LABEL_STATES = ("issued", "printed", "applied", "voided", "revoked")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # text | ident (digits as text) | code (translated) | datetime | number | int | bool
    width: int


COLUMNS = (
    Column("uid", "text", 24), Column("started_local", "datetime", 19),
    Column("signed_local", "datetime", 19), Column("minutes", "number", 9),
    Column("station", "text", 8), Column("appraiser", "text", 12),
    Column("appraiser_name", "text", 12), Column("category", "code", 9),
    Column("brand", "text", 14), Column("model", "text", 16), Column("gtin", IDENTIFIER, 15),
    Column("declaration_no", IDENTIFIER, 20), Column("merchant", "text", 18),
    Column("origin", "text", 8), Column("verdict", "code", 9),
    Column("reason_codes", "text", 18), Column("verdict_kind", "code", 9),
    Column("signed_by", "text", 12), Column("reviewed", "bool", 7),
    Column("label_serial", IDENTIFIER, 22), Column("label_state", "code", 10),
    Column("reprints", "int", 7),
)  # fmt: skip

_HEADER_KEY = {"started_local": "started", "signed_local": "signed_at"}


def headers(lang: str) -> list[str]:
    return [tr(lang, "col." + _HEADER_KEY.get(c.key, c.key)) for c in COLUMNS]


def code_table(lang: str) -> dict[Any, str]:
    """Translations of every coded value, looked up once per export rather than per cell."""
    from appraiser.domain.enums import Category, Verdict
    from appraiser.reports.daily import UNSIGNED

    words = [
        *(str(c) for c in Category),
        *(str(v) for v in Verdict),
        UNSIGNED,
        "initial",
        "review",
        "amendment",
    ]
    table: dict[Any, str] = {w: tr(lang, w) for w in words}
    table.update({state: tr(lang, f"label.{state}") for state in LABEL_STATES})
    table[""] = ""
    table[None] = ""
    return table
