"""Reading recorded segments back: probing, crash recovery and export as one MP4.

Recovery: a kill leaves the working segment in ``recording/<appraisal>/`` with its
sidecar. Its fragments up to the last flushed one are intact; we copy the packets that
still demux into a fresh fragmented MP4 (dropping a torn last fragment) so the stored
file plays to its end, then hand it on like any closed segment.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import av

from appraiser.capture.encoder import MUX_OPTIONS, SegmentInfo
from appraiser.capture.recorder import ClosedSegment, active_folders
from appraiser.errors import InvalidInput


@dataclass(frozen=True)
class Probe:
    frames: int
    duration_s: float
    complete: bool  # every packet demuxed and decoded without error


def probe(path: Path) -> Probe:
    """Decode the whole file: how much of it really plays."""
    frames, last, fps, complete = 0, 0.0, 30.0, True
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            fps = float(stream.average_rate or stream.guessed_rate or 30)
            for frame in container.decode(stream):
                frames += 1
                last = max(last, float(frame.time or 0.0))
    except (av.FFmpegError, IndexError, OSError):
        complete = False
    duration = last + 1 / fps if frames else 0.0
    return Probe(frames, duration, complete)


def _copy_packets(sources: Iterable[Path], target: Path, options: dict[str, str]) -> int:
    """Remux the whole packets of ``sources`` one after another into ``target``; a packet
    reaching past the end of its file (a torn last fragment) and all after it are left."""
    offset, copied = 0, 0
    with av.open(str(target), "w", format="mp4", options=options) as out:
        stream = None
        for source in sources:
            file_size = source.stat().st_size
            with av.open(str(source)) as container:
                src = container.streams.video[0]
                if stream is None:
                    stream = out.add_stream_from_template(src)
                end = offset
                with contextlib.suppress(av.FFmpegError):
                    for packet in container.demux(src):
                        if packet.dts is None or packet.size == 0:
                            continue
                        if packet.pos is not None and packet.pos + packet.size > file_size:
                            break
                        end = max(end, offset + _ticks(packet, stream) + _ticks_dur(packet, stream))
                        _shift(packet, offset, stream)
                        packet.stream = stream
                        out.mux(packet)
                        copied += 1
                offset = end
    return copied


def _ticks(packet: av.Packet, stream: av.video.stream.VideoStream) -> int:
    return int(packet.pts * packet.time_base / stream.time_base) if packet.pts is not None else 0


def _ticks_dur(packet: av.Packet, stream: av.video.stream.VideoStream) -> int:
    return int((packet.duration or 0) * packet.time_base / stream.time_base)


def _shift(packet: av.Packet, offset: int, stream: av.video.stream.VideoStream) -> None:
    scale = packet.time_base / stream.time_base
    packet.pts = int(packet.pts * scale) + offset if packet.pts is not None else None
    packet.dts = int(packet.dts * scale) + offset
    packet.duration = int((packet.duration or 0) * scale)
    packet.time_base = stream.time_base


def whole_boxes_end(path: Path) -> int:
    """Byte offset where the last complete top-level MP4 box ends.

    A kill can cut the file inside a fragment's ``mdat``; the demuxer would then hand out
    a short last packet (a torn picture). Everything before this offset is whole."""
    end, size = 0, path.stat().st_size
    with open(path, "rb") as handle:
        while end + 8 <= size:
            handle.seek(end)
            header = handle.read(16)
            length = int.from_bytes(header[:4], "big")
            if length == 1 and len(header) == 16:
                length = int.from_bytes(header[8:16], "big")
            if length < 8 or end + length > size:
                break
            end += length
    return end


def salvage(path: Path) -> Path | None:
    """A clean copy of the playable part of a crashed segment (None if nothing plays)."""
    whole = path.with_suffix(".whole.mp4")
    target = path.with_suffix(".salvaged.mp4")
    try:
        with open(path, "rb") as source, open(whole, "wb") as prefix:
            prefix.write(source.read(whole_boxes_end(path)))
        copied = _copy_packets([whole], target, dict(MUX_OPTIONS))
    except (av.FFmpegError, IndexError, OSError):
        copied = 0
    finally:
        whole.unlink(missing_ok=True)
    result = probe(target) if copied else None
    if result is None or result.frames == 0 or not result.complete:
        target.unlink(missing_ok=True)
        return None
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    return target


def recover(folder: Path, store: Callable[[ClosedSegment], None]) -> list[ClosedSegment]:
    """Store every segment a crash or a failed store left in ``folder`` (all appraisals),
    oldest first; working files are removed once stored. Returns what was stored."""
    stored = []
    if not folder.is_dir():
        return stored
    busy = active_folders()
    for sidecar in sorted(folder.glob("*/seg-*.json")):
        if sidecar.parent in busy:  # a recorder here is still closing it: not a crash
            continue
        video = sidecar.with_suffix(".mp4")
        info = SegmentInfo.read(sidecar)
        good = salvage(video) if video.exists() else None
        if good is not None:
            result = probe(good)
            segment = ClosedSegment(good, info, result.frames, result.duration_s)
            store(segment)
            stored.append(segment)
            good.unlink(missing_ok=True)
        video.unlink(missing_ok=True)
        sidecar.unlink()
    return stored


def concat(paths: list[Path], target: Path) -> None:
    """Join segments into one plain MP4 with the index up front (plays on any phone)."""
    if not paths:
        raise InvalidInput("This appraisal has no recorded video to export.")
    tmp = target.with_name(target.name + ".part")
    try:
        _copy_packets(paths, tmp, {"movflags": "+faststart"})
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
