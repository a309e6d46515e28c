# SPDX-License-Identifier: GPL-3.0-or-later
"""The stock minisign 0.11 (in /usr/bin), and fast scrypt limits for tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from nacl.pwhash import scrypt

from desktop.signing import keys

# libsodium's minimum: N=2^10, milliseconds. minisign reads the limits from the key file, so a
# key written with them exercises exactly the same code paths as one with the real limits.
FAST_LIMITS = (scrypt.OPSLIMIT_MIN, scrypt.MEMLIMIT_MIN)


def use_fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_LIMITS", FAST_LIMITS)


def minisign(
    *args: str, stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the stock minisign; a password, if it asks for one, is a line of `stdin`."""
    return subprocess.run(
        ["minisign", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=30,
        check=False,
    )


def minisign_keypair(directory: Path) -> tuple[Path, Path]:
    """An unencrypted key pair made by `minisign -G -W`: (public, secret) paths."""
    public, secret = directory / "minisign.pub", directory / "minisign.key"
    result = minisign("-G", "-W", "-p", str(public), "-s", str(secret))
    assert result.returncode == 0, result.stderr
    return public, secret
