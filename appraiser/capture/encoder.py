"""One video segment on disk: H.264 in fragmented MP4, readable even after a crash.

Why these settings: the muxer closes a fragment at every keyframe (one a second) and every
quarter second in between, and flushes it to the file at once, so a kill loses at most
the fragment being written. ``empty_moov`` puts the movie header first,
so a phone's browser can start playing before the end (what ``faststart`` does for plain
MP4). Main profile, yuv420p, no B-frames (``zerolatency``) plays everywhere. x264 runs on
the encoder thread itself (``threads=1``), so that thread's CPU time is the encoder's cost.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import av
import cv2
import numpy as np

from appraiser.capture.frames import Frame

MAX_BITRATE = 4_000_000  # bits/s; sizes the disk-space check too
MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof"
FRAGMENT_US = 250_000  # also cut a fragment every quarter second: a kill loses < 0.3 s
MUX_OPTIONS = {"movflags": MOVFLAGS, "frag_duration": str(FRAGMENT_US), "flush_packets": "1"}
TIME_BASE = Fraction(1, 1000)  # pts in milliseconds from the segment start


@dataclass(frozen=True)
class EncoderSettings:
    preset: str = "ultrafast"  # ~13 % of a core at 720p30 here; superfast ~20 %
    crf: int = 23
    profile: str = "main"

    def codec_options(self, fps: float) -> dict[str, str]:
        gop = str(max(1, round(fps)))
        return {
            "preset": self.preset,
            "tune": "zerolatency",
            "profile": self.profile,
            "crf": str(self.crf),
            "maxrate": str(MAX_BITRATE),
            "bufsize": str(2 * MAX_BITRATE),
            "threads": "1",
            "g": gop,
            "keyint_min": gop,
            "sc_threshold": "0",
        }


@dataclass(frozen=True)
class SegmentInfo:
    """What the sidecar file says about a segment, written before its first byte."""

    appraisal_uid: str
    index: int
    started_wall: float
    fps: float
    width: int
    height: int

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".json.part")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(asdict(self), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: Path) -> SegmentInfo:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def burn_in(i420: np.ndarray, width: int, height: int, text: str) -> None:
    """Write ``text`` white on a dark box into the top-left corner of an I420 buffer.

    Drawing on the luma plane (and neutralising the chroma under the box) avoids copying
    the camera frame, which the preview shares."""
    scale = max(0.35, height / 900)
    thickness = max(1, round(height / 450))
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    pad = max(4, th // 2)
    bw, bh = min(width, tw + 2 * pad) & ~1, min(height, th + base + 2 * pad) & ~1
    luma = i420[:height]
    np.right_shift(luma[:bh, :bw], 2, out=luma[:bh, :bw])
    cv2.putText(
        luma, text, (pad, pad + th), cv2.FONT_HERSHEY_SIMPLEX, scale, 235, thickness, cv2.LINE_AA
    )
    flat = i420.reshape(-1)  # the U and V planes follow the luma, each w/2 x h/2
    plane = (height // 2) * (width // 2)
    for start in (width * height, width * height + plane):
        chroma = flat[start : start + plane].reshape(height // 2, width // 2)
        chroma[: bh // 2, : bw // 2] = 128


class SegmentWriter:
    """Encode frames into one fragmented MP4 file; ``close`` makes it complete."""

    def __init__(
        self,
        path: Path,
        info: SegmentInfo,
        tz: ZoneInfo,
        settings: EncoderSettings | None = None,
    ) -> None:
        self.path, self.info, self.tz = path, info, tz
        settings = settings or EncoderSettings()
        self.frames = 0
        self._t0: float | None = None
        self._last_pts = -1
        self._out = av.open(str(path), "w", format="mp4", options=dict(MUX_OPTIONS))
        rate = Fraction(round(info.fps * 1000), 1000)
        self._stream = self._out.add_stream(
            "libx264", rate=rate, options=settings.codec_options(info.fps)
        )
        self._stream.width, self._stream.height = info.width, info.height
        self._stream.pix_fmt = "yuv420p"
        self._stream.codec_context.time_base = TIME_BASE
        self._stream.time_base = TIME_BASE

    def overlay_text(self, frame: Frame) -> str:
        stamp = datetime.fromtimestamp(frame.wall, self.tz).strftime("%Y-%m-%d %H:%M:%S %z")
        return f"{self.info.appraisal_uid}  {stamp}"

    def write(self, frame: Frame) -> None:
        if frame.size != (self.info.width, self.info.height):
            image = cv2.resize(frame.image, (self.info.width, self.info.height))
        else:
            image = frame.image
        i420 = cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420)
        burn_in(i420, self.info.width, self.info.height, self.overlay_text(frame))
        video = av.VideoFrame.from_ndarray(i420, format="yuv420p")
        if self._t0 is None:
            self._t0 = frame.mono
        pts = max(self._last_pts + 1, round((frame.mono - self._t0) * 1000))
        video.pts, video.time_base, self._last_pts = pts, TIME_BASE, pts
        for packet in self._stream.encode(video):
            self._out.mux(packet)
        self.frames += 1

    def elapsed_at(self, frame: Frame) -> float:
        """Seconds from this segment's first frame to ``frame`` (0 before the first)."""
        return 0.0 if self._t0 is None else frame.mono - self._t0

    @property
    def duration_s(self) -> float:
        return (self._last_pts + 1000 / self.info.fps) / 1000 if self.frames else 0.0

    def close(self) -> None:
        """Drain the encoder and write the last fragment; the file is then complete."""
        try:
            for packet in self._stream.encode(None):
                self._out.mux(packet)
        finally:
            self._out.close()
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def abandon(self) -> None:
        """Give up after a write error: release the file without finishing it."""
        with contextlib.suppress(OSError, av.FFmpegError):
            self._out.close()
