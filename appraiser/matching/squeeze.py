"""A label round a bottle, squeezed toward its sides: where each column of the reference
lies in the homography-aligned photo.

Round a cylinder the print is compressed more and more toward the bottle's edges, by
far more than dense optical flow follows (it measures a few pixels at a time, and the
squeezed print near the edge looks like nothing in the reference). Along the wrap,
though, the order of the columns is kept: the reference's columns and the photo's
columns are matched as whole vertical profiles by dynamic time warping, a monotone
path that may squeeze many reference columns into few photo columns or stretch a few.
Rows are handled the same way for a label wrapped top to bottom. The warp is kept only
when it matches the profiles clearly better than the homography alone.
"""

from __future__ import annotations

import cv2
import numpy as np

STEP = 2  # work pixels between the profiles compared (and rows within a profile)
GAIN = 0.8  # the warped profiles must differ this much less than the unwarped ones
MAX_STRETCH = 2  # photo columns one reference column may advance at most
EDGE = 0.2  # of the width: how far from its side a path may start or end
PATH_SMOOTH = 1.5  # profiles: the path's steps are smoothed over this many
BEND = 0.3  # cost of a squeezing or stretching step, in median column differences


def _cost(ref: np.ndarray, photo: np.ndarray) -> np.ndarray:
    """Mean absolute difference between every reference column and every photo column."""
    a = ref[::STEP, ::STEP].T  # columns × rows
    b = photo[::STEP, ::STEP].T
    return np.abs(a[:, None, :] - b[None, :, :]).mean(axis=2)


def _path(cost: np.ndarray) -> tuple[np.ndarray, float]:
    """The monotone path (photo column per reference column) of least mean cost; it may
    start within EDGE of the left side and end within EDGE of the right."""
    n, m = cost.shape
    edge = max(1, int(EDGE * m))
    total = np.full((n, m), np.inf)
    back = np.zeros((n, m), np.int8)
    total[0, :edge] = cost[0, :edge]
    # a step off the diagonal costs: the path bends only where the profiles demand it
    bend = BEND * float(np.median(cost))
    for i in range(1, n):
        prev = total[i - 1]
        options = [prev + bend]  # stay: squeezed
        for step in range(1, MAX_STRETCH + 1):
            moved = np.concatenate([np.full(step, np.inf), prev[:-step]])
            options.append(moved if step == 1 else moved + bend)
        stack = np.stack(options)
        back[i] = np.argmin(stack, axis=0)
        total[i] = stack[back[i], np.arange(m)] + cost[i]
    end = m - edge + int(np.argmin(total[-1, m - edge :]))
    path = np.empty(n, np.int64)
    path[-1] = end
    for i in range(n - 1, 0, -1):
        path[i - 1] = path[i] - back[i, path[i]]
    return path, float(total[-1, end] / n)


def _profile_warp(ref_n: np.ndarray, photo_n: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Photo column (float, work pixels) for every reference column, and the mean profile
    difference along that path and along the identity."""
    cost = _cost(ref_n, photo_n)
    path, along = _path(cost)
    straight = float(np.mean(np.diag(cost)))
    width = ref_n.shape[1]
    coarse = path.astype(np.float32) * STEP
    smooth = cv2.GaussianBlur(coarse.reshape(1, -1), (0, 0), PATH_SMOOTH).ravel()
    where = np.interp(np.arange(width), np.arange(len(smooth)) * STEP, smooth)
    return where.astype(np.float32), along, straight


def columns_and_rows(ref_n: np.ndarray, photo_n: np.ndarray) -> np.ndarray | None:
    """The squeeze as a flow field (H×W×2, reference -> aligned photo), along the width
    or along the height, whichever matches clearly better; None for a flat item."""
    h, w = ref_n.shape
    best = None
    for axis in (1, 0):
        r, p = (ref_n, photo_n) if axis == 1 else (ref_n.T, photo_n.T)
        where, along, straight = _profile_warp(r, p)
        if along < GAIN * straight and (best is None or along / straight < best[0]):
            best = (along / straight, axis, where)
    if best is None:
        return None
    _, axis, where = best
    flow = np.zeros((h, w, 2), np.float32)
    if axis == 1:
        flow[..., 0] = (where - np.arange(w, dtype=np.float32))[None, :]
    else:
        flow[..., 1] = (where - np.arange(h, dtype=np.float32))[:, None]
    return flow


def turned_away(flow: np.ndarray, below: float) -> np.ndarray:
    """Reference pixels the squeeze presses to less than ``below`` of their width (or
    height), from either side inward: round a bottle that is the label turning away
    from the camera, shown too thin to inspect or not at all (the path then stays on one
    photo column)."""
    h, w = flow.shape[:2]
    axis = 1 if np.abs(flow[..., 0]).max() >= np.abs(flow[..., 1]).max() else 0
    where = flow[0, :, 0] + np.arange(w) if axis == 1 else flow[:, 0, 1] + np.arange(h)
    slope = np.gradient(where.astype(np.float32))
    # over a few profiles: a single stay of the path is a letter's misfit, not a turn
    slope = cv2.blur(slope.reshape(1, -1), (7, 1)).ravel()
    thin = slope < below
    # a label turns away from its sides inward; a stay of the path inside is a misfit
    inward = np.cumprod(thin) | np.cumprod(thin[::-1])[::-1]
    thin = inward.astype(bool)
    return np.broadcast_to(thin[None, :] if axis == 1 else thin[:, None], (h, w)).copy()
