"""Build the one-folder application with PyInstaller and check that it starts.

``python packaging/build_bundle.py [--smoke] [--clean]`` renders the icons from
``resources/icons/appraiser.svg`` into ``build/icons`` (PNG sizes for Linux, .ico for
Windows), runs PyInstaller on ``packaging/appraiser.spec`` (work files in
``build/pyinstaller``, the bundle in ``dist/appraiser``) and prints the bundle's size and
the build time. ``--smoke`` then runs the frozen binary with ``--smoke-test`` in a bare
environment (no venv, no PYTHONPATH, a fresh HOME), as on a station PC. Needs the
``packaging`` extra: ``pip install -e .[packaging]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "appraiser.svg"
ICONS = ROOT / "build" / "icons"
DIST = ROOT / "dist"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
APP_ID = "io.github.appraiser.Station"


def render_icons(out: Path = ICONS) -> list[Path]:
    """PNG icons for the hicolor theme and a multi-size .ico, drawn from the one SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = out / f"appraiser-{size}.png"
        if not image.save(str(target)):
            raise SystemExit(f"cannot write {target}")
        written.append(target)
        if size == 256:
            image.save(str(out / "appraiser.ico"))  # Qt's ico plugin; used by the Windows EXE
    return written


def add_desktop_files(bundle: Path, icons: Path = ICONS) -> None:
    """Linux menu entry, AppStream metadata, icons and installer beside the binary, laid out
    as under /usr/share so ``share/`` can be copied as it is (see linux/install.sh)."""
    if sys.platform != "linux":
        return
    linux = ROOT / "packaging" / "linux"
    share = bundle / "share"
    places = {
        linux / "appraiser.desktop": share / "applications" / "appraiser.desktop",
        linux / f"{APP_ID}.metainfo.xml": share / "metainfo" / f"{APP_ID}.metainfo.xml",
        SVG: share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        linux / "install.sh": bundle / "install.sh",
    }
    for size in PNG_SIZES:
        places[icons / f"appraiser-{size}.png"] = (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        )
    for source, target in places.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run_pyinstaller(clean: bool) -> None:
    command = [
        sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "appraiser.spec"),
        "--noconfirm", "--log-level", "WARN",
        "--workpath", str(ROOT / "build" / "pyinstaller"), "--distpath", str(DIST),
    ]  # fmt: skip
    if clean:
        command.append("--clean")
    subprocess.run(command, check=True, cwd=ROOT)


def binary() -> Path:
    name = "appraiser.exe" if sys.platform == "win32" else "appraiser"
    return DIST / "appraiser" / name


def smoke_test(exe: Path) -> subprocess.CompletedProcess:
    """Run the frozen app as a station would: nothing from this machine's Python setup."""
    with tempfile.TemporaryDirectory(prefix="appraiser-home-") as home:
        env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": home}
        if sys.platform == "win32":
            env = {"SYSTEMROOT": os.environ.get("SYSTEMROOT", r"C:\Windows"), **env}
        return subprocess.run(
            [str(exe), "--smoke-test"], env=env, capture_output=True, text=True, timeout=300
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run --smoke-test on the bundle")
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    render_icons()
    run_pyinstaller(args.clean)
    add_desktop_files(DIST / "appraiser")
    figures = {
        "build_seconds": round(time.perf_counter() - started, 1),
        "bundle_mb": round(folder_size(DIST / "appraiser") / 2**20, 1),
        "bundle": str(DIST / "appraiser"),
    }
    code = 0
    if args.smoke:
        result = smoke_test(binary())
        print(result.stdout + result.stderr, file=sys.stderr)
        figures["smoke_test"] = "passed" if result.returncode == 0 else "FAILED"
        figures["smoke_output"] = result.stdout.strip()
        code = 0 if result.returncode == 0 and "main window visible" in result.stdout else 1
    print(json.dumps(figures), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
