#!/bin/sh
# Rebuilds the .venv's sqlcipher3 from its source release, linked to the system's OpenSSL,
# for the Linux frozen build (`make build`, `bench/bundle_size.py`).
#
# Why: the sqlcipher3 wheel on PyPI carries its own static copy of OpenSSL's libcrypto
# (8.0 MiB stripped). The bundle already holds libcrypto.so.3 for Python's hashlib and ssl,
# so linked to that one the extension is 2.0 MiB: 6 MiB less for every volunteer's download.
# The source release carries SQLCipher's amalgamation; upstream's setup.py links `-lcrypto`
# when conan (which fetches a static OpenSSL) is absent, so the build runs without build
# isolation in a throwaway venv that has only setuptools and wheel. Same version (from
# constraints.txt), same compile options as the wheel; only where libcrypto comes from differs.
# Debian's libcrypto gets Debian's security updates at every rebuild.
#
# Usage: scripts/sqlcipher-shared-openssl.sh PYTHON   (the .venv interpreter)
# Does nothing off Linux, or when the installed extension already links libcrypto.
set -eu
cd "$(dirname "$0")/.."
PY="${1:-.venv/bin/python}"

[ "$(uname -s)" = Linux ] || exit 0
extension=$("$PY" -c 'import sqlcipher3._sqlite3 as m; print(m.__file__)')
if readelf -d "$extension" | grep -q 'NEEDED.*\[libcrypto\.so'; then
    exit 0
fi
version=$(sed -n 's/^sqlcipher3==//p' constraints.txt)
[ -n "$version" ] || { echo "constraints.txt pins no sqlcipher3" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Building sqlcipher3 $version against the system's OpenSSL (about a minute)"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "setuptools==84.2.1" "wheel==0.48.0"
"$work/venv/bin/python" -m pip download --quiet --no-deps --no-binary :all: --no-build-isolation \
    --dest "$work/src" "sqlcipher3==$version"
mkdir "$work/tree"
tar -xzf "$work/src/sqlcipher3-$version.tar.gz" -C "$work/tree"
"$work/venv/bin/python" -m pip wheel --quiet --no-deps --no-build-isolation \
    --wheel-dir "$work/wheel" "$work/tree/sqlcipher3-$version"
"$PY" -m pip install --quiet --force-reinstall --no-deps "$work"/wheel/sqlcipher3-*.whl

extension=$("$PY" -c 'import sqlcipher3._sqlite3 as m; print(m.__file__)')
readelf -d "$extension" | grep -q 'NEEDED.*\[libcrypto\.so' || {
    echo "sqlcipher3 was rebuilt but does not link libcrypto" >&2
    exit 1
}
