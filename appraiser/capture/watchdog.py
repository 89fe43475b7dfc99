"""Deciding that a camera is lost, from the outside.

After an unplug OpenCV may block in ``read`` forever or keep handing back the last frame,
so the reading thread cannot be trusted to notice. The reading thread only ``feed``s
frames; another thread (the UI's timer) calls ``check``. "No new frame for ``stall_s``" or
"the same picture for ``freeze_s``" means lost. Both limits sit below two seconds so that,
checked every 100 ms, a loss is reported within 2 s of the last good frame.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

import numpy as np

STALLED = "stalled"
FROZEN = "frozen"


def fingerprint(image: np.ndarray) -> bytes:
    """A cheap digest of a sparse pixel grid: a live sensor's noise changes it every frame."""
    return hashlib.blake2b(np.ascontiguousarray(image[::8, ::8]).tobytes(), digest_size=16).digest()


class Watchdog:
    def __init__(
        self,
        *,
        stall_s: float = 1.5,
        freeze_s: float = 1.2,
        check_repeats: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stall_s = stall_s
        self.freeze_s = freeze_s
        self.check_repeats = check_repeats
        self.clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Start watching afresh (after open or reconnect): the grace period starts now."""
        with self._lock:
            now = self.clock()
            self._last_frame = now
            self._last_change = now
            self._print: bytes | None = None
            self.frames = 0

    def feed(self, image: np.ndarray) -> None:
        digest = fingerprint(image) if self.check_repeats else None
        with self._lock:
            now = self.clock()
            self._last_frame = now
            self.frames += 1
            if digest is None or digest != self._print:
                self._print, self._last_change = digest, now

    def check(self) -> str | None:
        """``None`` while healthy, else why the camera counts as lost."""
        with self._lock:
            now = self.clock()
            if now - self._last_frame >= self.stall_s:
                return STALLED
            repeating = self._last_frame > self._last_change  # frames came, all the same
            if self.check_repeats and repeating and now - self._last_change >= self.freeze_s:
                return FROZEN
            return None
