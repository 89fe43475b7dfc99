"""Signed manifests: what an export contains and the audit checkpoint it carries.

A manifest lists the SHA-256 and size of every file of one export, the checkpoint of the
day's audit events, the station and the key that signed it. The Ed25519 signature covers
the canonical JSON of everything else in the manifest, so changing a byte of a file, of a
listed hash or of the checkpoint is detected by ``verify_folder``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraiser import __version__, limits
from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.keys import StationKeys
from appraiser.reports.checkpoint import Checkpoint
from appraiser.safe_json import load_json
from appraiser.storage.canonical import canonical_json

FORMAT = "appraiser.export-manifest"
SUFFIX = ".manifest.json"
BUNDLE_NAME = "manifest.json"


def file_digest(path: Path) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def manifest_name(export_name: str) -> str:
    return export_name + SUFFIX


def build(
    *,
    kind: str,
    station: str,
    files: dict[str, Path],
    checkpoint: Checkpoint | None,
    details: dict[str, Any],
    keys: StationKeys,
) -> bytes:
    """The signed manifest for ``files`` (name inside the folder -> file to hash)."""
    listed = []
    for name, path in sorted(files.items()):
        sha, size = file_digest(path)
        listed.append({"name": name, "sha256": sha, "size": size})
    body = {
        "format": FORMAT,
        "version": 1,
        "kind": kind,
        "station": station,
        "created": now_iso(),
        "generator": f"appraiser {__version__}",
        "files": listed,
        "checkpoint": checkpoint.as_dict() if checkpoint else None,
        "details": details,
    }
    kid, signature = keys.sign(canonical_json(body))
    body["signature"] = {
        "alg": "Ed25519",
        "key_id": kid,
        "value": base64.b64encode(signature).decode("ascii"),
    }
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


@dataclass
class ManifestCheck:
    """The verdict on one manifest."""

    manifest: str
    kind: str = ""
    station: str = ""
    key_id: str = ""
    files: list[str] = field(default_factory=list)
    checkpoint: dict[str, Any] | None = None
    checkpoint_checked: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class FolderCheck:
    folder: str
    manifests: list[ManifestCheck] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    special: list[str] = field(default_factory=list)  # FIFOs, devices, sockets, links

    @property
    def ok(self) -> bool:
        """Every manifest intact and every file vouched for: a file that no manifest lists
        (its manifest deleted, or slipped in later) is as suspect as a changed one."""
        return not self.problems()

    def problems(self) -> list[str]:
        found = [f"{m.manifest}: {p}" for m in self.manifests for p in m.problems]
        if not self.manifests:
            found.insert(
                0,
                f"no manifest: nothing vouches for these files (no *{SUFFIX} or "
                f"{BUNDLE_NAME} in {self.folder})",
            )
        found += [f"{name}: not listed in any manifest" for name in self.uncovered]
        found += [
            f"{name}: not a regular file (a device, pipe, socket or link); an export folder "
            "holds only files"
            for name in self.special
        ]
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "folder": self.folder,
            "problems": self.problems(),
            "uncovered_files": self.uncovered,
            "special_files": self.special,
            "manifests": [m.__dict__ | {"ok": m.ok} for m in self.manifests],
        }


# (station code, checkpoint) -> None if it matches the database, else why not; or a
# ``NotImplemented``-style None callable when no database is at hand.
CheckpointProbe = Callable[[str, Checkpoint], str | None]


def find_manifests(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*" + SUFFIX))
    if (folder / BUNDLE_NAME).is_file():
        found.append(folder / BUNDLE_NAME)
    return found


def verify_folder(
    folder: Path,
    public_keys: dict[str, Any],
    *,
    local_station: str | None,
    probe: CheckpointProbe | None,
) -> FolderCheck:
    """Check every manifest in ``folder``: signature, trusted key, files, checkpoint."""
    result = FolderCheck(str(folder))
    covered: set[str] = set()
    for path in find_manifests(folder):
        covered.add(path.name)
        check = _verify_one(path, public_keys, local_station, probe)
        covered.update(check.files)
        result.manifests.append(check)
    # The folder's own files; a subfolder (another bundle, a station folder) is checked on
    # its own with ``export verify SUBFOLDER``. Anything else that is no regular file (a
    # FIFO, device, socket or link) fails by name, from lstat alone (issue 14 finding M4).
    for entry in sorted(folder.iterdir()):
        mode = entry.lstat().st_mode
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            result.special.append(entry.name)
        elif entry.name not in covered:
            result.uncovered.append(entry.name)
    return result


def _verify_one(
    path: Path,
    public_keys: dict[str, Any],
    local_station: str | None,
    probe: CheckpointProbe | None,
) -> ManifestCheck:
    check = ManifestCheck(path.name)
    try:  # a regular file within a size cap, parsed with the JSON limits (M3, M4)
        raw = read_regular(path, limits.MAX_EXPORT_MANIFEST_BYTES, path.name)
        body = load_json(raw, path.name)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ValueError("not an appraiser export manifest")
        signature = body.pop("signature")
        check.kind, check.station = str(body["kind"]), str(body["station"])
        check.key_id = str(signature["key_id"])
        check.files = [str(f["name"]) for f in body["files"]]
    except InvalidInput as exc:
        check.problems.append(f"unreadable manifest ({exc.message})")
        return check
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        check.problems.append(f"unreadable manifest ({exc})")
        return check
    if not _signature_ok(body, signature, public_keys, check):
        return check
    _check_files(path.parent, body["files"], check)
    _check_checkpoint(body.get("checkpoint"), check, local_station, probe)
    return check


def _signature_ok(
    body: dict, signature: dict, public_keys: dict[str, Any], check: ManifestCheck
) -> bool:
    public = public_keys.get(check.key_id)
    if public is None:
        check.problems.append(
            f"signed by key {check.key_id} (station {check.station}), which this computer does "
            "not trust; import that station's public key first"
        )
        return False
    try:
        public.verify(base64.b64decode(signature["value"], validate=True), canonical_json(body))
    except Exception:  # InvalidSignature, bad base64: both mean "not what was signed"
        check.problems.append("the signature does not match: the manifest was altered")
        return False
    return True


def _check_files(folder: Path, files: Iterable[dict[str, Any]], check: ManifestCheck) -> None:
    for entry in files:
        name = str(entry["name"])
        target = (folder / name).resolve()
        if folder.resolve() not in target.parents or not target.is_file():
            check.problems.append(f"{name} is missing")
            continue
        sha, size = file_digest(target)
        if size != entry["size"]:
            check.problems.append(f"{name} has {size} bytes, the manifest says {entry['size']}")
        elif sha != entry["sha256"]:
            check.problems.append(f"{name} was changed (SHA-256 differs)")


def _check_checkpoint(
    raw: dict[str, Any] | None,
    check: ManifestCheck,
    local_station: str | None,
    probe: CheckpointProbe | None,
) -> None:
    if raw is None:
        return
    check.checkpoint = raw
    if probe is None or local_station is None:
        check.notes.append("checkpoint not compared: no station database here")
        return
    if check.station != local_station:
        check.notes.append(f"checkpoint not compared: exported by station {check.station}")
        return
    why = probe(check.station, Checkpoint.from_dict(raw))
    check.checkpoint_checked = True
    if why:
        check.problems.append(f"audit checkpoint mismatch: {why}")
