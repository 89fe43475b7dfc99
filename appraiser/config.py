"""Station settings in ``config.toml``: typed, defaulted, and validated with line numbers.

The file only holds what differs from the defaults, so a station keeps working when a
release adds a setting. Writes go through a temp file and ``os.replace`` so a crash never
leaves half a settings file.
"""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from appraiser.errors import ConfigError
from appraiser.fsio import write_atomic

LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class Settings:
    station_code: str = "BW-01"
    warehouse: str = "Bonded Warehouse"
    institute: str = "Appraisal Institute"
    timezone: str = "Asia/Shanghai"
    language: str = ""  # empty: follow the system locale
    resolver_domain: str = "verify.example.com"
    camera: str = "auto"  # auto | simulated | <device index> | <path or URL>
    printer: str = ""  # empty: system default
    printer_kind: str = "system"  # system (PDF via Qt) | cups-raw | tcp9100
    label_stock: str = "50x30"
    idle_lock_minutes: int = 5
    min_free_disk_mb: int = 500

    def validate(self) -> Settings:
        if self.language and self.language not in LANGUAGES:
            raise ConfigError(f"language must be one of {', '.join(LANGUAGES)} or empty")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"unknown time zone {self.timezone!r}") from exc
        if not self.station_code.strip():
            raise ConfigError("station_code must not be empty")
        if not 1 <= self.idle_lock_minutes <= 240:
            raise ConfigError("idle_lock_minutes must lie between 1 and 240")
        return self

    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def _coerce(raw: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r} in config.toml")
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"setting {key!r} must be a {expected.__name__}")
        values[key] = value
    return values


def load(path: Path) -> Settings:
    """Read settings; a malformed file raises ``ConfigError`` naming the line."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return replace(Settings(), **_coerce(raw)).validate()


def save(path: Path, settings: Settings) -> None:
    settings.validate()
    defaults = asdict(Settings())
    changed = {k: v for k, v in asdict(settings).items() if v != defaults[k]}
    write_atomic(path, tomli_w.dumps(changed).encode("utf-8"))
