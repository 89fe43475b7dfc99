"""The supervisor's list of the day's signed appraisals, and "Amend verdict…" on the selected
one — offered only to a role the rule book lets amend (DESIGN §3.4); the rules themselves
(never one's own verdict, never a case in blind review) are the service's, and its refusal
is shown in the dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from appraiser.labels import ids
from appraiser.services.admin import rules
from appraiser.services.admin.rules import Action
from appraiser.services.casework import amendments
from ui.context import AppContext
from ui.dialogs.amend_dialog import AmendDialog
from ui.models.rows_model import RowsModel
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.table_fit import fit_columns

SIGNED_COLUMNS = (
    ("signed_at", QT_TRANSLATE_NOOP("supervisor", "Signed")),
    ("id", QT_TRANSLATE_NOOP("supervisor", "Appraisal")),
    ("verdict", QT_TRANSLATE_NOOP("supervisor", "Verdict")),
    ("signer", QT_TRANSLATE_NOOP("supervisor", "Signed by")),
    ("brand", QT_TRANSLATE_NOOP("supervisor", "Brand")),
    ("model", QT_TRANSLATE_NOOP("supervisor", "Model")),
    ("label_serial", QT_TRANSLATE_NOOP("supervisor", "Label")),
    ("label_state", QT_TRANSLATE_NOOP("supervisor", "Label state")),
)
KEY_COLUMNS = ("signed_at", "id", "verdict", "label_serial", "label_state")


class SignedAppraisals(QWidget):
    """The table and its action; an amendment stored announces ``records_changed``, so
    the page reloads its figures and this list; ``loaded`` follows each new list."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, when: Callable[[object], str], parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] | None = None
        self.amend_dialog: AmendDialog | None = None
        self.model = RowsModel(
            SIGNED_COLUMNS, "supervisor", self,
            {"signed_at": when, "verdict": display, "label_state": display,
             "label_serial": ids.group},
        )  # fmt: skip
        self.table = QTableView(objectName="signedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        fit_columns(self.table, KEY_COLUMNS, prefer=("signer",))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.amend_button = QPushButton(objectName="amendVerdict")
        self.amend_button.clicked.connect(self.open_amend)
        self.hint = QLabel(objectName="amendHint", wordWrap=True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.amend_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.amend_button.setText(self.tr("Amend verdict…"))
        self.hint.setText(
            self.tr("Select a signed appraisal to amend its verdict (never one you signed).")
        )

    def may_amend(self) -> bool:
        session = self.ctx.session
        return session is not None and rules.allowed(session.role, Action.AMEND_VERDICT)

    def _update(self) -> None:
        allowed = self.may_amend()
        self.amend_button.setVisible(allowed)
        self.hint.setVisible(allowed)
        self.amend_button.setEnabled(allowed and self.selected_uid() is not None)

    def selected_uid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row())["id"] if rows else None

    # -- data ---------------------------------------------------------------------------
    def load(self, day: date) -> None:
        run_task(
            self, amendments.signed_for_day, self.ctx.station.store, day, self.ctx.settings.tz(),
            on_success=self._loaded,
        )  # fmt: skip

    def _loaded(self, rows: list[dict]) -> None:
        keep = self.selected_uid()
        self.rows = rows
        self.model.set_rows(rows)
        for number, row in enumerate(rows):
            if row["id"] == keep:
                self.table.selectRow(number)
        self._update()
        self.loaded.emit()

    # -- amending -----------------------------------------------------------------------
    def open_amend(self) -> None:
        uid = self.selected_uid()
        if uid is None or not self.may_amend():
            return
        self.amend_button.setEnabled(False)
        run_task(
            self, amendments.preview, self.ctx.station.store, uid,
            on_success=self._show_dialog,
            on_failure=self._preview_failed,
        )  # fmt: skip

    def _preview_failed(self, exc: BaseException) -> None:
        self._update()
        from ui.errors import show_error

        show_error(self, exc)

    def _show_dialog(self, case: amendments.AmendPreview) -> None:
        self._update()
        session = self.ctx.session
        if session is None:
            return
        dialog = AmendDialog(self.ctx.station, session, case, self)
        dialog.amended.connect(self._amended)
        dialog.setModal(True)
        dialog.open()
        self.amend_dialog = dialog

    def _amended(self, _signed) -> None:
        self.ctx.records_changed.emit("appraisals")
        self.ctx.records_changed.emit("labels")
