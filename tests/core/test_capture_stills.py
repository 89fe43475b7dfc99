"""Importing stills from files: judged by content, with a pixel limit."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from appraiser.capture import stills


def _photo(path, size=(64, 48), fmt="JPEG") -> None:
    array = np.random.default_rng(0).integers(0, 255, (size[1], size[0], 3), np.uint8)
    Image.fromarray(array).save(path, format=fmt)


def test_a_folder_import_reads_photos_and_refuses_the_rest(tmp_path) -> None:
    folder = tmp_path / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    _photo(folder / "IMG_0001.JPG")
    _photo(folder / "IMG_0002.png", fmt="PNG")
    (folder / "IMG_0003.JPG").write_text("not a photo, despite the name")
    (folder / "notes.txt").write_text("hello")
    _photo(folder / "renamed.txt")  # a photo with a misleading name is still a photo
    found = {c.path.name: c for c in stills.scan([tmp_path / "DCIM"])}
    assert found["IMG_0001.JPG"].mime == "image/jpeg"
    assert found["IMG_0002.png"].mime == "image/png"
    assert found["renamed.txt"].image.shape == (48, 64, 3)
    assert found["IMG_0003.JPG"].refused == "not an image"
    assert found["notes.txt"].refused == "not an image"


def test_the_original_bytes_are_kept(tmp_path) -> None:
    path = tmp_path / "a.jpg"
    _photo(path)
    assert stills.load_still(path).data == path.read_bytes()


def test_images_over_the_pixel_limit_are_refused_before_decoding(tmp_path) -> None:
    path = tmp_path / "huge.png"
    _photo(path, size=(400, 300), fmt="PNG")
    result = stills.load_still(path, max_pixels=100_000)
    assert result.image is None
    assert "pixel limit" in result.refused


def test_non_photo_image_formats_are_refused(tmp_path) -> None:
    path = tmp_path / "anim.gif"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="GIF")
    path.write_bytes(buffer.getvalue())
    assert "not a photo format" in stills.load_still(path).refused


def test_a_missing_file_is_refused(tmp_path) -> None:
    assert "cannot read" in stills.load_still(tmp_path / "gone.jpg").refused
