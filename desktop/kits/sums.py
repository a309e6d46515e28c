# SPDX-License-Identifier: GPL-3.0-or-later
"""SHA256SUMS in the format of GNU `sha256sum` (and `shasum -a 256`), so that the stock
`sha256sum -c SHA256SUMS` checks a kit exactly as `bastion kit verify` does.

One line per file, sorted by name: 64 lower-case hex digits, two spaces, the path relative to
the kit with "/" between folders. A kit's names are restricted (names.py), so no line needs
sha256sum's backslash escaping and every line reads the same on every system.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop.fsutil import open_regular_file
from desktop.kits.errors import KitManifestError
from desktop.kits.names import safe_relative

SUMS = "SHA256SUMS"
MAX_SUMS = 256 * 1024  # a kit holds a few dozen files: far below this
_LINE = re.compile(r"([0-9a-f]{64})  (\S[^\n]*)")
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """SHA-256 of a regular file, read in chunks (installers are tens of megabytes).
    FileRefusedError for anything that is not a regular file; OSError as usual."""
    digest = hashlib.sha256()
    with open_regular_file(path) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def render(digests: dict[str, str]) -> bytes:
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests)).encode("ascii")


def parse(data: bytes) -> dict[str, str]:
    """The path → digest table of a SHA256SUMS file; KitManifestError("sums") when a line is
    not in the format above, a path is not a kit name, or a path appears twice."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise KitManifestError("sums") from None
    if not text.endswith("\n"):
        raise KitManifestError("sums")
    table: dict[str, str] = {}
    for line in text[:-1].split("\n"):
        match = _LINE.fullmatch(line)
        if match is None or not safe_relative(match[2]) or match[2] in table:
            raise KitManifestError("sums")
        table[match[2]] = match[1]
    if not table:
        raise KitManifestError("sums")
    return table
