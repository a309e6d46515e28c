#!/bin/sh
# Installs the Debian packages Bastion needs when they are missing.
#   ensure-system-deps.sh test  — what the test suite needs (age, minisign, msgfmt, fonts, Qt
#                                 libs, openssl for test certificates, Node.js for the tus server)
#   ensure-system-deps.sh run   — the above plus the X11/xcb libraries a real window needs
#   ensure-system-deps.sh build — the above plus binutils (strip, readelf) for `make build`, and
#                                 gcc and OpenSSL's headers to build sqlcipher3 against the
#                                 system's libcrypto (scripts/sqlcipher-shared-openssl.sh)
# It installs nothing that is already there, and never touches anything but apt packages.
set -eu

mode="${1:-test}"

# Qt (PySide6 wheels) needs these shared libraries even offscreen.
qt_libs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0"
# The tests prove interoperability with the stock tools and render Arabic and Indic scripts.
# The sync tests run the official tus server (Node.js) and make TLS certificates (openssl).
test_pkgs="age minisign gettext fonts-noto-core xvfb xauth openssl $qt_libs"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || test_pkgs="$test_pkgs nodejs npm"
# The xcb platform plugin (a real window on X11/XWayland).
run_pkgs="$test_pkgs libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1"

case "$mode" in
    test) wanted="$test_pkgs" ;;
    run) wanted="$run_pkgs" ;;
    build) wanted="$run_pkgs binutils gcc libssl-dev" ;;
    *) echo "usage: $0 test|run|build" >&2; exit 2 ;;
esac
# Python's headers, for that sqlcipher3 build (Debian's python3 keeps them in python3-dev).
if [ "$mode" = build ] && ! python3 -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
    wanted="$wanted python3-dev"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Not a Debian-based system: install the equivalents of: $wanted" >&2
    for tool in age minisign msgfmt openssl node npm; do
        command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool" >&2; exit 1; }
    done
    exit 0
fi

missing=""
for pkg in $wanted; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

[ -z "$missing" ] && exit 0

echo "Installing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "Please install as root: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
