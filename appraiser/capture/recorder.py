"""The inspection-video recorder: frames in, closed and hashed ten-second segments out.

Three threads keep the camera rate steady: the camera thread only ``push``es frames into
a bounded queue (a full queue counts a dropped frame instead of blocking the camera);
the encoder thread burns in the overlay, encodes and rolls segments; the finisher thread
hands each closed segment to ``on_segment`` (which stores it in the media store and the
audit trail) so hashing and fsync never stall encoding. A working segment and its sidecar
live in ``recording/<appraisal>/`` until stored; after a crash ``segments.recover`` finds
them there.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import av

from appraiser.capture.encoder import MAX_BITRATE, EncoderSettings, SegmentInfo, SegmentWriter
from appraiser.capture.frames import Frame
from appraiser.errors import DiskFullError

log = logging.getLogger(__name__)

RECORDING_DIR = "recording"
SEGMENT_S = 10.0
QUEUE_S = 3.0  # seconds of frames the encoder may fall behind before frames drop
DISK_CHECK_S = 1.0
DiskFree = Callable[[Path], int]
_active: set[Path] = set()  # folders a recorder of this process is still writing to
_active_lock = threading.Lock()


def active_folders() -> set[Path]:
    """Recording folders in use here: crash recovery must leave them alone."""
    with _active_lock:
        return set(_active)


@dataclass(frozen=True)
class ClosedSegment:
    path: Path
    info: SegmentInfo
    frames: int
    duration_s: float


def expected_bytes(minutes: float) -> int:
    """Worst-case size of a session of ``minutes`` at the encoder's bitrate cap."""
    return int(MAX_BITRATE / 8 * minutes * 60)


def lower_thread_priority(steps: int) -> None:
    """Background video work yields to the UI thread: on Linux a thread has its own nice
    value, so this lowers only the calling thread (elsewhere it would hit the process)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + steps)


def _free(path: Path) -> int:
    return shutil.disk_usage(path).free


def check_space(folder: Path, reserve_mb: int, minutes: float, free: DiskFree = _free) -> None:
    """Refuse to start unless twice the expected session fits above the reserve."""
    need = 2 * expected_bytes(minutes) + reserve_mb * 1024 * 1024
    have = free(folder)
    if have < need:
        raise DiskFullError(
            f"Only {have // 2**20} MB free; recording {minutes:.0f} minutes needs "
            f"{need // 2**20} MB (twice the expected video plus the {reserve_mb} MB reserve)."
        )


class Recorder:
    """Record one appraisal's video. ``on_segment`` runs on the finisher thread;
    ``on_stop(reason)`` runs once when recording ends by itself (disk full, error)."""

    def __init__(
        self,
        folder: Path,
        appraisal_uid: str,
        *,
        fps: float,
        size: tuple[int, int],
        tz: ZoneInfo,
        first_index: int = 1,
        on_segment: Callable[[ClosedSegment], None] | None = None,
        on_stop: Callable[[str], None] | None = None,
        reserve_mb: int = 500,
        segment_s: float = SEGMENT_S,
        disk_free: DiskFree = _free,
        encoder: EncoderSettings | None = None,
    ) -> None:
        self.folder = folder / appraisal_uid
        self.uid, self.fps, self.tz = appraisal_uid, fps, tz
        self.size = (size[0] & ~1, size[1] & ~1)  # 4:2:0 needs even dimensions
        self.next_index = first_index
        self.on_segment, self.on_stop = on_segment, on_stop
        self.reserve = reserve_mb * 1024 * 1024
        self.segment_frames = max(1, round(segment_s * fps))
        self.segment_limit_s = segment_s - 1 / fps + 0.002  # last start + 1 frame <= 10 s
        self.disk_free, self.encoder = disk_free, encoder or EncoderSettings()
        self._queue: queue.Queue[Frame | None] = queue.Queue(max(8, round(QUEUE_S * fps)))
        self._done: queue.Queue[ClosedSegment | None] = queue.Queue()
        self._writer: SegmentWriter | None = None
        self._paused = threading.Event()
        self._accepting = False
        self.stop_reason: str | None = None
        self.errors: list[BaseException] = []
        self.frames_in = self.frames_encoded = self.dropped = self.segments = 0
        self.encoder_cpu_s = 0.0
        self._threads: list[threading.Thread] = []

    # -- control (any thread) -------------------------------------------------------
    def start(self, minutes: float = 20.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        check_space(self.folder, self.reserve // 2**20, minutes, self.disk_free)
        with _active_lock:
            _active.add(self.folder)
        self._accepting = True
        for target, name in ((self._encode_loop, "encoder"), (self._finish_loop, "finisher")):
            thread = threading.Thread(target=target, name=f"video-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    @property
    def recording(self) -> bool:
        return self._accepting and not self._paused.is_set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def pause(self) -> None:
        """Pausing closes the running segment, so every segment is one continuous take."""
        self._paused.set()
        self._put_control(_ROLL)

    def resume(self) -> None:
        self._paused.clear()

    def push(self, frame: Frame) -> bool:
        """Queue a frame from the camera thread; never blocks. False = frame dropped."""
        if not self.recording:
            return True
        self.frames_in += 1
        try:
            self._queue.put_nowait(frame)
        except queue.Full:
            self.dropped += 1
            return False
        return True

    def stop(self, reason: str = "stopped") -> None:
        """Close the last segment and wait until every segment is stored."""
        self._accepting = False
        self.stop_reason = self.stop_reason or reason
        self._put_control(None)
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    # -- encoder thread -------------------------------------------------------------
    def _put_control(self, item: object) -> None:
        """Queue a control item behind the frames, unless the encoder has already ended."""
        while self._threads and self._threads[0].is_alive():
            try:
                self._queue.put(item, timeout=0.2)  # type: ignore[arg-type]
                return
            except queue.Full:
                continue

    def _encode_loop(self) -> None:
        cpu0 = time.thread_time()
        next_disk_check = 0.0
        try:
            while True:
                frame = self._queue.get()
                if frame is None:
                    break
                if frame is _ROLL:
                    self._close_segment()
                    continue
                if frame.mono >= next_disk_check:
                    next_disk_check = frame.mono + DISK_CHECK_S
                    if not self._disk_ok():
                        break
                self._encode(frame)
            self._close_segment()
        except BaseException as exc:
            self._fail(exc)
        finally:
            self.encoder_cpu_s = time.thread_time() - cpu0
            self._done.put(None)

    def _encode(self, frame: Frame) -> None:
        """Roll by frame count and by time: a camera delivering late (a starved machine,
        a variable-rate device) must not stretch a segment past its ten seconds."""
        if self._writer is not None and self._writer.elapsed_at(frame) > self.segment_limit_s:
            self._close_segment()
        if self._writer is None:
            self._writer = self._open_segment(frame)
        self._writer.write(frame)
        self.frames_encoded += 1
        if self._writer.frames >= self.segment_frames:
            self._close_segment()

    def _open_segment(self, frame: Frame) -> SegmentWriter:
        info = SegmentInfo(self.uid, self.next_index, frame.wall, self.fps, *self.size)
        self.next_index += 1
        base = self.folder / f"seg-{info.index:06d}"
        info.write(base.with_suffix(".json"))
        return SegmentWriter(base.with_suffix(".mp4"), info, self.tz, self.encoder)

    def _close_segment(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        writer.close()
        self.segments += 1
        self._done.put(ClosedSegment(writer.path, writer.info, writer.frames, writer.duration_s))

    def _disk_ok(self) -> bool:
        if self.disk_free(self.folder) >= self.reserve:
            return True
        self._accepting = False
        self.stop_reason = "disk_full"
        log.warning("recording of %s stopped at the disk reserve", self.uid)
        return False

    def _fail(self, exc: BaseException) -> None:
        """A write error: keep what is on disk for recovery, stop accepting frames."""
        self._accepting = False
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.abandon()
        full = isinstance(exc, OSError | av.FFmpegError) and getattr(exc, "errno", None) in (
            errno.ENOSPC,
            errno.EDQUOT,
        )
        self.stop_reason = "disk_full" if full else "error"
        self.errors.append(DiskFullError("The disk filled up while recording.") if full else exc)
        log.error("recording of %s failed: %s", self.uid, exc)

    # -- finisher thread ------------------------------------------------------------
    def _finish_loop(self) -> None:
        lower_thread_priority(8)
        while (segment := self._done.get()) is not None:
            try:
                if self.on_segment is not None:
                    self.on_segment(segment)
            except BaseException as exc:
                self.errors.append(exc)
                log.error("segment %s not stored: %s", segment.path.name, exc)
        with _active_lock:
            _active.discard(self.folder)
        if self.stop_reason not in (None, "stopped") and self.on_stop is not None:
            self.on_stop(self.stop_reason)


class _RollMarker:
    """Queue item that closes the running segment (pause)."""


_ROLL = _RollMarker()
