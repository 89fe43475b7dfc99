"""``server run --tls-cert/--tls-key``: a station enrols and syncs over TLS with its --ca."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from appraiser.errors import InvalidInput
from appraiser.server import db, enrolment
from appraiser.services.fleet.enrol import enrol
from appraiser.services.fleet.link import ServerUnreachable
from appraiser.services.fleet.sync import sync_once

_LOCAL = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([_LOCAL]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_a_station_enrols_and_syncs_over_tls_trusting_the_given_ca(
    station, admin, pg_dsn, tmp_path
):
    cert, key = _self_signed(tmp_path)
    server = LiveServer(pg_dsn, tmp_path / "media", tmp_path / "server.log", tls=(cert, key))
    server.start()
    try:
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.url}/healthz")  # the system's CAs do not know it
        with db.connect(pg_dsn) as conn:
            token = enrolment.issue_token(conn, station.settings.station_code)
        with pytest.raises(ServerUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
            enrol(station, admin, server.url, token)  # without --ca: refused, token unspent
        enrol(station, admin, server.url, token, ca=str(cert))
        report = sync_once(station.data, station.store)
    finally:
        server.kill()
    assert report.events > 0 and report.pending == {"events": 0, "lines": 0}
    cert.unlink()
    with pytest.raises(InvalidInput, match="CA file"):  # never exit 70 for a lost CA file
        sync_once(station.data, station.store)
