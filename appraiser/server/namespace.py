"""Whose record a pushed row is: the pushing station's, never the one the row names.

A station signs in with its own key, so the server knows who pushed a row; the row's own
``station`` field and the appraisal uid it carries (``AP-<station code>-<YYYYMMDD>-<n>``,
``services/casework/appraisals._next_uid``) are only what the station wrote. An enrolled
station could otherwise push, correctly chained, an appraisal ``AP-BW-01-…`` with
``station = "BW-01"`` and a verdict for it, and the site export would list a forged BW-01
record (issue 15 finding N3). So a row is the pushing station's when every station it names
is that station: its ``station`` field, its appraisal ``uid`` and any ``appraisal_uid``
(a ``scan_events`` row's ``station`` is where the scan was made, and may be a shop's).
A row naming another station is kept as pushed (the audit chain vouches for it) but is
neither projected nor counted on the site page or in the site export; ingest alarms it as
``projection.foreign_record``. Values outside the ``AP-`` form (older test fixtures, other
tables' own ids) name no station and are left alone.
"""

from __future__ import annotations

import re
from typing import Any

_APPRAISAL = re.compile(r"AP-(?P<code>.+)-\d{8}-\d+")


def appraisal_station(uid: str) -> str | None:
    """The station code an appraisal uid names (None: not in the ``AP-`` form)."""
    found = _APPRAISAL.fullmatch(uid)
    return found["code"] if found else None


def foreign_field(code: str, table: str, row: dict[str, Any]) -> dict[str, str] | None:
    """The first field of ``row`` that names a station other than ``code`` (the pusher),
    as ``{"field", "value", "names"}``; None when the row is the pusher's own."""
    names: list[tuple[str, Any]] = []
    if table != "scan_events":  # there ``station`` is where a scan was made (a shop, say)
        names.append(("station", row.get("station")))
    if table == "appraisals":
        names.append(("uid", row.get("uid")))
    names.append(("appraisal_uid", row.get("appraisal_uid")))
    for field, value in names:
        if not isinstance(value, str) or not value:
            continue
        if field == "station":
            named = value
        elif value.startswith("AP-"):
            named = appraisal_station(value) or value  # an AP- value in no station's form
        else:
            continue
        if named != code:
            return {"field": field, "value": value[:80], "names": named[:80]}
    return None


def own_rows(code: str, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` without those naming another station; the appraisals stamped with ``code``
    (the station that pushed them), so every view names the pusher."""
    kept = [row for row in rows if foreign_field(code, table, row) is None]
    if table == "appraisals":
        kept = [{**row, "station": code} for row in kept]
    return kept
