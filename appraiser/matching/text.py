"""Printed text as evidence (issue 13 item 5): read the text of the reference and of the
bench photo and name a changed character in its region ("reads GNILU, genuine GRILU").

Why an OCR at all: a counterfeiter's typo changes one letter of a brand word. In the
deviation map that is one small blob among the noise of print, lighting and JPEG, so the
typo hardly separates from genuine items (held-out AUC 0.52). Two readings that disagree
are evidence an appraiser can check on the item at a glance.

The engine is RapidOCR (PP-OCR detection + recognition, ONNX models shipped inside its
wheel, Apache-2.0, runs offline on onnxruntime), chosen by measurement against Tesseract
5 with Debian's eng + chi_sim models, both reading the same crops of the tuning worlds'
rendered text (12 versions each): exact line readings of the reference 100 % vs 75 %
(atelier) and 95 % vs 88 % (apothecary); of photo crops aligned by the homography 100 %
vs 67 % and 76 % vs 36 %. Tesseract was faster per crop (~40 vs ~70 ms wall on the loaded
2-core PC) but misread a third of the photo lines, and it needs Debian packages where
RapidOCR is one pip dependency (wheel 27 MB + onnxruntime; ~160 MB RSS once loaded).
With one thread a recognised crop costs ~24 ms CPU, a whole reference read ~0.5 s CPU.

Where it pays, and what it costs:

* the reference is read once per image (detection + recognition), on first use, and
  kept beside the image's features (``library/text/<sha>.json``); only lines read
  *consistently* (the same text from the image and from a softened copy, both
  confident) are kept;
* a photo costs one recognition call over at most ``MAX_LINES`` crops: the largest
  reference lines (brand words), warped out of the photo by the match's homography
  (round a bottle, the wrap's homography over that line);
* a difference is reported only when the photo reading is confident and a second
  reading of a wider crop holds it whole (OCR noise does not repeat itself that way; a
  frame's rule or a neighbouring word caught beside it does not count against it);
* a changed letter is evidence only where the photo shows it whole (``text_legible``):
  a hand, an occluder or the frame over its line, a hand over the letter itself, or
  light nothing listed brighter on the letter than beside it makes it no evidence,
  only a reading of another name can be (a covered or washed-out stroke fakes the one,
  not the other); under listed glare or shadow it is, read surely and as contrasted as
  the line's other letters (light washes strokes out, it never draws one);
* a reading that shares less than half of a name's characters, where the reference
  prints the product's catalogue name, is another product (``OTHER``): a house-mate
  the library lacks agrees with the reference everywhere but there. On the tuning
  worlds (100 versions, 60 genuine, 30 counterfeit, 30 unknown photos each) unknown →
  no_match went from 57 to 80 % (atelier) and 83 to 100 % (apothecary), no known
  photo became no_match and no other figure moved;
* the product's catalogue name read exactly where the reference prints it identifies
  it when the picture evidence is too weak (``reads_name``): apothecary known → not
  no_match 82 → 87 %, no unknown product accepted. It costs the reference's reading
  (cold: ~0.4 s, then kept) on photos that would otherwise be no_match.

The OCR is optional at run time: when its models cannot be loaded, one clear error is
logged once and matching goes on without text evidence (``status()`` says why).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import numpy as np

from appraiser.matching import text_legible
from appraiser.matching.text_compare import (
    MIN_CHARS,
    MIN_LETTERS,
    differs,
    edit_distance,
    names_other,
    normalise,
)

log = logging.getLogger(__name__)
Box = tuple[int, int, int, int]  # x, y, w, h in reference pixels
Hidden = tuple[str, Box]  # a not-inspected area over the reference: its reason and box
# Not-inspected areas where only the light is at fault: they wash strokes out and never
# draw one, so a changed letter the photo shows whole there is still read as evidence.
WASHES = frozenset({"glare", "shadow"})
# Not-inspected areas that can cover one letter's stroke and nothing else of its line (a
# fingertip): a changed letter under one is no evidence, however little of the line.
COVERS_LETTERS = frozenset({"hand", "occluded"})
# Reference -> photo pixels: one homography for a flat item, or the homography that
# holds over a given box (a label round a bottle, ``cylinder.Cylinder.local``).
ToPhoto = np.ndarray | Callable[[Box], np.ndarray]

ENGINE = "rapidocr"
DET_MODEL = "PP-OCRv6_det_small.onnx"  # PP-OCR models shipped inside the rapidocr wheel
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CACHE_VERSION = 3  # 2: lines read from padded crops, tallest first; 3: small refs enlarged
REF_MIN_SCORE = 0.9  # a reference line read less surely than this is never compared
PHOTO_MIN_SCORE = 0.85  # a photo reading less sure than this proves nothing
# A reading that names another product decides the answer (no_match), so it must be
# surer than a changed character's (its wider reading confirms it as any finding's is).
# Tuning worlds (120 genuine photos):
# no photo of the right version read another name at any score; unknown products' names
# read at 0.94-1.0, most at 0.99-1.0.
OTHER_MIN_SCORE = 0.95
CHANGED, OTHER = "changed", "other"  # what a finding says about its line
# A changed letter read under glare or shadow must be surer still: there the tuning
# worlds' typos read at 0.9996-0.9999 and a genuine "Drops" misread "Dropa" at 0.93
# (apothecary, 80 genuine photos in hard light, 15 typos).
WASHED_MIN_SCORE = 0.98
MAX_LINES = 2  # crops recognised per photo: the largest lines (brand words) first
REF_LINES = 6  # reference lines kept (the largest): those a photo may have read
REC_HEIGHT = 48  # the recognition model's input height: crops are warped to about this
DET_MAX_SIDE = 1280  # larger references are shrunk to this for detection
# Smaller ones are enlarged to this short side first: on a 256-px label the detector
# left the K of a letter-spaced "K E S T R E L" out of the line, so the reference read
# "ESTREL" and a counterfeit "SESTREL" read the same. Demo library (24 references) brand
# words read whole 21 -> 24. Measured at 1.5x enlargement: tuning worlds' kept lines
# 3.5 -> 3.8 a reference, detection ~100 -> ~225 ms CPU a reference, once (its reading
# is kept); 400 enlarges their 320-px references 1.25x.
DET_MIN_SIDE = 400
WIDE_X = 1.5  # the confirming reading's margin left and right, in line heights
PAD = 0.3  # crop margin, in line heights: the homography is a few pixels off at worst


@dataclass(frozen=True)
class Line:
    """One reference text line: its box in reference pixels and its reading."""

    box: Box
    text: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"box": list(self.box), "text": self.text, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Finding:
    """A line whose printed text differs from the genuine one: a few characters
    changed (``CHANGED``, a counterfeiter's typo), or another name altogether (``OTHER``:
    the photo shows another product than this reference)."""

    box: Box
    photo: str
    reference: str
    score: float
    kind: str = CHANGED

    def as_dict(self) -> dict[str, str]:
        """The ``text`` key of a ``match --json`` region."""
        return {"photo": self.photo, "reference": self.reference}


class OcrUnavailable(RuntimeError):
    """The OCR engine or its models cannot be loaded on this machine."""


def model_files() -> tuple[Path, Path]:
    """The detection and recognition models: those shipped in RapidOCR's wheel, or the
    folder ``APPRAISER_OCR_MODELS`` names (an installer that keeps them elsewhere)."""
    folder = os.environ.get("APPRAISER_OCR_MODELS")
    if not folder:
        import rapidocr

        folder = str(Path(rapidocr.__file__).parent / "models")
    return Path(folder) / DET_MODEL, Path(folder) / REC_MODEL


class Reader:
    """The OCR engine, loaded once per process on first use (about 3 s, 160 MB)."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()
        # RapidOCR keeps each call's switches (use_det, …) on the engine: two threads
        # (the compare view's workers) calling at once would swap each other's.
        self._calls = threading.Lock()
        self._failure: str | None = None

    @property
    def failure(self) -> str | None:
        return self._failure

    def engine(self) -> Any:
        """The RapidOCR engine, or :class:`OcrUnavailable` (raised the same every time)."""
        with self._lock:
            if self._failure is not None:
                raise OcrUnavailable(self._failure)
            if self._engine is None:
                self._engine = self._load()
            return self._engine

    def _load(self) -> Any:
        try:
            from rapidocr import RapidOCR

            det, rec = model_files()
            # The model files are named, never looked up: RapidOCR downloads a model it
            # cannot find, and the bench works offline. References are artwork files
            # whose text is large enough as it is, so the detector never upscales them.
            params = {
                "Global.log_level": "error",
                "Det.model_path": str(det),
                "Rec.model_path": str(rec),
                "Det.limit_type": "max",
                "Det.limit_side_len": DET_MAX_SIDE,
                # One thread, like the other matching kernels: on the shared 2-core bench
                # PC onnxruntime's pool doubled the CPU of a crop (24 → 43-49 ms) and its
                # wall time too.
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
            engine = RapidOCR(params=params)
            blank = np.full((REC_HEIGHT, 96, 3), 255, np.uint8)
            engine(blank, use_det=False, use_cls=False, use_rec=True)
        except Exception as exc:  # any failure means "no text evidence"
            self._failure = (
                f"Text evidence is off: the OCR engine could not be loaded ({exc}). "
                "Reinstall the application (python3 bootstrap.py setup) to restore it; "
                "matching works without it."
            )
            log.error(self._failure)
            raise OcrUnavailable(self._failure) from exc
        return engine

    def boxes(self, image: np.ndarray) -> list[Box]:
        """Detected line boxes of a whole image (the reference); nothing is recognised, so
        the caller reads only the lines it will keep."""
        engine = self.engine()
        h, w = image.shape[:2]
        # enlarged, never shrunk here: the engine shrinks a large one itself and answers
        # in the image's own pixels
        zoom = max(1.0, min(DET_MIN_SIDE / max(1, min(h, w)), DET_MAX_SIDE / max(h, w, 1)))
        if zoom > 1.0:
            size = (round(w * zoom), round(h * zoom))
            image = cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)
        with self._calls:
            out = engine(image, use_det=True, use_cls=False, use_rec=False)
        if out.boxes is None:
            return []
        return [_bounds(np.asarray(box, np.float32) / zoom) for box in out.boxes]

    def read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognition only, of crops that each hold one line (the public call, one crop
        at a time: two crops a photo gain little from a batch)."""
        engine = self.engine()
        out = []
        for crop in crops:
            with self._calls:
                got = engine(crop, use_det=False, use_cls=False, use_rec=True)
            out.append((str(got.txts[0]), float(got.scores[0])) if got.txts else ("", 0.0))
        return out


_READER = Reader()


def reader() -> Reader:
    """The process's one reader (the models are loaded once)."""
    return _READER


def status() -> str | None:
    """Why text evidence is off, or None while it works (or was never tried)."""
    return _READER.failure


def _bounds(quad: Any) -> Box:
    pts = np.asarray(quad, np.float32).reshape(-1, 2)
    x0, y0 = np.floor(pts.min(axis=0))
    x1, y1 = np.ceil(pts.max(axis=0))
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)


# -- the reference: read once, kept on disk -------------------------------------------
def _softened(image: np.ndarray) -> np.ndarray:
    """The reference as a modest camera would see it: half the resolution, a little blur."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), (3, 3), 0)


def reliable_lines(read: Reader, ref: np.ndarray) -> list[Line]:
    """Reference lines worth comparing: confident, long enough, and read the same from
    the image and from a softened copy (a line the OCR reads unsteadily on the clean
    artwork would produce differences on every photo).

    Only the largest lines are ever compared (``MAX_LINES`` of those the picture shows a
    difference in), so lines are read tallest first and reading stops at ``REF_LINES``
    confident ones: recognition costs 20-35 ms a line and a reference shows about ten.
    Each line is read from a crop made as the photo's are (``_crop``), so both sides of
    a comparison are read alike."""
    soft = _softened(ref)
    kept: list[Line] = []
    confident = 0
    for box in sorted(read.boxes(ref), key=lambda b: -b[3]):
        if confident == REF_LINES:
            break
        [(text, score)] = read.read([_crop(ref, box)])
        if score < REF_MIN_SCORE or len(normalise(text)) < MIN_CHARS:
            continue
        confident += 1
        [(again, again_score)] = read.read([_crop(soft, box)])
        if again_score >= REF_MIN_SCORE and normalise(again) == normalise(text):
            kept.append(Line(box, text, score))
    return kept


def _crop(image: np.ndarray, box: Box) -> np.ndarray:
    x, y, w, h = box
    pad = round(h * PAD)
    return image[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad]


class ReferenceTexts:
    """Reference lines per image hash: in memory, and on disk under ``folder``.

    A reference never read costs about half a second of OCR, most of a cold photo's
    time. The matcher knows which reference it will want as soon as the photo's
    candidates are verified, so it asks for it then (``prefetch``): one background
    thread reads it while the pictures are compared on the caller's thread."""

    def __init__(self, folder: Path | None, read: Reader | None = None) -> None:
        self.folder = folder
        self.read = read or reader()
        self.cache: dict[str, list[Line]] = {}
        self._pending: dict[str, Future[list[Line]]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._guard = threading.Lock()

    def prefetch(self, sha: str, image: Callable[[], np.ndarray]) -> None:
        """Start reading reference ``sha`` in the background, unless it is known or on
        its way; ``get`` then waits for that reading instead of making its own."""
        with self._guard:
            if sha in self.cache or sha in self._pending:
                return
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="reference-text")
            self._pending[sha] = self._pool.submit(self._fetch, sha, image)

    def get(self, sha: str, image: Callable[[], np.ndarray]) -> list[Line]:
        """The lines of reference ``sha``; ``image`` loads its picture, only when they
        have never been read (a kept reading needs no image decoded)."""
        with self._guard:
            if sha in self.cache:
                return self.cache[sha]
            pending = self._pending.get(sha)
        try:
            lines = pending.result() if pending is not None else self._fetch(sha, image)
        finally:
            if pending is not None:
                with self._guard:
                    self._pending.pop(sha, None)
        with self._guard:
            self.cache[sha] = lines
        return lines

    def _fetch(self, sha: str, image: Callable[[], np.ndarray]) -> list[Line]:
        kept = self._load(sha)
        return kept if kept is not None else self._store(sha, reliable_lines(self.read, image()))

    def _path(self, sha: str) -> Path | None:
        return self.folder / f"{sha}.json" if self.folder else None

    def _load(self, sha: str) -> list[Line] | None:
        path = self._path(sha)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None  # never read, or unreadable: read the reference again
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return None
        return [Line(tuple(d["box"]), d["text"], d["score"]) for d in data.get("lines", [])]

    def _store(self, sha: str, lines: list[Line]) -> list[Line]:
        path = self._path(sha)
        if path is None:
            return lines
        body = {"version": CACHE_VERSION, "engine": ENGINE, "lines": [ln.as_dict() for ln in lines]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:  # a read-only library still gets text evidence, uncached
            log.warning("could not keep the reference text of %s: %s", sha[:12], exc)
        return lines


# -- the photo: recognise the chosen lines where the homography puts them -------------
def homography_over(to_photo: ToPhoto, box: Box) -> np.ndarray:
    """The reference -> photo homography that holds over ``box``."""
    return to_photo(box) if callable(to_photo) else to_photo


def photo_crop(
    photo: np.ndarray,
    to_photo: ToPhoto,
    box: Box,
    pad: float = PAD,
    pad_x: float | None = None,
) -> np.ndarray:
    """The photo's pixels of reference ``box`` (plus ``pad`` line heights above and
    below, ``pad_x`` left and right), warped upright at about the recognition model's
    input height."""
    x, y, w, h = box
    margin, side = h * pad, h * (pad if pad_x is None else pad_x)
    to_photo = homography_over(to_photo, (x - side, y - margin, w + 2 * side, h + 2 * margin))
    zoom = max(1.0, REC_HEIGHT / max(1.0, h + 2 * margin))
    size = (round((w + 2 * side) * zoom), round((h + 2 * margin) * zoom))
    crop_to_ref = np.array(
        [[1 / zoom, 0, x - side], [0, 1 / zoom, y - margin], [0, 0, 1]], np.float64
    )
    return cv2.warpPerspective(
        photo,
        to_photo @ crop_to_ref,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _visible(photo: np.ndarray, to_photo: ToPhoto, box: Box) -> bool:
    x, y, w, h = box
    corners = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]).reshape(-1, 1, 2)
    pts = cv2.perspectiveTransform(corners, homography_over(to_photo, box)).reshape(-1, 2)
    ph, pw = photo.shape[:2]
    return bool((pts[:, 0] >= 0).all() and (pts[:, 0] < pw).all()) and bool(
        (pts[:, 1] >= 0).all() and (pts[:, 1] < ph).all()
    )


def _chosen(lines: list[Line], skip: list[Box], worth: Callable[[Box], bool]) -> list[Line]:
    """The lines to read: the largest free lines worth reading, then whichever of the
    largest lines (the brand and product names) a not-inspected area covers. Glare or a
    finger can wash out a stroke and fake a changed letter, but cannot turn one name
    into another, so a covered name may still show another product's; the map judges
    nothing there, so it is read whatever the map says."""
    ordered = sorted(lines, key=lambda ln: -ln.box[3])
    covered = [_covered(ln.box, skip) for ln in ordered]
    free = [ln for ln, hid in zip(ordered, covered, strict=True) if not hid and worth(ln.box)]
    under = [ln for ln, hid in zip(ordered[:MAX_LINES], covered, strict=False) if hid]
    return free[:MAX_LINES] + under


def _covered(box: Box, skip: list[Box]) -> bool:
    """Whether a not-inspected area hides a fifth or more of ``box``."""
    return any(overlap(box, s) > 0.2 for s in skip)


def overlap(a: Box, b: Box) -> float:
    """Share of box ``a`` that box ``b`` covers."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h) / max(1, a[2] * a[3])


def compare_photo(
    read: Reader,
    photo: np.ndarray,
    to_photo: ToPhoto,
    lines: list[Line],
    hidden: list[Hidden] | None = None,
    worth: Callable[[Box], bool] | None = None,
    names: list[str] | None = None,
) -> list[Finding]:
    """Findings for the reference ``lines`` seen in ``photo`` (``to_photo``: reference
    pixels → photo pixels). Lines outside the photo or not ``worth`` reading (the
    picture shows no difference there) are not read; lines under a ``hidden`` area that
    may cover or draw a stroke (a hand, an occluder, the frame) can only show another
    name (``_chosen``), a changed letter is evidence only where the photo shows it whole
    (``_trusted``: no hand or occluder over the letter itself, under glare or shadow
    shown as contrasted as the line), and only lines that print one of the product's
    catalogue ``names`` (``name_lines``) can show another product."""
    unseen = _Unseen.of(hidden or [])
    chosen = _chosen(lines, unseen.skip + unseen.washed, worth or (lambda _box: True))
    shown = [ln for ln in chosen if _visible(photo, to_photo, ln.box)]
    if not shown:
        return []
    named = name_lines(lines, names or [])
    crops = [photo_crop(photo, to_photo, ln.box) for ln in shown]
    first = read.read(crops)
    suspects = []
    for ln, (text, score), crop in zip(shown, first, crops, strict=True):
        changed = score >= PHOTO_MIN_SCORE and differs(text, ln.text)
        if changed and _trusted(ln, text, score, crop, unseen):
            suspects.append((ln, text, score, CHANGED))
        elif score >= OTHER_MIN_SCORE and ln in named and names_other(text, ln.text):
            suspects.append((ln, text, score, OTHER))
    if not suspects:
        return []
    # The second reading sees well past the line's ends: a word printed wider than the
    # genuine one (letter spacing) must not read as a word with its last letter changed.
    wider = read.read([photo_crop(photo, to_photo, ln.box, PAD, WIDE_X) for ln, *_ in suspects])
    return [
        Finding(ln.box, text.strip(), ln.text.strip(), min(score, again_score), kind)
        for (ln, text, score, kind), (again, again_score) in zip(suspects, wider, strict=True)
        if _confirmed(text, again, again_score)
    ]


class _Unseen(NamedTuple):
    """The not-inspected boxes over the reference, by what they can do to a line: cover
    it or draw on it (``skip``: a hand, an occluder, the frame), only wash its strokes
    out (``washed``: WASHES), cover a single letter's stroke (``hands``: COVERS_LETTERS)."""

    skip: list[Box]
    washed: list[Box]
    hands: list[Box]

    @classmethod
    def of(cls, hidden: list[Hidden]) -> _Unseen:
        return cls(
            [box for reason, box in hidden if reason not in WASHES],
            [box for reason, box in hidden if reason in WASHES],
            [box for reason, box in hidden if reason in COVERS_LETTERS],
        )


def _trusted(line: Line, reading: str, score: float, crop: np.ndarray, unseen: _Unseen) -> bool:
    """Whether a changed letter read on ``line`` is the print's (``text_legible``): no
    skip box over the line nor hand over the letter itself, no light the matcher did not
    list on the letter; under listed glare or shadow, read surely and shown as
    contrasted as the line's other letters. The frame or a bottle's turned-away side
    cuts whole columns of a word's end, which ``differs`` already takes for no typo."""
    skip, washed, hands = unseen
    if _covered(line.box, skip) or text_legible.letters_under(line.box, line.text, reading, hands):
        return False
    _x, _y, w, h = line.box
    zoom = crop.shape[0] / (h + 2 * h * PAD)  # photo_crop's margins, in crop pixels
    inner = (h * PAD * zoom, h * PAD * zoom, w * zoom, h * zoom)
    faded = _covered(line.box, washed) or text_legible.letters_under(
        line.box, line.text, reading, washed
    )
    if not faded:  # light nothing listed may have washed a stroke out, unseen
        return not text_legible.lit_beyond_paper(crop, inner, line.text, reading)
    return score >= WASHED_MIN_SCORE and text_legible.shown_whole(crop, inner, line.text, reading)


def name_lines(lines: list[Line], names: list[str]) -> list[Line]:
    """The lines that name the product: those printing its catalogue brand or model (a
    letter misread allowed), or the tallest line when none does. Only there does another
    reading mean another product; read elsewhere (a crop a few pixels off on a curved
    label catches the small print beside it, "for EU market" where "CE Made" is
    printed) it means nothing."""
    wanted = [normalise(n) for n in names if len(normalise(n)) >= MIN_CHARS]
    found = [ln for ln in lines if any(edit_distance(normalise(ln.text), n) <= 1 for n in wanted)]
    if found or not lines:
        return found
    return [max(lines, key=lambda ln: ln.box[3])]


def _confirmed(text: str, again: str, again_score: float) -> bool:
    """The wider reading holds the first one whole: a word printed wider than the genuine
    one reads longer there, so a letter the first crop cut no longer matches. Whatever
    else the wider crop catches beside the word (a frame's rule read as "I", a
    neighbouring word) is no reason to doubt it."""
    return again_score >= PHOTO_MIN_SCORE and normalise(text) in normalise(again)


def reads_name(
    read: Reader,
    photo: np.ndarray,
    to_photo: ToPhoto,
    lines: list[Line],
    name: str,
) -> Line | None:
    """The reference line printing the product's catalogue ``name`` when the photo reads
    it there exactly (normalised), or None. Only a name counts (letters, not the brand
    word alone): a house-mate shares the brand, a size and the layout, never its name.

    A line under a not-inspected area is read too: glare or a finger can wash a name
    out, never write this one. On a bottle that area is often the label's bent half,
    name and all: 6 of the 8 genuine apothecary photos answered no_match read their
    name exactly there (tuning world, 100 versions, seed 1)."""
    wanted = normalise(name)
    letters = sum(ch.isalpha() for ch in name)
    if len(wanted) < MIN_CHARS or letters < MIN_LETTERS:
        return None
    own = [ln for ln in lines if normalise(ln.text) == wanted and _visible(photo, to_photo, ln.box)]
    if not own:
        return None
    line = max(own, key=lambda ln: ln.box[3])
    [(reading, score)] = read.read([photo_crop(photo, to_photo, line.box)])
    return line if score >= PHOTO_MIN_SCORE and normalise(reading) == wanted else None
