"""Where the library keeps its files inside ``data.library``: images, features, index."""

from __future__ import annotations

from pathlib import Path

from appraiser.paths import DataDir
from appraiser.storage.media import MediaStore


def images(data: DataDir) -> MediaStore:
    """Reference images, content-addressed like the media store (durable writes)."""
    return MediaStore(data.library / "images")


def features_root(data: DataDir) -> Path:
    return data.library / "features"


def index_folder(data: DataDir) -> Path:
    return data.library / "index"
