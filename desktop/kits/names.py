# SPDX-License-Identifier: GPL-3.0-or-later
"""Which file names a kit may hold.

A kit travels on USB sticks formatted FAT32 or exFAT, is copied by Windows, macOS and Linux
and is checked with `sha256sum -c`: names are kept to letters, digits and ". _ + -", start
with a letter or digit, and are short. Such a name needs no escaping in SHA256SUMS, means the
same file on every system, and cannot point outside the kit ("..", "/", "\\").
"""

from __future__ import annotations

import re

MAX_NAME = 120
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
# The folders a kit has; files sit directly in them (README.html, kit.json and the sums at
# the top).
FOLDERS = ("profile", "packs", "installers")


def safe_name(name: str) -> bool:
    return len(name) <= MAX_NAME and _NAME.fullmatch(name) is not None


def safe_relative(path: str) -> bool:
    """A path as SHA256SUMS lists it: NAME, or FOLDER/NAME for one of the kit's folders."""
    parts = path.split("/")
    if len(parts) == 1:
        return safe_name(parts[0])
    return len(parts) == 2 and parts[0] in FOLDERS and safe_name(parts[1])
