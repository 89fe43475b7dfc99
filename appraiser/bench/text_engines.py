"""The OCR engine choice, measured (``python -m appraiser.bench text --engines``).

RapidOCR (the engine ``appraiser.matching.text`` uses) and Tesseract 5 with eng +
chi_sim (Debian: tesseract-ocr, tesseract-ocr-chi-sim; read through its C API, no
Python binding needed) read the same crops of a world's rendered text lines: from the
clean reference, and from a bench photo warped back by a SIFT + MAGSAC homography.
Figures per engine: exact line readings and character error rate (reference and photo;
Latin and CJK apart), wall ms per crop. Tesseract is optional: without its library the
figures say so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time

import cv2
import numpy as np

from appraiser.matching import text
from appraiser.matching.text_compare import edit_distance


class Tesseract:
    """Tesseract's C API through ctypes, one line per crop (page segmentation mode 7)."""

    def __init__(self, langs: str = "eng+chi_sim") -> None:
        name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
        lib = ctypes.CDLL(name)
        lib.TessBaseAPICreate.restype = ctypes.c_void_p
        lib.TessBaseAPIInit3.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPISetPageSegMode.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.TessBaseAPISetImage.argtypes = [ctypes.c_void_p, ctypes.c_void_p] + [ctypes.c_int] * 4
        lib.TessBaseAPIGetUTF8Text.argtypes = [ctypes.c_void_p]
        lib.TessBaseAPIGetUTF8Text.restype = ctypes.c_void_p
        lib.TessBaseAPIMeanTextConf.argtypes = [ctypes.c_void_p]
        lib.TessDeleteText.argtypes = [ctypes.c_void_p]
        self.lib, self.api = lib, lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.api, None, langs.encode()):
            raise OSError(f"tesseract has no {langs} models")
        lib.TessBaseAPISetPageSegMode(self.api, 7)

    def read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return [self._one(c) for c in crops]

    def _one(self, crop: np.ndarray) -> tuple[str, float]:
        gray = np.ascontiguousarray(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY))
        h, w = gray.shape
        self.lib.TessBaseAPISetImage(self.api, gray.ctypes.data, w, h, 1, w)
        raw = self.lib.TessBaseAPIGetUTF8Text(self.api)
        got = ctypes.string_at(raw).decode("utf-8", "replace").strip()
        self.lib.TessDeleteText(raw)
        return got, self.lib.TessBaseAPIMeanTextConf(self.api) / 100.0


def _homography(ref: np.ndarray, photo: np.ndarray) -> np.ndarray | None:
    sift = cv2.SIFT_create(2000)
    k1, d1 = sift.detectAndCompute(cv2.cvtColor(ref, cv2.COLOR_BGR2GRAY), None)
    k2, d2 = sift.detectAndCompute(cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY), None)
    if d1 is None or d2 is None:
        return None
    pairs = cv2.BFMatcher().knnMatch(d1, d2, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.75 * p[1].distance]
    if len(good) < 12:
        return None
    src = np.float32([k1[m.queryIdx].pt for m in good])
    dst = np.float32([k2[m.trainIdx].pt for m in good])
    found, _ = cv2.findHomography(src, dst, cv2.USAC_MAGSAC, 4.0)
    return found


def _crops(world, entry, seed: int) -> list[tuple[str, str, np.ndarray]]:
    """(where, truth, crop) for each one-line text element of ``entry``."""
    ref = world.reference(entry)
    photo, _, _ = world.photograph(entry.design, entry.surface, seed)
    to_photo = _homography(ref, photo)
    out = []
    for element in entry.design.elements:
        if element.kind != "text":
            continue
        truth = element.params["text"]
        out.append(("reference", truth, text.photo_crop(ref, np.eye(3), element.box)))
        if to_photo is not None:
            out.append(("photo", truth, text.photo_crop(photo, to_photo, element.box)))
    return out


def _score(reader, samples) -> dict:
    tally: dict[str, list] = {}
    for where, truth, crop in samples:
        started = time.perf_counter()
        got = reader.read([crop])[0][0]
        ms = (time.perf_counter() - started) * 1000
        script = "cjk" if any(ord(c) > 0x2E80 for c in truth) else "latin"
        a, b = "".join(got.split()), "".join(truth.split())
        row = tally.setdefault(f"{where}_{script}", [0, 0, 0.0, []])
        row[0] += 1
        row[1] += a == b
        row[2] += edit_distance(a, b) / max(1, len(b))
        row[3].append(ms)
    return {
        key: {
            "lines": n,
            "exact": round(exact / n, 3),
            "cer": round(cer / n, 3),
            "ms_p50": round(float(np.median(ms)), 1),
        }
        for key, (n, exact, cer, ms) in sorted(tally.items())
    }


def compare_engines(world, count: int, seed: int) -> dict:
    """Both engines on the text lines of ``count`` versions of ``world``."""
    library, _ = world.catalogue(count, seed)
    samples = [s for i, e in enumerate(library) for s in _crops(world, e, 1000 + i)]
    out = {"rapidocr": _score(text.reader(), samples)}
    try:
        out["tesseract"] = _score(Tesseract(), samples)
    except OSError as exc:
        out["tesseract"] = {"error": f"not measured: {exc}"}
    return out
