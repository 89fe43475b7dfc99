"""The compare view: bench photo and genuine reference side by side, the aligned overlay
(opacity slider, flicker), the deviation heatmap and the regions, with the engine's
reading worded as advice. The appraiser decides; this view never states a verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.tasks import run_task
from ui.widgets.compare_analysis import Analysis, analyse, appraisal_photo, forget
from ui.widgets.compare_canvas import Box, ImageCanvas
from ui.widgets.no_match_button import NoMatchButton

FLICKER_MS = 450


class CompareWidget(QWidget):
    analysed = Signal(dict)  # the ``appraiser match`` line of the last analysis
    busy_changed = Signal(bool)
    no_match_requested = Signal()  # "put this item on the library's no-match list"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="compareWidget")
        self.ctx = ctx
        self.analysis: Analysis | None = None
        self._appraisal_photo: tuple[Path | None, str | None] = (None, None)
        self._request = 0  # answers to an older request are dropped
        self.busy = False
        self._flicker_on = False
        # The owner that knows the item (the bench's compare step) offers the no-match list
        # on a ``no_match`` answer; the Compare page, comparing a loose photo, does not.
        self.offers_no_match = False
        self.timer = QTimer(self, interval=FLICKER_MS, timeout=self._flick)
        self._build()
        self.retranslate()
        ctx.records_changed.connect(self._records_changed)

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.photo_view = ImageCanvas(self, "comparePhoto")
        self.reference_view = ImageCanvas(self, "compareReference")
        self.photo_title, self.reference_title = QLabel(), QLabel()
        pictures = QSplitter(Qt.Orientation.Horizontal, self)
        for title, view in (
            (self.photo_title, self.photo_view),
            (self.reference_title, self.reference_view),
        ):
            box = QWidget(pictures)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(view, 1)
        self.opacity = QSlider(Qt.Orientation.Horizontal, objectName="compareOpacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.valueChanged.connect(self._apply_layers)
        self.overlay = QCheckBox(objectName="compareOverlay", checked=True)
        self.flicker = QCheckBox(objectName="compareFlicker")
        self.heatmap = QCheckBox(objectName="compareHeatmap")
        for toggle in (self.overlay, self.heatmap):
            toggle.toggled.connect(self._apply_layers)
        self.flicker.toggled.connect(self._toggle_flicker)
        self.opacity_label = QLabel()
        controls = QHBoxLayout()
        for widget in (self.overlay, self.opacity_label, self.opacity, self.flicker, self.heatmap):
            controls.addWidget(widget)
        self.regions = QListWidget(objectName="compareRegions")
        self.regions.currentRowChanged.connect(self.zoom_to_region)
        self.regions.setMaximumWidth(260)
        self.advice = QLabel(objectName="compareAdvice", wordWrap=True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match = NoMatchButton("compareOfferNoMatch")
        self.no_match.clicked.connect(self._offer_no_match)
        advice = QHBoxLayout()
        advice.addWidget(self.advice, 1)
        advice.addWidget(self.no_match, 0, Qt.AlignmentFlag.AlignTop)
        self.scores = QLabel(objectName="compareScores", wordWrap=True)
        self.regions_title = QLabel()
        self.not_inspected = QLabel(objectName="compareNotInspected", wordWrap=True)
        self.not_inspected.setTextFormat(Qt.TextFormat.PlainText)
        self.not_inspected.setMaximumWidth(260)
        side = QVBoxLayout()
        side.addWidget(self.regions_title)
        side.addWidget(self.regions, 1)
        side.addWidget(self.not_inspected)
        middle = QHBoxLayout()
        middle.addWidget(pictures, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(advice)
        layout.addWidget(self.scores)
        layout.addLayout(middle, 1)
        layout.addLayout(controls)

    def retranslate(self) -> None:
        self.photo_title.setText(self.tr("Bench photo"))
        self.reference_title.setText(self.tr("Genuine reference (photo overlaid after alignment)"))
        self.overlay.setText(self.tr("Aligned overlay"))
        self.opacity_label.setText(self.tr("Opacity"))
        self.flicker.setText(self.tr("Flicker"))
        self.heatmap.setText(self.tr("Deviation heatmap"))
        self.regions_title.setText(self.tr("Regions to inspect (click to zoom)"))
        self.no_match.set_texts(
            self.tr("Add to the library's “no match” list"),
            self.tr("On the library's “no match” list"),
        )
        if self.analysis is None:
            self.advice.setText(
                self.tr("Choose a bench photo to compare it with the genuine references.")
            )
        else:
            self._show_text(self.analysis)

    # -- inputs ----------------------------------------------------------------------
    def set_photo(
        self, source: Path | np.ndarray, version_id: str | None = None, gtin: str | None = None
    ) -> None:
        """Identify and compare ``source`` in the background."""
        self._set_busy(True)
        self.advice.setText(self.tr("Comparing with the genuine references…"))
        request = self._next_request()
        run_task(
            self,
            analyse,
            self.ctx.station,
            source,
            version_id,
            gtin,
            on_success=lambda found: self._answer(request, self.show_analysis, found),
            on_failure=lambda exc: self._answer(request, self._failed, exc),
        )

    def set_appraisal(self, uid: str) -> None:
        """Compare the latest photo of an appraisal (restricted to its GTIN if known).

        Whatever showed before (another case's photo, match score, regions) goes at once,
        not when this case's comparison is ready."""
        self.clear()
        self._set_busy(True)
        self.advice.setText(self.tr("Comparing with the genuine references…"))
        request = self._next_request()
        run_task(
            self,
            appraisal_photo,
            self.ctx.station,
            uid,
            on_success=lambda found: self._answer(request, self._got_appraisal_photo, found),
            on_failure=lambda exc: self._answer(request, self._failed, exc),
        )

    def clear(self) -> None:
        """Show nothing: no photo, reference, score, regions or advice of an earlier case."""
        self._next_request()
        self.analysis = None
        self._appraisal_photo = (None, None)
        self.flicker.setChecked(False)
        for view in (self.photo_view, self.reference_view):
            view.set_image(None)
        self.regions.clear()
        self.scores.clear()
        self.not_inspected.clear()
        self.no_match.hide()
        self.no_match.set_listed(False)  # the next case's state is loaded by the owner
        self.retranslate()
        self._set_busy(False)

    def has_photo(self) -> bool:
        """Whether the appraisal being compared has a photo (``set_appraisal``)."""
        return self._appraisal_photo[0] is not None

    def _next_request(self) -> int:
        self._request += 1
        return self._request

    def _answer(self, request: int, callback, value) -> None:
        if request == self._request:
            callback(value)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _got_appraisal_photo(self, found: tuple[Path | None, str | None]) -> None:
        path, gtin = found
        self._appraisal_photo = (path, gtin)
        if path is None:
            self._set_busy(False)
            self.advice.setText(self.tr("This appraisal has no photo yet."))
            return
        self.set_photo(path, gtin=gtin)

    def compare_version(self, version_id: str | None) -> None:
        """Compare the appraisal's photo again, with one version only (``None``: every
        version carrying its GTIN)."""
        path, gtin = self._appraisal_photo
        if path is not None:
            self.set_photo(path, version_id=version_id, gtin=None if version_id else gtin)

    def result(self) -> dict[str, Any] | None:
        """The engine's last reading (stored with the appraiser's own decision)."""
        return dict(self.analysis.result) if self.analysis else None

    # -- the library's "no match" list ----------------------------------------------------
    def set_no_match_listed(self, listed: bool) -> None:
        """Whether this item is on the library's "no match" list (asked by the owner: the
        intake may have put it there already)."""
        self.no_match.set_listed(listed)

    def _no_match_advice(self, offer: bool) -> str:
        if offer:  # the button beside the advice does it
            return self.tr(
                "Advice: no genuine reference matched this photo. Try another view or "
                "choose the version by hand; if the product is missing from the library, "
                "put it on the library's “no match” list for the library keeper."
            )
        return self.tr(
            "Advice: no genuine reference matched this photo. Try another view or "
            "choose the version by hand; if the product is missing from the library, "
            "tell the library keeper."
        )

    def _other_product(self, result: dict) -> str:
        """Why the closest version was not taken, when its own text says so (``match``'s
        ``reads_other``): the photo prints another name where that version prints its own."""
        other = result.get("reads_other")
        if not other:
            return ""
        found = self.tr(
            "The photo reads “%1” where the closest genuine version %2 prints “%3”: "
            "another product."
        )
        closest = result["candidates"][0]["version_id"] if result.get("candidates") else ""
        return (
            found.replace("%1", other["photo"])
            .replace("%2", closest)
            .replace("%3", other["reference"])
            + "\n"
        )

    def _offer_no_match(self) -> None:
        self.no_match.setEnabled(False)  # one request at a time; the owner answers
        self.no_match_requested.emit()

    # -- outputs ---------------------------------------------------------------------
    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.advice.setText(
            self.tr("The comparison could not run: %1").replace(
                "%1", str(getattr(exc, "message", exc))
            )
        )

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.photo_view.set_image(analysis.photo)
        self.reference_view.set_image(analysis.reference)
        self.reference_view.set_hatch(analysis.hatch)
        self._apply_layers()
        self.regions.blockSignals(True)
        self.regions.clear()
        for n, region in enumerate(analysis.result["regions"], start=1):
            item = QListWidgetItem(self._region_label(n, region))
            item.setData(Qt.ItemDataRole.UserRole, region)
            self.regions.addItem(item)
        self.regions.blockSignals(False)
        self._show_boxes(None)
        self._show_text(analysis)
        self._set_busy(False)
        self.analysed.emit(analysis.result)

    def _region_label(self, n: int, region: dict) -> str:
        """The list line "Region 1 — deviation 0.93", and the two readings when the printed text of
        the region differs from the genuine one (issue 13 item 5)."""
        label = (
            self.tr("Region %1 — deviation %2")
            .replace("%1", str(n))
            .replace("%2", f"{region['score']:.2f}")
        )
        readings = region.get("text")
        if not readings:
            return label
        reads = self.tr("reads “%1”, genuine “%2”")
        return (
            label
            + "\n"
            + reads.replace("%1", readings["photo"]).replace("%2", readings["reference"])
        )

    def _reason(self, reason: str) -> str:
        """A not-inspected reason (``match --json``'s ``not_inspected``) in words."""
        words = {
            "hand": self.tr("hand"),
            "glare": self.tr("glare"),
            "shadow": self.tr("shadow"),
            "out_of_frame": self.tr("out of frame"),
            "occluded": self.tr("covered"),
        }
        return words.get(reason, reason)

    def _legend(self, areas: list[dict]) -> str:
        """The hatching's legend: "Not inspected (hatched): hand 14 %, glare 3 %"."""
        if not areas:
            return ""
        shares: dict[str, float] = {}
        for area in areas:
            shares[area["reason"]] = shares.get(area["reason"], 0.0) + area["share"]
        parts = [f"{self._reason(r)} {round(100 * v)}\u00a0%" for r, v in shares.items()]
        return self.tr("Not inspected (hatched): %1").replace("%1", ", ".join(parts))

    def _show_text(self, analysis: Analysis) -> None:
        result = analysis.result
        version = analysis.version.get("version_id", "")
        suggestion = result["suggestion"]
        self.not_inspected.setText(self._legend(result.get("not_inspected", [])))
        offer = self.offers_no_match and suggestion == "no_match"
        self.no_match.setVisible(offer)
        if suggestion == "no_match":
            self.advice.setText(self._other_product(result) + self._no_match_advice(offer))
            self.scores.setText("")
            return
        if suggestion == "retake":
            text = self.tr(
                "Advice: too much of the item is hidden (hatched) to compare it with the "
                "genuine reference %1. Retake the photo with the whole item in view, "
                "no hand over it and no glare."
            )
        elif suggestion == "deviates":
            text = self.tr(
                "Advice: the photo deviates from the genuine reference %1 in the "
                "marked regions. Inspect them on the item itself; the decision "
                "is yours."
            )
        else:
            text = self.tr(
                "Advice: the photo looks consistent with the genuine reference "
                "%1. Still check the item yourself before you decide."
            )
        self.advice.setText(text.replace("%1", version))
        best = result["candidates"][0]
        self.scores.setText(
            self.tr("Match score %1 (%2 matching points) · deviation %3 · %4 ms")
            .replace("%1", f"{best['score']:.2f}")
            .replace("%2", str(best["inliers"]))
            .replace("%3", f"{result['deviation']:.2f}")
            .replace("%4", f"{result['ms']:.0f}")
        )

    def _apply_layers(self) -> None:
        analysis = self.analysis
        if analysis is None or analysis.reference is None:
            return
        if self.heatmap.isChecked():
            self.reference_view.set_overlay(analysis.heatmap, 0.85)
        elif self.overlay.isChecked():
            self.reference_view.set_overlay(analysis.aligned, self.opacity.value() / 100)
        else:
            self.reference_view.set_overlay(None)
        self._show_boxes(self.regions.currentRow() if self.regions.count() else None)

    def _toggle_flicker(self, on: bool) -> None:
        if on:
            self.heatmap.setChecked(False)
            self.overlay.setChecked(True)
            self.timer.start()
        else:
            self.timer.stop()
            self._apply_layers()

    def _flick(self) -> None:
        self._flicker_on = not self._flicker_on
        self.reference_view.set_overlay_opacity(1.0 if self._flicker_on else 0.0)

    def _show_boxes(self, current: int | None) -> None:
        if self.analysis is None:
            return
        regions = self.analysis.result["regions"]
        boxes, photo_boxes = [], []
        for n, region in enumerate(regions):
            colour = "#00e5ff" if n == current else "#ffb000"
            boxes.append(
                Box(region["x"], region["y"], region["w"], region["h"], str(n + 1), colour)
            )
            mapped = self.analysis.photo_box(region)
            if mapped:
                photo_boxes.append(Box(*mapped, str(n + 1), colour))
        self.reference_view.set_boxes(boxes)
        self.photo_view.set_boxes(photo_boxes)

    def zoom_to_region(self, row: int) -> None:
        """Frame the chosen region in both images."""
        if self.analysis is None or row < 0:
            return
        region = self.analysis.result["regions"][row]
        self._show_boxes(row)
        self.reference_view.zoom_to(QRectF(region["x"], region["y"], region["w"], region["h"]))
        mapped = self.analysis.photo_box(region)
        if mapped:
            self.photo_view.zoom_to(QRectF(*mapped))

    def _records_changed(self, what: str) -> None:
        if what == "library":
            forget(self.ctx.station)
