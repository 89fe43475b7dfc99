"""The installer inputs agree with each other and with the code (the slow bundle build and
its smoke test run as a CI step: ``python packaging/build_bundle.py --smoke``)."""

from __future__ import annotations

import configparser
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.appraiser.Station"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / "appraiser.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_menu_entry_starts_the_gui_with_the_shipped_icon():
    entry = desktop_entry()
    assert entry["Exec"] == "appraiser gui" and entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID and entry["Name[zh_CN]"] == "鉴定工作站"
    build = _load_build_script()
    assert build.APP_ID == APP_ID


def test_the_appstream_file_names_the_app_and_its_menu_entry():
    root = ET.parse(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == "appraiser.desktop"
    assert root.findtext("project_license") == "Apache-2.0"
    from appraiser import __version__

    assert root.find("releases/release").get("version") == __version__


def test_the_icon_is_a_small_valid_svg():
    svg = ROOT / "resources" / "icons" / "appraiser.svg"
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 256 256"
    assert svg.stat().st_size < 4096


def test_the_spec_bundles_resources_the_entry_point_and_the_camera_string():
    spec = (PACKAGING / "appraiser.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec and "entry.py" in spec and "rthook_fonts.py" in spec
    assert "NSCameraUsageDescription" in spec
    for name in ("entry.py", "rthook_fonts.py"):
        assert (PACKAGING / name).is_file()


def test_the_windows_installer_matches_the_bundle_and_version():
    iss = (PACKAGING / "windows" / "appraiser.iss").read_text(encoding="utf-8")
    from appraiser import __version__

    assert f'#define AppVersion "{__version__}"' in iss
    assert re.search(r"PrivilegesRequired=admin", iss)
    assert "appraiser.exe" in iss and "{uninstallexe}" in iss
    assert (PACKAGING / "windows" / "camera-privacy.txt").is_file()


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_bundle", PACKAGING / "build_bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
