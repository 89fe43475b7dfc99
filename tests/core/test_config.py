"""Settings in config.toml: defaults, round trip, and errors that say where the problem is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from appraiser import config
from appraiser.config import Settings
from appraiser.errors import ConfigError
from appraiser.services.admin.station import Station


def _load_text(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path)


def test_defaults_without_a_file(tmp_path: Path):
    settings = config.load(tmp_path / "config.toml")
    assert settings == Settings()
    assert settings.timezone == "Asia/Shanghai"
    assert settings.idle_lock_minutes == 5
    assert settings.tz().key == "Asia/Shanghai"


def test_round_trip_keeps_only_what_differs(tmp_path: Path):
    path = tmp_path / "config.toml"
    changed = replace(
        Settings(),
        station_code="SH-07",
        timezone="Europe/Berlin",
        idle_lock_minutes=12,
        language="en",
    )
    config.save(path, changed)
    assert config.load(path) == changed
    text = path.read_text(encoding="utf-8")
    assert 'station_code = "SH-07"' in text and "resolver_domain" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_unicode_values_round_trip(tmp_path: Path):
    path = tmp_path / "config.toml"
    changed = replace(Settings(), warehouse="洋山保税仓库 3 号", institute="上海鉴定所")
    config.save(path, changed)
    assert config.load(path) == changed


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("station_code = 'A'\nthis is not toml\n", 2),
        ("\n\n\ntimezone = Asia/Shanghai\n", 4),
        ("camera = 'auto'\ncamera = 'simulated'\n", 2),
    ],
)
def test_malformed_file_names_the_line(tmp_path: Path, text: str, line: int):
    with pytest.raises(ConfigError, match=rf"config\.toml: .*line {line}\b") as caught:
        _load_text(tmp_path, text)
    assert "config.toml" in caught.value.hint


def test_unknown_key_is_named(tmp_path: Path):
    with pytest.raises(ConfigError, match="unknown setting 'statoin_code'"):
        _load_text(tmp_path, "statoin_code = 'A'\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("idle_lock_minutes = 'five'\n", "'idle_lock_minutes' must be a int"),
        ("idle_lock_minutes = true\n", "'idle_lock_minutes' must be a int"),
        ("station_code = 7\n", "'station_code' must be a str"),
        ("camera = ['a']\n", "'camera' must be a str"),
    ],
)
def test_wrong_type_is_named(tmp_path: Path, text: str, message: str):
    with pytest.raises(ConfigError, match=message):
        _load_text(tmp_path, text)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "Asia/"])
def test_bad_time_zone(tmp_path: Path, zone: str):
    with pytest.raises(ConfigError, match="unknown time zone"):
        _load_text(tmp_path, f"timezone = '{zone}'\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language = 'fr'\n", "language must be one of"),
        ("station_code = '  '\n", "station_code must not be empty"),
        ("idle_lock_minutes = 0\n", "between 1 and 240"),
    ],
)
def test_invalid_values(tmp_path: Path, text: str, message: str):
    with pytest.raises(ConfigError, match=message):
        _load_text(tmp_path, text)


def test_not_utf8(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"warehouse = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        config.load(path)


def test_invalid_settings_are_never_written(tmp_path: Path):
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError):
        config.save(path, replace(Settings(), timezone="Nowhere/Land"))
    assert not path.exists()


def test_station_refuses_a_malformed_file_and_keeps_it(tmp_path: Path):
    (tmp_path / "config.toml").write_text("station_code = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        Station.open(tmp_path)
    assert (tmp_path / "config.toml").read_text(encoding="utf-8") == "station_code = \n"
