"""Capture use cases: stills that passed the gate, video segments, camera loss, export.

Every stored file goes to the media store first (durable, named by its SHA-256) and is
then named by an ``appraisal_media`` row whose audit event carries the hash, in one
transaction. Video segments use ``role = "video_segment"`` with their order and timing in
``meta``, so the audit trail lists every segment hash without a table of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from appraiser.capture import segments as segment_files
from appraiser.capture.quality import GateResult
from appraiser.capture.recorder import RECORDING_DIR, ClosedSegment
from appraiser.clock import now_iso
from appraiser.domain.enums import AppraisalState
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.casework import appraisals
from appraiser.storage.db import Store

STILL = "still"
SEGMENT = "video_segment"
JPEG_QUALITY = 95


def _attach(
    store: Store,
    session: Session,
    uid: str,
    sha: str,
    size: int,
    mime: str,
    *,
    role: str,
    view: str | None,
    meta: dict[str, Any],
    action: str,
) -> None:
    with store.atomic(session.actor) as tx:
        tx.add_media(sha, size, mime)
        row = {
            "appraisal_uid": uid,
            "media_sha256": sha,
            "role": role,
            "view": view,
            "meta": meta,
            "created": now_iso(),
            "created_by": session.user_id,
        }
        tx.insert("appraisal_media", row, action=action, uid=uid, sha256=sha, view=view)


def store_still(
    store: Store,
    session: Session,
    uid: str,
    view: str,
    image: np.ndarray | None,
    gate: GateResult,
    *,
    data: bytes | None = None,
    mime: str = "image/jpeg",
    source: str = "camera",
    original_name: str | None = None,
) -> str:
    """Store a still that passed the gate for ``view``; returns its SHA-256.

    Camera stills are encoded as high-quality JPEG at full resolution; imported files are
    stored byte for byte (``data``) so a DSLR's original keeps its EXIF."""
    if not gate.passed:
        raise InvalidInput(f"The photo failed the quality check: {gate.summary}")
    appraisals.current(store, uid)
    if data is None:
        if image is None:
            raise InvalidInput("No image to store.")
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise InvalidInput("The photo could not be encoded.")
        data, mime = encoded.tobytes(), "image/jpeg"
    sha = store.media.put_bytes(data)
    meta = {"source": source, "gate": {k: round(v, 4) for k, v in gate.metrics.items()}}
    if original_name:
        meta["original_name"] = original_name
    _attach(
        store,
        session,
        uid,
        sha,
        len(data),
        mime,
        role=STILL,
        view=view,
        meta=meta,
        action="capture.still_stored",
    )
    return sha


def record_segment(
    store: Store, session: Session, segment: ClosedSegment, *, recovered: bool = False
) -> str:
    """Store a closed segment file and name it with its order and timing."""
    sha = store.media.put_file(segment.path)
    size = segment.path.stat().st_size
    meta = {
        "index": segment.info.index,
        "started_wall": segment.info.started_wall,
        "duration_s": round(segment.duration_s, 3),
        "frames": segment.frames,
        "fps": segment.info.fps,
        "recovered": recovered,
    }
    _attach(
        store,
        session,
        segment.info.appraisal_uid,
        sha,
        size,
        "video/mp4",
        role=SEGMENT,
        view=None,
        meta=meta,
        action="capture.segment_recorded",
    )
    segment.path.unlink(missing_ok=True)
    segment.path.with_suffix(".json").unlink(missing_ok=True)
    return sha


def segments(store: Store, uid: str) -> list[dict[str, Any]]:
    """The appraisal's video segments in recording order, with ``path`` to each file."""
    rows = appraisals.media_of(store, uid, SEGMENT)
    for row in rows:
        row["meta"] = json.loads(row["meta"])
        row["path"] = store.media.path(row["media_sha256"])
    return sorted(rows, key=lambda r: (r["meta"]["index"], r["id"]))


def next_segment_index(store: Store, uid: str) -> int:
    done = segments(store, uid)
    return max((r["meta"]["index"] for r in done), default=0) + 1


def stills(store: Store, uid: str) -> list[dict[str, Any]]:
    rows = appraisals.media_of(store, uid, STILL)
    for row in rows:
        row["meta"] = json.loads(row["meta"])
    return rows


def captured_views(store: Store, uid: str) -> set[str]:
    return {r["view"] for r in stills(store, uid) if r["view"]}


def mark_interrupted(store: Store, session: Session, uid: str, why: str) -> int:
    """The camera was lost mid-appraisal: record it so the case is resumed, not trusted."""
    return appraisals.save(
        store,
        session,
        uid,
        state=AppraisalState.INTERRUPTED,
        reason=f"camera lost: {why}",
        data={"interrupted": {"at": now_iso(), "why": why}},
    )


def recording_folder(store: Store) -> Path:
    return store.data.root / RECORDING_DIR


def recover(store: Store, session: Session) -> list[ClosedSegment]:
    """Store segments a crash left behind (call at start and before recording)."""
    return segment_files.recover(
        recording_folder(store), lambda seg: record_segment(store, session, seg, recovered=True)
    )


def export_video(store: Store, uid: str, target: Path) -> Path:
    """All segments of the appraisal as one MP4 for the consumer bundle."""
    paths = [row["path"] for row in segments(store, uid)]
    segment_files.concat(paths, target)
    return target
