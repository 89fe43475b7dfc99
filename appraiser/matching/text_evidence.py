"""The matcher's hook for printed-text evidence (issue 13 item 5): the chosen version's
text lines read in the photo (``text``), each confirmed change named in the region over
its line as ``"text": {"photo": …, "reference": …}`` (a new optional key of a
``match --json`` region, DESIGN §3.1), and the item made to deviate."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from appraiser.imaging import load_image
from appraiser.library import store as lib_store
from appraiser.matching import text
from appraiser.matching.comparison import Comparison, Region
from appraiser.matching.text_compare import normalise
from appraiser.paths import DataDir

# A confirmed changed character outweighs any picture evidence: the item deviates.
TEXT_DEVIATION = 1.0
# A line is read where the deviation map also sees a difference: a changed letter changes
# strokes (heat 0.64-1.0 on the tuning worlds' typos), an OCR misreading of a genuine line
# does not (0.0-0.2). The brand word, the largest line, is read on every photo: it is
# where a counterfeiter's typo sits, and an O turned into a Q changes a tail of two or
# three pixels that the deviation map forgives as misregistration. One crop costs about
# 25 ms of CPU.
HEAT_GATE = 0.3


@dataclass
class TextRegion(Region):
    """A deviating region that carries the two readings of its line."""

    text: dict[str, str] | None = None

    def as_dict(self) -> dict:
        out = super().as_dict()
        if self.text:
            out["text"] = dict(self.text)
        return out


def attach(comparison: Comparison, findings: list[text.Finding]) -> None:
    """Name each finding in the region over its line (a new region when the deviation
    map saw none there) and let a confirmed change make the item deviate."""
    for finding in findings:
        regions = comparison.regions
        hit = next((r for r in regions if _touches(r, finding.box)), None)
        if hit is None:
            x, y, w, h = finding.box
            found = TextRegion(x=x, y=y, w=w, h=h, score=finding.score, text=finding.as_dict())
            regions.append(found)
            continue
        fields = {f.name: getattr(hit, f.name) for f in dataclasses.fields(hit)}
        fields.update(score=max(hit.score, finding.score), text=finding.as_dict())
        regions[regions.index(hit)] = TextRegion(**fields)
    if findings:
        comparison.regions.sort(key=lambda r: -r.score)
        comparison.deviation = max(comparison.deviation, TEXT_DEVIATION)


def heat(comparison: Comparison, box: text.Box) -> float:
    """The deviation map's peak over a reference box (the map is at work scale)."""
    x, y, w, h = box
    s = comparison.scale
    rows, cols = comparison.heatmap.shape[:2]
    y0, y1 = max(0, int(y * s)), min(rows, int((y + h) * s) + 1)
    x0, x1 = max(0, int(x * s)), min(cols, int((x + w) * s) + 1)
    patch = comparison.heatmap[y0:y1, x0:x1]
    return float(patch.max()) if patch.size else 0.0


def worth(comparison: Comparison, lines: list[text.Line]) -> Callable[[text.Box], bool]:
    """Which reference lines to read in the photo: the brand word (the tallest line)
    always, any other line only where the deviation map sees a difference."""
    brand = max(lines, key=lambda ln: ln.box[3]).box if lines else None
    return lambda box: box == brand or heat(comparison, box) >= HEAT_GATE


def _touches(region: Region, box: tuple[int, int, int, int]) -> bool:
    return text.overlap((region.x, region.y, region.w, region.h), box) > 0


class TextEvidence:
    """The matcher's text check: reference lines kept under ``library/text``, the
    chosen version's lines read in the photo, findings attached to its comparison."""

    def __init__(self, data: DataDir, read: text.Reader | None = None) -> None:
        self.enabled = os.environ.get("APPRAISER_TEXT_EVIDENCE", "1") != "0"
        self.read = read or text.reader()
        self.references = text.ReferenceTexts(data.library / "text", self.read)
        self._images = lib_store.images(data)

    def prefetch(self, cand: Any) -> None:
        """Start reading the candidate's reference lines while its pictures are compared
        (``text.ReferenceTexts.prefetch``): nearly every photo with a candidate reads it."""
        if self.enabled and text.status() is None:
            sha = cand.image["sha256"]
            self.references.prefetch(sha, lambda: load_image(self._images.path(sha)))

    def _reference(self, cand: Any) -> tuple[list[text.Line], list[text.Hidden]]:
        """The candidate's reference lines and the areas its comparison (if any) did not
        inspect, each with its reason (what it can do to a letter is ``text``'s to say)."""
        sha = cand.image["sha256"]
        lines = self.references.get(sha, lambda: load_image(self._images.path(sha)))
        areas = cand.comparison.not_inspected if cand.comparison is not None else []
        return lines, [(a.reason, (a.x, a.y, a.w, a.h)) for a in areas]

    def reads_own_name(self, cand: Any, photo: np.ndarray) -> str | None:
        """The candidate's catalogue model name when the photo prints it where its
        reference does (``text.reads_name``): what identifies a product whose picture
        evidence is weak (a bottle's label bent and glared, its rare descriptors lost)."""
        name = cand.image.get("model") or ""
        if not self.enabled or cand.homography is None or not name:
            return None
        if normalise(name) == normalise(cand.image.get("brand") or ""):
            return None  # a product named after its house: the brand word is no name
        try:
            lines, _hidden = self._reference(cand)
            found = text.reads_name(self.read, photo, cand.to_photo(), lines, name)
        except text.OcrUnavailable:
            return None
        return found.text if found else None

    def inspect(self, cand: Any, photo: np.ndarray) -> list[text.Finding]:
        """Findings for the chosen candidate (``engine.Candidate``); none without OCR."""
        comparison = cand.comparison
        if not self.enabled or comparison is None or cand.homography is None:
            return []
        if not comparison.heatmap.size:
            return []
        try:
            lines, hidden = self._reference(cand)
            names = [cand.image.get("brand") or "", cand.image.get("model") or ""]
            findings = text.compare_photo(
                self.read, photo, cand.to_photo(), lines, hidden, worth(comparison, lines), names
            )
        except text.OcrUnavailable:
            return []
        attach(comparison, findings)
        return findings
