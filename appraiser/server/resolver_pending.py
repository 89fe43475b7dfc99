"""An unknown serial whose scanned signature is valid: a label not synced yet (finding B2).

Stations work offline first (issue 15): a bench prints and signs labels all day and pushes
them at its next sync, so a buyer may scan a genuine label before its record reaches the
server. Telling them "never issued — may be counterfeit" would be a false fact about honest
goods. The resolver can know better without the record: the URI's ``d h k s`` signature
covers the resolver domain, GTIN, serial, day and key id, so when it verifies under a key
that an enrolled, unrevoked station still stands by for that day, the label *was* printed by
that station and only its record is missing. Such a scan is answered "pending" (amber,
nothing reassuring, no photos); anything less — no signature, a wrong one, an unknown,
retired or ended key — stays "NOT VALID — unknown label".

Nothing here is cached: a pending serial is an unknown serial (``resolver_cache`` never
remembers those), so the scan after the record's arrival is answered from the record, and a
key revoked or ended a moment ago is read from the database on the very next scan. The check
costs one indexed query, and only for a well-formed ``d h k s`` of a key id we hold.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from starlette.requests import Request

from appraiser.errors import InvalidInput
from appraiser.labels import payload
from appraiser.server.resolver_keys import LabelKey
from appraiser.server.resolver_query import signed_query
from appraiser.server.resolver_runtime import Runtime

# The key's enrolled, unrevoked station; the key not retired (revoke-station) and not ended
# for the label's day (resolver_key_ends: revoked, or rotated out before that day); one of
# the station's label domains, if it synced any label (index resolver_labels_appraisal).
_STANDING_KEY = """
SELECT k.pem,
       (SELECT l.resolver FROM resolver_labels l WHERE l.station_id = k.station_id LIMIT 1)
         AS resolver
  FROM station_keys k JOIN stations s ON s.id = k.station_id
 WHERE k.kid = %(kid)s AND k.retired IS NULL
   AND s.enrolled IS NOT NULL AND s.revoked IS NULL
   AND NOT EXISTS (SELECT 1 FROM resolver_key_ends e
                    WHERE e.station_id = k.station_id AND e.kid = k.kid
                      AND (e.kind = 'revoked' OR (e.after <> '' AND e.after < %(day)s)))
"""
# A station's clock may run in a time zone ahead of UTC: its "today" may be tomorrow here.
_CLOCK_SLACK = timedelta(days=1)


async def signed_but_unsynced(rt: Runtime, request: Request, key: LabelKey) -> bool:
    """Does the scanned query carry a signature, over exactly this path, by a key an
    enrolled station still stands by for the label's day? (See the module doc.)"""
    signed = signed_query(request.url.query)
    if signed is None:
        return False
    claim = _claim(key, signed)
    if claim is None or claim.date > _tomorrow():
        return False  # garbage, or dated in the future: no database time spent on it
    async with rt.pool.connection() as conn:
        cur = await conn.execute(_STANDING_KEY, {"kid": claim.key_id, "day": claim.date})
        rows = await cur.fetchall()
    domains = await _domains(rt, request)
    for row in rows:
        public = _public_key(row["pem"])
        if public is None:
            continue
        for domain in {*domains, row["resolver"]} - {None, ""}:
            if _verifies(key, signed, domain, claim.key_id, public):
                return True
    return False


def _claim(key: LabelKey, signed: str) -> payload.Claim | None:
    """The claim the query makes about this path, if it is well formed at all (the domain
    here is a placeholder: the signature, not the syntax, decides which domain it covers)."""
    try:
        claim, _signature = payload.parse(_uri("resolver.invalid", key, signed))
    except InvalidInput:
        return None
    return claim


def _verifies(key: LabelKey, signed: str, domain: str, kid: str, public) -> bool:
    check = payload.verify(_uri(domain, key, signed), {kid: public})
    return check.ok


def _uri(domain: str, key: LabelKey, signed: str) -> str:
    path = f"01/{key.gtin}/21" if key.gtin else "a"
    return f"https://{domain}/{path}/{key.serial}?{signed}"


async def _domains(rt: Runtime, request: Request) -> set[str]:
    """Where the station may have pointed its labels: this service's public origin and the
    name the phone reached it by. Trusting the ``Host`` here is safe: it only picks which
    domain the signature is checked over, and only the station's key can sign one."""
    hosts = {request.headers.get("host", "").lower()}
    origin = await rt.origin()
    if origin:
        hosts.add(urlsplit(origin).netloc.lower())
    return hosts


def _public_key(pem: str) -> Ed25519PublicKey | None:
    key = load_pem_public_key(pem.encode("ascii"))
    return key if isinstance(key, Ed25519PublicKey) else None


def _tomorrow() -> str:
    return (datetime.now(UTC) + _CLOCK_SLACK).strftime("%Y%m%d")
