# SPDX-License-Identifier: GPL-3.0-or-later
"""What an attacker holding the data folder sees: no plaintext, no schema, no passphrase."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.vault import Vault, kdf
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, MakeVault

MARKER = "MARKER-7f3a9c"
REPO = Path(__file__).resolve().parents[2]


def encodings(text: str) -> list[bytes]:
    return [text.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def forbidden(*secrets: str) -> list[bytes]:
    """Plaintext an encrypted vault must never show: SQLite's magic, DDL, and the secrets."""
    needles = [b"SQLite format 3", b"CREATE TABLE", b"settings", b"vault_meta"]
    for secret in secrets:
        needles += encodings(secret)
        # Each word too: a partial leak of a word-list passphrase is still a leak.
        needles += [word.encode() for word in secret.split() if len(word) >= 4]
    return needles


def leaks(directory: Path, needles: list[bytes]) -> list[tuple[str, bytes]]:
    files = [path for path in directory.rglob("*") if path.is_file()]
    assert files, "nothing to scan"
    return [
        (path.name, needle) for path in files for needle in needles if needle in path.read_bytes()
    ]


def test_locked_vault_shows_no_plaintext(make_vault: MakeVault, data_dir: Path) -> None:
    vault = make_vault()
    vault.set_setting("journal-probe", MARKER)
    vault.set_setting("wide-probe", MARKER * 50)
    vault.lock()
    assert leaks(data_dir, forbidden(MARKER, PASSPHRASE)) == []
    # The scan found nothing because it is encrypted, not because it was never written.
    reopened = Vault(data_dir)
    reopened.unlock(PASSPHRASE)
    assert reopened.get_setting("journal-probe") == MARKER
    reopened.lock()


def test_unlocked_vault_files_show_no_plaintext(make_vault: MakeVault, data_dir: Path) -> None:
    # While unlocked, fresh writes sit in vault.db-wal: it must be encrypted as well.
    vault = make_vault()
    vault.set_setting("journal-probe", MARKER)
    assert (data_dir / "vault.db-wal").stat().st_size > 0
    try:
        assert leaks(data_dir, forbidden(MARKER, PASSPHRASE)) == []
    finally:
        vault.lock()


def test_changed_passphrase_leaves_neither_passphrase(
    make_vault: MakeVault, data_dir: Path
) -> None:
    vault = make_vault()
    vault.set_setting("journal-probe", MARKER)
    vault.lock()
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf.FLOOR)
    assert leaks(data_dir, forbidden(MARKER, PASSPHRASE, NEW_PASSPHRASE)) == []


def test_cli_created_vault_shows_no_plaintext(tmp_path: Path) -> None:
    data_dir = tmp_path / "cli-data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--data-dir",
            str(data_dir),
            "init",
            "--kdf-seconds",
            "0",
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in data_dir.iterdir()) == ["vault.db", "vault.key"]
    assert leaks(data_dir, forbidden(PASSPHRASE)) == []
