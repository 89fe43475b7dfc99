"""A fully documented appraisal for the report and bundle tests: the demo library and
samples, then for one genuine sample everything the bench records — the matching engine's
comparison, checklist answers, two H.264 video segments and an issued label."""

from __future__ import annotations

import fractions
from pathlib import Path

import av
import cv2
import numpy as np

from appraiser.checklists import load as load_checklist
from appraiser.domain.enums import Category, Verdict
from appraiser.library import store as library_store
from appraiser.matching.engine import Matcher
from appraiser.services.admin import demo
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels

SAMPLE = "AP-BW-01-{day}-0001"  # the demo's genuine bag


def write_segment(path: Path, index: int, seconds: float = 1.0, fps: int = 15) -> None:
    """A short fragmented H.264 MP4 like the recorder's: a square crossing the frame."""
    with av.open(
        str(path),
        "w",
        format="mp4",
        options={"movflags": "frag_keyframe+empty_moov+default_base_moof"},
    ) as box:
        stream = box.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.time_base = fractions.Fraction(1, fps)
        for n in range(int(seconds * fps)):
            frame = np.full((240, 320, 3), 40 + 60 * index, np.uint8)
            x = (n * 12 + 100 * index) % 280
            frame[100:140, x : x + 40] = (30, 160, 240)
            video = av.VideoFrame.from_ndarray(frame, format="bgr24")
            video.pts = n
            for packet in stream.encode(video):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)


def documented_appraisal(station: Station, tmp: Path) -> str:
    """Run the demo, then complete sample 0001 with comparison, checklist, video, label."""
    demo.seed(station)
    store = station.store
    uid = store.one("SELECT uid FROM appraisals WHERE uid LIKE '%-0001' ORDER BY id LIMIT 1")["uid"]
    session = check_password(store, "appraiser1", "demo-appraiser1")
    case = appraisals.current(store, uid)
    front = next(m for m in appraisals.media_of(store, uid, "still") if m["view"] == "front")
    result = Matcher(store, station.data).match(store.media.path(front["media_sha256"]), top=3)
    engine = result.as_dict()
    compare = {
        "reading": "consistent",
        "version_id": case["data"]["reference_version"],
        "engine": engine,
    }
    checklist = load_checklist(case["category"])
    points = {
        c.key: {"result": "pass", "note": "", "evidence": None} for c in checklist.checkpoints[:5]
    }
    points[checklist.checkpoints[5].key] = {
        "result": "na",
        "note": "不适用于此款",
        "evidence": None,
    }
    appraisals.save(
        store,
        session,
        uid,
        data={"compare": compare, "checklist": {"points": points, "done": True}},
    )
    for index in (1, 2):
        clip = tmp / f"segment-{index}.mp4"
        write_segment(clip, index)
        appraisals.attach_media(
            store,
            session,
            uid,
            clip,
            role="video_segment",
            mime="video/mp4",
            meta={"index": index, "duration_s": 1.0, "fps": 15},
        )
    if labels.live_label(store, uid) is None:
        labels.issue(station, session, uid)
    return uid


def compared_counterfeit(station: Station, tmp: Path) -> str:
    """Demo sample 0002 (a counterfeit shoe) with a close-up whose emblem was painted over,
    compared by the matching engine: the stored result has deviating regions."""
    store = station.store
    uid = store.one("SELECT uid FROM appraisals WHERE uid LIKE '%-0002' ORDER BY id LIMIT 1")["uid"]
    session = check_password(store, "appraiser2", "demo-appraiser2")
    case = appraisals.current(store, uid)
    ref = store.one(
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
    image = cv2.warpAffine(image, turn, (width, height), borderValue=(90, 120, 90))
    photo = tmp / "closeup.jpg"
    cv2.imwrite(str(photo), image)
    sha = appraisals.attach_media(
        store, session, uid, photo, role="still", mime="image/jpeg", view="emblem"
    )
    result = Matcher(store, station.data).match(store.media.path(sha), top=3)
    compare = {
        "reading": "deviates",
        "version_id": case["data"]["reference_version"],
        "engine": result.as_dict(),
    }
    appraisals.save(store, session, uid, data={"compare": compare})
    return uid


def bare_appraisal(station: Station, session: Session, password: str) -> str:
    store = station.store
    item = appraisals.register_item(
        store,
        session,
        brand="李宁",
        model="韦德之道",
        category="shoes",
        gtin="06901234567892",
        declaration_no="531620261122000777",
    )
    uid = appraisals.start(
        store, session, station.settings.station_code, item, Category.SHOES, station.settings.tz()
    )
    appraisals.sign_verdict(
        store,
        session,
        uid,
        Verdict.COUNTERFEIT,
        password,
        reason_codes=["NOT_AUTHENTIC"],
        note="鞋标字体不符",
    )
    return uid
