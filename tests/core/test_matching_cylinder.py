"""The wrapped-label model (``cylinder``): fitted on matches a real pinhole camera makes
of a label round a bottle, it must place the label's pixels where the camera does, and
it must leave a flat item to its homography."""

from __future__ import annotations

import numpy as np
import pytest

from appraiser.matching import cylinder

WIDTH, HEIGHT = 300, 400  # the reference label, pixels


def _camera_view(wrap_deg: float, tilt_deg: float) -> callable:
    """Reference pixels -> photo pixels for the label wrapped ``wrap_deg`` round a
    bottle, seen by a pinhole camera 3 radii away, tilted ``tilt_deg`` down onto it."""
    radius = WIDTH / np.radians(wrap_deg)
    tilt = np.radians(tilt_deg)
    turn = np.array([[1, 0, 0], [0, np.cos(tilt), -np.sin(tilt)], [0, np.sin(tilt), np.cos(tilt)]])

    def view(points: np.ndarray) -> np.ndarray:
        angle = (points[:, 0] - WIDTH / 2) / radius
        world = np.stack(
            [radius * np.sin(angle), points[:, 1] - HEIGHT / 2, -radius * np.cos(angle)], 1
        )
        cam = world @ turn.T + np.array([0.0, 0.0, 4 * radius])
        return 900 * cam[:, :2] / cam[:, 2:3] + np.array([640.0, 480.0])

    return view


def _matches(view, rng: np.random.Generator, count: int = 300, noise: float = 0.7):
    """Matches over the half of the label that faces the camera, a tenth of them wrong."""
    ref = np.stack([rng.uniform(0, WIDTH, count), rng.uniform(0, HEIGHT, count)], 1)
    photo = view(ref) + rng.normal(0, noise, (count, 2))
    wrong = rng.random(count) < 0.1
    photo[wrong] = rng.uniform(0, 1280, (wrong.sum(), 2))
    return ref, photo, wrong


def _homography(ref: np.ndarray, photo: np.ndarray) -> np.ndarray:
    import cv2

    h, _ = cv2.findHomography(ref, photo, cv2.USAC_MAGSAC, 5.0)
    return h


@pytest.mark.parametrize("wrap, tilt", [(100, 0), (140, 12), (170, -8)])
def test_a_wrapped_label_is_placed_where_the_camera_put_it(wrap: float, tilt: float) -> None:
    rng = np.random.default_rng(wrap)
    view = _camera_view(wrap, tilt)
    ref, photo, wrong = _matches(view, rng)
    found = cylinder.fit(ref, photo, _homography(ref, photo), (WIDTH, HEIGHT))
    assert found is not None and found.axis == 1
    assert found.explained >= 0.9 * (~wrong).sum()
    # everywhere on the label's front, not only at the matches, within a pixel or two
    grid = np.stack(np.meshgrid(np.linspace(0, WIDTH, 31), np.linspace(0, HEIGHT, 41)), -1)
    grid = grid.reshape(-1, 2)
    front = np.abs(grid[:, 0] - WIDTH / 2) / (WIDTH / np.radians(wrap)) < np.radians(60)
    error = np.linalg.norm(found.project(grid[front]) - view(grid[front]), axis=1)
    assert np.percentile(error, 95) < 2.0


def test_a_homography_fits_a_wrapped_label_only_in_its_middle() -> None:
    """The reason for the model: at 140 degrees the homography misses the sides by far
    more than the few pixels the flow corrects."""
    rng = np.random.default_rng(3)
    view = _camera_view(140, 5)
    ref, photo, _ = _matches(view, rng)
    h = _homography(ref, photo)
    sides = np.array([[12.0, 200.0], [WIDTH - 12.0, 200.0]])
    flat = np.c_[sides, np.ones(2)] @ h.T
    assert np.linalg.norm(flat[:, :2] / flat[:, 2:] - view(sides), axis=1).max() > 8


def test_the_label_turning_away_faces_the_camera_less() -> None:
    rng = np.random.default_rng(5)
    view = _camera_view(170, 0)
    ref, photo, _ = _matches(view, rng)
    found = cylinder.fit(ref, photo, _homography(ref, photo), (WIDTH, HEIGHT))
    assert found is not None
    facing = found.facing((WIDTH // 2, HEIGHT // 2), 0.5)
    middle, side = facing[100, 75], facing[100, 2]
    assert middle > 0.9
    assert side < 0.35  # cos 85 deg is 0.09; the model says the side is nearly edge-on


def test_a_flat_item_keeps_its_homography() -> None:
    rng = np.random.default_rng(7)
    ref = np.stack([rng.uniform(0, WIDTH, 300), rng.uniform(0, HEIGHT, 300)], 1)
    h = np.array([[1.1, 0.05, 200], [-0.03, 0.95, 120], [2e-4, 1e-4, 1.0]])
    photo = np.c_[ref, np.ones(300)] @ h.T
    photo = photo[:, :2] / photo[:, 2:] + rng.normal(0, 0.7, (300, 2))
    assert cylinder.fit(ref, photo, _homography(ref, photo), (WIDTH, HEIGHT)) is None


def test_a_moved_emblem_is_not_bent_into_place() -> None:
    """A counterfeit's emblem moved by 12 px: a local minority of matches that no smooth
    wrap explains, so it stays where the print put it, off the model."""
    rng = np.random.default_rng(11)
    view = _camera_view(120, 6)
    ref, photo, _ = _matches(view, rng, noise=0.5)
    emblem = (np.abs(ref[:, 0] - 220) < 30) & (np.abs(ref[:, 1] - 80) < 30)
    photo[emblem] += np.array([12.0, 0.0])
    found = cylinder.fit(ref, photo, _homography(ref, photo), (WIDTH, HEIGHT))
    assert found is not None
    error = np.linalg.norm(found.project(ref[emblem]) - photo[emblem], axis=1)
    assert np.median(error) > 8
