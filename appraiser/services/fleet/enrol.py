"""``appraiser station enrol``: register this station's keys with a fleet server.

An administrator's act (keys are theirs, DESIGN §3.4), audited on the station as
``fleet.enrolled`` with the server's address. The proof signature over the one-time token
shows the server that whoever holds the token also holds the station's private key.
"""

from __future__ import annotations

from typing import Any

from appraiser.keys import StationKeys, public_pem
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.link import Link, answer, b64, call, client

ENROL_DOMAIN = b"appraiser.fleet-enrol.v1\n"  # = appraiser.server.enrolment.ENROL_DOMAIN


def enrol(
    station: Station, session: Session, server: str, token: str, ca: str | None = None
) -> dict[str, Any]:
    rules.require(station.store, session, rules.Action.KEYS, what="fleet.enrol")
    link = Link(server.rstrip("/"), station.settings.station_code, ca)
    keys = StationKeys(station.data.keys, station.store)
    kid, sig = keys.sign(ENROL_DOMAIN + f"{link.station}\n{token}".encode())
    pems = [public_pem(k).decode("ascii") for k in keys.public_keys().values()]
    body = {
        "station": link.station,
        "token": token,
        "kid": kid,
        "sig": b64(sig),
        "public_keys": pems,
    }
    with client(link) as http:
        result = answer(call(http, "POST", "/enrol/v1", json=body))
    fleet_link.save(station.data, link)
    with station.store.atomic(session.username) as tx:
        tx.event(
            "fleet.enrolled", server=link.server, station=link.station, keys=result.get("keys")
        )
    return {"server": link.server, "station": link.station, "keys": result.get("keys", [])}
