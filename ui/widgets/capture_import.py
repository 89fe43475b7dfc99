"""Photos imported into the capture widget from files or folders (a DSLR's card, say):
each readable photo fills the selected view, then the next views still missing, and goes
through the same quality gate as a camera still; refused files are listed.

The import belongs to the appraisal that was shown when it started: if the bench has
moved on by the time the folder is read, nothing is filed under the new case.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from appraiser.capture import stills
from ui.tasks import run_task

if TYPE_CHECKING:
    from ui.widgets.capture_widget import CaptureWidget


class PhotoImport(QObject):
    def __init__(self, widget: CaptureWidget) -> None:
        super().__init__(widget)
        self.widget = widget

    def choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.widget, self.tr("Import photos from a folder")
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        widget, uid = self.widget, self.widget.uid
        run_task(
            self,
            stills.scan,
            paths,
            on_success=lambda found: self._imported(found) if uid == widget.uid else None,
            on_failure=widget._store_failed,
        )

    def _imported(self, candidates: list[stills.Candidate]) -> None:
        widget = self.widget
        refused = [f"{c.path.name}: {c.refused}" for c in candidates if c.refused]
        good = [c for c in candidates if not c.refused]
        targets = widget.shots.open_views_from_current(len(good))
        for candidate, view in zip(good, targets, strict=False):
            widget.check_and_store(
                candidate.image,
                view,
                data=candidate.data,
                mime=candidate.mime,
                name=candidate.path.name,
            )
        extra = len(good) - len(targets)
        if refused or extra > 0:
            left_over = self.tr("%1 photo(s) left over: every view is taken.")
            lines = refused + ([left_over.replace("%1", str(extra))] if extra > 0 else [])
            QMessageBox.warning(widget, self.tr("Some files were not imported"), "\n".join(lines))
