"""Untrusted image files are judged by content and refused with a clear message."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from appraiser.errors import InvalidInput
from appraiser.imaging import check_image_bytes, load_image


def _png(width: int, height: int) -> bytes:
    """A syntactically valid PNG header declaring any size (the pixel data is tiny)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def photo() -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(0, 255, (40, 60, 3), dtype=np.uint8)


@pytest.mark.parametrize("ext", [".png", ".jpg", ".bmp", ".webp"])
def test_good_images_decode_to_bgr(photo: np.ndarray, ext: str) -> None:
    ok, data = cv2.imencode(ext, photo)
    assert ok
    image = load_image(data.tobytes())
    assert image.shape == (40, 60, 3) and image.dtype == np.uint8


def test_a_path_is_read_by_content_not_name(tmp_path: Path, photo: np.ndarray) -> None:
    target = tmp_path / "photo.txt"
    target.write_bytes(cv2.imencode(".png", photo)[1].tobytes())
    assert load_image(target).shape == (40, 60, 3)


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        load_image(empty)


@pytest.mark.parametrize("content", [b"hello world", b"%PDF-1.7 ...", b"PK\x03\x04zip"])
def test_non_images_are_refused(content: bytes) -> None:
    with pytest.raises(InvalidInput, match="not an image"):
        load_image(content)


def test_truncated_jpeg_is_refused(photo: np.ndarray) -> None:
    data = cv2.imencode(".jpg", photo)[1].tobytes()
    with pytest.raises(InvalidInput, match="truncated"):
        load_image(data[: len(data) // 2])


def test_truncated_png_is_refused(photo: np.ndarray) -> None:
    data = cv2.imencode(".png", photo)[1].tobytes()
    with pytest.raises(InvalidInput, match="damaged"):
        load_image(data[: len(data) // 2])


def test_pixel_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(InvalidInput, match="over the limit"):
        load_image(_png(60_000, 60_000))


def test_a_full_frame_studio_camera_photo_is_within_the_limit() -> None:
    """45 MP (8256 x 5504) passes the size check; the bomb above does not."""
    kind, size = check_image_bytes(_png(8256, 5504))
    assert kind == "png" and size == (8256, 5504)


def test_pixel_limit_is_a_parameter(photo: np.ndarray) -> None:
    data = cv2.imencode(".png", photo)[1].tobytes()
    with pytest.raises(InvalidInput):
        load_image(data, max_pixels=1000)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(InvalidInput, match="folder"):
        load_image(tmp_path)


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_phone_photo_taken_upright_is_turned_upright(orientation: int) -> None:
    """Phones store an upright photo as landscape pixels plus an EXIF "rotate 90" tag;
    the picture comes out portrait, not refused as damaged (the header says landscape)."""
    stored = np.full((120, 200, 3), 255, np.uint8)
    stored[:30, :40] = (0, 0, 255)  # a red block in the stored top-left corner
    picture = Image.fromarray(cv2.cvtColor(stored, cv2.COLOR_BGR2RGB))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95, exif=exif.tobytes())
    image = load_image(out.getvalue())
    assert image.shape[:2] == (200, 120)
    # turned a quarter clockwise (6) the stored top-left lands top-right; anticlockwise
    # (8) bottom-left; the 30×40 block stands 40 high and 30 wide then
    corner = image[5:35, -25:-5] if orientation == 6 else image[-35:-5, 5:25]
    assert corner[..., 2].mean() > 200 and corner[..., 0].mean() < 60


def _encoded(image: np.ndarray, ext: str = ".png") -> bytes:
    ok, buffer = cv2.imencode(ext, image)
    assert ok
    return buffer.tobytes()


@pytest.mark.parametrize("ext", [".png", ".webp"])
def test_transparency_is_laid_over_white_not_read_as_black(ext: str) -> None:
    """A cut-out product photo: its transparent pixels hold black, which read as print
    (a black-box tester's PNG deviated and showed new 'hands')."""
    cut_out = np.zeros((40, 60, 4), np.uint8)
    cut_out[10:30, 15:45] = (30, 60, 200, 255)  # the opaque item
    cut_out[10:30, 45:50] = (30, 60, 200, 128)  # a half-transparent edge
    params = [cv2.IMWRITE_WEBP_QUALITY, 101] if ext == ".webp" else []
    ok, buffer = cv2.imencode(ext, cut_out, params)
    assert ok
    image = load_image(buffer.tobytes(), over_white=True)
    assert image.shape == (40, 60, 3) and image.dtype == np.uint8
    assert image[0, 0].tolist() == [255, 255, 255]
    assert np.abs(image[20, 20].astype(int) - (30, 60, 200)).max() <= 2
    assert np.abs(image[20, 47].astype(int) - (143, 158, 228)).max() <= 3


def test_grey_with_transparency_and_sixteen_bit_pngs_read_as_eight_bit_bgr() -> None:
    grey_alpha = Image.new("LA", (40, 32), (90, 0))
    grey_alpha.paste((90, 255), (0, 0, 20, 32))
    data = io.BytesIO()
    grey_alpha.save(data, "PNG")
    image = load_image(data.getvalue(), over_white=True)
    assert image[5, 5].tolist() == [90, 90, 90] and image[5, 30].tolist() == [255, 255, 255]
    assert load_image(data.getvalue())[5, 30].tolist() == [90, 90, 90]  # a reference: as stored
    deep = np.full((32, 40, 3), 40_000, np.uint16)
    image = load_image(_encoded(deep))
    assert image.dtype == np.uint8 and image[0, 0].tolist() == [40_000 >> 8] * 3


@pytest.mark.parametrize("magic", [b"II*\x00", b"MM\x00*"])
def test_a_tiff_is_named_and_the_way_round_it_given(magic: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_image(magic + b"\x08\x00\x00\x00" + b"\x00" * 64)
    assert "TIFF" in str(caught.value)
    assert "PNG" in (caught.value.hint or "")
