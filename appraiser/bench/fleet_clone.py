"""Station days for ``bench fleet`` at the issue's scale, built once and re-keyed per station.

Building 100 stations × 500 appraisals through the services costs ~0.3 s per appraisal
(a password check per signed verdict, fsyncs, a signed checkpoint line per commit): over
four hours on two cores. So ONE template day is built through the services exactly as at
a bench (``build_day``), and every simulated station is a *re-keyed* copy of it
(``clone``): its own Ed25519 key, station code, item ids, fresh random media (so nothing
is deduplicated on the server), timestamps shifted by the station's clock offset; then
every row digest, the whole hash chain, the Merkle frontier and every checkpoint line are
recomputed and signed with the new key. The copy is a valid station in its own right: it
opens, passes ``audit verify``, records more appraisals through the services and enrols
and syncs with the real client; the server checks its chain and signatures as any other.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser import keys as station_keys
from appraiser.storage.audit import GENESIS, event_hash, row_digest
from appraiser.storage.checkpoints import LOG, Checkpoint
from appraiser.storage.frontier import Frontier

PASSWORD = "bench fleet password 1"
PHOTOS = 4
TEMPLATE_CODE = "FB-000"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_ITEM = re.compile(r"IT-[0-9A-F]{12}")
_SKIP = ("audit_events", "audit_checkpoint_state", "sqlite_sequence")


def build_day(root: Path, code: str, appraisals: int, photo_kb: int, video_kb: int) -> int:
    """A station's day through the services (users, items, appraisals with ``PHOTOS``
    photos and one video segment of random bytes, signed genuine verdicts); returns the
    media bytes written."""
    from appraiser.services.admin.station import Station

    _new_station(root, code)
    station = Station.open(root)
    try:
        return record_appraisals(station, appraisals, photo_kb, video_kb, first=0)
    finally:
        station.close()


def _new_station(root: Path, code: str) -> None:
    from appraiser import config
    from appraiser.domain.enums import Role
    from appraiser.paths import DataDir
    from appraiser.services.admin import accounts
    from appraiser.services.admin.station import Station

    data = DataDir(root).ensure()
    config.save(data.config, replace(config.Settings(), station_code=code))
    station = Station.open(root)
    try:
        store = station.store
        accounts.create_user(store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
        admin = accounts.check_password(store, "admin", PASSWORD)
        accounts.create_user(store, "appr", "Appraiser", Role.APPRAISER, PASSWORD, by=admin)
    finally:
        station.close()


def record_appraisals(station, count: int, photo_kb: int, video_kb: int, first: int) -> int:
    """``count`` appraisals as a bench records them (also while the server is down)."""
    from appraiser.domain.enums import Category, Verdict
    from appraiser.services.admin import accounts
    from appraiser.services.casework import appraisals

    store, code = station.store, station.settings.station_code
    appr = accounts.check_password(store, "appr", PASSWORD)
    written = 0
    for i in range(first, first + count):
        item = appraisals.register_item(
            store, appr, gtin="04006381333931", brand="Gucci", model=f"M{i}", category="bags"
        )
        uid = appraisals.start(store, appr, code, item, Category.BAGS, station.settings.tz())
        for view in range(PHOTOS):
            photo = os.urandom(photo_kb * 1024)
            appraisals.attach_media(
                store, appr, uid, photo, role="photo", mime="image/jpeg", view=f"v{view}"
            )
            written += len(photo)
        video = os.urandom(video_kb * 1024)
        appraisals.attach_media(store, appr, uid, video, role="video", mime="video/mp4")
        written += len(video)
        appraisals.sign_verdict(store, appr, uid, Verdict.GENUINE, PASSWORD)
    return written


# -- re-keying --------------------------------------------------------------------------------


class _Rewrite:
    """The substitutions that make a copy another station's: code, key, item ids, media
    hashes, clock offset. One pass of regular expressions over every text value."""

    def __init__(self, code: str, skew: timedelta, old_key: dict[str, str]) -> None:
        self.code, self.skew = code, skew
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key()
        self.kid = station_keys.key_id(public)
        self.words = {
            TEMPLATE_CODE: code,
            old_key["kid"]: self.kid,
            old_key["fingerprint"]: station_keys.fingerprint(public),
            old_key["pem"]: station_keys.public_pem(public).decode("ascii"),
        }
        self.media: dict[str, str] = {}
        words = sorted(self.words, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(w) for w in words) + r"|[0-9a-f]{64}")

    def stamp(self, text: str) -> str:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")) + self.skew
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _word(self, found: re.Match) -> str:
        word = found.group(0)
        return self.words.get(word) or self.media.get(word, word)

    def _item(self, found: re.Match) -> str:
        fresh = hashlib.sha256(f"{self.code}/{found.group(0)}".encode()).hexdigest()
        return "IT-" + fresh[:12].upper()

    def text(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = self._pattern.sub(self._word, value)
        value = _ITEM.sub(self._item, value)
        return _STAMP.sub(lambda m: self.stamp(m.group(0)), value)


def clone(template: Path, root: Path, code: str, skew: timedelta) -> dict[str, Any]:
    """A re-keyed copy of the template station at ``root`` (see the module docstring)."""
    from appraiser import config
    from appraiser.paths import DataDir

    data = DataDir(root).ensure()
    config.save(data.config, replace(config.load(DataDir(template).config), station_code=code))
    source = sqlite3.connect(f"file:{template / 'appraiser.db'}?mode=ro", uri=True)
    conn = sqlite3.connect(root / "appraiser.db", isolation_level=None)
    try:
        source.backup(conn)
        rewrite = _Rewrite(code, skew, _old_key(conn))
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        triggers = _lift_triggers(conn)
        media_bytes = _copy_media(conn, data.media, rewrite)
        _rewrite_records(conn, rewrite)
        lines = _rechain(conn, template / LOG, root / LOG, rewrite)
        for sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        source.close()
        conn.close()
    _write_key(data.keys, rewrite)
    return {"media_bytes": media_bytes, "lines": lines, "kid": rewrite.kid}


def _old_key(conn: sqlite3.Connection) -> dict[str, str]:
    kid, pem = conn.execute("SELECT key_id, public_pem FROM station_keys").fetchone()
    public = station_keys.load_public_pem(pem.encode("ascii"))
    return {"kid": kid, "fingerprint": station_keys.fingerprint(public), "pem": pem}


def _write_key(folder: Path, rewrite: _Rewrite) -> None:
    (folder / "public").mkdir(parents=True, exist_ok=True)
    for old in folder.glob("public/*.pem"):
        old.unlink()
    private = folder / station_keys.PRIVATE_NAME
    private.write_bytes(station_keys.plain_private(rewrite.key))
    private.chmod(0o600)
    public = station_keys.public_pem(rewrite.key.public_key())
    (folder / "public" / f"{rewrite.kid}.pem").write_bytes(public)


def _lift_triggers(conn: sqlite3.Connection) -> list[str]:
    """The append-only triggers, dropped for the rewrite; their SQL to put them back."""
    found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in found:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in found]


def _copy_media(conn: sqlite3.Connection, media: Path, rewrite: _Rewrite) -> int:
    """Fresh random bytes of each template blob's size: the station's own media."""
    total = 0
    for sha, size in conn.execute("SELECT sha256, size FROM media").fetchall():
        blob = os.urandom(size)
        fresh = hashlib.sha256(blob).hexdigest()
        (media / fresh[:2]).mkdir(exist_ok=True)
        (media / fresh[:2] / fresh).write_bytes(blob)
        rewrite.media[sha] = fresh
        total += size
    return total


def _rewrite_records(conn: sqlite3.Connection, rewrite: _Rewrite) -> None:
    """Every text value of every table but the chain's own."""
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (table,) in tables:
        if table not in _SKIP:
            _rewrite_table(conn, table, rewrite.text)


def _rewrite_table(conn: sqlite3.Connection, table: str, text: Callable[[Any], Any]) -> None:
    found = conn.execute(f'SELECT rowid, * FROM "{table}"')
    names = [d[0] for d in found.description][1:]
    for rowid, *values in found.fetchall():
        fresh = [text(v) for v in values]
        if fresh != values:
            sets = ", ".join(f'"{n}" = ?' for n in names)
            conn.execute(f'UPDATE "{table}" SET {sets} WHERE rowid = ?', (*fresh, rowid))


def _rechain(conn: sqlite3.Connection, old_log: Path, new_log: Path, rewrite: _Rewrite) -> int:
    """New row digests and hash chain, then the checkpoint lines signed with the new key."""
    events = conn.execute(
        "SELECT seq, ts, actor, action, entity, entity_id, row_digest, data FROM audit_events"
        " ORDER BY seq"
    ).fetchall()
    prev, heads, frontier, roots = GENESIS, {0: GENESIS}, Frontier(), {}
    counts = {line.count for line in _lines(old_log)}
    for seq, ts, actor, action, entity, entity_id, digest, data in events:
        event = {"seq": seq, "ts": rewrite.stamp(ts), "actor": actor, "action": action,
                 "entity": entity, "entity_id": entity_id, "data": rewrite.text(data),
                 "row_digest": row_digest(conn, entity, entity_id) if digest else None,
                 "prev_hash": prev}  # fmt: skip
        event["hash"] = event_hash(event, prev)
        conn.execute(
            "UPDATE audit_events SET ts = :ts, data = :data, row_digest = :row_digest,"
            " prev_hash = :prev_hash, hash = :hash WHERE seq = :seq",
            event,
        )
        prev = heads[seq] = event["hash"]
        frontier.add(prev)
        if seq in counts:
            roots[seq] = frontier.root_hex()
    conn.execute(
        "UPDATE audit_checkpoint_state SET count = ?, head = ?, frontier = ? WHERE id = 1",
        (frontier.count, prev, frontier.to_json()),
    )
    return _resign(old_log, new_log, rewrite, heads, roots)


def _lines(log: Path) -> list[Checkpoint]:
    return [Checkpoint.parse(text) for text in log.read_text("utf-8").splitlines()]


def _resign(old_log: Path, new_log: Path, rewrite: _Rewrite, heads: dict, roots: dict) -> int:
    out = []
    for line in _lines(old_log):
        fresh = replace(
            line,
            base_head=heads[line.base],
            head=heads[line.count],
            root=roots[line.count],
            ts=rewrite.stamp(line.ts),
            kid=rewrite.kid,
        )
        sig = base64.urlsafe_b64encode(rewrite.key.sign(fresh.message())).decode().rstrip("=")
        out.append(replace(fresh, sig=sig).to_line())
    new_log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    new_log.write_bytes(b"".join(out))
    return len(out)


def template_check(template: Path) -> None:
    """Re-keying recomputes each event's row digest from the row as it is now, which is
    only right when no audited row changed after its event: true of a day of appraisals
    (every table it writes is append-only); refuse a template where it is not."""
    conn = sqlite3.connect(f"file:{template / 'appraiser.db'}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT entity, entity_id, row_digest FROM audit_events WHERE row_digest IS NOT NULL"
        )
        for entity, entity_id, digest in found.fetchall():
            if row_digest(conn, entity, entity_id) != digest:
                raise SystemExit(f"template row {entity}/{entity_id} changed after its event")
    finally:
        conn.close()
