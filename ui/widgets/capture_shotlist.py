"""The shot list of a category and the quality-gate verdict of the last still."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from appraiser.capture.quality import GateResult, Reason
from appraiser.checklists import Checklist
from ui import i18n

KEY_ROLE = Qt.ItemDataRole.UserRole
# Gate reasons are translated from their code, with the measured figures filled in.
REASON_TEXT = {
    "blurry": QT_TRANSLATE_NOOP(
        "capture", "Blurry (sharpness %1, needs %2): hold still and refocus."
    ),
    "glare": QT_TRANSLATE_NOOP(
        "capture",
        "Glare: %1 of the item is blown out (at most %2): tilt the item or dim the light.",
    ),
    "too_dark": QT_TRANSLATE_NOOP("capture", "Too dark (brightness %1, needs %2): add light."),
    "too_small": QT_TRANSLATE_NOOP(
        "capture", "The item fills only %1 of the frame (needs %2): move the camera closer."
    ),
    "no_object": QT_TRANSLATE_NOOP("capture", "No item found in the frame: put it on the mat."),
}
_PERCENT = {"glare", "too_small", "no_object"}


def reason_text(reason: Reason) -> str:
    source = REASON_TEXT.get(reason.code)
    if source is None:
        return reason.message
    if reason.code in _PERCENT:
        value, limit = f"{reason.value:.0%}", f"{reason.limit:.0%}"
    else:
        value, limit = f"{reason.value:.0f}", f"{reason.limit:.0f}"
    text = QCoreApplication.translate("capture", source)
    return text.replace("%1", value).replace("%2", limit)


class ShotList(QListWidget):
    """One row per view; done views are ticked, required ones marked with a star."""

    viewSelected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shotList")
        self.checklist: Checklist | None = None
        self.done: set[str] = set()
        self.currentItemChanged.connect(self._changed)

    def set_checklist(self, checklist: Checklist, done: set[str]) -> None:
        self.checklist, self.done = checklist, set(done)
        self.blockSignals(True)
        self.clear()
        language = i18n.current_language()
        for view in checklist.views:
            item = QListWidgetItem(self)
            item.setData(KEY_ROLE, view.key)
            item.setToolTip(view.hint_for(language))
        self.blockSignals(False)
        self.refresh()
        self.select_next()

    def refresh(self) -> None:
        if self.checklist is None:
            return
        language = i18n.current_language()
        for row, view in enumerate(self.checklist.views):
            item = self.item(row)
            done = view.key in self.done
            mark = "✔" if done else ("★" if view.required else "○")
            suffix = "" if view.required else self.tr(" (optional)")
            item.setText(f"{mark}  {view.title(language)}{suffix}")
            item.setForeground(QBrush(QColor("#2e7d32" if done else "#202020")))

    def current_key(self) -> str | None:
        item = self.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def mark_done(self, key: str) -> None:
        self.done.add(key)
        self.refresh()

    def missing_required(self) -> list[str]:
        required = self.checklist.required_views if self.checklist else ()
        return [k for k in required if k not in self.done]

    def select_next(self) -> None:
        """Go to the first view not yet shot (required first), or stay if all are done."""
        if self.checklist is None:
            return
        order = [v.key for v in self.checklist.views if v.key not in self.done]
        order.sort(key=lambda k: not self.checklist.view(k).required)
        if order:
            keys = [v.key for v in self.checklist.views]
            self.setCurrentRow(keys.index(order[0]))

    def open_views_from_current(self, count: int) -> list[str]:
        """Up to ``count`` views still to shoot, from the selected one onwards (wrapping):
        where imported photos go, in file-name order."""
        if self.checklist is None:
            return []
        keys = [v.key for v in self.checklist.views]
        current = self.current_key()
        start = keys.index(current) if current in keys else 0
        return [k for k in keys[start:] + keys[:start] if k not in self.done][:count]

    def _changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.viewSelected.emit(current.data(KEY_ROLE))


class GatePanel(QFrame):
    """The last still, its verdict and, when it failed, why and a retake button."""

    retake = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gatePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumb = QLabel(objectName="gateThumb")
        self.thumb.setFixedSize(QSize(192, 108))
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Wrapped, so a long view title never widens the panel (and squeezes the camera's
        # buttons) at 1366×768; the panel keeps the height its reasons need.
        self.verdict = QLabel(objectName="gateVerdict", wordWrap=True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.reasons = QLabel(objectName="gateReasons", wordWrap=True)
        self.retake_button = QPushButton(self.tr("Retake"), objectName="gateRetake")
        self.retake_button.clicked.connect(lambda: self.retake.emit())
        text = QVBoxLayout()
        text.addWidget(self.verdict)
        text.addWidget(self.reasons, 1)
        text.addWidget(self.retake_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.addWidget(self.thumb)
        layout.addLayout(text, 1)
        self.clear()

    def retranslate(self, view_title: str) -> None:
        """Say again what is shown, in the language in force (``view_title``: the view of
        the last checked still, in that language)."""
        self.retake_button.setText(self.tr("Retake"))
        if self.result is not None:
            self.show_result(self.result, view_title)
        elif not self.checking:
            self.verdict.setText(self.tr("No photo checked yet."))
        else:
            self.verdict.setText(self.tr("Checking the photo…"))

    def clear(self) -> None:
        self.result, self.checking = None, False
        self.thumb.clear()
        self.verdict.setText(self.tr("No photo checked yet."))
        self.verdict.setStyleSheet("")
        self.reasons.clear()
        self.retake_button.hide()

    def show_checking(self, image: QImage) -> None:
        self.thumb.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.thumb.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.result, self.checking = None, True
        self.verdict.setText(self.tr("Checking the photo…"))
        self.verdict.setStyleSheet("")
        self.reasons.clear()
        self.retake_button.hide()

    def show_result(self, result: GateResult, view_title: str) -> None:
        self.result, self.checking = result, False
        if result.passed:
            self.verdict.setText(self.tr("✔ Accepted for “%1”").replace("%1", view_title))
            self.verdict.setStyleSheet("color: #2e7d32; font-weight: bold;")
            self.reasons.clear()
            self.retake_button.hide()
        else:
            self.verdict.setText(self.tr("✘ Rejected — retake “%1”").replace("%1", view_title))
            self.verdict.setStyleSheet("color: #c62828; font-weight: bold;")
            self.reasons.setText("\n".join(f"• {reason_text(r)}" for r in result.reasons))
            self.retake_button.show()


class Thumbnails(QListWidget):
    """Stored stills of the appraisal, newest last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stillThumbnails")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(128, 72))
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setFixedHeight(120)

    def recaption(self, caption) -> None:
        """Captions again from each still's view key (``caption(key)``): a language switch."""
        for row in range(self.count()):
            item = self.item(row)
            item.setText(caption(item.data(KEY_ROLE)))

    def add(self, image: QImage, caption: str, key: str = "") -> None:
        icon = QIcon(
            QPixmap.fromImage(image).scaled(
                self.iconSize(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        item = QListWidgetItem(icon, caption, self)
        item.setData(KEY_ROLE, key)
        self.scrollToBottom()
