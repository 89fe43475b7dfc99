"""Abandoned staged uploads are removed: ``<staging>/<sha>.part`` and S3 multipart uploads.

A station that stops halfway through a video (reinstalled, stolen, its blob lost) never
comes back for its ``.part`` file, and an S3 multipart upload cut by a crash keeps its parts
(billed) until aborted. Nothing else would ever free them, so the server does: at start and
every ``APPRAISER_UPLOAD_GC_SECONDS`` (3600), and on demand with ``server gc-uploads``, it
removes what was untouched for ``APPRAISER_UPLOAD_MAX_AGE_HOURS`` (24).

Why this is safe: a ``.part`` file is removed only while its ``media_uploads`` row is locked
(``FOR UPDATE NOWAIT``; a chunk being written holds that lock, so such a file is skipped) and
after its age is checked again under the lock; the row goes with it. A station that does come
back is told offset 0 and uploads the blob again — it still holds it; nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import psycopg.errors

from appraiser.server.media_staging import staging_for

log = logging.getLogger(__name__)

AGE_ENV = "APPRAISER_UPLOAD_MAX_AGE_HOURS"
EVERY_ENV = "APPRAISER_UPLOAD_GC_SECONDS"
_PART = re.compile(r"[0-9a-f]{64}\.part")


@dataclass
class Freed:
    """What one collection removed (``server gc-uploads`` prints it)."""

    files: list[tuple[str, int]] = field(default_factory=list)  # (file name, bytes)
    multipart: list[str] = field(default_factory=list)  # S3 keys whose upload was aborted
    skipped: int = 0  # old but being written right now

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.files)


def max_age() -> timedelta:
    return timedelta(hours=max(0.0, float(os.environ.get(AGE_ENV, "24"))))


def collect(conn: psycopg.Connection, store: object, older_than: timedelta) -> Freed:
    """Remove staged uploads untouched for ``older_than`` (see the module doc)."""
    freed = Freed()
    cutoff = time.time() - older_than.total_seconds()
    root = staging_for(store).root
    for path in sorted(root.iterdir()):
        if _PART.fullmatch(path.name) and _mtime(path) <= cutoff:
            _remove_part(conn, path, cutoff, freed)
    if getattr(store, "bucket", None) is not None:
        _abort_multipart(store, datetime.now(UTC) - older_than, freed)
    return freed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")  # gone meanwhile (finished or collected by another worker)


def _remove_part(conn: psycopg.Connection, path: Path, cutoff: float, freed: Freed) -> None:
    sha = path.name.removesuffix(".part")
    try:
        with conn.transaction():
            conn.execute("SELECT 1 FROM media_uploads WHERE sha256 = %s FOR UPDATE NOWAIT", (sha,))
            if _mtime(path) > cutoff:  # a chunk landed before the lock was ours
                return
            size = path.stat().st_size
            conn.execute("DELETE FROM media_uploads WHERE sha256 = %s", (sha,))
            path.unlink()
    except psycopg.errors.LockNotAvailable:
        freed.skipped += 1
        return
    except FileNotFoundError:
        return
    freed.files.append((path.name, size))


def _abort_multipart(store: object, before: datetime, freed: Freed) -> None:
    """Abort the bucket's multipart uploads under the store's prefix begun before ``before``."""
    client, bucket = store.client, store.bucket  # type: ignore[attr-defined]
    prefix = f"{store.prefix}/" if store.prefix else ""  # type: ignore[attr-defined]
    for page in client.get_paginator("list_multipart_uploads").paginate(
        Bucket=bucket, Prefix=prefix
    ):
        for upload in page.get("Uploads", []):
            if upload["Initiated"] <= before:
                client.abort_multipart_upload(
                    Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                )
                freed.multipart.append(upload["Key"])


def _collect_with_pool(pool, store: object) -> Freed:
    with pool.connection() as conn:
        return collect(conn, store, max_age())


async def run_periodically(app) -> None:
    """The worker's task: collect at start, then every ``APPRAISER_UPLOAD_GC_SECONDS``."""
    every = max(1.0, float(os.environ.get(EVERY_ENV, "3600")))
    while True:
        try:
            freed = await asyncio.to_thread(_collect_with_pool, app.state.pool, app.state.media)
            if freed.files or freed.multipart:
                log.warning(
                    "removed %d abandoned staged upload(s) (%d bytes), aborted %d multipart",
                    len(freed.files),
                    freed.bytes,
                    len(freed.multipart),
                )
        except Exception:  # never take the worker down; try again next time
            log.exception("collecting abandoned uploads failed")
        await asyncio.sleep(every)


def start(app) -> asyncio.Task:
    return asyncio.get_running_loop().create_task(run_periodically(app))


async def stop(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
