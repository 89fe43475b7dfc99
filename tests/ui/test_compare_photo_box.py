"""The compare view's boxes on the photo side: round a bottle a region is placed by the
wrap's homography over that region, not by one homography for the whole label, which
misses the sides by tens of pixels."""

from __future__ import annotations

import numpy as np

from ui.widgets.compare_analysis import Analysis


def test_a_region_is_placed_by_the_homography_over_it() -> None:
    asked = []

    def over(box: tuple) -> np.ndarray:
        asked.append(box)
        shift = 40.0 if box[0] > 100 else 0.0  # the right side sits further out
        return np.array([[1.0, 0, 10 + shift], [0, 1.0, 5], [0, 0, 1.0]])

    analysis = Analysis(result={}, photo=np.zeros((10, 10, 3), np.uint8), homography=over)
    left = analysis.photo_box({"x": 20, "y": 30, "w": 10, "h": 8})
    right = analysis.photo_box({"x": 200, "y": 30, "w": 10, "h": 8})
    assert left == (30.0, 35.0, 10.0, 8.0)
    assert right == (250.0, 35.0, 10.0, 8.0)
    assert asked == [(20, 30, 10, 8), (200, 30, 10, 8)]


def test_a_flat_item_keeps_its_one_homography() -> None:
    h = np.array([[2.0, 0, 0], [0, 2.0, 0], [0, 0, 1.0]])
    analysis = Analysis(result={}, photo=np.zeros((10, 10, 3), np.uint8), homography=h)
    assert analysis.photo_box({"x": 5, "y": 6, "w": 3, "h": 4}) == (10.0, 12.0, 6.0, 8.0)
