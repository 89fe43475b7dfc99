"""Rendering a lot's unit labels in worker processes (issue 16: 60,000-unit lots).

Why processes: drawing a label (QR symbol, serial text, ZPL compression or PDF drawing) is
pure Python and C-extension work that holds the interpreter lock, so threads cannot share
it out. Rendering is a pure function of the signed payloads (``LabelContent``), so it moves
to a pool while everything that records anything — issuing, signing, the print journal —
stays in the parent's transactions. Results come back in submission order, so job *k* is
always the document of job *k*'s serials.

Small batches render in-process (starting interpreters costs more than it saves), as does a
frozen build, which has no ``python -m`` to spawn workers with.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from appraiser.labels import layouts, pdf, zpl_format
from appraiser.labels.content import LabelContent
from appraiser.services.records.export_child import can_fork

# Labels from which a pool pays, per format. Native ZPL (``zpl_format``) is a stored format
# and a short recall per label, tens of thousands a second in-process: a pool only costs.
POOL_FROM = {"pdf": 2_000, "zpl": 10**12}
Document = list[str] | bytes  # ZPL formats, or one PDF


def render(stock: str, fmt: str, dpi: int, contents: list[LabelContent], title: str) -> Document:
    """One job's document: ZPL (one string per label, the first storing the job's format,
    ``zpl_format``) or a PDF (one page per label)."""
    layout = layouts.load(stock)
    if fmt == "zpl":
        return zpl_format.render(layout, contents, dpi)
    return pdf.render(layout, contents, title=title, dpi=dpi)


def _warm() -> None:
    """Worker start: lower priority (the bench's UI comes first) and load the fonts once."""
    if hasattr(os, "nice"):
        os.nice(5)
    from appraiser import fonts

    fonts.register_reportlab()


def workers_for(count: int, fmt: str = "pdf") -> int:
    """Worker processes for ``count`` labels in ``fmt``: none for a small batch (or ZPL),
    else one per core."""
    if count < POOL_FROM[fmt] or not can_fork():
        return 0
    return max(1, os.cpu_count() or 1)


class Renderer:
    """Renders jobs in order, ``ahead`` of them in flight: in a pool, or in-process."""

    def __init__(self, stock: str, fmt: str, dpi: int, *, workers: int = 0) -> None:
        self.stock, self.fmt, self.dpi = stock, fmt, dpi
        self.pool = None
        if workers > 0:
            context = get_context("spawn")  # never fork a process holding SQLite and threads
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm)
        self.ahead = 2 * max(1, workers)

    def submit(self, contents: list[LabelContent], title: str) -> Future:
        if self.pool is None:
            done: Future = Future()
            done.set_result(render(self.stock, self.fmt, self.dpi, contents, title))
            return done
        return self.pool.submit(render, self.stock, self.fmt, self.dpi, contents, title)

    def ordered(self, jobs: Iterable[tuple[list[LabelContent], str]]) -> Iterator[Document]:
        """Documents of ``jobs`` (contents, title) in order, rendering ahead in the pool."""
        waiting: deque[Future] = deque()
        for contents, title in jobs:
            waiting.append(self.submit(contents, title))
            if len(waiting) >= self.ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
