"""A synthetic but fully valid working day, written straight into one transaction.

The export benchmark needs 50,000 appraisals in seconds, and tests need a realistic day
without signing each verdict through Argon2. Rows are inserted directly, each with the audit
event the services would have written (row digest and hash chain included), so
``appraiser audit verify`` passes on the result and the checkpoint covers real events.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.domain.enums import VERDICT_MEANING, Verdict
from appraiser.labels import ids
from appraiser.storage.audit import GENESIS, event_hash
from appraiser.storage.canonical import digest
from appraiser.storage.db import Store

PEOPLE = [
    ("zhangwei", "张伟"),
    ("wangfang", "王芳"),
    ("lina", "李娜"),
    ("liuyang", "刘洋"),
    ("chenjing", "陈静"),
    ("yanglei", "杨磊"),
]
SUPERVISOR = ("zhaomin", "赵敏")
CATALOGUE = {
    "bags": [("Coach", "Tabby 26"), ("Michael Kors", "Jet Set"), ("小CK", "经典托特包")],
    "shoes": [("Nike", "Air Max 90"), ("李宁", "韦德之道 10"), ("安踏", "KT8")],
    "watches": [("Seiko", "Presage SRPD37"), ("天梭", "力洛克 T006")],
    "beauty": [("雅诗兰黛", "特润修护肌活精华露"), ("Lancôme", "Génifique 50ml")],
    "jewelry": [("周大福", "传承系列金手镯"), ("Pandora", "Moments 手链")],
    "eyewear": [("Ray-Ban", "Aviator RB3025")],
    "food": [("澳优", "能立多 3段 800g"), ("a2", "Platinum 900g")],
}
MERCHANTS = [
    "深圳前海跨境贸易有限公司",
    "广州南沙保税供应链有限公司",
    "Hong Kong Global Trade Ltd.",
    "宁波梅山海淘商贸有限公司",
]
ORIGINS = ["IT", "FR", "US", "JP", "CH", "AU", "CN", "VN"]
# Argon2id hash of "sample-pass-1" so tests can sign in as any sample user.
SAMPLE_PASSWORD = "sample-pass-1"


@dataclass
class _Writer:
    """Accumulates rows and chained audit events, then writes them with executemany."""

    seq: int
    prev: str
    rows: dict[str, list[dict[str, Any]]]
    events: list[dict[str, Any]]

    def add(
        self, table: str, row: dict[str, Any], action: str, actor: str, ts: str, **data: Any
    ) -> None:
        self.rows.setdefault(table, []).append(row)
        self.seq += 1
        event = {
            "seq": self.seq,
            "ts": ts,
            "actor": actor,
            "action": action,
            "entity": table,
            "entity_id": str(row["id"]),
            "row_digest": digest(row),
            "data": json.dumps(data, sort_keys=True, ensure_ascii=False),
        }
        event["prev_hash"] = self.prev
        event["hash"] = self.prev = event_hash(event, self.prev)
        self.events.append(event)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _next_ids(store: Store, tables: list[str]) -> dict[str, int]:
    return {
        t: (store.conn.execute(f"SELECT MAX(id) FROM {t}").fetchone()[0] or 0) + 1 for t in tables
    }


def populate_day(
    store: Store, day: date, tz: ZoneInfo, count: int, *, station: str = "BW-01", seed: int = 7
) -> dict[str, Any]:
    """Write ``count`` appraisals started on ``day`` (08:30–18:00 local); returns a tally."""
    rng = random.Random(seed)
    with store.atomic("sample") as tx:
        last = tx.conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        seq, prev = last.fetchone() or (0, GENESIS)
        writer = _Writer(seq, prev, {}, [])
        ids = _next_ids(
            store, ["users", "items", "appraisals", "verdicts", "labels", "label_events"]
        )
        users = _users(store, writer, ids, day, tz)
        plan = _Plan(rng, writer, ids, users, station, day, tz, count)
        tally = plan.run()
        _flush(tx.conn, writer)
    return tally


def _users(
    store: Store, writer: _Writer, ids: dict[str, int], day: date, tz: ZoneInfo
) -> dict[str, int]:
    """Reuse sample users that exist, create the missing ones."""
    from appraiser.services.admin.accounts import _HASHER

    known = {r["username"]: r["id"] for r in store.query("SELECT id, username FROM users")}
    ts = _iso(datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=7))
    password_hash = None
    for username, name, role in [
        *((*p, "appraiser") for p in PEOPLE),
        (*SUPERVISOR, "supervisor"),
    ]:
        if username in known:
            continue
        password_hash = password_hash or _HASHER.hash(SAMPLE_PASSWORD)
        row = {
            "id": ids["users"],
            "username": username,
            "display_name": name,
            "role": role,
            "password_hash": password_hash,
            "active": 1,
            "created": ts,
            "changed": ts,
        }
        ids["users"] += 1
        writer.add("users", row, "user.created", "sample", ts, username=username, role=role)
        known[username] = row["id"]
    return known


_ITEM_KEYS = (
    "id",
    "uid",
    "revision",
    "supersedes",
    "gtin",
    "sku",
    "brand",
    "model",
    "category",
    "declaration_no",
    "batch_lot",
    "expiry",
    "serial",
    "origin",
    "merchant",
    "attributes",
    "created",
    "created_by",
    "reason",
)


class _Plan:
    """Decides what happens to each item: verdict, review, label, reprint, void."""

    def __init__(self, rng, writer, ids, users, station, day, tz, count) -> None:
        self.rng, self.w, self.ids, self.users = rng, writer, ids, users
        self.station, self.count = station, count
        self.t0 = datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=8, minutes=30)
        self.step = timedelta(hours=9.5) * len(PEOPLE) / max(count, 1)
        self.ymd = f"{day:%Y%m%d}"
        self.serials: dict[int, str] = {}
        self.tally = {
            "appraisals": 0,
            "genuine": 0,
            "counterfeit": 0,
            "inconclusive": 0,
            "labels": 0,
            "reprints": 0,
            "voided": 0,
            "reviewed": 0,
        }

    def _id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table] - 1

    def run(self) -> dict[str, Any]:
        for number in range(1, self.count + 1):
            self._one(number)
        return self.tally

    def _one(self, number: int) -> None:
        rng = self.rng
        username, _ = PEOPLE[number % len(PEOPLE)]
        actor_id = self.users[username]
        started = self.t0 + self.step * ((number - 1) // len(PEOPLE))
        signed = started + min(self.step * 0.9, timedelta(minutes=rng.uniform(3, 12)))
        category = rng.choice(list(CATALOGUE))
        brand, model = rng.choice(CATALOGUE[category])
        item_uid = f"IT-{rng.getrandbits(48):012X}"
        item = dict.fromkeys(_ITEM_KEYS)
        item.update(
            id=self._id("items"),
            uid=item_uid,
            revision=1,
            brand=brand,
            model=model,
            gtin=f"0{rng.randrange(10**12, 10**13)}",
            category=category,
            declaration_no=f"5316{self.ymd}{number:06d}",
            merchant=rng.choice(MERCHANTS),
            origin=rng.choice(ORIGINS),
            attributes="{}",
            created=_iso(started),
            created_by=actor_id,
        )
        self.w.add("items", item, "item.registered", username, item["created"], uid=item_uid)
        uid = f"AP-{self.station}-{self.ymd}-{number:04d}"
        base = {
            "uid": uid,
            "supersedes": None,
            "item_uid": item_uid,
            "station": self.station,
            "appraiser_id": actor_id,
            "category": category,
            "started": _iso(started),
            "created_by": actor_id,
            "reason": None,
        }
        first = {
            **base,
            "id": self._id("appraisals"),
            "revision": 1,
            "state": "open",
            "step": "intake",
            "data": "{}",
            "created": _iso(started),
        }
        self.w.add("appraisals", first, "appraisal.started", username, first["created"], uid=uid)
        self.tally["appraisals"] += 1
        if rng.random() < 0.03:  # still open at the end of the day: unsigned
            return
        done = {
            **base,
            "id": self._id("appraisals"),
            "revision": 2,
            "supersedes": first["id"],
            "state": "done",
            "step": "verdict",
            "data": "{}",
            "created": _iso(signed),
        }
        self.w.add(
            "appraisals", done, "appraisal.saved", username, done["created"], uid=uid, revision=2
        )
        if self._verdicts(uid, username, actor_id, signed, item["gtin"]) == "waiting":
            waiting = {
                **done,
                "id": self._id("appraisals"),
                "revision": 3,
                "supersedes": done["id"],
                "state": "awaiting_review",
            }
            self.w.add(
                "appraisals",
                waiting,
                "appraisal.saved",
                username,
                done["created"],
                uid=uid,
                revision=3,
            )

    def _verdicts(self, uid: str, username: str, actor_id: int, signed: datetime, gtin: str) -> str:
        """Sign the verdicts; returns the final verdict, or "waiting" for an open review."""
        rng = self.rng
        roll = rng.random()
        verdict = "inconclusive" if roll < 0.08 else "counterfeit" if roll < 0.2 else "genuine"
        last = self._verdict(uid, verdict, "initial", actor_id, username, signed, None)
        if verdict == "inconclusive" and rng.random() < 0.3:  # still waiting for review
            self.tally["inconclusive"] += 1
            return "waiting"
        if verdict == "inconclusive":
            reviewer = PEOPLE[(PEOPLE.index((username, dict(PEOPLE)[username])) + 1) % len(PEOPLE)]
            verdict = "genuine" if rng.random() < 0.7 else "counterfeit"
            last = self._verdict(
                uid,
                verdict,
                "review",
                self.users[reviewer[0]],
                reviewer[0],
                signed + timedelta(minutes=20),
                last,
            )
            self.tally["reviewed"] += 1
        if rng.random() < 0.02:  # a supervisor amends a decided verdict
            boss = SUPERVISOR[0]
            changed = "counterfeit" if verdict == "genuine" else "genuine"
            if rng.random() < 0.5:
                changed = verdict
            last = self._verdict(
                uid,
                changed,
                "amendment",
                self.users[boss],
                boss,
                signed + timedelta(minutes=40),
                last,
            )
            verdict = changed
        self.tally[verdict] += 1
        if verdict == "genuine":
            self._label(uid, gtin, username, actor_id, signed + timedelta(minutes=1))
        return verdict

    def _verdict(self, uid, verdict, kind, signer_id, signer, when, supersedes) -> int:
        codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else []
        row = {
            "id": self._id("verdicts"),
            "appraisal_uid": uid,
            "verdict": verdict,
            "reason_codes": json.dumps(codes),
            "note": "",
            "kind": kind,
            "meaning": VERDICT_MEANING[Verdict(verdict)],
            "signed_by": signer_id,
            "signed_at": _iso(when),
            "supersedes": supersedes,
            "reason": "second look" if kind == "amendment" else None,
        }
        self.w.add(
            "verdicts", row, f"verdict.{kind}", signer, row["signed_at"], uid=uid, verdict=verdict
        )
        return row["id"]

    def _label(self, uid: str, gtin: str, username: str, actor_id: int, when: datetime) -> None:
        """Issue, print, apply; now and then a supervised reprint (void + new serial), as
        ``services.labels`` does it."""
        roll = self.rng.random()
        label_id = self._one_label(uid, gtin, username, actor_id, when, None, None)
        if roll < 0.03:  # smudged: a supervisor approves a reprint
            self._events(label_id, ["printed", "voided"], username, actor_id, when, True)
            self.tally["reprints"] += 1
            when += timedelta(minutes=2)
            label_id = self._one_label(uid, gtin, username, actor_id, when, label_id, "smudged")
        if roll > 0.99:
            self._events(label_id, ["printed", "voided"], username, actor_id, when, True)
            self.tally["voided"] += 1
        elif roll > 0.05:
            self._events(label_id, ["printed", "applied"], username, actor_id, when, False)
        else:
            self._events(label_id, ["printed"], username, actor_id, when, False)

    def _one_label(self, uid, gtin, username, actor_id, when, supersedes, reason) -> int:
        serial = ids.encode(self.rng.getrandbits(ids.BITS))
        row = {
            "id": self._id("labels"),
            "serial": serial,
            "appraisal_uid": uid,
            "gtin": gtin,
            "payload": f"https://verify.example.com/01/{gtin}/21/{serial}?s=sample",
            "key_id": "sample0000000000",
            "supersedes": supersedes,
            "created": _iso(when),
            "created_by": actor_id,
            "reason": reason,
        }
        self.w.add("labels", row, "label.issued", username, row["created"], serial=serial, uid=uid)
        self.serials[row["id"]] = serial
        self.tally["labels"] += 1
        self._events(row["id"], ["issued"], username, actor_id, when, bool(supersedes))
        return row["id"]

    def _events(self, label_id, kinds, username, actor_id, when, approved) -> None:
        serial = self.serials[label_id]
        for offset, kind in enumerate(kinds):
            moment = _iso(when + timedelta(seconds=10 * (offset + 1)))
            approver = (
                self.users[SUPERVISOR[0]] if approved and kind in ("voided", "issued") else None
            )
            event = {
                "id": self._id("label_events"),
                "serial": serial,
                "event": kind,
                "detail": "{}",
                "created": moment,
                "created_by": actor_id,
                "approved_by": approver,
                "reason": "smudged" if approver else None,
            }
            self.w.add("label_events", event, f"label.{kind}", username, moment, serial=serial)


_ORDER = ("users", "items", "appraisals", "verdicts", "labels", "label_events")


def _flush(conn, writer: _Writer) -> None:
    for table in _ORDER:
        rows = writer.rows.get(table)
        if not rows:
            continue
        cols = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
    names = (
        "seq",
        "ts",
        "actor",
        "action",
        "entity",
        "entity_id",
        "row_digest",
        "data",
        "prev_hash",
        "hash",
    )
    conn.executemany(
        f"INSERT INTO audit_events ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        [tuple(e[n] for n in names) for e in writer.events],
    )
