#!/usr/bin/env bash
# Build the Linux package from the PyInstaller bundle: build/counterapp_VERSION_ARCH.deb
#   installer/build-deb.sh [BUNDLE_DIR]      (./dev deb builds the bundle first if needed)
# Installs the one-folder bundle in /opt/counterapp, the command /usr/bin/counterapp,
# a desktop entry (the station window) and depends on the system libraries Qt's
# xcb window plugin needs (Qt itself is in the bundle). Data stays per user in
# $XDG_DATA_HOME/counterapp (logs in $XDG_STATE_HOME/counterapp/logs); removing the
# package never touches it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-build/dist/counterapp}
[ -x "$BUNDLE/counterapp" ] || { echo "No bundle at $BUNDLE: run ./dev bundle first" >&2; exit 1; }
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
ARCH=$(dpkg --print-architecture)
ROOT=build/deb/counterapp_${VERSION}_${ARCH}
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications"
cp -a "$BUNDLE" "$ROOT/opt/counterapp"
ln -s /opt/counterapp/counterapp "$ROOT/usr/bin/counterapp"
cp installer/counterapp.desktop "$ROOT/usr/share/applications/counterapp.desktop"
SIZE=$(du -sk "$ROOT/opt" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: counterapp
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: counterapp maintainers <counterapp@localhost>
Installed-Size: ${SIZE}
Section: misc
Priority: optional
Depends: libc6, libegl1, libgl1, libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-xkb1, libxcb-shape0, libxcb-randr0, libxcb-xinerama0, libxcb-xfixes0
Description: Front-counter application for a town's consolidated service desk
 The station window (sales, payments, licences, drawer, walk-in queue) and the
 head-office server, as one self-contained program.
CONTROL
dpkg-deb -Zgzip -z6 --build --root-owner-group "$ROOT" "build/counterapp_${VERSION}_${ARCH}.deb" >/dev/null
echo "build/counterapp_${VERSION}_${ARCH}.deb"
