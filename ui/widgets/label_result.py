"""The answer to a label scan: a banner anyone can read at arm's length, the record behind
the serial (item, verdict, photos, dates), its scans, and the clone warning.

States, purposes, outcomes and clone rules are codes: they are worded by ``ui.vocabulary``,
times are the station's wall clock (``appraiser.clock.format_local``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import format_local
from ui.models.rows_model import RowsModel
from ui.vocabulary import display
from ui.widgets.table_fit import fit_columns

# Only a valid signature on a live label is green; every other answer starts with NOT VALID
# so a glance cannot misread it (issue 14 finding 6).
BANNERS = {
    "valid": ("#1e7b34", QT_TRANSLATE_NOOP("LabelResult", "GENUINE LABEL")),
    "clone": ("#b8860b", QT_TRANSLATE_NOOP("LabelResult", "PROBABLE CLONED LABEL")),
    "valid_elsewhere": ("#1e7b34", QT_TRANSLATE_NOOP("LabelResult", "VALID SIGNATURE")),
    "voided": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "NOT VALID — VOIDED LABEL")),
    "revoked": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "NOT VALID — REVOKED LABEL")),
    "forgery": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "NOT VALID — FORGERY ALARM")),
    "retired_key": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "NOT VALID — RETIRED KEY")),
    "not_ours": ("#6c757d", QT_TRANSLATE_NOOP("LabelResult", "NOT ONE OF OUR LABELS")),
    "malformed": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "DAMAGED OR ALTERED CODE")),
    "unknown_key": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "UNKNOWN SIGNER")),
    "bad_signature": ("#b02a37", QT_TRANSLATE_NOOP("LabelResult", "FORGED OR ALTERED LABEL")),
}
REASONS = {
    "valid": QT_TRANSLATE_NOOP("LabelResult", "The signature is valid."),
    "not_ours": QT_TRANSLATE_NOOP("LabelResult", "This code was not issued by our system."),
    "malformed": QT_TRANSLATE_NOOP("LabelResult", "The code is truncated, damaged or was changed."),
    "unknown_key": QT_TRANSLATE_NOOP(
        "LabelResult",
        "Signed by a key this station does not know: another operator's label, or a forgery.",
    ),
    "bad_signature": QT_TRANSLATE_NOOP(
        "LabelResult", "The signature does not match the content: the label was altered or forged."
    ),
}
ENDED = {
    "replaced": QT_TRANSLATE_NOOP(
        "LabelResult", "NOT VALID — this label was voided on {0} (replaced by {1})."
    ),
    "voided": QT_TRANSLATE_NOOP("LabelResult", "NOT VALID — this label was voided on {0}: {1}"),
    "revoked": QT_TRANSLATE_NOOP(
        "LabelResult", "NOT VALID — revoked on {0}: the verdict was amended."
    ),
    # a lot's unit label ends with its lot's decision (issue 16 finding 5)
    "revoked.lot_rejected": QT_TRANSLATE_NOOP(
        "LabelResult", "NOT VALID — revoked on {0}: the lot's decision was changed to reject."
    ),
    "revoked.lot_review": QT_TRANSLATE_NOOP(
        "LabelResult", "NOT VALID — revoked on {0}: the lot's decision was put under review."
    ),
    "forgery": QT_TRANSLATE_NOOP(
        "LabelResult",
        "NOT VALID — FORGERY: signed with this station's key but never issued here; the "
        "station key may be compromised. Hold the item and call a supervisor.",
    ),
}
SCAN_COLUMNS = (
    ("created", QT_TRANSLATE_NOOP("LabelResult", "Time")),
    ("station", QT_TRANSLATE_NOOP("LabelResult", "Station")),
    ("purpose", QT_TRANSLATE_NOOP("LabelResult", "Purpose")),
    ("outcome", QT_TRANSLATE_NOOP("LabelResult", "Result")),
)
SCANS_SHOWN = 8
THUMB = 160


def _t(text: str) -> str:
    return QCoreApplication.translate("LabelResult", text)


def banner_key(result: dict) -> str:
    if result.get("status") in ("voided", "revoked", "forgery"):
        return result["status"]
    if not result["valid"]:
        return result["outcome"] if result["outcome"] in BANNERS else "malformed"
    if result["clone_suspected"]:
        return "clone"
    return "valid" if result["appraisal"] else "valid_elsewhere"


class LabelResult(QFrame):
    """Fed with the plain dict that ``ui.pages.verify_page.verify_text`` returns; ``zone``
    gives the station's time zone (UTC if none)."""

    def __init__(
        self, parent: QWidget | None = None, zone: Callable[[], tzinfo] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelResult")
        self.zone = zone or (lambda: UTC)
        self.banner = QLabel(objectName="resultBanner", alignment=Qt.AlignmentFlag.AlignCenter)
        self.reason = QLabel(objectName="resultReason", wordWrap=True)
        self.warning = QLabel(objectName="cloneWarning", wordWrap=True)
        self.warning.setStyleSheet(
            "QLabel#cloneWarning { background: #fff3cd; color: #664d03;"
            " border: 2px solid #b8860b; padding: 8px; "
            "font-weight: 600; }"
        )
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        self.form = form
        # A wrapping strip: six photos never make the page wider than the screen.
        self.photos = QListWidget(objectName="resultPhotos")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.photos.setMovement(QListWidget.Movement.Static)
        self.photos.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.photos.setMinimumHeight(THUMB + 16)
        self.scans = QLabel(objectName="resultScans", wordWrap=True)
        self.scan_model = RowsModel(
            SCAN_COLUMNS, "LabelResult", self,
            formatters={"created": self._local, "purpose": display, "outcome": display},
        )  # fmt: skip
        self.scan_table = QTableView(objectName="scanHistory")
        self.scan_table.setModel(self.scan_model)
        self.scan_table.verticalHeader().hide()
        self.scan_table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        fit_columns(self.scan_table, ("created", "purpose", "outcome"))
        evidence = QVBoxLayout()
        evidence.addWidget(self.photos, 1)
        evidence.addWidget(self.scans)
        evidence.addWidget(self.scan_table, 1)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        columns.addLayout(evidence, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.banner)
        box.addWidget(self.reason)
        box.addWidget(self.warning)
        box.addLayout(columns)
        box.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.banner.setText(self.tr("Scan a label"))
        self.banner.setStyleSheet(self._banner_style("#495057"))
        self.reason.setText(self.tr("Use the hand scanner, open a photo, or start the camera."))
        self.warning.hide()
        self._fill({})
        self._show_scans([])

    @staticmethod
    def _banner_style(colour: str) -> str:
        return (
            f"QLabel#resultBanner {{ background: {colour}; color: white; "
            "font-size: 20pt; font-weight: 700; padding: 14px; border-radius: 6px; }"
        )

    def show_result(self, data: dict) -> None:
        result = data["result"]
        key = banner_key(result)
        colour, text = BANNERS[key]
        self.banner.setText(_t(text))
        self.banner.setStyleSheet(self._banner_style(colour))
        self.reason.setText(_reason(result))
        self._warn(result)
        self._fill(data)
        self._show_photos(data.get("photos", []))
        self._show_scans(data.get("record", {}).get("scans", []))

    def _warn(self, result: dict) -> None:
        if not result["clone_suspected"]:
            self.warning.hide()
            return
        rules = "; ".join(display(r) for r in result["flags"])
        self.warning.setText(
            self.tr("⚠ Clone warning: {0}. Hold the item and call a supervisor.").format(rules)
        )
        self.warning.show()

    def _fill(self, data: dict) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        result = data.get("result") or {}
        record = data.get("record") or {}
        item = record.get("item") or {}
        verdict = record.get("verdict") or {}
        rows = [
            (self.tr("Serial"), result.get("serial")),
            (
                self.tr("Item"),
                " ".join(str(x) for x in (item.get("brand"), item.get("model")) if x),
            ),
            (self.tr("GTIN"), result.get("gtin")),
            (self.tr("Verdict"), display(verdict["verdict"]) if verdict else None),
            (self.tr("Signed"), self._local(verdict.get("signed_at")) if verdict else None),
            (self.tr("Appraisal"), result.get("appraisal")),
            (self.tr("Issued"), _date(result.get("date"))),
            (self.tr("Issuing station"), record.get("station")),
            (self.tr("Label state"), display(record["state"]) if record.get("state") else None),
            (
                self.tr("This scan"),
                f"{result.get('station')} · {display(result.get('purpose'))}" if result else None,
            ),
        ]
        for name, value in rows:
            if value:
                label = QLabel(str(value), objectName=f"field_{len(self.fields)}", wordWrap=True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.form.addRow(name, label)

    def _show_photos(self, photos: list[bytes]) -> None:
        self.photos.clear()
        for data in photos:
            self.photos.addItem(
                QListWidgetItem(QIcon(QPixmap.fromImage(QImage.fromData(data))), "")
            )
        self.photos.setVisible(bool(photos))

    def _show_scans(self, scans: list[dict]) -> None:
        """The serial's last scans, newest last, as a table (time, station, purpose, result)."""
        self.scans.setVisible(bool(scans))
        self.scan_table.setVisible(bool(scans))
        self.scans.setText(self.tr("Scans of this serial ({0}):").format(len(scans)))
        self.scan_model.set_rows(scans[-SCANS_SHOWN:])

    def _local(self, stamp: object) -> str:
        return format_local(str(stamp), self.zone(), seconds=True) if stamp else ""


def _reason(result: dict) -> str:
    """The words under the banner: the label's end (day, replacement, reason) when it is
    no longer live, else what the signature check found."""
    status = result.get("status")
    day = result.get("state_date") or "?"
    if status == "voided" and result.get("replaced_by"):
        return _t(ENDED["replaced"]).format(day, result["replaced_by"])
    if status == "voided":
        return _t(ENDED["voided"]).format(day, result.get("state_reason") or "")
    if status == "revoked" and result.get("state_cause") in ("lot_rejected", "lot_review"):
        return _t(ENDED["revoked." + result["state_cause"]]).format(day)
    if status in ("revoked", "forgery"):
        return _t(ENDED[status]).format(day)
    if result["outcome"] not in REASONS:  # e.g. a retired key: the service's own words
        return str(result.get("message") or result["reason"])
    reason = _t(REASONS[result["outcome"]])
    if result["valid"] and not result["appraisal"]:
        reason += " " + _t(
            QT_TRANSLATE_NOOP("LabelResult", "It was issued by another station of this operator.")
        )
    return reason


def _date(text: str | None) -> str | None:
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else None
