#!/bin/sh
# `make build`: the frozen one-folder build (packaging/bastion.spec), then
#   dist/bastion-<version>-linux-x86_64.tar.gz  and  dist/bastion_<version>_amd64.deb
# Reproducible inputs: SOURCE_DATE_EPOCH (default: the last commit's time) sets every
# timestamp in both archives; file order, owners and gzip headers are fixed.
# Usage: scripts/build.sh PYTHON   (the .venv interpreter, with PyInstaller installed)
set -eu
cd "$(dirname "$0")/.."
PY="${1:-.venv/bin/python}"

SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH
# Python's own hash seed and pyc stamps (PyInstaller writes unchecked-hash pycs itself).
export PYTHONHASHSEED=0
VERSION=$("$PY" -c 'import desktop; print(desktop.__version__)')
STEM="bastion-$VERSION-linux-x86_64"
DEB="bastion_${VERSION}_amd64.deb"
WORK=build/pyinstaller
DEBROOT=build/deb/root

rm -rf dist/bastion "$WORK" build/deb "dist/$STEM.tar.gz" "dist/$DEB"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath "$WORK" \
    packaging/bastion.spec
# Libraries of dropped plugins leave dangling links at the top level: remove them.
find dist/bastion -xtype l -delete

# ---------------------------------------------------------------- tar.gz
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    --format=gnu -C dist -cf - bastion | gzip -n -9 >"dist/$STEM.tar.gz"

# ---------------------------------------------------------------- .deb
mkdir -p "$DEBROOT/opt" "$DEBROOT/usr/bin" "$DEBROOT/usr/share/applications" \
    "$DEBROOT/usr/share/metainfo" "$DEBROOT/usr/share/icons/hicolor/scalable/apps" \
    "$DEBROOT/DEBIAN"
cp -a dist/bastion "$DEBROOT/opt/bastion"
ln -s /opt/bastion/bastion "$DEBROOT/usr/bin/bastion"
cp packaging/linux/bastion.desktop "$DEBROOT/usr/share/applications/bastion.desktop"
DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" packaging/linux/org.bastion.Bastion.metainfo.xml \
    >"$DEBROOT/usr/share/metainfo/org.bastion.Bastion.metainfo.xml"
cp packaging/icons/bastion.svg "$DEBROOT/usr/share/icons/hicolor/scalable/apps/bastion.svg"
"$PY" scripts/render_icons.py packaging/icons/bastion.svg "$DEBROOT/usr/share/icons/hicolor"
if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net --pedantic \
        "$DEBROOT/usr/share/metainfo/org.bastion.Bastion.metainfo.xml"
else
    echo "appstreamcli not installed: metainfo not validated"
fi
SIZE=$(du -sk --exclude=DEBIAN "$DEBROOT" | cut -f1)
# The glibc floor is what the bundled ELF files ask for (the build machine's, at most).
GLIBC=$(find dist/bastion -type f \( -name '*.so*' -o -name bastion \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
# The glibc floor is measured above (docs/packaging.md); the rest are what the bundled
# Qt plugins link to and the bundle does not carry (checked with readelf, not ldd guesses).
cat >"$DEBROOT/DEBIAN/control" <<CONTROL
Package: bastion
Version: $VERSION
Architecture: amd64
Maintainer: The Bastion contributors
Installed-Size: $SIZE
Depends: libc6 (>= $GLIBC), libxcb1, libegl1, libgl1, libwayland-client0, libwayland-cursor0, libwayland-egl1, fontconfig-config, fonts-noto-cjk
Recommends: fonts-noto-core, age
Section: utils
Priority: optional
Description: offline safety toolkit for Wikimedia volunteers at risk
 Safety training in short lessons, an encrypted journal of incidents with their
 evidence, and encrypted reports a trusted team opens with the standard age tool.
 Everything stays on the computer unless the person chooses to send it.
CONTROL
find "$DEBROOT" -type d -exec chmod 0755 {} +
# Every timestamp is the source's: dpkg-deb does not clamp them on every version.
find "$DEBROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
chmod 0644 "$DEBROOT/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$DEBROOT" "dist/$DEB" >/dev/null

echo "built dist/bastion ($(du -sh dist/bastion | cut -f1) unpacked)"
ls -l "dist/$STEM.tar.gz" "dist/$DEB" | awk '{print "built " $NF " (" $5 " bytes)"}'
