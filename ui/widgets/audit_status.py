"""The audit trail's state on screen: "intact: N events, last checkpoint …", or what
``Store.verify_audit`` found wrong, named, in red. Checked off the UI thread when the page
opens and on "Check now", because walking the whole chain takes a while on a big station.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from appraiser.clock import format_local
from appraiser.services.records import audit_status
from appraiser.services.records.audit_status import AuditStatus
from appraiser.storage.db import Store
from ui.tasks import run_task
from ui.widgets.appraisal_text import tr_core

SHOWN_PROBLEMS = 3  # the rest are counted; `appraiser audit verify` lists them all
OK_STYLE = "color: #2E7D32; font-weight: 600;"
BAD_STYLE = "color: #b00020; font-weight: 600;"


class AuditStatusRow(QWidget):
    def __init__(self, store: Store, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="auditStatus")
        self.store, self.tz = store, tz
        self.status: AuditStatus | None = None
        self.checking = False
        self.text = QLabel(objectName="auditText", wordWrap=True)
        self.check_button = QPushButton(objectName="auditCheck")
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.check_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.check_button.setText(self.tr("Check now"))
        if self.checking:
            self.text.setText(self.tr("Audit trail: checking…"))
        elif self.status is not None:
            self._show(self.status)

    def check(self) -> None:
        if self.checking:
            return
        self.checking = True
        self.check_button.setEnabled(False)
        self.text.setStyleSheet("")
        self.text.setText(self.tr("Audit trail: checking…"))
        run_task(
            self, audit_status.check, self.store,
            on_success=self._checked, on_failure=self._failed,
        )  # fmt: skip

    def _checked(self, status: AuditStatus) -> None:
        self.checking = False
        self.check_button.setEnabled(True)
        self.status = status
        self._show(status)

    def _failed(self, exc: BaseException) -> None:
        self.checking = False
        self.check_button.setEnabled(True)
        self.text.setStyleSheet(BAD_STYLE)
        self.text.setText(self.tr("Audit trail could not be checked: {0}").format(exc))

    def _show(self, status: AuditStatus) -> None:
        if status.ok:
            self.text.setStyleSheet(OK_STYLE)
            text = self._intact(status)
            if status.notes:  # shown, not hidden in a tooltip (issue 14 breaker H1)
                notes = "; ".join(tr_core(n) for n in status.notes[:SHOWN_PROBLEMS])
                text += "\n" + self.tr("Note: {0}").format(notes)
            self.text.setText(text)
            self.text.setToolTip("\n".join(tr_core(n) for n in status.notes))
            return
        shown = [tr_core(p) for p in status.problems[:SHOWN_PROBLEMS]]
        more = len(status.problems) - len(shown)
        if more > 0:
            shown.append(self.tr("… and {0} more (appraiser audit verify lists them)").format(more))
        self.text.setStyleSheet(BAD_STYLE)
        self.text.setText(self.tr("Audit trail NOT intact: {0}").format("; ".join(shown)))
        self.text.setToolTip("\n".join(tr_core(p) for p in status.problems))

    def _intact(self, status: AuditStatus) -> str:
        if status.last_checkpoint is None:
            return self.tr("Audit trail intact: {0} events, no signed checkpoint yet").format(
                f"{status.events:,}"
            )
        return self.tr("Audit trail intact: {0} events, last checkpoint {1}").format(
            f"{status.events:,}", format_local(status.last_checkpoint, self.tz, seconds=True)
        )
