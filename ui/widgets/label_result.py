"""The answer to a label scan: a banner anyone can read at arm's length, the record behind
the serial (item, verdict, photos, dates), its scans, and the clone warning."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.vocabulary import display

BANNERS = {
    "valid": ("#1e7b34", QT_TRANSLATE_NOOP("LabelResult", "GENUINE LABEL")),
    "clone": ("#b8860b", QT_TRANSLATE_NOOP("LabelResult", "PROBABLE CLONED LABEL")),
    "valid_elsewhere": ("#1e7b34", QT_TRANSLATE_NOOP("LabelResult", "VALID SIGNATURE")),
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
RULES = {
    "outbound_repeat": QT_TRANSLATE_NOOP("LabelResult", "scanned at outbound more than once"),
    "multi_station": QT_TRANSLATE_NOOP("LabelResult", "verified at more than one station"),
    "voided_seen": QT_TRANSLATE_NOOP("LabelResult", "this serial was voided but is still in use"),
}
STATES = {
    "issued": QT_TRANSLATE_NOOP("LabelResult", "issued, not printed"),
    "printed": QT_TRANSLATE_NOOP("LabelResult", "printed"),
    "applied": QT_TRANSLATE_NOOP("LabelResult", "applied to the item"),
    "voided": QT_TRANSLATE_NOOP("LabelResult", "VOID"),
}
PURPOSES = {
    "bench": QT_TRANSLATE_NOOP("LabelResult", "bench check"),
    "outbound": QT_TRANSLATE_NOOP("LabelResult", "outbound"),
    "consumer": QT_TRANSLATE_NOOP("LabelResult", "customer enquiry"),
}
OUTCOMES = {
    "valid": QT_TRANSLATE_NOOP("LabelResult", "valid"),
    "not_ours": QT_TRANSLATE_NOOP("LabelResult", "not ours"),
    "malformed": QT_TRANSLATE_NOOP("LabelResult", "damaged code"),
    "unknown_key": QT_TRANSLATE_NOOP("LabelResult", "unknown signer"),
    "bad_signature": QT_TRANSLATE_NOOP("LabelResult", "forged"),
}
THUMB = 160


def _t(text: str) -> str:
    return QCoreApplication.translate("LabelResult", text)


def banner_key(result: dict) -> str:
    if not result["valid"]:
        return result["outcome"]
    if result["clone_suspected"]:
        return "clone"
    return "valid" if result["appraisal"] else "valid_elsewhere"


class LabelResult(QFrame):
    """Fed with the plain dict that ``ui.pages.verify_page.verify_text`` returns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelResult")
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
        self.photos = QHBoxLayout()
        self.photos.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.scans = QLabel(objectName="resultScans", wordWrap=True)
        self.scans.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        evidence = QVBoxLayout()
        evidence.addLayout(self.photos)
        evidence.addWidget(self.scans)
        evidence.addStretch(1)
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
        self.scans.clear()

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
        reason = _t(REASONS.get(result["outcome"], REASONS["valid"]))
        if result["valid"] and not result["appraisal"]:
            reason += " " + self.tr("It was issued by another station of this operator.")
        self.reason.setText(reason)
        self._warn(result)
        self._fill(data)
        self._show_photos(data.get("photos", []))
        self._show_scans(data.get("record", {}).get("scans", []))

    def _warn(self, result: dict) -> None:
        if not result["clone_suspected"]:
            self.warning.hide()
            return
        rules = "; ".join(_t(RULES[r]) for r in result["flags"])
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
            (
                self.tr("Signed"),
                (verdict.get("signed_at") or "")[:19].replace("T", " ") if verdict else None,
            ),
            (self.tr("Appraisal"), result.get("appraisal")),
            (self.tr("Issued"), _date(result.get("date"))),
            (self.tr("Issuing station"), record.get("station")),
            (self.tr("Label state"), _t(STATES[record["state"]]) if record.get("state") else None),
            (
                self.tr("This scan"),
                f"{result.get('station')} · {_purpose(result.get('purpose'))}" if result else None,
            ),
        ]
        for name, value in rows:
            if value:
                label = QLabel(str(value), objectName=f"field_{len(self.fields)}")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.form.addRow(name, label)

    def _show_photos(self, photos: list[bytes]) -> None:
        while self.photos.count():
            widget = self.photos.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for data in photos:
            thumb = QLabel(objectName="resultPhoto")
            thumb.setPixmap(
                QPixmap.fromImage(QImage.fromData(data)).scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.photos.addWidget(thumb)

    def _show_scans(self, scans: list[dict]) -> None:
        if not scans:
            self.scans.clear()
            return
        lines = [
            f"{s['created'][:19].replace('T', ' ')}  {s['station']}  {_purpose(s['purpose'])}  "
            f"{_t(OUTCOMES.get(s['outcome'], s['outcome']))}"
            for s in scans[-8:]
        ]
        self.scans.setText(
            self.tr("Scans of this serial ({0}):").format(len(scans)) + "\n" + "\n".join(lines)
        )


def _purpose(code: str | None) -> str:
    return _t(PURPOSES[code]) if code in PURPOSES else str(code or "")


def _date(text: str | None) -> str | None:
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else None
