# SPDX-License-Identifier: GPL-3.0-or-later
"""Where Bastion keeps its files, and the few preferences that live outside the vault.

Only harmless preferences live outside the vault (language, window geometry), in a small JSON
file in the data directory, so a portable `--data-dir` on a USB stick carries them too.
Anything that could reveal what someone does (auto-lock choice, recipients, progress) is a
vault setting. Qt's QSettings is not used: it would write to the user's profile.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

from desktop import bounded
from desktop.fsutil import FileRefusedError, atomic_write, ensure_private_dir, read_regular_file

APP_NAME = "Bastion"
PREFS_NAME = "preferences.json"
PREFS_VERSION = 1
MAX_PREFS_BYTES = 64 * 1024  # a few short strings; a data folder on a USB stick can be edited
AUTOLOCK_CHOICES = (1, 5, 15, 30)  # minutes
AUTOLOCK_DEFAULT = 5
IS_FROZEN = bool(getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"))


def default_data_dir() -> Path:
    # Not the roaming profile: on managed Windows machines it is copied to a server.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    """`--data-dir DIR` when given (portable use), else the platform's user data directory."""
    if option:
        return Path(option).expanduser().resolve()
    return default_data_dir()


def resource_path(*parts: str) -> Path:
    """A file under resources/, in a checkout or inside a frozen bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


@dataclass
class Preferences:
    """Harmless preferences kept outside the vault."""

    language: str | None = None
    window_geometry: str | None = None  # base64 of Qt's saveGeometry()
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
        )

    def save(self, data_dir: Path) -> None:
        ensure_private_dir(data_dir)
        document = {"version": PREFS_VERSION, **asdict(self)}
        document.pop("extra", None)
        atomic_write(data_dir / PREFS_NAME, json.dumps(document, indent=2).encode("utf-8"))
