# SPDX-License-Identifier: GPL-3.0-or-later
"""Preferences outside the vault: a damaged or hostile preferences.json gives the defaults.

The data folder may be a USB stick anyone could have edited; start-up must survive it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop import config


def test_preferences_round_trip(tmp_path: Path) -> None:
    config.Preferences(language="ar", window_geometry="AAAA").save(tmp_path)
    loaded = config.Preferences.load(tmp_path)
    assert (loaded.language, loaded.window_geometry) == ("ar", "AAAA")


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 30_000 + b"]" * 30_000,
        b'{"version": 1e400}',
        b'{"version": 1, "language": "ar"' + b" " * config.MAX_PREFS_BYTES + b"}",
        b"\xff\xfe",
    ],
    ids=["nested", "1e400", "too-large", "not-utf8"],
)
def test_hostile_preferences_give_the_defaults(tmp_path: Path, content: bytes) -> None:
    (tmp_path / config.PREFS_NAME).write_bytes(content)
    assert config.Preferences.load(tmp_path) == config.Preferences()


@pytest.mark.timeout(10)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_the_preferences_does_not_block_start_up(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / config.PREFS_NAME)
    assert config.Preferences.load(tmp_path) == config.Preferences()
