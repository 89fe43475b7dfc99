"""A label wrapped round a bottle or a can, seen by a pinhole camera: where each
reference pixel lies in the photo.

A homography models a flat item. Round a cylinder it fits the middle of the label and
misses its sides by tens of pixels, and with the camera above or below the axis the
label's top and bottom edges curve as well; the squeeze and the optical flow that follow
(``deviation.unbend``) correct a few pixels, not that. The exact model is a projective
camera looking at the label laid on a cylinder: reference point (u, v), wrapped by k
radians per pixel along u, is the 3-D point (sin(k·t)/k, (1 − cos(k·t))/k², v) with
t = u − u₀, and the photo point is that point through a 3×4 camera matrix P. For a
given k, P is linear in the point (a DLT, as for a homography), and the origin u₀ and
any turn of the bottle are absorbed by P (the three wrap coordinates span sin, cos and
1 whatever u₀), so only k is searched. As k → 0 the point tends to (t, t²/2, v): the
model degrades gracefully to a plane, whose homography the verified inliers gave.

The model is kept only when it fits the descriptor matches clearly better than the
homography (``CLEARER``) and explains at least as many: a flat item keeps its
homography, and an emblem moved or turned by a counterfeiter is a local minority that
no smooth wrap explains.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Total wrap of the reference's extent along the bend, in degrees: a label from a third
# of the way round a bottle (60) to more than half of it (210).
WRAPS = (40, 60, 80, 100, 120, 140, 160, 180, 210)
FIT_PX = 4.0  # photo pixels: a match the model reprojects this close is explained
ROUNDS = 4  # refits on the matches the last fit explains
# The cylinder's squared error over the homography's (both least squares), on the
# matches either explains (``_against``): kept at or under this. A black-box tester's
# flat tags and boxes 0.99-1.14, its bottles wrapped 100-176 degrees 0.12-0.23; the
# tuning worlds' flat tags 0.93-1.04 and cartons 0.92-0.95, their bottles 0.19-0.82.
CLEARER = 0.85
MIN_MATCHES = 24
_NOWHERE = np.array([[1.0, 0, -1e7], [0, 1.0, -1e7], [0, 0, 1.0]])  # off any photo


@dataclass(frozen=True)
class Cylinder:
    """Reference pixels → photo pixels for a label wrapped along ``axis`` (1: along its
    width, the usual bottle; 0: along its height)."""

    camera: np.ndarray  # 3×4
    k: float  # radians per reference pixel along the wrap
    centre: float  # reference coordinate where t = 0
    axis: int
    explained: int  # matches within FIT_PX
    cost: float  # truncated squared error over all matches (MSAC): lower fits better
    # where the points given are taken from (x, y in reference pixels): a crop of the
    # reference round its item is judged in its own frame
    origin: tuple[float, float] = (0.0, 0.0)

    def project(self, points: np.ndarray) -> np.ndarray:
        """Photo coordinates (N×2) of reference points (N×2); NaN behind the camera."""
        if self.origin != (0.0, 0.0):
            points = points + np.asarray(self.origin, np.float64)
        return _project(self.camera, _lift(points, self.k, self.centre, self.axis))

    def grid(self, size: tuple[int, int], scale: float) -> np.ndarray:
        """Photo coordinates (H×W×2, float32) of every pixel of a work frame of ``size``
        (width, height) at ``scale`` work pixels per reference pixel."""
        w, h = size
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
        ref = np.stack([(xs.ravel() + 0.5) / scale - 0.5, (ys.ravel() + 0.5) / scale - 0.5], 1)
        return self.project(ref).reshape(h, w, 2).astype(np.float32)

    def local(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """The homography (reference -> photo) that best follows the wrap over ``box``
        (x, y, w, h): a line of text is short enough for one to fit it. Where the box is
        behind the bottle it maps far outside any photo."""
        x, y, w, h = box
        xs, ys = np.meshgrid([x, x + w / 2, x + w], [y, y + h / 2, y + h])
        ref = np.stack([xs.ravel(), ys.ravel()], 1).astype(np.float64)
        photo = self.project(ref)
        if not np.isfinite(photo).all():
            return np.array([[1.0, 0, -1e7], [0, 1.0, -1e7], [0, 0, 1.0]])
        found, _ = cv2.findHomography(ref, photo, 0)
        return (
            found if found is not None else np.array([[1.0, 0, -1e7], [0, 1.0, -1e7], [0, 0, 1.0]])
        )

    def pitch(self, size: tuple[int, int], scale: float, where: np.ndarray | None = None) -> float:
        """Work pixels one photo pixel spans along the wrap where the label faces the
        camera squarest (``where``: :meth:`grid`, when already at hand)."""
        where = (self.grid(size, scale) if where is None else where).astype(np.float64)
        along = np.gradient(where, axis=1 if self.axis == 1 else 0)
        stretch = np.hypot(along[..., 0], along[..., 1])
        stretch = stretch[np.isfinite(stretch)]
        return 1.0 / float(np.percentile(stretch, 99)) if stretch.size else 1.0

    def facing(
        self, size: tuple[int, int], scale: float, where: np.ndarray | None = None
    ) -> np.ndarray:
        """How squarely each work pixel faces the camera (H×W in [0, 1]): the cosine of
        its turn, along the wrap, from where the photo stretches the label most (where
        it faces the camera). Measured by the wrap's angle, not by the stretch itself:
        a general camera matrix also fits slightly elliptical bottles, and past the
        last match the stretch it extrapolates falls far faster than the turn. Past a
        quarter turn, and wherever the map folds, zero."""
        w, h = size
        where = (self.grid(size, scale) if where is None else where).astype(np.float64)
        wrap_axis = 1 if self.axis == 1 else 0
        along = np.gradient(where, axis=wrap_axis)
        across = np.gradient(where, axis=1 - wrap_axis)
        stretch = np.hypot(along[..., 0], along[..., 1])
        det = along[..., 0] * across[..., 1] - along[..., 1] * across[..., 0]
        ok = np.isfinite(det) & np.isfinite(stretch)
        if not ok.any():
            return np.zeros((h, w), np.float32)
        folded = ~ok | (np.sign(det) != np.sign(np.median(det[ok])))
        profile = np.where(folded, 0.0, stretch).mean(axis=1 - wrap_axis)
        squarest = float(np.argmax(profile)) + 0.5
        ticks = (np.arange(len(profile)) + 0.5) / scale  # reference pixels along the wrap
        turn = np.cos(self.k * (ticks - squarest / scale))
        out = turn[None, :] if wrap_axis == 1 else turn[:, None]
        out = np.where(folded, 0.0, np.broadcast_to(out, (h, w)))
        return np.clip(out, 0.0, 1.0).astype(np.float32)


def _lift(points: np.ndarray, k: float, centre: float, axis: int) -> np.ndarray:
    """Reference points on the cylinder, as homogeneous 3-D points (N×4)."""
    u = points[:, 0] if axis == 1 else points[:, 1]
    v = points[:, 1] if axis == 1 else points[:, 0]
    t = u.astype(np.float64) - centre
    if k < 1e-9:
        a, b = t, t * t / 2
    else:
        a, b = np.sin(k * t) / k, (1 - np.cos(k * t)) / (k * k)
    return np.stack([a, b, v.astype(np.float64), np.ones_like(t)], axis=1)


def _project(camera: np.ndarray, points: np.ndarray) -> np.ndarray:
    p = points @ camera.T
    depth = p[:, 2:3]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = p[:, :2] / depth
    out[~np.isfinite(out).all(axis=1)] = np.nan
    return out


def _normaliser(points: np.ndarray) -> np.ndarray:
    """A matrix taking the (non-homogeneous) columns of ``points`` to zero mean and unit
    spread, each on its own: the DLT is then well conditioned."""
    d = points.shape[1]
    mean = points.mean(axis=0)
    spread = points.std(axis=0) + 1e-9
    t = np.eye(d + 1)
    t[:d, :d] = np.diag(1 / spread)
    t[:d, d] = -mean / spread
    return t


def _dlt(lifted: np.ndarray, photo: np.ndarray) -> np.ndarray | None:
    """The 3×4 camera taking ``lifted`` (N×4) to ``photo`` (N×2), by least squares on
    the algebraic error after normalising both sides."""
    if len(lifted) < 8:
        return None
    t3 = _normaliser(lifted[:, :3])
    t2 = _normaliser(photo)
    x3 = lifted @ t3.T
    x2 = np.c_[photo, np.ones(len(photo))] @ t2.T
    n = len(x3)
    a = np.zeros((2 * n, 12))
    a[0::2, 0:4] = x3
    a[0::2, 8:12] = -x2[:, 0:1] * x3
    a[1::2, 4:8] = x3
    a[1::2, 8:12] = -x2[:, 1:2] * x3
    # the null vector of A is the eigenvector of AᵀA (12×12) with the smallest eigenvalue:
    # the same camera as A's SVD, a tenth of the time for the hundreds of rows a photo
    # gives (26 fits a photo); normalised as above, squaring A's condition number is safe
    try:
        _, vectors = np.linalg.eigh(a.T @ a)
    except np.linalg.LinAlgError:
        return None
    camera = np.linalg.inv(t2) @ vectors[:, 0].reshape(3, 4) @ t3
    return camera if np.isfinite(camera).all() else None


def _errors(camera: np.ndarray, lifted: np.ndarray, photo: np.ndarray) -> np.ndarray:
    err = np.linalg.norm(_project(camera, lifted) - photo, axis=1)
    return np.where(np.isfinite(err), err, np.inf)


def _fit(
    ref: np.ndarray, photo: np.ndarray, start: np.ndarray, k: float, centre: float, axis: int
) -> Cylinder | None:
    lifted = _lift(ref, k, centre, axis)
    chosen = start
    camera = None
    for _ in range(ROUNDS):
        found = _dlt(lifted[chosen], photo[chosen])
        if found is None:
            break
        camera = found
        near = _errors(camera, lifted, photo) < FIT_PX
        if near.sum() < 8 or np.array_equal(near, chosen):
            chosen = near
            break
        chosen = near
    if camera is None:
        return None
    err = _errors(camera, lifted, photo)
    cost = float(np.minimum(err, FIT_PX) ** 2 @ np.ones(len(err)))
    return Cylinder(camera, k, centre, axis, int((err < FIT_PX).sum()), cost)


def fit(
    ref: np.ndarray,
    photo: np.ndarray,
    homography: np.ndarray,
    ref_size: tuple[int, int],
) -> Cylinder | None:
    """The wrapped label that explains the matches (``ref`` → ``photo`` points, N×2)
    clearly better than ``homography`` (reference → photo), or None: a flat item."""
    if len(ref) < MIN_MATCHES:
        return None
    ref = ref.astype(np.float64)
    photo = photo.astype(np.float64)
    flat_err = _plane_errors(ref, photo, homography)
    start = flat_err < 2 * FIT_PX
    if start.sum() >= 8:
        # the plane at its best, match by match: also least squares on its inliers, as
        # the cylinder's DLT is (on a clean photo MAGSAC's homography is a few tenths of
        # a pixel off, and that alone made a flat tag look better fitted by a cylinder)
        refitted = cv2.findHomography(ref[start], photo[start], 0)[0]
        if refitted is not None:
            flat_err = np.minimum(flat_err, _plane_errors(ref, photo, refitted))
    plane = int((flat_err < FIT_PX).sum())
    if start.sum() < 8:
        return None
    best: Cylinder | None = None
    for axis in (1, 0):
        found = _best_wrap(ref, photo, start, axis, ref_size)
        if found is not None and (best is None or found.cost < best.cost):
            best = found
    if best is None or best.explained < plane or _against(best, ref, photo, flat_err) > CLEARER:
        return None
    return best


def _against(found: Cylinder, ref: np.ndarray, photo: np.ndarray, flat_err: np.ndarray) -> float:
    """The cylinder's squared error over the homography's, on the matches either one
    explains: the matches neither explains (glare, a hand, another product's print)
    would cost both alike and dilute the comparison."""
    err = _errors(found.camera, _lift(ref, found.k, found.centre, found.axis), photo)
    either = (err < FIT_PX) | (flat_err < FIT_PX)
    if not either.any():
        return np.inf
    cut = FIT_PX**2
    return float(
        np.minimum(err[either] ** 2, cut).sum()
        / max(1e-9, np.minimum(flat_err[either] ** 2, cut).sum())
    )


def _plane_errors(ref: np.ndarray, photo: np.ndarray, homography: np.ndarray) -> np.ndarray:
    flat = np.c_[ref, np.ones(len(ref))] @ homography.T
    with np.errstate(divide="ignore", invalid="ignore"):
        err = np.linalg.norm(flat[:, :2] / flat[:, 2:3] - photo, axis=1)
    return np.where(np.isfinite(err), err, np.inf)


def _best_wrap(
    ref: np.ndarray, photo: np.ndarray, start: np.ndarray, axis: int, ref_size: tuple[int, int]
) -> Cylinder | None:
    """The wrap along ``axis`` that fits best: the coarse steps of WRAPS, then halved
    twice around the best of them."""
    extent = float(ref_size[0] if axis == 1 else ref_size[1])
    tried: dict[float, Cylinder | None] = {}

    def at(wrap: float) -> Cylinder | None:
        if wrap not in tried:
            tried[wrap] = _fit(ref, photo, start, np.radians(wrap) / extent, extent / 2, axis)
        return tried[wrap]

    for wrap in WRAPS:
        at(wrap)
    step = float(WRAPS[1] - WRAPS[0])
    for _ in range(2):
        step /= 2
        known = [(c.cost, w) for w, c in tried.items() if c is not None]
        if not known:
            return None
        centre = min(known)[1]
        at(centre - step)
        at(centre + step)
    found = [c for c in tried.values() if c is not None]
    return min(found, key=lambda c: c.cost) if found else None
