"""The server's media store: content-addressed blobs on disk, or in S3-compatible storage.

Blobs are named by their SHA-256, so a blob is written once and never changes: two stations
pushing the same photo store it once, and a push repeated after a crash finds it there.
Uploads arrive in chunks staged on disk (``ingest_media``, ``media_staging``) until complete;
only a complete, hash-checked blob reaches the store (``put_file``: a rename on local disk).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from appraiser.errors import InvalidInput

SHA256 = re.compile(r"[0-9a-f]{64}")


def check_sha(sha: str) -> str:
    if not SHA256.fullmatch(sha):
        raise InvalidInput("A media name is 64 lower-case hex digits (its SHA-256).")
    return sha


class MediaStore(Protocol):
    def exists(self, sha: str) -> bool: ...
    def size(self, sha: str) -> int | None: ...
    def put(self, sha: str, data: bytes) -> None: ...
    def put_file(self, sha: str, path: Path) -> None: ...
    def read_range(self, sha: str, start: int, length: int) -> bytes: ...
    def local_path(self, sha: str) -> Path | None: ...


class LocalMedia:
    """``DIR/ab/abcdef…``, written temp → fsync → rename → fsync folder (DESIGN §2)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def local_path(self, sha: str) -> Path:
        check_sha(sha)
        return self.root / sha[:2] / sha

    def exists(self, sha: str) -> bool:
        return self.local_path(sha).is_file()

    def size(self, sha: str) -> int | None:
        path = self.local_path(sha)
        return path.stat().st_size if path.is_file() else None

    def put(self, sha: str, data: bytes) -> None:
        target = self.local_path(sha)
        target.parent.mkdir(exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        fsync_dir(target.parent)

    def put_file(self, sha: str, path: Path) -> None:
        """Move a staged, fsync'd file of the same file system into place (no copy)."""
        target = self.local_path(sha)
        target.parent.mkdir(exist_ok=True)
        os.replace(path, target)
        fsync_dir(target.parent)
        fsync_dir(path.parent)

    def read_range(self, sha: str, start: int, length: int) -> bytes:
        with self.local_path(sha).open("rb") as blob:
            blob.seek(start)
            return blob.read(length)

    def iter_range(
        self, sha: str, start: int, length: int, chunk: int = 1 << 16
    ) -> Iterator[bytes]:
        with self.local_path(sha).open("rb") as blob:
            blob.seek(start)
            while length > 0:
                part = blob.read(min(chunk, length))
                if not part:
                    return
                length -= len(part)
                yield part


class S3Media:
    """``s3://bucket/prefix``: the endpoint and credentials come from boto3's usual
    environment (``AWS_ENDPOINT_URL`` for MinIO/Ceph, ``AWS_ACCESS_KEY_ID`` …)."""

    def __init__(self, bucket: str, prefix: str) -> None:
        import boto3

        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client("s3")

    def _key(self, sha: str) -> str:
        check_sha(sha)
        return f"{self.prefix}/{sha[:2]}/{sha}" if self.prefix else f"{sha[:2]}/{sha}"

    def local_path(self, sha: str) -> None:
        return None

    def size(self, sha: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            return int(
                self.client.head_object(Bucket=self.bucket, Key=self._key(sha))["ContentLength"]
            )
        except ClientError:
            return None

    def exists(self, sha: str) -> bool:
        return self.size(sha) is not None

    def put(self, sha: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(sha), Body=data)

    def put_file(self, sha: str, path: Path) -> None:
        """Upload a staged file (boto3 streams it, in parts when large), then drop it."""
        self.client.upload_file(str(path), self.bucket, self._key(sha))
        path.unlink(missing_ok=True)

    def read_range(self, sha: str, start: int, length: int) -> bytes:
        return b"".join(self.iter_range(sha, start, length))

    def iter_range(
        self, sha: str, start: int, length: int, chunk: int = 1 << 16
    ) -> Iterator[bytes]:
        """A ranged GET streamed in pieces (a video is never held whole by the worker)."""
        if length <= 0:
            return
        answer = self.client.get_object(
            Bucket=self.bucket, Key=self._key(sha), Range=f"bytes={start}-{start + length - 1}"
        )
        body = answer["Body"]
        try:
            yield from body.iter_chunks(chunk)
        finally:
            body.close()


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_media(where: str) -> LocalMedia | S3Media:
    """``--media DIR`` or ``--media s3://bucket[/prefix]``."""
    if where.startswith("s3://"):
        bucket, _, prefix = where[5:].partition("/")
        if not bucket:
            raise InvalidInput("--media s3://BUCKET[/PREFIX] needs a bucket name.")
        return S3Media(bucket, prefix)
    if not where:
        raise InvalidInput("--media needs a folder or s3://bucket.")
    return LocalMedia(Path(where))
