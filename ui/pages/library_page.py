"""Library page: search the genuine versions by brand, model, GTIN or region, see each
version's images with their ROIs, import packs and remove versions (supervisors)."""

from __future__ import annotations

from typing import Any

import cv2
from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.domain.enums import Role
from appraiser.imaging import load_image
from appraiser.services.admin.station import Station
from appraiser.services.reference import library
from ui.context import AppContext
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.compare_canvas import Box, ImageCanvas, to_qimage
from ui.widgets.library_import import ImportDialog
from ui.widgets.library_model import KEY_COLUMNS, LibraryModel
from ui.widgets.table_fit import fit_columns

THUMB = 44
SEARCH_DELAY_MS = 250
LIST_LIMIT = 2000


def search(station: Station, text: str) -> list[dict[str, Any]]:
    return [r.as_dict() for r in library.list_versions(station.store, text, limit=LIST_LIMIT)]


def thumbnails(station: Station, rows: list[int]) -> dict[int, QImage]:
    """First image of each version, shrunk (QImage is safe to build off the UI thread)."""
    out = {}
    for row in rows:
        images = library.version_images(station.store, station.data, row)
        if images:
            pixels = load_image(images[0]["path"])
            scale = THUMB / pixels.shape[0]
            small = cv2.resize(pixels, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            out[row] = to_qimage(small)
    return out


def images_of(station: Station, row: int) -> list[dict[str, Any]]:
    images = library.version_images(station.store, station.data, row)
    for image in images:
        image["pixels"] = load_image(image["path"])
    return images


class LibraryPage(Page):
    key = "library"
    title_source = QT_TRANSLATE_NOOP("nav", "Library")
    shortcut = "F11"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.images: list[dict[str, Any]] = []
        self._category: str | None = None
        self.search_box = QLineEdit(objectName="librarySearch", clearButtonEnabled=True)
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self.refresh)
        self.search_box.textChanged.connect(lambda _: self.timer.start())
        self.import_button = QPushButton(objectName="libraryImport")
        self.import_button.clicked.connect(self.open_import)
        self.remove_button = QPushButton(objectName="libraryRemove", enabled=False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.count = QLabel(objectName="libraryCount")
        self.model = LibraryModel(self)
        self.table = QTableView(objectName="libraryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setIconSize(QSize(THUMB, THUMB))
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 6)
        fit_columns(self.table, KEY_COLUMNS, prefer=("brand", "model"))
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.views = QListWidget(objectName="libraryViews")
        self.views.setMaximumHeight(90)
        self.views.currentRowChanged.connect(self._show_image)
        self.canvas = ImageCanvas(self, "libraryImage")
        self.details = QLabel(objectName="libraryDetails", wordWrap=True)
        self._layout()
        self.retranslate()
        ctx.session_changed.connect(lambda _: self._permissions())
        ctx.records_changed.connect(lambda what: what == "library" and self.refresh())
        self._permissions()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count)
        top.addWidget(self.import_button)
        top.addWidget(self.remove_button)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(self.details)
        side.addWidget(self.views)
        side.addWidget(self.canvas, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 5)  # the list first: brand and model need room
        split.setStretchFactor(1, 2)
        split.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def retranslate(self) -> None:
        self.search_box.setPlaceholderText(self.tr("Search brand, model, GTIN or region"))
        self.import_button.setText(self.tr("Import pack…"))
        self.remove_button.setText(self.tr("Remove version…"))
        self._count_text()
        self._details_text()
        for number, image in enumerate(self.images):
            self.views.item(number).setText(display(image["view"], self._category))

    def _permissions(self) -> None:
        session = self.ctx.session
        allowed = session is not None and session.role in (Role.SUPERVISOR, Role.ADMIN)
        self.import_button.setVisible(allowed)
        self.remove_button.setVisible(allowed)

    def activated(self) -> None:
        self.refresh()

    # -- search ------------------------------------------------------------------------
    def refresh(self) -> None:
        run_task(self, search, self.ctx.station, self.search_box.text(), on_success=self._rows)

    def _rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self._count_text()
        if rows:
            self.table.selectRow(0)
        run_task(
            self,
            thumbnails,
            self.ctx.station,
            [r["row"] for r in rows[:200]],
            on_success=self._thumbnails,
        )

    def _thumbnails(self, thumbs: dict[int, QImage]) -> None:
        self.model.set_thumbnails(thumbs)

    def _count_text(self) -> None:
        self.count.setText(self.tr("%n version(s)", "", self.model.rowCount()))

    # -- one version -----------------------------------------------------------------
    def selected_version(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        version = self.model.row(current.row()) if current.isValid() else None
        self.remove_button.setEnabled(version is not None)
        if version is None:
            return
        self._category = version["category"]
        self._details_text()
        run_task(self, images_of, self.ctx.station, version["row"], on_success=self._images)

    def _details_text(self) -> None:
        version = self.selected_version()
        if version is None:
            return
        self.details.setText(
            self.tr("%1 %2 · region %3 · GTIN %4 · pack “%5”")
            .replace("%1", version["brand"])
            .replace("%2", version["model"])
            .replace("%3", version["region"] or "–")
            .replace("%4", version["gtin"] or "–")
            .replace("%5", version["pack_name"])
        )

    def _images(self, images: list[dict[str, Any]]) -> None:
        self.images = images
        self.views.blockSignals(True)
        self.views.clear()
        for image in images:
            self.views.addItem(display(image["view"], self._category))
            self.views.item(self.views.count() - 1).setToolTip(image["file"])
        self.views.blockSignals(False)
        self.views.setCurrentRow(0 if images else -1)
        self._show_image(0 if images else -1)

    def _show_image(self, number: int) -> None:
        if not 0 <= number < len(self.images):
            self.canvas.set_image(None)
            return
        image = self.images[number]
        self.canvas.set_image(image["pixels"])
        self.canvas.set_boxes(
            [Box(r["x"], r["y"], r["w"], r["h"], r["name"]) for r in image["rois"]]
        )

    # -- changes -----------------------------------------------------------------------
    def open_import(self) -> None:
        dialog = ImportDialog(self.ctx, self)
        dialog.open()

    def remove_selected(self) -> None:
        version = self.selected_version()
        session = self.ctx.session
        if version is None or session is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Remove version"),
            self.tr("Why is %1 taken out of the library? (kept in the audit trail)").replace(
                "%1", version["version_id"]
            ),
        )
        if ok and reason.strip():
            run_task(
                self,
                library.remove_version,
                self.ctx.station.store,
                self.ctx.station.data,
                version["version_id"],
                session,
                reason.strip(),
                db_write=True,
                on_success=lambda _: self.ctx.records_changed.emit("library"),
            )
