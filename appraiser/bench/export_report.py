"""Helper of the export benchmark: a demo station whose appraisals carry what a real report
shows — four full-HD camera stills, the matching engine's comparison (with deviating regions
on the counterfeit), and an issued label — so the report PDF is timed on real content."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from appraiser.library import store as library_store
from appraiser.matching.engine import Matcher
from appraiser.services.admin import demo
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels


def _still(seed: int) -> bytes:
    """A 1920x1080 camera-like JPEG (gradient, texture, a label-like block)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 255, 1920, dtype=np.float32)
    image = np.dstack(
        [np.tile(x, (1080, 1)), np.tile(x[::-1], (1080, 1)), np.full((1080, 1920), 120, np.float32)]
    )
    image += rng.normal(0, 12, image.shape).astype(np.float32)
    image[300:700, 600:1300] = (235, 235, 230)
    ok, data = cv2.imencode(
        ".jpg", np.clip(image, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 95]
    )
    assert ok
    return data.tobytes()


def _compare(station: Station, session, uid: str, photo_sha: str, reading: str) -> None:
    case = appraisals.current(station.store, uid)
    result = Matcher(station.store, station.data).match(station.store.media.path(photo_sha))
    compare = {
        "reading": reading,
        "version_id": case["data"]["reference_version"],
        "engine": result.as_dict(),
    }
    appraisals.save(station.store, session, uid, data={"compare": compare})


def _doctored(station: Station, uid: str, folder: Path) -> Path:
    """The reference image with its emblem painted over, slightly turned."""
    case = appraisals.current(station.store, uid)
    ref = station.store.one(
        "SELECT i.sha256 FROM reference_images i JOIN reference_versions v ON v.id = "
        "i.version_row WHERE v.version_id = ? ORDER BY i.position LIMIT 1",
        (case["data"]["reference_version"],),
    )
    image = cv2.imread(str(library_store.images(station.data).path(ref["sha256"])))
    height, width = image.shape[:2]
    cv2.rectangle(
        image, (width // 10, height // 10), (width * 9 // 20, height * 3 // 10), (20, 20, 220), -1
    )
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), 4, 0.9)
    path = folder / "doctored.jpg"
    cv2.imwrite(str(path), cv2.warpAffine(image, turn, (width, height)))
    return path


def build(root: Path) -> tuple[Station, list[str]]:
    """Returns the open station and the two documented appraisals."""
    station = Station.open(root)
    demo.seed(station)
    store = station.store
    first = store.one("SELECT uid FROM appraisals WHERE uid LIKE '%-0001'")["uid"]
    second = store.one("SELECT uid FROM appraisals WHERE uid LIKE '%-0002'")["uid"]
    for uid, user in ((first, "appraiser1"), (second, "appraiser2")):
        session = check_password(store, user, f"demo-{user}")
        for n, view in enumerate(("back", "side", "base", "logo")):
            appraisals.attach_media(
                store, session, uid, _still(n), role="still", mime="image/jpeg", view=view
            )
    one = check_password(store, "appraiser1", "demo-appraiser1")
    front = next(m for m in appraisals.media_of(store, first, "still") if m["view"] == "front")
    _compare(station, one, first, front["media_sha256"], "consistent")
    if labels.live_label(store, first) is None:  # the demo labels its genuine items itself
        labels.issue(station, one, first)
    two = check_password(store, "appraiser2", "demo-appraiser2")
    sha = appraisals.attach_media(
        store,
        two,
        second,
        _doctored(station, second, root),
        role="still",
        mime="image/jpeg",
        view="emblem",
    )
    _compare(station, two, second, sha, "deviates")
    return station, [first, second]
