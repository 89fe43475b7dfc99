"""A simulated bench camera: a product on a cutting mat, a hand reaching in, light changing.

By default the product is a generic handbag; :meth:`SimulatedCamera.show_item` puts a
given artwork on the mat instead (the bench shows it the genuine reference of the
version being appraised), so a station without a camera still exercises identification
and comparison end to end.

It stands in for a real camera when none is connected and drives tests and benchmarks, so
it must be deterministic (frame ``n`` of seed ``s`` is always the same picture) and cheap
enough for 1280x720 at 30 fps on a small machine: everything expensive (mat, product
sprite, sensor noise) is drawn once, and each frame only pastes, draws a few ellipses and
scales brightness. Faults (stall, freeze) can be injected to exercise the watchdog.
"""

from __future__ import annotations

import math
import threading
import time

import cv2
import numpy as np

from appraiser.capture.frames import Frame
from appraiser.errors import CameraError

FAULTS = ("stall", "freeze")
_SKIN = (140, 170, 215)  # BGR


def _mat(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A green self-healing cutting mat with a 1 cm grid and a soft vignette."""
    mat = np.empty((height, width, 3), np.uint8)
    mat[:] = (70, 92, 48)
    step = max(16, width // 40)
    for x in range(0, width, step):
        cv2.line(mat, (x, 0), (x, height), (95, 120, 70), 1)
    for y in range(0, height, step):
        cv2.line(mat, (0, y), (width, y), (95, 120, 70), 1)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    r = np.hypot((xx - width / 2) / width, (yy - height / 2) / height)
    shade = (1.05 - 0.6 * r**2)[..., None]
    grain = rng.normal(0, 4, (height, width, 1)).astype(np.float32)
    return np.clip(mat * shade + grain, 0, 255).astype(np.uint8)


def _product(width: int, height: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A leather handbag sprite (body, flap, stitching, clasp, logo, handle) and its mask."""
    w, h = int(width * 0.42), int(height * 0.62)
    sprite = np.zeros((h, w, 3), np.uint8)
    mask = np.zeros((h, w), np.uint8)
    leather = tuple(int(c) for c in rng.integers((30, 60, 110), (60, 95, 160)))
    top = h // 4
    body = np.array([[w * 0.06, top], [w * 0.94, top], [w, h - 1], [0, h - 1]], np.int32)
    cv2.fillPoly(sprite, [body], leather)
    cv2.fillPoly(mask, [body], 255)
    cv2.ellipse(sprite, (w // 2, top), (w // 3, top - 4), 0, 180, 360, (25, 40, 70), 14)
    cv2.ellipse(mask, (w // 2, top), (w // 3, top - 4), 0, 180, 360, 255, 14)
    flap = np.array([[w * 0.06, top], [w * 0.94, top], [w * 0.8, h * 0.55], [w * 0.2, h * 0.55]])
    cv2.fillPoly(sprite, [flap.astype(np.int32)], tuple(int(c * 0.8) for c in leather))
    for offset in range(0, w, 14):  # stitching along the flap edge
        x = int(w * 0.2) + offset
        if x < w * 0.8:
            cv2.line(sprite, (x, int(h * 0.55) - 8), (x + 7, int(h * 0.55) - 8), (190, 220, 235), 2)
    clasp = ((w // 2 - 26, int(h * 0.5)), (w // 2 + 26, int(h * 0.6)))
    cv2.rectangle(sprite, *clasp, (60, 170, 210), -1)
    cv2.rectangle(sprite, *clasp, (30, 90, 120), 2)
    cv2.putText(
        sprite,
        "MAISON",
        (int(w * 0.3), int(h * 0.78)),
        cv2.FONT_HERSHEY_TRIPLEX,
        w / 420,
        (180, 215, 230),
        2,
        cv2.LINE_AA,
    )
    return sprite, mask


def _item_sprite(
    artwork: np.ndarray, width: int, height: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``artwork`` lying on the mat: scaled to about 78 % of the frame height, turned a
    little and seen slightly from the front edge of the bench (keystone)."""
    art_h, art_w = artwork.shape[:2]
    scale = 0.78 * height / art_h
    w, h = art_w * scale, art_h * scale
    angle = np.deg2rad(rng.uniform(-8, 8))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = np.float32([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    corners[:2, 0] *= 0.94  # the far edge looks a little narrower
    placed = corners @ rot.T
    placed -= placed.min(axis=0) - 4
    size = (int(placed[:, 0].max()) + 5, int(placed[:, 1].max()) + 5)
    src = np.float32([[0, 0], [art_w, 0], [art_w, art_h], [0, art_h]])
    warp = cv2.getPerspectiveTransform(src, placed.astype(np.float32))
    sprite = cv2.warpPerspective(artwork, warp, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((art_h, art_w), 255, np.uint8), warp, size)
    return sprite, (mask > 127).astype(np.uint8) * 255


class SimulatedCamera:
    """Deterministic generated camera; ``fault`` = ("stall" | "freeze", after_frames)."""

    may_repeat = False

    def __init__(
        self,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        *,
        seed: int = 0,
        realtime: bool = True,
        fault: tuple[str, int] | None = None,
    ) -> None:
        if fault is not None and fault[0] not in FAULTS:
            raise ValueError(f"unknown fault {fault[0]!r}")
        self.name = f"Simulated camera {width}x{height}"
        self.size = (width, height)
        self.fps = fps
        self.seed = seed
        self.realtime = realtime
        self.fault = fault
        self.defocus = 0.0  # 0 = sharp; set through set_control("focus", ...)
        self._index = 0
        self._closed = threading.Event()
        self._t0 = 0.0
        self._last: np.ndarray | None = None
        self._opened = False
        self._item: np.ndarray | None = None
        self._scene: tuple[np.ndarray, np.ndarray] | None = None

    def show_item(self, artwork: np.ndarray | None) -> None:
        """Film ``artwork`` (BGR) from now on, or the default handbag for ``None``.

        Safe from any thread and cheap for the caller: the sprite is built by whichever
        thread renders the next frame."""
        self._item = None if artwork is None else np.ascontiguousarray(artwork)
        self._scene = None

    def _build_scene(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed + 1)
        w, h = self.size
        if self._item is not None:
            return _item_sprite(self._item, w, h, rng)
        return _product(w, h, rng)

    def open(self) -> None:
        rng = np.random.default_rng(self.seed)
        w, h = self.size
        self._mat = _mat(w, h, rng)
        self._scene = self._build_scene()
        self._noise = [rng.integers(0, 7, (h, w, 3), np.uint8) for _ in range(4)]
        self._phase = float(rng.uniform(0, 2 * math.pi))
        self._t0, self._wall0 = time.monotonic(), time.time()
        self._index = 0
        self._closed.clear()
        self._opened = True

    def close(self) -> None:
        self._closed.set()
        self._opened = False

    def controls(self) -> dict[str, tuple[float, float]]:
        return {"focus": (0.0, 1.0)}

    def set_control(self, name: str, value: float) -> bool:
        """Focus 0.5 is sharp; the further from it, the blurrier (like a manual lens)."""
        if name != "focus":
            return False
        self.defocus = abs(float(value) - 0.5) * 2
        return True

    def read(self) -> Frame | None:
        if not self._opened:
            raise CameraError("The simulated camera is not open.")
        if self.fault and self.fault[0] == "stall" and self._index >= self.fault[1]:
            self._closed.wait()  # like a driver that blocks after an unplug
            return None
        self._pace()
        if self.fault and self.fault[0] == "freeze" and self._index >= self.fault[1]:
            image = self._last if self._last is not None else self.render(self._index)
        else:
            image = self.render(self._index)
        self._last = image
        if self.realtime:
            frame = Frame(image, self._index)
        else:  # as fast as asked, but timestamped as if at the camera rate
            offset = self._index / self.fps
            frame = Frame(image, self._index, self._t0 + offset, self._wall0 + offset)
        self._index += 1
        return frame

    def _pace(self) -> None:
        if not self.realtime:
            return
        due = self._t0 + self._index / self.fps
        delay = due - time.monotonic()
        if delay > 0:
            self._closed.wait(delay)
        elif delay < -1.0:  # far behind (machine was busy): do not burst to catch up
            self._t0 = time.monotonic() - self._index / self.fps

    def render(self, index: int) -> np.ndarray:
        """Frame ``index`` of this camera's scene; a pure function of (seed, index)."""
        t = index / self.fps
        frame = self._mat.copy()
        self._paste_product(frame, t)
        self._draw_hand(frame, t)
        cv2.add(frame, self._noise[index % 4], dst=frame)
        gain = 1.0 + 0.12 * math.sin(2 * math.pi * t / 11 + self._phase)
        if int(t) % 17 in (15, 16):  # a colleague switches the bench lamp on for 2 s
            gain += 0.25
        cv2.convertScaleAbs(frame, dst=frame, alpha=gain, beta=-3 * gain)
        if self.defocus > 0.05:
            k = 2 * int(self.defocus * 12) + 1
            frame = cv2.GaussianBlur(frame, (k, k), 0)
        return frame

    def _paste_product(self, frame: np.ndarray, t: float) -> None:
        scene = self._scene
        if scene is None:
            scene = self._scene = self._build_scene()
        sprite, mask = scene
        h, w = mask.shape
        fh, fw = frame.shape[:2]
        x = int((fw - w) / 2 + fw * 0.04 * math.sin(2 * math.pi * t / 9 + self._phase))
        y = int((fh - h) / 2 + fh * 0.02 * math.sin(2 * math.pi * t / 7))
        roi = frame[y : y + h, x : x + w]
        cv2.ellipse(frame, (x + w // 2 + 12, y + h - 4), (w // 2, 18), 0, 0, 360, (35, 48, 28), -1)
        cv2.copyTo(sprite, mask, roi)

    def _draw_hand(self, frame: np.ndarray, t: float) -> None:
        """A hand slides in from the right for three seconds out of every eight."""
        cycle = (t + self._phase) % 8
        if cycle > 3:
            return
        fh, fw = frame.shape[:2]
        reach = math.sin(math.pi * cycle / 3)  # 0 -> 1 -> 0
        cx, cy = int(fw * (1.08 - 0.38 * reach)), int(fh * 0.58)
        palm = (int(fw * 0.09), int(fh * 0.12))
        cv2.ellipse(frame, (cx + 10, cy + 14), palm, -10, 0, 360, (30, 40, 25), -1)
        cv2.ellipse(frame, (cx, cy), palm, -10, 0, 360, _SKIN, -1)
        for i, dy in enumerate((-0.11, -0.04, 0.03, 0.09)):
            tip = (cx - int(fw * (0.12 + 0.015 * (i % 2))), cy + int(fh * dy))
            cv2.line(frame, (cx - palm[0] // 2, cy + int(fh * dy * 0.8)), tip, _SKIN, fh // 28)
        cv2.line(
            frame, (cx, cy + palm[1]), (cx - int(fw * 0.06), cy + int(fh * 0.2)), _SKIN, fh // 24
        )
