#!/bin/sh
# Install the one-folder bundle system-wide on a Linux station (run as root):
#   sudo ./install.sh [BUNDLE_DIR]      (default: the folder this script sits in)
# It copies the bundle to /opt/appraiser, puts `appraiser` on PATH, and registers the
# menu entry, AppStream metadata and icons. `sudo ./install.sh --uninstall` removes them;
# station data in each user's data folder is never touched.
set -eu
PREFIX=/opt/appraiser
APP_ID=io.github.appraiser.Station
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX" /usr/local/bin/appraiser /usr/share/applications/appraiser.desktop \
        "/usr/share/metainfo/$APP_ID.metainfo.xml"
    find /usr/share/icons/hicolor -name "$APP_ID.*" -delete
    echo "Appraiser removed (station data folders were left alone)."
    exit 0
fi

bundle=${1:-$here}
[ -x "$bundle/appraiser" ] || { echo "no appraiser binary in $bundle" >&2; exit 2; }
rm -rf "$PREFIX.new"
cp -a "$bundle" "$PREFIX.new"
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"
ln -sf "$PREFIX/appraiser" /usr/local/bin/appraiser
install -Dm644 "$bundle/share/applications/appraiser.desktop" \
    /usr/share/applications/appraiser.desktop
install -Dm644 "$bundle/share/metainfo/$APP_ID.metainfo.xml" \
    "/usr/share/metainfo/$APP_ID.metainfo.xml"
for png in "$bundle"/share/icons/hicolor/*/apps/"$APP_ID".png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    install -Dm644 "$png" "/usr/share/icons/hicolor/$size/apps/$APP_ID.png"
done
install -Dm644 "$bundle/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
    "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
command -v update-desktop-database >/dev/null && update-desktop-database -q || true
echo "Appraiser installed in $PREFIX. Start it from the menu or run: appraiser"
echo "The camera needs the user in the 'video' group: sudo usermod -aG video USER"
