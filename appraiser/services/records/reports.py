"""Per-appraisal documents: the internal appraisal report PDF and the consumer bundle.

Two audiences, two documents (DESIGN §3.5): the appraisal report is internal (declaration,
merchant, people, notes, review history; the label by serial, state and key id, never its
signed payload or QR, which only a recorded print carries) and needs a signed-in
supervisor (the bench's own archive copy after each verdict aside); the consumer bundle is
public, so it is made only for genuine items, lands at an unguessable address and carries
nothing from which a label could be printed.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.reports.appraisal_data import ReportData, gather
from appraiser.reports.atomic import check_folder, staged
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import report_lang

TOKEN_BYTES = 16  # 128 random bits: the bundle's address can be found, never guessed


def appraisal_report(
    station: Station, session: Session | None, uid: str, out: Path, *, lang: str | None = None
) -> dict:
    """Write the internal report PDF of ``uid`` to ``out`` (atomically)."""
    rules.require(station.store, session, Action.SUPERVISE, report=uid)
    return _write_internal(station, uid, Path(out), lang)


def _write_internal(station: Station, uid: str, out: Path, lang: str | None) -> dict:
    from appraiser.reports.appraisal_pdf import write_report_pdf

    started = time.perf_counter()
    lang = report_lang(station, lang)
    check_folder(out.parent)
    data = gather(station, uid)
    with staged(out) as stage:
        write_report_pdf(data, stage.path(out), lang)
    return {
        "file": str(out),
        "appraisal": uid,
        "lang": lang,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "verdict": data.verdict["verdict"] if data.verdict else None,
    }


def archive_report(station: Station, uid: str, out: Path, *, lang: str | None = None) -> dict:
    """The station's own copy of the report, written after a verdict is signed (the signing
    was the authorised act) into the data folder's ``exports/reports`` and nowhere else:
    it leaves nothing that the data folder does not already hold."""
    archive = (station.data.exports / "reports").resolve()
    if Path(out).resolve().parent != archive:
        raise InvalidInput(f"{out} is not in the station's report archive {archive}.")
    return _write_internal(station, uid, Path(out), lang)


def export_bundle(
    station: Station,
    session: Session | None,
    uid: str,
    out_dir: Path,
    *,
    lang: str | None = None,
) -> dict[str, Any]:
    """The consumer page of genuine ``uid`` in ``out_dir/<token>/``, with manifest."""
    from appraiser.reports.bundle import write_bundle

    session = rules.require(station.store, session, Action.SUPERVISE, bundle=uid)
    lang = report_lang(station, lang)
    data = gather(station, uid)
    _publishable(data)
    _lot_released(station, data)
    out_dir = Path(out_dir)
    check_folder(out_dir)
    data.bundle_token = data.bundle_token or _new_address(station, session, uid)
    result = write_bundle(station, data, out_dir / data.bundle_token, lang)
    with station.store.atomic(session.actor) as tx:
        tx.event("export.bundle", appraisal=uid, folder=data.bundle_token)
    return result


def _publishable(data: ReportData) -> None:
    """Only a genuine verdict is published: a bundle is what a shopper reads as "genuine"."""
    verdict = data.verdict["verdict"] if data.verdict else None
    if verdict != "genuine":
        shown = verdict or "not signed"
        raise InvalidInput(
            f"Appraisal {data.uid} is {shown}: only genuine items get a consumer bundle.",
            hint="Counterfeit and undecided cases stay internal; use `appraiser report`.",
        )


def _lot_released(station: Station, data: ReportData) -> None:
    """A unit drawn from a sampled lot is published only once its lot is released and the
    unit carries a live unit label (issue 16 finding N4, DESIGN §3.5): a page reading
    "genuine" for goods held in lot quarantine, beside "no label issued", would mislead."""
    from appraiser.services.lots import lot_review, unit_labels

    drawn = station.store.one(
        """SELECT s.lot_uid, s.unit_no, l.policy FROM lot_samples s
           JOIN lots l ON l.uid = s.lot_uid WHERE s.item_uid = ?""",
        (data.item.get("uid"),),
    )
    if drawn is None or drawn["policy"] == "every_unit":  # every-unit: its own label
        return
    lot, unit = drawn["lot_uid"], drawn["unit_no"]
    decision = unit_labels.current_decision(station.store, lot)
    review = lot_review.open_review(station.store, lot)
    if decision is None or decision["decision"] != "accept" or review is not None:
        state = (
            "not decided yet" if decision is None
            else f"{lot_review.describe(review)}" if review is not None
            else "rejected (its units are held in quarantine)"
        )  # fmt: skip
        raise InvalidInput(
            f"Appraisal {data.uid} is unit {unit} drawn from lot {lot}, which is {state}: "
            "the lot's goods are not released, so no consumer bundle is published for it.",
            hint="A bundle can be made once the lot is accepted and its unit labels issued.",
        )
    if not unit_labels.live_units(station.store, lot, unit, unit):
        raise InvalidInput(
            f"Appraisal {data.uid} is unit {unit} drawn from lot {lot}, which has no live "
            "unit label: issue the lot's unit labels first (`appraiser lot labels issue`).",
        )


def _new_address(station: Station, session: Session, uid: str) -> str:
    """A random address for the appraisal, stored once and reused by every re-export."""
    token = secrets.token_hex(TOKEN_BYTES)  # hex: safe as a folder name and in a URL
    row = {
        "appraisal_uid": uid,
        "token": token,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    with station.store.atomic(session.actor) as tx:
        tx.insert("bundle_addresses", row, action="bundle.address", appraisal=uid)
    return token
