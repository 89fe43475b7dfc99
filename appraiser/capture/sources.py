"""Camera sources behind one interface, and the factory that turns the ``camera`` setting
into one.

A source is opened, read frame by frame (``read`` blocks for at most about one frame
interval on healthy hardware, returns ``None`` when the source has ended or failed), and
closed. ``may_repeat`` tells the watchdog whether identical consecutive frames are normal
(a looped file of a still scene) or a sign of a frozen driver (a live sensor always has
noise). Nothing here imports Qt; ``ui.camera_thread`` runs a source on its own thread.
"""

from __future__ import annotations

import glob
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # no driver chatter on a missing camera

import cv2

from appraiser.capture.frames import Frame
from appraiser.capture.simulated import SimulatedCamera
from appraiser.errors import CameraError

VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".avi", ".webm", ".m4v"}


class FrameSource(Protocol):
    name: str
    size: tuple[int, int]
    fps: float
    may_repeat: bool

    def open(self) -> None: ...
    def read(self) -> Frame | None: ...
    def close(self) -> None: ...
    def controls(self) -> dict[str, tuple[float, float]]: ...
    def set_control(self, name: str, value: float) -> bool: ...


@dataclass(frozen=True)
class CameraInfo:
    """A camera the station can see: ``spec`` is what goes into the ``camera`` setting."""

    spec: str
    name: str


_PROPS = {"focus": cv2.CAP_PROP_FOCUS, "exposure": cv2.CAP_PROP_EXPOSURE}
_AUTO = {"focus": cv2.CAP_PROP_AUTOFOCUS, "exposure": cv2.CAP_PROP_AUTO_EXPOSURE}


class OpenCVCamera:
    """A USB/UVC camera by index or device path (or a stream URL) through OpenCV."""

    may_repeat = False

    def __init__(
        self, spec: int | str, width: int = 1280, height: int = 720, fps: float = 30.0
    ) -> None:
        self.spec = spec
        self.name = f"Camera {spec}"
        self.size = (width, height)
        self.fps = fps
        self._cap: cv2.VideoCapture | None = None
        self._index = 0

    def open(self) -> None:
        cap = cv2.VideoCapture(self.spec)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"The camera {self.spec} could not be opened.")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # newest frame, not a stale queue
        width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        if width and height:
            self.size = (width, height)
        self.fps = cap.get(cv2.CAP_PROP_FPS) or self.fps
        self._cap = cap

    def read(self) -> Frame | None:
        if self._cap is None:
            raise CameraError("The camera is not open.")
        ok, image = self._cap.read()
        if not ok or image is None:
            return None
        frame = Frame(image, self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def controls(self) -> dict[str, tuple[float, float]]:
        """Controls the driver accepts (OpenCV reports -1 or 0 for unsupported ones)."""
        if self._cap is None:
            return {}
        return {n: (0.0, 255.0) for n, p in _PROPS.items() if self._cap.get(p) not in (-1, 0)}

    def set_control(self, name: str, value: float) -> bool:
        if self._cap is None or name not in _PROPS:
            return False
        self._cap.set(_AUTO[name], 0 if name == "focus" else 1)  # manual mode first
        return bool(self._cap.set(_PROPS[name], float(value)))


class VideoFileSource:
    """A recorded video played in a loop at its own frame rate (demo, training, tests)."""

    may_repeat = True

    def __init__(self, path: Path, *, realtime: bool = True) -> None:
        self.path = Path(path)
        self.name = f"Video {self.path.name}"
        self.realtime = realtime
        self.size = (0, 0)
        self.fps = 30.0
        self._cap: cv2.VideoCapture | None = None
        self._index = 0
        self._t0 = 0.0

    def open(self) -> None:
        cap = cv2.VideoCapture(str(self.path))
        ok, first = cap.read() if cap.isOpened() else (False, None)
        if not ok or first is None:
            cap.release()
            raise CameraError(
                f"The video file {self.path.name} cannot be read.",
                hint="Choose another file; it may be damaged or not a video.",
            )
        cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
        self.size = (first.shape[1], first.shape[0])
        self.fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        self._cap, self._t0 = cap, time.monotonic()

    def read(self) -> Frame | None:
        if self._cap is None:
            raise CameraError("The video file is not open.")
        ok, image = self._cap.read()
        if not ok:  # end of file: loop
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, image = self._cap.read()
            if not ok:
                return None
        if self.realtime:
            time.sleep(max(0.0, self._t0 + self._index / self.fps - time.monotonic()))
        frame = Frame(image, self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def controls(self) -> dict[str, tuple[float, float]]:
        return {}

    def set_control(self, name: str, value: float) -> bool:
        return False


def list_cameras(max_index: int = 6) -> list[CameraInfo]:
    """Cameras present now. On Linux the device nodes say so without opening anything
    (opening a busy camera can take seconds); elsewhere we probe the first indices."""
    found: list[CameraInfo] = []
    if sys.platform.startswith("linux"):
        for node in sorted(glob.glob("/dev/video*")):
            info = Path("/sys/class/video4linux") / Path(node).name
            index = info / "index"  # a UVC camera also has metadata nodes (index 1)
            if index.exists() and index.read_text().strip() != "0":
                continue
            label = info / "name"
            found.append(CameraInfo(node, label.read_text().strip() if label.exists() else node))
        return found
    for index in range(max_index):
        cap = cv2.VideoCapture(index)
        if cap.isOpened():
            found.append(CameraInfo(str(index), f"Camera {index}"))
        cap.release()
    return found


def make_source(
    spec: str, *, width: int = 1280, height: int = 720, fps: float = 30.0, seed: int = 0
) -> FrameSource:
    """The source named by the ``camera`` setting: ``auto`` (the first camera, or the
    simulated one when there is none), ``simulated``, a device index, a video file, or a
    device path / stream URL. The source is returned unopened."""
    spec = (spec or "auto").strip()
    if spec == "simulated":
        return SimulatedCamera(width, height, fps, seed=seed)
    if spec == "auto":
        cameras = list_cameras()
        if not cameras:
            return SimulatedCamera(width, height, fps, seed=seed)
        spec = cameras[0].spec
    if spec.isdigit():
        return OpenCVCamera(int(spec), width, height, fps)
    path = Path(spec).expanduser()
    if path.suffix.lower() in VIDEO_SUFFIXES:
        if not path.is_file():
            raise CameraError(f"The video file {path} does not exist.")
        return VideoFileSource(path)
    return OpenCVCamera(spec, width, height, fps)


def open_source(spec: str, **kwargs) -> FrameSource:
    """Open the configured source; with ``auto``, a camera that fails to open falls back
    to the simulated one so the bench keeps working."""
    source = make_source(spec, **kwargs)
    try:
        source.open()
    except CameraError:
        if (spec or "auto").strip() != "auto":
            raise
        source = SimulatedCamera(
            kwargs.get("width", 1280),
            kwargs.get("height", 720),
            kwargs.get("fps", 30.0),
            seed=kwargs.get("seed", 0),
        )
        source.open()
    return source
