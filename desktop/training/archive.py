# SPDX-License-Identifier: GPL-3.0-or-later
"""The pack archive: building it from a folder, and reading one that came from outside.

A pack is a zip file with `manifest.json` first, then the source files (docs/training-packs.md).
Reading never extracts anything to disk: the whole archive is at most MAX_ARCHIVE bytes, read
into memory, and every member is checked before one byte of content is used. The limits below
stop zip bombs (declared sizes are capped, and actual reads are capped by the declared size, so
a lying header or overlapping members cannot inflate past them).
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop import bounded
from desktop.errors import FileTooLargeError, NotAFileError
from desktop.fsutil import read_outside_file
from desktop.training.errors import PackArchiveError, PackManifestError
from desktop.training.model import Pack
from desktop.training.validate import FORMAT, path_problem

MANIFEST = "manifest.json"
SUFFIX = ".bastionpack"
MAX_ARCHIVE = 64 * 1024 * 1024
MAX_FILES = 2_000
MAX_FILE = 16 * 1024 * 1024
MAX_TOTAL = 128 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
MAX_MANIFEST_DEPTH = 8  # the manifest nests three deep (document, files, a file)
_EPOCH = (1980, 1, 1, 0, 0, 0)
_TYPES = {stat.S_IFREG, 0}  # 0: made by a tool that records no Unix mode


@dataclass(frozen=True)
class Manifest:
    format: int
    id: str
    version: int
    min_app_version: str
    expires: date | None
    created: str
    files: Mapping[str, tuple[int, str]]  # path → (size, sha256 hex)


def source_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its pack path, skipping hidden names (.git, .DS_Store).

    Links are refused: what a pack contains must be what the folder holds, not what a link
    points at elsewhere on the trainer's disk.
    """
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.as_posix()
        if path.is_symlink():
            raise PackArchiveError("link", name if not path_problem(name) else "")
        if path.is_dir():
            continue
        if not path.is_file():
            raise PackArchiveError("not-a-file", name if not path_problem(name) else "")
        if len(files) >= MAX_FILES:
            raise PackArchiveError("too-many-files")
        shown = name if not path_problem(name) else ""
        try:
            files[name] = read_outside_file(path, MAX_FILE)
        except FileTooLargeError:
            raise PackArchiveError("file-too-large", shown) from None
        except NotAFileError:
            raise PackArchiveError("not-a-file", shown) from None
    return files


def build_archive(pack: Pack, created: str) -> bytes:
    """A deterministic zip of `pack.files` with its manifest first (same input, same bytes)."""
    listing = [
        {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for path, data in sorted(pack.files.items())
    ]
    manifest = {
        "format": FORMAT,
        "id": pack.id,
        "version": pack.version,
        "min_app_version": pack.min_app_version,
        "expires": pack.expires.isoformat() if pack.expires else None,
        "created": created,
        "files": listing,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        entries = [(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())]
        entries += sorted(pack.files.items())
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    data = buffer.getvalue()
    if len(data) > MAX_ARCHIVE:
        raise PackArchiveError("too-large")
    return data


def read_archive(data: bytes) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest and the files of a pack archive, every member and hash checked."""
    if len(data) > MAX_ARCHIVE:
        raise PackArchiveError("too-large")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackArchiveError("not-a-pack") from exc
    with archive:
        members = _members(archive)
        files = _read_members(archive, members)
    manifest_bytes = files.pop(MANIFEST, None)
    if manifest_bytes is None:
        raise PackManifestError("missing", MANIFEST)
    manifest = parse_manifest(manifest_bytes)
    check_manifest(manifest, files)
    return manifest, files


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise PackArchiveError("too-many-files")
    seen: set[str] = set()
    total = 0
    members: list[zipfile.ZipInfo] = []
    for info in infos:
        name = info.filename
        if not name:  # a name cut at a NUL, or none at all: zipfile's is_dir() fails on it
            raise PackArchiveError("bad-name")
        shown = name if not path_problem(name.rstrip("/")) else ""
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise PackArchiveError("absolute", shown)
        if ".." in name.replace("\\", "/").split("/"):
            raise PackArchiveError("traversal", "")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackArchiveError("link", shown)
        folded = name.rstrip("/").casefold()
        if folded in seen:
            raise PackArchiveError("duplicate", shown)
        seen.add(folded)
        if info.is_dir():
            continue
        if stat.S_IFMT(mode) not in _TYPES:
            raise PackArchiveError("not-a-file", shown)
        if path_problem(name):
            raise PackArchiveError("bad-name", "")
        if info.flag_bits & 0x1:
            raise PackArchiveError("encrypted", shown)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackArchiveError("compression", shown)
        if info.file_size > MAX_FILE:
            raise PackArchiveError("file-too-large", shown)
        total += info.file_size
        if total > MAX_TOTAL:
            raise PackArchiveError("too-large")
        members.append(info)
    return members


def _read_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for info in members:
        try:
            with archive.open(info) as member:
                # One byte more than declared: a member that inflates past its header is caught.
                content = member.read(info.file_size + 1)
        # NotImplementedError: zipfile's answer to flags it cannot read (strong encryption);
        # zlib.error: a deflate stream that is not one (zipfile lets it through).
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            zlib.error,
        ) as exc:
            raise PackArchiveError("damaged", info.filename) from exc
        if len(content) != info.file_size:
            raise PackArchiveError("damaged", info.filename)
        files[info.filename] = content
    return files


def parse_manifest(data: bytes) -> Manifest:
    if len(data) > MAX_MANIFEST:
        raise PackManifestError("malformed", MANIFEST)
    try:
        # Depth and numbers bounded before json.loads sees it (desktop/bounded.py).
        text = data.decode("utf-8")
        obj: Any = bounded.loads(text, max_length=MAX_MANIFEST, max_depth=MAX_MANIFEST_DEPTH)
        files: dict[str, tuple[int, str]] = {}
        for item in obj["files"]:
            path, size, digest = item["path"], item["size"], item["sha256"]
            if not (isinstance(path, str) and isinstance(size, int) and isinstance(digest, str)):
                raise TypeError(path)
            if path in files or path_problem(path):
                raise ValueError(path)
            files[path] = (size, digest.lower())
        expires = date.fromisoformat(obj["expires"]) if obj.get("expires") else None
        manifest = Manifest(
            format=int(obj["format"]),
            id=str(obj["id"]),
            version=int(obj["version"]),
            min_app_version=str(obj["min_app_version"]),
            expires=expires,
            created=str(obj.get("created", "")),
            files=files,
        )
    except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise PackManifestError("malformed", MANIFEST) from exc
    return manifest


def check_manifest(manifest: Manifest, files: Mapping[str, bytes]) -> None:
    """Every file listed with its size and hash, and nothing else: raises PackManifestError."""
    for path in sorted(manifest.files.keys() - files.keys()):
        raise PackManifestError("missing", path)
    for path in sorted(files.keys() - manifest.files.keys()):
        raise PackManifestError("unlisted", path)
    for path, (size, digest) in sorted(manifest.files.items()):
        data = files[path]
        if len(data) != size:
            raise PackManifestError("size", path)
        if hashlib.sha256(data).hexdigest() != digest:
            raise PackManifestError("hash", path)


def check_manifest_matches(manifest: Manifest, pack: Pack) -> None:
    """The manifest's id, version, minimum app version and expiry are the pack's own."""
    same = (
        manifest.id == pack.id
        and manifest.version == pack.version
        and manifest.min_app_version == pack.min_app_version
        and manifest.expires == pack.expires
    )
    if not same:
        raise PackManifestError("mismatch", MANIFEST)
