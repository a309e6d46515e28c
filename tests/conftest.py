# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: an isolated home for every test, FLOOR KDF parameters, ready vaults."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.vault import kdf
from desktop.vault.attempts import FILE_NAME as ATTEMPTS_FILE
from desktop.vault.vault import Vault

# First statement, before any test module or fixture creates a QApplication: the UI tests
# (and `self-test`) must never need a display. None of the imports above load Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The loopback servers of the sync tests (tus, fault proxy, SOCKS5, static files).
pytest_plugins = ["tests.servers.fixtures"]

# Strong enough for zxcvbn "fair" (it scores 4), long, and not a common phrase.
PASSPHRASE = "orbit lantern kettle vivid meadow"
NEW_PASSPHRASE = "copper walrus tundra sketch harbor"
WRONG_PASSPHRASE = "granite puffin velvet oasis drum"

MakeVault = Callable[..., Vault]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and the XDG directories into tmp_path so no test touches the real home."""
    home = tmp_path / "home"
    for name, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def fast_params() -> kdf.KdfParams:
    # The floor is also the fastest the code accepts: create() refuses anything weaker.
    return kdf.FLOOR


@pytest.fixture
def make_vault(data_dir: Path, fast_params: kdf.KdfParams) -> MakeVault:
    """Create a vault (left unlocked) with FLOOR parameters, in `data_dir` unless told."""

    def factory(directory: Path | None = None, passphrase: str = PASSPHRASE) -> Vault:
        vault = Vault(directory if directory is not None else data_dir)
        vault.create(passphrase, fast_params)
        return vault

    return factory


@pytest.fixture
def vault(make_vault: MakeVault) -> Iterator[Vault]:
    """An unlocked vault in `data_dir`, locked again at the end of the test."""
    created = make_vault()
    yield created
    created.lock()


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (relative name → bytes), to prove nothing changed.

    Except the count of wrong passphrases, which a wrong one must change
    (tests/vault/test_attempts.py checks it).
    """
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != ATTEMPTS_FILE
    }
