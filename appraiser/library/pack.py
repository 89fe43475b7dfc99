"""The reference-pack contract (DESIGN §3.2): reading a pack folder or .zip and
validating its manifest, naming the offending entry in every refusal."""

from __future__ import annotations

import os
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraiser import limits, safe_json
from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.imaging import MAX_FILE_BYTES

FORMAT = "appraiser.reference-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = limits.MAX_MANIFEST_BYTES  # the reasons are in appraiser/limits.py
MAX_ZIP_RATIO = limits.MAX_ZIP_RATIO


@dataclass(frozen=True)
class Roi:
    name: str
    x: int
    y: int
    w: int
    h: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "x": self.x, "y": self.y, "w": self.w, "h": self.h}


@dataclass(frozen=True)
class PackImage:
    file: str
    view: str
    rois: tuple[Roi, ...] = ()


@dataclass(frozen=True)
class PackVersion:
    id: str
    brand: str
    model: str
    category: str
    region: str | None
    gtin: str | None
    attributes: dict[str, Any] = field(default_factory=dict)
    images: tuple[PackImage, ...] = ()

    def where(self, index: int) -> str:
        return f'versions[{index}] (id "{self.id}")'


@dataclass(frozen=True)
class Manifest:
    name: str
    publisher: str | None
    created: str | None
    versions: tuple[PackVersion, ...]


class PackError(InvalidInput):
    title = "Reference pack refused"
    hint = "Fix the named entry in the pack and import it again; nothing was imported."


def gtin_valid(text: str) -> bool:
    """A GTIN-8/12/13/14 whose GS1 check digit is right."""
    if not text.isdigit() or len(text) not in (8, 12, 13, 14):
        return False
    body, check = text[:-1], int(text[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _text(
    entry: dict,
    key: str,
    where: str,
    *,
    required: bool = True,
    longest: int = limits.MAX_PACK_TEXT_CHARS,
) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise PackError(f'{where}: "{key}" must be a non-empty string.')
    if len(value) > longest:
        raise PackError(f'{where}: "{key}" is longer than {longest} characters.')
    if not value.isprintable():  # escape codes would rewrite a terminal or a log line
        raise PackError(f'{where}: "{key}" {ascii(value)[:60]} holds control characters.')
    return value.strip()


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PackError(f"{where} must be a whole number, got {value!r}.")
    return value


def _roi(entry: Any, where: str) -> Roi:
    if not isinstance(entry, dict):
        raise PackError(f"{where} must be an object.")
    name = _text(entry, "name", where)
    x, y, w, h = (_int(entry.get(k), f"{where}.{k}") for k in ("x", "y", "w", "h"))
    if x < 0 or y < 0 or w <= 0 or h <= 0:
        raise PackError(f'{where} ("{name}") must have x, y >= 0 and a positive size.')
    return Roi(name, x, y, w, h)  # type: ignore[arg-type]


def safe_member(name: Any, where: str) -> str:
    """A relative POSIX path that stays inside the pack."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        raise PackError(f'{where}: "file" must be a relative path inside the pack.')
    norm = posixpath.normpath(name)
    if norm.startswith(("/", "../")) or norm == ".." or ":" in norm.split("/")[0]:
        raise PackError(f'{where}: file "{name}" points outside the pack.')
    return norm


def _image(entry: Any, where: str) -> PackImage:
    if not isinstance(entry, dict):
        raise PackError(f"{where} must be an object.")
    file = safe_member(entry.get("file"), where)
    view = _text(entry, "view", where, required=False) or "front"
    rois = entry.get("rois") or []
    if not isinstance(rois, list):
        raise PackError(f'{where}: "rois" must be a list.')
    return PackImage(file, view, tuple(_roi(r, f"{where}.rois[{i}]") for i, r in enumerate(rois)))


def _version(entry: Any, index: int) -> PackVersion:
    where = f"versions[{index}]"
    if not isinstance(entry, dict):
        raise PackError(f"{where} must be an object.")
    vid = _text(entry, "id", where, longest=limits.MAX_VERSION_ID_CHARS)
    where = f'{where} (id "{vid}")'
    category = _text(entry, "category", where)
    if category not in {c.value for c in Category}:
        raise PackError(f'{where}: unknown category "{category}".')
    gtin = entry.get("gtin")
    if gtin is not None and (not isinstance(gtin, str) or not gtin_valid(gtin)):
        raise PackError(
            f'{where}: "gtin" {gtin!r} is not a valid GTIN (8, 12, 13 or 14 digits '
            "with a correct check digit)."
        )
    attributes = entry.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise PackError(f'{where}: "attributes" must be an object.')
    images = entry.get("images")
    if not isinstance(images, list) or not images:
        raise PackError(f'{where}: "images" must list at least one image.')
    return PackVersion(
        id=vid,
        brand=_text(entry, "brand", where),
        model=_text(entry, "model", where),
        category=category,
        region=_text(entry, "region", where, required=False),
        gtin=gtin,
        attributes=attributes,
        images=tuple(_image(img, f"{where}.images[{i}]") for i, img in enumerate(images)),
    )  # type: ignore[arg-type]


def load_json(raw: bytes, name: str = "manifest.json") -> Any:
    """JSON with limits (issue 14 finding 16; appraiser/safe_json.py): a document nested
    100,000 deep or holding a 5,000-digit number is a PackError naming the file."""
    return safe_json.load_json(raw, name, PackError)


def parse_manifest(raw: bytes) -> Manifest:
    """Structural validation of the whole manifest; files are checked by the importer."""
    doc = load_json(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PackError(f'manifest.json: "format" must be "{FORMAT}".')
    if doc.get("version") != FORMAT_VERSION:
        raise PackError(
            f"manifest.json: unsupported pack version {doc.get('version')!r} "
            f"(this program reads version {FORMAT_VERSION})."
        )
    versions = doc.get("versions")
    if not isinstance(versions, list):
        raise PackError('manifest.json: "versions" must be a list.')
    parsed = tuple(_version(entry, i) for i, entry in enumerate(versions))
    seen: dict[str, int] = {}
    for i, version in enumerate(parsed):
        if version.id in seen:
            raise PackError(
                f"{version.where(i)}: duplicate id, already used by versions[{seen[version.id]}]."
            )
        seen[version.id] = i
        files = [img.file for img in version.images]
        if len(set(files)) != len(files):
            raise PackError(f"{version.where(i)}: the same image file is listed twice.")
    return Manifest(
        _text(doc, "name", "manifest.json"),  # type: ignore[arg-type]
        _optional_text(doc, "publisher"),
        _optional_text(doc, "created"),
        parsed,
    )


def _optional_text(doc: dict, key: str) -> str | None:
    """A string or nothing: a publisher given as an object or a number was stored as is."""
    if doc.get(key) in (None, ""):
        return None
    return _text(doc, key, "manifest.json")


class PackSource:
    """Read-only access to the files of a pack folder or a .zip of one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._root = ""
        if path.is_dir():
            self._root = os.path.realpath(path)
            return
        if not path.exists():
            raise PackError(f"The pack {path} does not exist.")
        if not path.is_file():  # a FIFO or device: zipfile would read it for ever
            raise PackError(f"The pack {path} is neither a folder nor a regular .zip file.")
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackError(f"{path.name} is neither a pack folder nor a readable .zip.") from exc
        self._check_members()
        self._prefix = self._find_root()

    def _check_members(self) -> None:
        """A member named ``../x``, ``/etc/x`` or ``C:x`` is refused by name, whether or not
        the manifest lists it: a pack that tries to reach outside itself is hostile, not
        a pack with one file to skip (issue 14, breaker Low)."""
        assert self._zip is not None
        for name in self._zip.namelist():
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
                raise PackError(
                    f"{self.path.name}: the member {name!r} points outside the pack; "
                    "nothing was imported."
                )

    def _inside(self, name: str) -> Path:
        """The file ``name`` of a pack folder; a symbolic link leading outside the folder is
        refused, never followed (issue 14 finding 16)."""
        path = self.path / name
        real = os.path.realpath(path)
        if os.path.commonpath([real, self._root]) != self._root:
            raise PackError(f'file "{name}" is a link that leads outside the pack.')
        return path

    def _find_root(self) -> str:
        assert self._zip is not None
        names = [n for n in self._zip.namelist() if n.endswith(MANIFEST)]
        if MANIFEST in names:
            return ""
        nested = [n for n in names if n.count("/") == 1]
        if len(nested) == 1:
            return nested[0][: -len(MANIFEST)]
        raise PackError(f"{self.path.name} has no manifest.json at its top level.")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def exists(self, name: str) -> bool:
        if self._zip is None:
            return os.path.lexists(self._inside(name))
        try:
            self._zip.getinfo(self._prefix + name)
        except KeyError:
            return False
        return True

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        """The bytes of one member, refusing oversized or bomb-like members."""
        if self._zip is None:
            try:  # a regular file only: a FIFO or /dev/zero in a pack is never read
                return read_regular(self._inside(name), limit, f'file "{name}"')
            except PackError:
                raise
            except InvalidInput as exc:
                raise PackError(exc.message) from exc
        info = self._zip.getinfo(self._prefix + name)
        if info.file_size > limit or info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise PackError(f'file "{name}" in the zip is oversized or a zip bomb.')
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise PackError(f'file "{name}" in the zip is damaged: {exc}.') from exc


@contextmanager
def open_pack(path: Path) -> Iterator[PackSource]:
    source = PackSource(Path(path))
    try:
        yield source
    finally:
        source.close()


def read_manifest(source: PackSource) -> Manifest:
    if not source.exists(MANIFEST):
        raise PackError(f"{source.path.name} has no manifest.json.")
    return parse_manifest(source.read(MANIFEST, MAX_MANIFEST_BYTES))


def manifest_document(manifest: Manifest) -> dict[str, Any]:
    """The JSON form of a manifest (used by export and by the demo pack writer)."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": manifest.name,
        "publisher": manifest.publisher,
        "created": manifest.created,
        "versions": [
            {
                "id": v.id,
                "brand": v.brand,
                "model": v.model,
                "category": v.category,
                "region": v.region,
                "gtin": v.gtin,
                "attributes": v.attributes,
                "images": [
                    {"file": i.file, "view": i.view, "rois": [r.as_dict() for r in i.rois]}
                    for i in v.images
                ],
            }
            for v in manifest.versions
        ],
    }
