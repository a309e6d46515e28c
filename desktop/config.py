# SPDX-License-Identifier: GPL-3.0-or-later
"""Where Bastion keeps its files, and the few preferences that live outside the vault.

Only harmless preferences live outside the vault (language, text size, window geometry), in a
small JSON file in the data directory, so a portable `--data-dir` on a USB stick carries them
too. Anything that could reveal what someone does (auto-lock choice, recipients, progress) is
a vault setting. Qt's QSettings is not used: it would write to the user's profile.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop import bounded
from desktop.errors import DataFolderRefusedError
from desktop.fsutil import FileRefusedError, atomic_write, ensure_private_dir, read_regular_file

APP_NAME = "Bastion"
PREFS_NAME = "preferences.json"
PREFS_VERSION = 1
MAX_PREFS_BYTES = 64 * 1024  # a few short strings; a data folder on a USB stick can be edited
AUTOLOCK_CHOICES = (1, 5, 15, 30)  # minutes
AUTOLOCK_DEFAULT = 5
# Percent of the platform's font size, for every screen (the lock screen too, so it is a
# preference outside the vault). Settings names them Default, Larger and Largest.
TEXT_SIZE_CHOICES = (100, 125, 150)
TEXT_SIZE_DEFAULT = 100
IS_FROZEN = bool(getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"))


def default_data_dir() -> Path:
    # Imported here: a portable start (--data-dir on the stick) does not need it, and its
    # import took 4 ms of the start.
    import platformdirs

    # Not the roaming profile: on managed Windows machines it is copied to a server.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    """`--data-dir DIR` when given (portable use), else the platform's user data directory.

    DIR must be new (Bastion creates it, private), an existing Bastion data folder, or an
    empty folder only its owner can write to; anything else raises DataFolderRefusedError.
    """
    if option:
        path = Path(option).expanduser().resolve()
        check_data_dir(path)
        return path
    return default_data_dir()


# What only a Bastion data folder holds (desktop/vault/vault.py names the first three).
_OWN_NAMES = ("vault.key", "vault.db", ".vault-creating.db", PREFS_NAME)


def check_data_dir(path: Path) -> None:
    """Refuse to take over a folder that is someone else's (DataFolderRefusedError).

    Not a silent fallback to a folder inside it: the vault is where the person said, or
    nowhere, so the next run with the same option finds it and a wipe removes what they think.
    """
    try:
        info = path.stat()
    except OSError:
        return  # new (created private when first written), or fails later as a storage error
    if not stat.S_ISDIR(info.st_mode):
        return  # writing in it fails as a storage error, changing nothing
    if any((path / name).exists() for name in _OWN_NAMES):
        return
    if os.name == "posix" and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise DataFolderRefusedError("shared")
    try:
        with os.scandir(path) as entries:
            holds_something = next(entries, None) is not None
    except OSError:
        return
    if holds_something:
        raise DataFolderRefusedError("not-empty")


def resource_path(*parts: str) -> Path:
    """A file under resources/, in a checkout or inside a frozen bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


@dataclass
class Preferences:
    """Harmless preferences kept outside the vault."""

    language: str | None = None
    window_geometry: str | None = None  # base64 of Qt's saveGeometry()
    text_size: int = TEXT_SIZE_DEFAULT  # one of TEXT_SIZE_CHOICES
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> Preferences:
        """Read preferences; a missing or unreadable file gives the defaults (never fatal)."""
        try:
            data = read_regular_file(data_dir / PREFS_NAME, MAX_PREFS_BYTES)
            document = bounded.loads(data.decode("utf-8"), max_length=MAX_PREFS_BYTES)
        except (OSError, ValueError, FileRefusedError):
            return cls()
        if not isinstance(document, dict) or document.get("version") != PREFS_VERSION:
            return cls()
        language = document.get("language")
        geometry = document.get("window_geometry")
        return cls(
            language=language if isinstance(language, str) else None,
            window_geometry=geometry if isinstance(geometry, str) else None,
            text_size=text_size_or_default(document.get("text_size")),
        )

    def save(self, data_dir: Path) -> None:
        ensure_private_dir(data_dir)
        document = {"version": PREFS_VERSION, **asdict(self)}
        document.pop("extra", None)
        atomic_write(data_dir / PREFS_NAME, json.dumps(document, indent=2).encode("utf-8"))


def text_size_or_default(value: object) -> int:
    """`value` when it is one of TEXT_SIZE_CHOICES, else the default: an edited file (or one
    from a later version) must not make the text unreadably small or huge. `type() is int`,
    since JSON's 100.0 and true would otherwise pass as 100 and 1."""
    if type(value) is int and value in TEXT_SIZE_CHOICES:
        return value
    return TEXT_SIZE_DEFAULT
