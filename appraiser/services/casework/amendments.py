"""What a supervisor needs to see before amending a verdict: the day's signed appraisals with
who signed each verdict and the label it carries, and what an amendment would set off.

Read-only. The rule book is applied by ``verdicts.amend`` when the amendment is signed (an
audited refusal then); nothing here refuses, so merely looking at a case leaves no trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.domain.enums import Verdict
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from appraiser.storage.db import Store


@dataclass(frozen=True)
class AmendPreview:
    """The case as it stands: the verdict, its signer, and the label an amendment away from
    genuine would revoke (``live_serial``, None when no live label exists)."""

    uid: str
    verdict: str
    signed_by: int
    signer: str
    state: str
    live_serial: str | None

    def revokes_label(self, new_verdict: str) -> bool:
        return self.live_serial is not None and Verdict(new_verdict) != Verdict.GENUINE

    def quarantines(self, new_verdict: str) -> bool:
        return Verdict(new_verdict) == Verdict.COUNTERFEIT


def _signer(store: Store, user_id: int) -> str:
    row = store.one("SELECT username, display_name FROM users WHERE id = ?", (user_id,))
    return f"{row['display_name']} ({row['username']})" if row else str(user_id)


def preview(store: Store, uid: str) -> AmendPreview:
    """Raises NotFound for an unknown appraisal; ``verdict`` is empty when none is signed."""
    case = appraisals.current(store, uid)
    verdict = appraisals.current_verdict(store, uid)
    live = labels.live_label(store, uid)
    return AmendPreview(
        uid,
        verdict["verdict"] if verdict else "",
        verdict["signed_by"] if verdict else 0,
        _signer(store, verdict["signed_by"]) if verdict else "",
        case["state"],
        live.serial if live else None,
    )


def signed_for_day(store: Store, day: date, tz: ZoneInfo) -> list[dict[str, Any]]:
    """The appraisals started on ``day`` that carry a signed verdict, newest first, with the
    verdict's signer (after a review or an amendment, not the appraiser) and the state of
    the newest label."""
    rows = [r for r in appraisals.list_for_day(store, day, tz) if r["verdict"]]
    for row in rows:
        verdict = appraisals.current_verdict(store, row["id"])
        row["signed_at"] = verdict["signed_at"]
        row["signer"] = _signer(store, verdict["signed_by"])
        serial = row["label_serial"]
        row["label_state"] = labels.state_of(store, serial) if serial else ""
    return sorted(rows, key=lambda r: r["signed_at"], reverse=True)
