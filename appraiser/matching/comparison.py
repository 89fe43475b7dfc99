"""What a comparison of a bench photo with one reference says (:mod:`deviation` makes
it): the scored regions, the maps the compare view draws, and what was not inspected.
Kept apart from the comparison itself so the engine, the text check and the front end
can read a result without the image pipeline that made it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from appraiser.matching import occlusion


@dataclass
class Region:
    x: int
    y: int
    w: int
    h: int
    score: float
    roi: str | None = None

    def as_dict(self) -> dict:
        return {
            "x": self.x,
            "y": self.y,
            "w": self.w,
            "h": self.h,
            "score": round(float(self.score), 4),
        }


@dataclass
class Comparison:
    deviation: float
    raw: float
    regions: list[Region]
    heatmap: np.ndarray  # float32 in [0, 1], reference frame at work scale
    aligned: np.ndarray  # the photo warped into the reference frame (work scale, BGR)
    scale: float  # work pixels per reference pixel
    coverage: float  # share of the reference visible in the photo
    hidden: occlusion.Hidden | None = None  # what was not inspected (hands, glare, frame)
    agreement: float = 1.0  # share of the inspected reference where nothing deviates

    @property
    def not_inspected(self) -> list[occlusion.Area]:
        return self.hidden.areas if self.hidden else []

    @property
    def retake(self) -> bool:
        """Too much of the reference is hidden to vouch for the item either way."""
        return bool(self.hidden and self.hidden.retake)


def placed(inner: Comparison, offset: tuple[int, int], around: np.ndarray) -> Comparison:
    """A comparison made on the item's box, in the whole reference's frame: boxes moved
    by ``offset`` (reference pixels), maps padded out at the same work scale (what lies
    outside the box is backdrop: not inspected, nothing deviates there), the aligned
    photo by ``around``, the photo warped over the whole frame at that scale."""
    x0, y0 = offset
    s = inner.scale
    rows, cols = around.shape[:2]
    top, left = round(y0 * s), round(x0 * s)

    def pad(
        grid: np.ndarray | None, fill: float | bool = 0, base: np.ndarray | None = None
    ) -> np.ndarray | None:
        if grid is None:
            return None
        out = base.copy() if base is not None else np.full((rows, cols, *grid.shape[2:]), fill)
        out = out.astype(grid.dtype, copy=False)
        h, w = min(grid.shape[0], rows - top), min(grid.shape[1], cols - left)
        out[top : top + h, left : left + w] = grid[:h, :w]
        return out

    regions = [dataclasses.replace(r, x=r.x + x0, y=r.y + y0) for r in inner.regions]
    hidden = inner.hidden
    if hidden is not None:
        areas = [dataclasses.replace(a, x=a.x + x0, y=a.y + y0) for a in hidden.areas]
        backdrop_ = pad(hidden.backdrop, True) if hidden.backdrop is not None else None
        hidden = dataclasses.replace(
            hidden,
            mask=pad(hidden.mask, False),
            areas=areas,
            shadow=pad(hidden.shadow, False),
            washed=pad(hidden.washed, False),
            backdrop=backdrop_,
        )
    return dataclasses.replace(
        inner,
        regions=regions,
        heatmap=pad(inner.heatmap),
        aligned=pad(inner.aligned, base=around),
        hidden=hidden,
    )
