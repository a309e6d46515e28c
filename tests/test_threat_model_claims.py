# SPDX-License-Identifier: GPL-3.0-or-later
"""Claims of docs/threat-model.md that no other test checked directly.

Each test is small and names the claim it proves; docs/threat-model.md links to it by name
(tests/test_threat_model.py keeps those links from rotting).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import MakeVault

ROOT = Path(__file__).resolve().parent.parent


def test_the_database_is_sqlcipher_4_with_hmac_and_a_random_256_bit_key(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    # Section 1: SQLCipher 4 (AES-256, per-page HMAC-SHA512), a random 256-bit key; section 3:
    # synchronous=FULL; out of scope: SQLCipher's cipher_memory_security is on.
    first, second = make_vault(), make_vault(tmp_path / "other")
    try:
        conn = first.connection()

        def pragma(name: str) -> str:
            return str(conn.execute(f"PRAGMA {name}").fetchone()[0])

        assert pragma("cipher_version").startswith("4.")
        assert pragma("cipher") == "AES-256-CBC"
        assert (pragma("cipher_use_hmac"), pragma("cipher_hmac_algorithm")) == ("1", "HMAC_SHA512")
        assert pragma("cipher_plaintext_header_size") == "0"  # no readable SQLite header
        assert pragma("synchronous") == "2"  # FULL
        assert pragma("cipher_memory_security") == "1"
        assert first._key is not None
        assert second._key is not None
        assert len(first._key) == len(second._key) == 32
        assert first._key != second._key
    finally:
        first.lock()
        second.lock()


def test_passphrase_fields_are_hidden_with_no_context_menu_and_no_drag(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from desktop.ui.setup_view import SetupView
    from desktop.ui.unlock_view import UnlockView

    unlock, setup = UnlockView(), SetupView()
    for view in (unlock, setup):
        qtbot.addWidget(view)
    for field in (unlock.passphrase, setup.passphrase, setup.confirmation):
        assert field.echoMode() == QLineEdit.EchoMode.Password
        assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        assert not field.dragEnabled()


def test_the_clipboard_guard_keeps_a_keyed_digest_never_the_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.clipboard import ClipboardGuard

    text = "a diff link to a harasser's edit"
    guard = ClipboardGuard()
    guard.copy(text)
    try:
        assert guard._timer.interval() == 45_000  # taken back after 45 seconds
        kept = [v.encode() if isinstance(v, str) else v for v in vars(guard).values()]
        kept = [v for v in kept if isinstance(v, bytes)]
        assert kept
        assert not any(text.encode() in value for value in kept)
        assert hashlib.sha256(text.encode()).digest() not in kept  # keyed, not a plain hash
        assert guard.holds_ours()
    finally:
        guard.clear_if_ours()


def test_unexpected_errors_are_logged_by_type_and_place_never_by_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from desktop.app import _redacted_excepthook

    try:
        raise ValueError("the narrative of an entry")
    except ValueError as exc:
        _redacted_excepthook(ValueError, exc, exc.__traceback__)
    assert "ValueError" in caplog.text
    assert "test_threat_model_claims.py" in caplog.text
    assert "narrative" not in caplog.text


@pytest.mark.skipif(os.name != "posix", reason="umask and RLIMIT_CORE are POSIX")
def test_the_started_process_logs_to_stderr_only_and_its_children_get_no_core_file() -> None:
    # What desktop.app.main sets before any command runs (--version leaves right after it).
    body = (
        "import json, logging, os, subprocess, sys, desktop.app\n"
        "try:\n    desktop.app.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "child = 'import resource; print(list(resource.getrlimit(resource.RLIMIT_CORE)))'\n"
        "core = subprocess.run([sys.executable, '-c', child], capture_output=True, text=True)\n"
        "handlers = [(type(h).__name__, getattr(h, 'stream', None) is sys.stderr)\n"
        "            for h in logging.getLogger().handlers]\n"
        "print('STATE', json.dumps({'umask': os.umask(0o077), 'handlers': handlers,\n"
        "      'core': json.loads(core.stdout)}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", body], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    marked = [line for line in result.stdout.splitlines() if line.startswith("STATE ")]
    assert marked, result.stderr
    state = json.loads(marked[-1].removeprefix("STATE "))
    assert state["umask"] == 0o077  # files 0600, folders 0700
    assert state["handlers"] == [["StreamHandler", True]]  # standard error, no log file
    assert state["core"] == [0, 0]  # age and minisign inherit the zero core limit


def test_an_installed_pack_is_never_extracted_to_disk(
    make_vault: MakeVault,
    data_dir: Path,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.training.packs import check_pack
    from desktop.training.store import Training
    from tests.training.builders import Signer, sample_archive

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    signer = Signer.generate()
    archive = sample_archive(tmp_path / "source")
    vault = make_vault()
    try:
        training = Training(vault)
        training.install(check_pack(archive, signer.sign(archive), [signer.trusted]))
        assert training.installed()
        vault_files = {"vault.db", "vault.key", "vault.db-wal", "vault.db-shm"}
        assert {p.name for p in data_dir.rglob("*")} <= vault_files
    finally:
        vault.lock()
    assert sorted(p.name for p in data_dir.rglob("*")) == ["vault.db", "vault.key"]
    assert list(temp.iterdir()) == []
    assert [p for p in isolated_home.rglob("*") if p.is_file()] == []  # no cache either
