"""Disk full for real: fill a tiny tmpfs with photos and revisions until writes fail.

The unit tests simulate ENOSPC; this check makes the kernel say it. It needs root (to
mount a 3 MB tmpfs), so it is a manual check, not part of the test suite:

    sudo .venv/bin/python benchmarks/disk_full.py

It attaches 300 KB photos until the media store refuses, then saves revisions until the
database refuses, and checks that both refusals are ``DiskFullError``, that no temp file is
left, that every media row names a complete file, that the database and audit chain
verify, and that the station reopens. Prints one JSON line; exit 0 when all is well.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def _fill(root: Path) -> dict:
    from appraiser.domain.enums import Role
    from appraiser.errors import DiskFullError
    from appraiser.services.admin import accounts
    from appraiser.services.admin.station import Station
    from appraiser.services.casework import appraisals

    station = Station.open(root)
    store = station.store
    accounts.create_user(store, "admin", "Admin", Role.ADMIN, "disk-full-pw", by=None)
    session = accounts.check_password(store, "admin", "disk-full-pw")
    item = appraisals.register_item(store, session, brand="Full")
    uid = appraisals.start(store, session, "BW-01", item, "bags", station.settings.tz())
    figures = {"photos": 0, "revisions": 0}
    try:
        while True:
            photo = os.urandom(300_000)
            appraisals.attach_media(store, session, uid, photo, role="still", mime="image/jpeg")
            figures["photos"] += 1
    except DiskFullError:
        figures["media_refused"] = True
    try:
        while True:
            appraisals.save(store, session, uid, data={"pad": os.urandom(20_000).hex()})
            figures["revisions"] += 1
    except DiskFullError:
        figures["database_refused"] = True
    figures.update(_state(station))
    station.close()
    reopened = Station.open(root)
    figures["reopen_audit_ok"] = reopened.store.verify_audit().ok
    reopened.close()
    return figures


def _state(station) -> dict:
    rows = station.store.query("SELECT sha256 FROM media")
    bad = 0
    for row in rows:
        path = station.store.media.path(row["sha256"])
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            bad += 1
    return {
        "temp_files_left": len(list(station.data.media.rglob("*.tmp"))),
        "media_rows": len(rows),
        "rows_naming_bad_media": bad,
        "integrity": station.store.integrity_check()[0],
        "audit_ok": station.store.verify_audit().ok,
    }


def main() -> int:
    mount = Path(tempfile.mkdtemp(prefix="appraiser-tinyfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    try:
        figures = _fill(mount / "station")
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()
    print(json.dumps(figures), flush=True)
    ok = (
        figures.get("media_refused")
        and figures.get("database_refused")
        and figures["temp_files_left"] == figures["rows_naming_bad_media"] == 0
        and figures["integrity"] == "ok"
        and figures["audit_ok"]
        and figures["reopen_audit_ok"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
