"""Column widths that keep the columns people act on in sight, in any language and size.

A bench table mixes short things a person acts on — ids, states, verdicts, serials, times —
with free text of any length (merchant, brand, notes). Qt's stretch and resize-to-contents
modes let one long merchant name push the verdict off a 1366-pixel screen, or squeeze an
appraisal id to ``AP-…``. ``fit_columns`` gives every *key* column its full width (header
and cells, never elided), shares what is left among the free-text columns (elided), and
makes the table ask its layout for at least that much, so splitters and small screens
cannot squeeze key columns out. It refits on every resize, model change and language
switch (a header's width changes with its language).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

FREE_MIN_CHARS = 3  # a free-text column never gets narrower than "ab…"
_EVENTS = {QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange}


class ColumnFit(QObject):
    """Keeps ``view``'s columns fitted; ``keys`` names its key columns (by the model's
    ``column_key`` or by column number); ``prefer`` names free-text columns that get their
    full width first, in that order, whenever the others can still keep a sliver."""

    def __init__(
        self, view: QTableView, keys: Iterable[str | int], prefer: Iterable[str | int] = ()
    ) -> None:
        super().__init__(view)
        self.view = view
        self.keys = frozenset(keys)
        self.prefer = tuple(prefer)
        self._fitting = False
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setWordWrap(False)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        model = view.model()
        for signal in (
            model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
            model.dataChanged, model.headerDataChanged, model.columnsInserted,
        ):  # fmt: skip
            signal.connect(self.refit)
        self.refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _EVENTS:
            self.refit()
        return False

    def is_key(self, column: int) -> bool:
        return self._name(column) in self.keys or column in self.keys

    def _name(self, column: int) -> str | int:
        model = self.view.model()
        return model.column_key(column) if hasattr(model, "column_key") else column

    def _preferred(self, free: list[int]) -> list[int]:
        rank = {name: n for n, name in enumerate(self.prefer)}
        chosen = [c for c in free if self._name(c) in rank or c in rank]
        return sorted(chosen, key=lambda c: rank.get(self._name(c), rank.get(c, 0)))

    def wanted(self, column: int) -> int:
        """What the column needs to show its header and its cells unelided."""
        header = self.view.horizontalHeader()
        return max(header.sectionSizeHint(column), self.view.sizeHintForColumn(column), 0)

    def refit(self, *_args) -> None:
        if self._fitting or self.view.model() is None:
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        count = self.view.model().columnCount()
        want = [self.wanted(c) for c in range(count)]
        keys = [c for c in range(count) if self.is_key(c)]
        free = [c for c in range(count) if c not in keys]
        floor = self.view.fontMetrics().horizontalAdvance("M" * FREE_MIN_CHARS)
        self._ask_for(sum(want[c] for c in keys) + floor * len(free))
        room = self.view.viewport().width() - sum(want[c] for c in keys)
        widths = dict(enumerate(want))
        taken = []
        for column in self._preferred(free):  # full width while the rest keep a sliver
            if room - want[column] < floor * (len(free) - 1):
                break
            room -= want[column]
            free.remove(column)
            taken.append(column)
        widths.update(_share(room, {c: want[c] for c in free}, floor))
        stretch = max(taken, key=want.__getitem__) if taken else (keys[-1] if keys else None)
        if not free and stretch is not None and room > 0:
            widths[stretch] += room  # nothing free left to stretch: this one takes the rest
        header = self.view.horizontalHeader()
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _ask_for(self, columns: int) -> None:
        """Make the layout give the table at least the key columns and a sliver of each
        free-text column, with its frame, row numbers and a vertical scroll bar."""
        view = self.view
        extra = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        if not view.verticalHeader().isHidden():
            extra += view.verticalHeader().width()
        if view.minimumWidth() != columns + extra:
            view.setMinimumWidth(columns + extra)


def _share(room: int, want: dict[int, int], floor: int) -> dict[int, int]:
    """Split ``room`` pixels among free-text columns, fairly: a column that wants less than
    an equal share gets what it wants, the rest share what is left equally (never below
    ``floor``). When everything fits, the spare width is shared in proportion to what each
    wants, so a merchant name stretches, not a short model number."""
    if not want:
        return {}
    shares: dict[int, int] = {}
    open_, left = dict(want), room
    while open_:
        fair = max(left // len(open_), floor)
        small = {c: w for c, w in open_.items() if w <= fair}
        if not small:
            shares.update(dict.fromkeys(open_, fair))
            break
        for column, width in small.items():
            shares[column] = width
            left -= width
            del open_[column]
    spare = room - sum(shares.values())
    if spare > 0:
        total = sum(want.values()) or 1
        for column, width in want.items():
            shares[column] += spare * width // total
    widest = max(want, key=want.get)
    shares[widest] += max(room - sum(shares.values()), 0)
    return shares


def fit_columns(
    view: QTableView, keys: Iterable[str | int], prefer: Iterable[str | int] = ()
) -> ColumnFit:
    """Fit ``view``'s columns from now on (see the module docstring)."""
    return ColumnFit(view, keys, prefer)
