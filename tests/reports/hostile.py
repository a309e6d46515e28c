# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile report archives (plaintext tars) for `report open`: what anyone holding a team's
public key could send. Each is a well-formed report (manifest first, then entries.json)
plus one thing no report holds. Shared by tests/reports and tests/cli."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable

TERABYTE = 1 << 40
TOP = "bastion-report-0123456789abcdef"
ENTRIES = json.dumps(
    {"format": "bastion-report-entries", "format_version": 1, "entries": []}
).encode()


def manifest(files: dict[str, bytes], sizes: dict[str, int] | None = None) -> bytes:
    """A manifest listing `files`, with `sizes` overriding what it declares."""
    listed = [
        {
            "path": path,
            "size": (sizes or {}).get(path, len(data)),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        for path, data in files.items()
    ]
    return json.dumps(
        {"format": "bastion-report", "format_version": 1, "files": listed, "entries": []}
    ).encode()


def _file(archive: tarfile.TarFile, name: str, data: bytes, **pax: str) -> None:
    info = tarfile.TarInfo(f"{TOP}/{name}")
    info.size, info.mode, info.pax_headers = len(data), 0o600, dict(pax)
    archive.addfile(info, io.BytesIO(data))


def _special(archive: tarfile.TarFile, name: str, kind: bytes, link: str = "") -> None:
    info = tarfile.TarInfo(f"{TOP}/{name}")
    info.type, info.linkname = kind, link
    info.devmajor, info.devminor = 1, 3  # /dev/null, for the device types
    archive.addfile(info)


def _gnu_sparse(name: str, realsize: int, data: bytes) -> bytes:
    """An old-GNU sparse member ('S'): one data region at the end of `realsize` bytes of
    holes. Python's tarfile cannot write these, so the header is patched by hand."""
    info = tarfile.TarInfo(f"{TOP}/{name}")
    info.type, info.size = tarfile.GNUTYPE_SPARSE, len(data)
    block = bytearray(info.tobuf(format=tarfile.GNU_FORMAT))
    block[386:398] = tarfile.itn(realsize - len(data), 12, tarfile.GNU_FORMAT)  # offset
    block[398:410] = tarfile.itn(len(data), 12, tarfile.GNU_FORMAT)  # numbytes
    block[482] = 0  # no extended sparse headers
    block[483:495] = tarfile.itn(realsize, 12, tarfile.GNU_FORMAT)  # the size it declares
    checksum = 256 + sum(block[:148]) + sum(block[156:512])
    block[148:155] = b"%06o\0" % checksum
    padding = -len(data) % tarfile.BLOCKSIZE
    return bytes(block) + data + bytes(padding)


def _build(members: Callable[[tarfile.TarFile], None]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        members(archive)
    return raw.getvalue()


def _good(archive: tarfile.TarFile, extra: dict[str, bytes] | None = None, **sizes: int) -> None:
    files = {"entries.json": ENTRIES, **(extra or {})}
    _file(archive, "manifest.json", manifest(files, sizes))
    _file(archive, "entries.json", ENTRIES)


def good() -> bytes:
    return _build(_good)


def sparse_gnu() -> bytes:
    def members(archive: tarfile.TarFile) -> None:
        _good(archive)
        member = _gnu_sparse("big.bin", TERABYTE, b"x")
        archive.fileobj.write(member)  # type: ignore[union-attr]
        archive.offset += len(member)

    return _build(members)


def sparse_pax() -> bytes:
    """GNU tar's PAX sparse format 1.0: the map in the data, the real size in the header."""

    def members(archive: tarfile.TarFile) -> None:
        _good(archive)
        sparse_map = f"1\n{TERABYTE - 1}\n1\n".encode().ljust(tarfile.BLOCKSIZE, b"\0")
        info = tarfile.TarInfo(f"{TOP}/GNUSparseFile.0/big.bin")
        info.pax_headers = {
            "GNU.sparse.major": "1",
            "GNU.sparse.minor": "0",
            "GNU.sparse.name": f"{TOP}/big.bin",
            "GNU.sparse.realsize": str(TERABYTE),
        }
        info.size = len(sparse_map) + 1
        archive.addfile(info, io.BytesIO(sparse_map + b"x"))

    return _build(members)


def pax_size() -> bytes:
    """entries.json's header says 1 TB through PAX `size`; the manifest says 66 bytes."""

    def members(archive: tarfile.TarFile) -> None:
        _file(archive, "manifest.json", manifest({"entries.json": ENTRIES}))
        _file(archive, "entries.json", ENTRIES, size=str(TERABYTE))

    return _build(members)


def special(kind: bytes) -> Callable[[], bytes]:
    target = "/etc/passwd" if kind == tarfile.SYMTYPE else f"{TOP}/entries.json"

    def build() -> bytes:
        return _build(lambda archive: (_good(archive), _special(archive, "x", kind, target)))

    return build


def bigger() -> bytes:
    """entries.json is 4 KiB larger than the manifest's entry for it."""
    padded = ENTRIES + b" " * 4096

    def members(archive: tarfile.TarFile) -> None:
        _file(archive, "manifest.json", manifest({"entries.json": ENTRIES}))
        _file(archive, "entries.json", padded)

    return _build(members)


def bigger_before_manifest() -> bytes:
    """As `bigger`, with the file before the manifest (as GNU tar may order them)."""
    padded = ENTRIES + b" " * 4096

    def members(archive: tarfile.TarFile) -> None:
        _file(archive, "entries.json", padded)
        _file(archive, "manifest.json", manifest({"entries.json": ENTRIES}))

    return _build(members)


def total() -> bytes:
    """The manifest and the header agree on a 1 TB file: more than the encrypted file holds."""
    big = {"big.bin": b"x"}

    def members(archive: tarfile.TarFile) -> None:
        _good(archive, big, **{"big.bin": TERABYTE})
        _file(archive, "big.bin", b"x", size=str(TERABYTE))

    return _build(members)


def total_before_manifest() -> bytes:
    """A 1 TB file (PAX size) before any manifest: bounded by the encrypted file's size."""

    def members(archive: tarfile.TarFile) -> None:
        _file(archive, "big.bin", b"x", size=str(TERABYTE))
        _good(archive)

    return _build(members)


HOSTILE: dict[str, Callable[[], bytes]] = {
    "sparse-gnu": sparse_gnu,
    "sparse-pax": sparse_pax,
    "pax-size": pax_size,
    "symlink": special(tarfile.SYMTYPE),
    "hardlink": special(tarfile.LNKTYPE),
    "char-device": special(tarfile.CHRTYPE),
    "block-device": special(tarfile.BLKTYPE),
    "fifo": special(tarfile.FIFOTYPE),
    "bigger-than-manifest": bigger,
    "bigger-before-manifest": bigger_before_manifest,
    "total-over-ciphertext": total,
    "total-before-manifest": total_before_manifest,
}
