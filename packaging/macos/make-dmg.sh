#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The macOS disk image: dist/Bastion.app (PyInstaller's BUNDLE, packaging/bastion.spec) and a
# link to /Applications, compressed. NOT RUN HERE: only the release workflow runs it, on a
# macOS runner (hdiutil exists only on macOS). Unsigned and not notarised: packaging/README.md.
# Usage: packaging/macos/make-dmg.sh VERSION ARCH
set -eu
VERSION="$1"
ARCH="$2"
STAGE="build/dmg"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R dist/Bastion.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Bastion $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
    -ov "dist/bastion-$VERSION-macos-$ARCH.dmg"
