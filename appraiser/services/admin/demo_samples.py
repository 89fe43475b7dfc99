"""The demo station's sample appraisals: finished cases with photos, verdicts, a review,
an amendment and one case still waiting for review.

Each case is made through the same services the bench uses, so it carries the same audit
events; its item is marked ``attributes.demo_sample`` so running the demo again skips it.
Photos are shot in code from the demo pack's reference images (OpenCV), counterfeit cases
with a visibly reprinted patch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from appraiser.domain.enums import AppraisalState, Category, Verdict
from appraiser.library import synthetic
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.casework.capture import STILL

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Sample:
    """One finished case: who appraised it, what they decided, and what followed."""

    key: str
    category: str
    appraiser: str
    verdict: Verdict
    codes: tuple[str, ...] = ()
    defect: bool = False
    follow_up: str = ""  # "" | "review" | "amend" | "await_review"
    note: str = ""


SAMPLES = (
    Sample(
        "sample-1",
        "bags",
        "appraiser1",
        Verdict.GENUINE,
        note="Stitching, lining and heat stamp match the reference.",
    ),
    Sample(
        "sample-2",
        "shoes",
        "appraiser2",
        Verdict.COUNTERFEIT,
        ("NOT_AUTHENTIC",),
        True,
        note="Logo colour and emblem proportions deviate from the reference.",
    ),
    Sample(
        "sample-3",
        "watches",
        "appraiser1",
        Verdict.INCONCLUSIVE,
        follow_up="review",
        note="Case-back engraving worn; second opinion requested.",
    ),
    Sample(
        "sample-4",
        "beauty",
        "appraiser2",
        Verdict.GENUINE,
        follow_up="amend",
        note="Batch code and carton print consistent.",
    ),
    Sample(
        "sample-5",
        "apparel",
        "appraiser1",
        Verdict.COUNTERFEIT,
        ("NOT_AS_DESCRIBED",),
        True,
        note="Care label and regional block do not match the declared market.",
    ),
    Sample(
        "sample-6",
        "eyewear",
        "appraiser2",
        Verdict.INCONCLUSIVE,
        follow_up="await_review",
        note="Hinge markings unclear under bench light.",
    ),
)

_ORIGINS = ("IT", "FR", "CH", "JP", "US", "DE")
_MERCHANTS = ("Demo Trading (Shanghai) Co., Ltd.", "Demo Cross-Border E-commerce Ltd.")


def gtin14(body13: str) -> str:
    """GTIN-14 from 13 digits with the GS1 mod-10 check digit (weights 3,1,3,… from the right)."""
    digits = [int(c) for c in body13]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return body13 + str((10 - total % 10) % 10)


def present_samples(station: Station) -> set[str]:
    rows = station.store.query(
        "SELECT json_extract(attributes, '$.demo_sample') AS k FROM items "
        "WHERE json_extract(attributes, '$.demo_sample') IS NOT NULL"
    )
    return {r["k"] for r in rows}


def _versions_by_category(pack: Path) -> dict[str, list[dict[str, Any]]]:
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    grouped: dict[str, list[dict[str, Any]]] = {}
    for version in manifest["versions"]:
        if version.get("images"):
            grouped.setdefault(version["category"], []).append(version)
    return grouped


def _pick_version(grouped: dict[str, list[dict]], category: str, n: int) -> dict[str, Any]:
    if category in grouped:
        return grouped[category][0]
    everything = [v for versions in grouped.values() for v in versions]
    return everything[n % len(everything)]


def _alter(art: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A visible counterfeit tell: a hue-shifted, softened patch (a reprinted logo)."""
    fake = art.copy()
    h, w = fake.shape[:2]
    x, y = int(rng.integers(0, w // 2)), int(rng.integers(0, h // 2))
    patch = fake[y : y + h // 3, x : x + w // 2]
    hsv = cv2.cvtColor(patch, cv2.COLOR_BGR2HSV)
    hsv[..., 0] = (hsv[..., 0].astype(int) + 25) % 180
    patch[:] = cv2.GaussianBlur(cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR), (0, 0), 1.6)
    return fake


def _detail(art: np.ndarray, image: dict) -> np.ndarray:
    """A close-up of the first two regions of interest (emblem and brand name), as an
    appraiser shoots them with the macro lens; the whole artwork when the pack has none."""
    rois = (image.get("rois") or [])[:2]
    if not rois:
        return art
    x0, y0 = min(r["x"] for r in rois), min(r["y"] for r in rois)
    x1 = max(r["x"] + r["w"] for r in rois)
    y1 = max(r["y"] + r["h"] for r in rois)
    return art[max(0, y0 - 8) : y1 + 8, max(0, x0 - 8) : x1 + 8]


def _jpeg(art: np.ndarray, seed: int) -> bytes:
    photo, _ = synthetic.photograph(art, seed, hard=0.6)
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise RuntimeError("OpenCV could not encode a demo photo")
    return jpeg.tobytes()


def _photos(pack: Path, version: dict, sample: Sample) -> list[tuple[str, bytes]]:
    """Bench photos of the version's reference image: the whole item and a close-up
    (altered the same way for counterfeit cases)."""
    image = version["images"][0]
    art = cv2.imread(str(pack / image["file"]), cv2.IMREAD_COLOR)
    if art is None:
        raise RuntimeError(f"the demo pack image {image['file']} is unreadable")
    seed = synthetic.stable_seed("demo", sample.key)
    if sample.defect:
        art = _alter(art, np.random.default_rng(seed))
    view = image.get("view") or "front"
    return [(view, _jpeg(art, seed)), (f"{view}_detail", _jpeg(_detail(art, image), seed + 1))]


def _item_fields(version: dict, sample: Sample, n: int) -> dict[str, Any]:
    gtin = version.get("gtin") or gtin14(
        f"0690{n + 1:03d}{synthetic.stable_seed(sample.key):06d}"[:13]
    )
    return {
        "gtin": gtin,
        "brand": version["brand"],
        "model": version["model"],
        "category": version["category"],
        "sku": f"{version['brand'][:3].upper()}-{version['model'][:6].upper()}",
        "declaration_no": f"2231{20261120 + n:08d}{n + 1:06d}",
        "batch_lot": f"L{2611 + n:04d}-{n + 7:02d}",
        "origin": _ORIGINS[n % len(_ORIGINS)],
        "merchant": _MERCHANTS[n % 2],
        "attributes": {"demo_sample": sample.key},
    }


def _sign_and_follow_up(
    station: Station,
    sessions: dict[str, Session],
    password: Mapping[str, str],
    uid: str,
    sample: Sample,
) -> None:
    store, who = station.store, sessions[sample.appraiser]
    appraisals.sign_verdict(
        store,
        who,
        uid,
        sample.verdict,
        password[who.username],
        reason_codes=list(sample.codes),
        note=sample.note,
    )
    boss = sessions["supervisor"]
    if sample.follow_up == "review":
        appraisals.sign_verdict(
            store,
            boss,
            uid,
            Verdict.GENUINE,
            password["supervisor"],
            note="Movement and serial checked under loupe: consistent.",
        )
    elif sample.follow_up == "amend":
        appraisals.amend_verdict(
            store,
            boss,
            uid,
            Verdict.COUNTERFEIT,
            password["supervisor"],
            "Batch code not issued by the brand (checked with the rights holder).",
            reason_codes=["NOT_AUTHENTIC"],
        )
    waiting = sample.follow_up == "await_review"
    state = AppraisalState.AWAITING_REVIEW if waiting else AppraisalState.DONE
    appraisals.save(store, who, uid, step="verdict", state=state)


def _one_sample(
    station: Station,
    sessions: dict[str, Session],
    password: Mapping[str, str],
    pack: Path,
    grouped: dict,
    n: int,
) -> str:
    sample = SAMPLES[n]
    version = _pick_version(grouped, sample.category, n)
    fields = _item_fields(version, sample, n)
    who = sessions[sample.appraiser]
    item = appraisals.register_item(station.store, who, **fields)
    uid = appraisals.start(
        station.store,
        who,
        station.settings.station_code,
        item,
        Category(fields["category"]),
        station.settings.tz(),
    )
    for view, jpeg in _photos(pack, version, sample):
        appraisals.attach_media(
            station.store,
            who,
            uid,
            jpeg,
            role=STILL,
            mime="image/jpeg",
            view=view,
            meta={"source": "demo"},
        )
    appraisals.save(
        station.store,
        who,
        uid,
        step="checklist",
        data={"reference_version": version["id"], "notes": sample.note},
    )
    _sign_and_follow_up(station, sessions, password, uid, sample)
    return uid


def ensure_samples(
    station: Station,
    sessions: dict[str, Session],
    password: Mapping[str, str],
    pack: Path,
    progress: Progress,
) -> tuple[list[str], int]:
    """Create the sample appraisals not yet present; returns (new uids, already present).

    ``sessions`` and ``password`` are keyed by user name (signing re-asks the password)."""
    present = present_samples(station)
    grouped = _versions_by_category(pack)
    created = []
    for n, sample in enumerate(SAMPLES):
        if sample.key in present:
            continue
        progress(f"Sample appraisal {n + 1}/{len(SAMPLES)} ({sample.category})…")
        created.append(_one_sample(station, sessions, password, pack, grouped, n))
    return created, len(present)
