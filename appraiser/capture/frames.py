"""The frame record every source produces and every consumer (preview, recorder) reads."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Frame:
    """One camera frame. ``image`` is BGR uint8 (OpenCV's order) and is never modified in
    place by a consumer, so preview and recorder can share it without copies."""

    image: np.ndarray
    index: int
    mono: float = field(default_factory=time.monotonic)  # when it arrived (monotonic)
    wall: float = field(default_factory=time.time)  # the same moment as Unix time

    @property
    def size(self) -> tuple[int, int]:
        return int(self.image.shape[1]), int(self.image.shape[0])
