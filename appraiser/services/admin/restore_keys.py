"""A restore never undoes a key revocation or rotation (issue 14 breaker M2).

The tester trusted key X, made a backup, revoked X and rotated the station key, then
restored the old backup: X was trusted again and the retired key signed again. Now the
station being replaced hands its revocations and retirements to the restored one (each an
audited ``keys.restore_kept_…`` event in the restored trail), and when the backup's signing
key was retired meanwhile the station keeps signing with its newer key. A backup older
than the station's last key change is shown, and restored only with ``--accept-older``:
the data goes back in time, the keys do not, and the person should know both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from appraiser import key_ledger
from appraiser.backup import Manifest
from appraiser.errors import InvalidInput
from appraiser.keys import PRIVATE_NAME
from appraiser.paths import DataDir
from appraiser.storage.db import Store


class OlderThanKeyChange(InvalidInput):
    """The backup predates a rotation or revocation of the station being replaced."""


def check_age(manifest: Manifest, ledger: key_ledger.Ledger, accept_older: bool) -> None:
    """Refuse a backup made before the station's newest key change unless accepted."""
    last = ledger.last_change
    if last is None or manifest.created >= last or accept_older:
        return
    changes = sorted(ledger.retirements.values(), key=lambda r: r.at)
    listed = "; ".join(
        f"{r.key_id} {r.kind} {r.at[:10]}" for r in changes if r.at > manifest.created
    )
    raise OlderThanKeyChange(
        f"The backup was made {manifest.created[:19]}, before this station's last key change "
        f"({listed}). Its records go back to then; the revocations and retirements stay "
        "(they are carried into the restored station). Run again with --accept-older if "
        "this is meant. Nothing was restored."
    )


def carry(staging: Path, root: Path, ledger: key_ledger.Ledger, actor: str) -> list[str]:
    """Give the staged station every revocation and retirement of ``ledger`` (the station
    at ``root``) it lacks, and keep ``root``'s signing key if the backup's was retired.
    Returns the key ids carried (for the progress line)."""
    if not ledger.started:
        return []
    store = Store.open(DataDir(staging))
    try:
        key_ledger.start(store)  # a backup made before the ledger existed
        staged = key_ledger.read(store)
        missing = _missing(staged, ledger)
        keep_signing = staged.current in ledger.retirements and ledger.current != staged.current
        if not missing and not keep_signing:
            return []
        if keep_signing:
            shutil.copy2(root / "keys" / PRIVATE_NAME, staging / "keys" / PRIVATE_NAME)
        with store.atomic(actor) as tx:
            _record(tx, staged, ledger, missing, keep_signing)
        return [r.key_id for r in missing]
    finally:
        store.close()


def _missing(staged: key_ledger.Ledger, ledger: key_ledger.Ledger) -> list:
    out = []
    for kid, retirement in ledger.retirements.items():
        have = staged.retirements.get(kid)
        if (
            have is None
            or (retirement.revoked and not have.revoked)
            or (not have.revoked and retirement.after < have.after)
        ):
            out.append(retirement)
    return out


def _record(tx, staged, ledger, missing, keep_signing: bool) -> None:
    needed = {r.key_id for r in missing} | ({ledger.current} if keep_signing else set())
    for kid in sorted(needed - set(staged.keys)):
        if kid in ledger.keys:  # labels signed before the retirement keep verifying
            key_ledger.add_key(tx, ledger.keys[kid], ledger.origins[kid],
                               action="keys.restore_kept_key")  # fmt: skip
    for retirement in missing:
        kind = "revocation" if retirement.revoked else "retirement"
        key_ledger.add_event(tx, retirement.key_id, retirement.kind,
                             action=f"keys.restore_kept_{kind}", after=retirement.after,
                             reason=retirement.reason, since=retirement.at)  # fmt: skip
    if keep_signing:
        assert ledger.current is not None
        key_ledger.add_event(tx, ledger.current, key_ledger.SIGNING,
                             action="keys.restore_kept_signing_key",
                             backup_key=staged.current)  # fmt: skip


__all__ = ["OlderThanKeyChange", "carry", "check_age"]
