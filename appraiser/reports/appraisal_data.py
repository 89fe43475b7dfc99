"""Everything the appraisal report and the consumer bundle show, gathered in one place.

Reads what the other parts of the station stored — stills and video segments (capture), the
compare step's reading and automatic result (matching), checklist answers, verdicts, the
label — and leaves a field empty when that part was not used for this appraisal, so the
report can say so instead of inventing content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.errors import KnownError, NotFound
from appraiser.reports import merkle
from appraiser.services.admin.station import Station

PHOTO_ROLES = ("still", "photo")
SEGMENT_ROLE = "video_segment"
HEATMAP_ROLES = ("heatmap", "deviation_map")


@dataclass
class Photo:
    view: str
    path: Path
    sha256: str


@dataclass
class Reference:
    version_id: str
    title: str
    path: Path | None
    reading: str | None
    deviation: float | None
    regions: list[dict[str, Any]]
    heatmap: Path | None
    photo_sha: str | None = None  # the still the automatic comparison looked at
    not_inspected: list[dict[str, Any]] = field(default_factory=list)  # hands, glare, framing


@dataclass
class Video:
    segments: list[dict[str, Any]]
    digest: str  # SHA-256 over the segment hashes in recording order
    seconds: float
    paths: list[Path]


@dataclass
class AuditDigest:
    events: int
    merkle_root: str
    last_seq: int | None
    last_hash: str | None


@dataclass
class ReportData:
    uid: str
    appraisal: dict[str, Any]
    item: dict[str, Any]
    appraiser: dict[str, Any]
    station_code: str
    institute: str
    warehouse: str
    resolver: str
    tz: ZoneInfo
    verdicts: list[dict[str, Any]]
    photos: list[Photo] = field(default_factory=list)
    reference: Reference | None = None
    checklist: list[dict[str, Any]] = field(default_factory=list)
    checklist_title: dict[str, str] = field(default_factory=dict)
    dated: dict[str, Any] = field(default_factory=dict)  # food/beauty label facts
    video: Video | None = None
    label: dict[str, Any] | None = None
    audit: AuditDigest | None = None
    # What a consumer may see of the label: its state and the last symbols of its serial,
    # never the serial with its check, the payload or a QR (DESIGN §3.5).
    public_label: dict[str, str] | None = None
    bundle_token: str | None = None  # the unguessable address of the published bundle

    @property
    def verdict(self) -> dict[str, Any] | None:
        superseded = {v["supersedes"] for v in self.verdicts if v["supersedes"]}
        live = [v for v in self.verdicts if v["id"] not in superseded]
        return live[-1] if live else None

    def local(self, stamp: str | None) -> str:
        if not stamp:
            return ""
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(self.tz)
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def public_url(self) -> str | None:
        """Where the operator publishes the bundle (see bundle.py): an unguessable token,
        never the sequential appraisal id; ``None`` while nothing was published."""
        if not self.bundle_token:
            return None
        return f"https://{self.resolver}/reports/{self.bundle_token}/"


def gather(station: Station, uid: str) -> ReportData:
    store = station.store
    rows = store.query("SELECT * FROM appraisals WHERE uid = ? ORDER BY revision", (uid,))
    if not rows:
        raise NotFound(
            f"No appraisal {uid}.", hint="Check the id with `appraiser appraisals list`."
        )
    appraisal = {
        **rows[-1],
        "data": json.loads(rows[-1]["data"] or "{}"),
        "revision_ids": [r["id"] for r in rows],
    }
    item = (
        store.one(
            "SELECT * FROM items WHERE uid = ? ORDER BY revision DESC LIMIT 1",
            (appraisal["item_uid"],),
        )
        or {}
    )
    appraiser = (
        store.one(
            "SELECT id, username, display_name FROM users WHERE id = ?",
            (appraisal["appraiser_id"],),
        )
        or {}
    )
    settings = station.settings
    data = ReportData(
        uid,
        appraisal,
        item,
        appraiser,
        appraisal["station"],
        settings.institute,
        settings.warehouse,
        settings.resolver_domain,
        settings.tz(),
        _verdicts(station, uid),
    )
    media = store.query("SELECT * FROM appraisal_media WHERE appraisal_uid = ? ORDER BY id", (uid,))
    data.photos = _photos(station, media)
    data.video = _video(station, media)
    data.reference = _reference(station, appraisal["data"], media)
    data.checklist, data.checklist_title = _checklist(appraisal)
    data.dated = dict((appraisal["data"].get("checklist") or {}).get("dated") or {})
    data.label = _label(station, uid)
    data.public_label = _public_label(station, uid)
    data.audit = _audit(station, appraisal, media, data.label)
    address = store.one("SELECT token FROM bundle_addresses WHERE appraisal_uid = ?", (uid,))
    data.bundle_token = address["token"] if address else None
    return data


def _verdicts(station: Station, uid: str) -> list[dict[str, Any]]:
    rows = station.store.query(
        "SELECT v.*, u.username AS signer, u.display_name AS signer_name FROM verdicts v "
        "JOIN users u ON u.id = v.signed_by WHERE v.appraisal_uid = ? ORDER BY v.id",
        (uid,),
    )
    for row in rows:
        row["reason_codes"] = json.loads(row["reason_codes"] or "[]")
    return rows


def _photos(station: Station, media: list[dict[str, Any]]) -> list[Photo]:
    found = []
    for row in media:
        if row["role"] in PHOTO_ROLES:
            path = station.store.media.path(row["media_sha256"])
            if path.exists():
                found.append(Photo(row["view"] or "", path, row["media_sha256"]))
    return found


def _video(station: Station, media: list[dict[str, Any]]) -> Video | None:
    segments = []
    for row in media:
        if row["role"] == SEGMENT_ROLE:
            meta = json.loads(row["meta"] or "{}")
            segments.append(
                {
                    "index": meta.get("index", len(segments)),
                    "sha256": row["media_sha256"],
                    "duration_s": float(meta.get("duration_s") or 0.0),
                }
            )
    if not segments:
        return None
    segments.sort(key=lambda s: s["index"])
    chained = hashlib.sha256("".join(s["sha256"] for s in segments).encode("ascii")).hexdigest()
    paths = [station.store.media.path(s["sha256"]) for s in segments]
    return Video(segments, chained, round(sum(s["duration_s"] for s in segments), 1), paths)


def _reference(
    station: Station, data: dict[str, Any], media: list[dict[str, Any]]
) -> Reference | None:
    compare = data.get("compare") or {}
    engine = compare.get("engine") or {}
    version_id = compare.get("version_id") or data.get("reference_version")
    if not version_id:
        return None
    store = station.store
    if not store.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'reference_versions'"):
        return None
    version = store.one(
        "SELECT id, brand, model, region FROM reference_versions WHERE version_id = ?",
        (version_id,),
    )
    if version is None:
        return None
    image = None
    if engine.get("reference_image"):
        image = store.one(
            "SELECT sha256 FROM reference_images WHERE version_row = ? AND file = ?",
            (version["id"], engine["reference_image"]),
        )
    image = image or store.one(
        "SELECT sha256 FROM reference_images WHERE version_row = ? ORDER BY position LIMIT 1",
        (version["id"],),
    )
    heat = next((r for r in media if r["role"] in HEATMAP_ROLES), None)
    title = " ".join(x for x in (version["brand"], version["model"], version["region"]) if x)
    return Reference(
        version_id,
        title,
        _library_path(station, image["sha256"]) if image else None,
        compare.get("reading"),
        engine.get("deviation"),
        engine.get("regions") or [],
        store.media.path(heat["media_sha256"]) if heat else None,
        Path(engine["image"]).name if engine.get("image") else None,
        [a for a in engine.get("not_inspected") or [] if isinstance(a, dict)],
    )


def _library_path(station: Station, sha: str) -> Path | None:
    try:
        from appraiser.library import store as library_store

        path = library_store.images(station.data).path(sha)
    except (ImportError, KnownError, OSError):
        return None
    return path if path.exists() else None


def _checklist(appraisal: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    stored = (appraisal["data"].get("checklist") or {}).get("points") or {}
    try:
        from appraiser.checklists import load

        definition = load(appraisal["category"])
    except (ImportError, KnownError, OSError, ValueError):
        definition = None
    if definition is None:
        return [{"key": k, "title_en": k, "title_zh": k, **v} for k, v in stored.items()], {}
    points = [
        {
            "key": c.key,
            "title_en": c.title_en,
            "title_zh": c.title_zh,
            "group": c.group,
            **(stored.get(c.key) or {"result": None, "note": ""}),
        }
        for c in definition.checkpoints
    ]
    return points, {"en": definition.title_en, "zh_CN": definition.title_zh}


def _label(station: Station, uid: str) -> dict[str, Any] | None:
    """The live label (neither voided nor revoked) without its signed payload: no report
    carries what a working label can be printed from (only a recorded print does)."""
    from appraiser.services.labelling.labels import state_of

    rows = station.store.query(
        f"SELECT {LABEL_FIELDS} FROM labels WHERE appraisal_uid = ? ORDER BY id", (uid,)
    )
    for row in reversed(rows):
        state = state_of(station.store, row["serial"])
        if state not in DEAD_LABELS:
            return {**row, "state": state, "replaced": len(rows) - 1}
    return None


DEAD_LABELS = ("voided", "revoked")
LABEL_FIELDS = "id, serial, appraisal_uid, gtin, key_id, supersedes, created, created_by, reason"
PUBLIC_ENDING = 4  # symbols of the serial a consumer sees, to match the label in hand


def _public_label(station: Station, uid: str) -> dict[str, str] | None:
    """The newest label's state (issued, printed, applied, voided, revoked) and the last
    symbols of its serial: enough to recognise the label, never enough to print one."""
    from appraiser.services.labelling.labels import state_of

    row = station.store.one(
        "SELECT serial FROM labels WHERE appraisal_uid = ? ORDER BY id DESC LIMIT 1", (uid,)
    )
    if row is None:
        return None
    serial = row["serial"]
    return {"state": state_of(station.store, serial), "ending": serial[-PUBLIC_ENDING:]}


def _audit(
    station: Station,
    appraisal: dict[str, Any],
    media: list[dict[str, Any]],
    label: dict[str, Any] | None,
) -> AuditDigest:
    """Merkle root over every audit event that recorded a row of this appraisal."""
    store, uid = station.store, appraisal["uid"]
    names: list[tuple[str, list[int]]] = [
        (
            "items",
            [
                r["id"]
                for r in store.query("SELECT id FROM items WHERE uid = ?", (appraisal["item_uid"],))
            ],
        ),
        ("appraisals", appraisal["revision_ids"]),
        ("appraisal_media", [m["id"] for m in media]),
        (
            "verdicts",
            [
                r["id"]
                for r in store.query("SELECT id FROM verdicts WHERE appraisal_uid = ?", (uid,))
            ],
        ),
        (
            "labels",
            [r["id"] for r in store.query("SELECT id FROM labels WHERE appraisal_uid = ?", (uid,))],
        ),
        (
            "label_events",
            [
                r["id"]
                for r in store.query(
                    "SELECT e.id FROM label_events e JOIN labels l ON l.serial = e.serial "
                    "WHERE l.appraisal_uid = ?",
                    (uid,),
                )
            ],
        ),
    ]
    events: list[tuple[int, str]] = []
    for entity, keys in names:
        for chunk in range(0, len(keys), 500):
            part = [str(k) for k in keys[chunk : chunk + 500]]
            marks = ",".join("?" * len(part))
            events += [
                (r["seq"], r["hash"])
                for r in store.query(
                    "SELECT seq, hash FROM audit_events WHERE entity = ? "
                    f"AND entity_id IN ({marks})",
                    (entity, *part),
                )
            ]
    events.sort()
    return AuditDigest(
        len(events),
        merkle.root_hex(h for _, h in events),
        events[-1][0] if events else None,
        events[-1][1] if events else None,
    )
