# SPDX-License-Identifier: GPL-3.0-or-later
"""Tar archives built header by header, so that a member may declare a size its data does
not have, carry any PAX record, or be of any type: what `tarfile` refuses to write for us.

A good report (manifest first, entries.json, one attachment) is the base every generated and
hand-made hostile bundle starts from. tests/reports/hostile.py builds its archives with
`tarfile` plus patched headers; this builds every header, so any field can lie.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from typing import Literal, cast

# The same top folder and size as tests/reports/hostile.py (not imported from there: its
# typing is not clean under mypy, which would check it with this package).
TOP = "bastion-report-0123456789abcdef"
TERABYTE = 1 << 40

BLOCK = tarfile.BLOCKSIZE
ATTACHMENT = "attachments/k3xq9w2m4t/a7-photo.png"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def entries(title: str = "Threat on my talk page") -> bytes:
    document = {
        "format": "bastion-report-entries",
        "format_version": 1,
        "report_id": TOP[-16:],
        "language": "ar",
        "entries": [
            {
                "id": "k3xq9w2m4t",
                "title": title,
                "revision": 2,
                "narrative": "كلمات تهديد",
                "attachments": [{"id": "a7", "path": ATTACHMENT, "size": len(PHOTO)}],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def manifest_document(files: dict[str, bytes]) -> dict[str, object]:
    return {
        "format": "bastion-report",
        "format_version": 1,
        "report_id": TOP[-16:],
        "files": [
            {"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
            for p, d in files.items()
        ],
        "entries": [
            {
                "id": "k3xq9w2m4t",
                "revision": 2,
                "revision_commitments": ["00" * 32, "11" * 32],
                "attachments": [
                    {"id": "a7", "path": ATTACHMENT, "sha256": hashlib.sha256(PHOTO).hexdigest()}
                ],
            }
        ],
    }


def good_files() -> dict[str, bytes]:
    return {"entries.json": entries(), ATTACHMENT: PHOTO}


@dataclass
class Member:
    """One header and its data. `size` is what the header declares (None: the data's length)."""

    name: str
    data: bytes = b""
    type: bytes = tarfile.REGTYPE
    size: int | None = None
    pax: dict[str, str] = field(default_factory=dict)
    linkname: str = ""
    mode: int = 0o600

    def header(self, fmt: int) -> bytes:
        info = tarfile.TarInfo(self.name)
        info.type, info.linkname, info.mode = self.type, self.linkname, self.mode
        info.size = len(self.data) if self.size is None else self.size
        info.devmajor, info.devminor = 1, 3
        info.pax_headers = dict(self.pax)
        return info.tobuf(cast(Literal[0, 1, 2], fmt), "utf-8", "surrogateescape")


def archive(members: list[Member], fmt: int = tarfile.PAX_FORMAT, *, end: bool = True) -> bytes:
    """The members one after another, each data padded to whole blocks; then the two zero
    blocks that end an archive (unless `end` is false: a truncated archive)."""
    out = io.BytesIO()
    for member in members:
        out.write(member.header(fmt))
        out.write(member.data + bytes(-len(member.data) % BLOCK))
    if end:
        out.write(bytes(2 * BLOCK))
    return out.getvalue()


def report(
    files: dict[str, bytes] | None = None,
    manifest: bytes | None = None,
    extra: list[Member] | None = None,
) -> list[Member]:
    """A good report's members (manifest first), plus `extra` at the end."""
    files = good_files() if files is None else files
    if manifest is None:
        manifest = json.dumps(manifest_document(files)).encode()
    members = [Member(f"{TOP}/manifest.json", manifest)]
    members += [Member(f"{TOP}/{path}", data) for path, data in files.items()]
    return members + (extra or [])


def good() -> bytes:
    return archive(report())
