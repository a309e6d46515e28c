# SPDX-License-Identifier: GPL-3.0-or-later
"""Checking a pack from outside, and the keys it must be signed by.

Order matters (docs/training-packs.md): the signature over the whole archive is checked first,
against the pinned keys only, so an archive from anyone else is refused before the zip reader
sees it. Then the archive's members, the manifest's hashes, the content, the format and the
app version. Nothing here writes; `Training.install` stores a pack that passed.

The bundled pack is the exception: it ships inside the installation in source form and is
exactly as trustworthy as the installer, so it is validated but not signature-checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from desktop import __version__
from desktop.config import resource_path
from desktop.signing import signature_path
from desktop.training.archive import (
    MAX_ARCHIVE,
    Manifest,
    check_manifest_matches,
    read_archive,
    source_files,
)
from desktop.training.errors import (
    PackArchiveError,
    PackSignatureMissingError,
    PackTooNewError,
    PackUnreadableError,
    PackUntrustedError,
)
from desktop.training.model import Pack
from desktop.training.validate import FORMAT, app_version_tuple, load_pack

BUNDLED = "bundled"
MAX_SIGNATURE = 4096


@dataclass(frozen=True)
class TrustedKey:
    line: str  # the minisign public key's base64 line
    source: str  # BUNDLED, or the organisation id of a confirmed profile


@dataclass(frozen=True)
class CheckedPack:
    pack: Pack
    manifest: Manifest
    signer: TrustedKey
    archive: bytes
    signature: str

    def expired(self, today: date) -> bool:
        return self.pack.expired(today)


BUNDLED_ARCHIVE = "default.bastionpack"


def bundled_pack_folder() -> Path:
    """The default pack's source, in a checkout."""
    return resource_path("training", "default")


def bundled_pack_archive() -> Path:
    """The default pack as `bastion pack build` wrote it, in a frozen build (a fifth of the
    source's size: packaging/bastion.spec)."""
    return resource_path("training", BUNDLED_ARCHIVE)


@cache
def bundled_pack(language: str | None = None) -> Pack:
    """The default pack from the installation (validated; cached: it cannot change), with
    the catalog of `language` only, or of every language when None."""
    languages = None if language is None else (language,)
    archive = bundled_pack_archive()
    if archive.is_file():
        manifest, files = read_archive(archive.read_bytes())
        pack = load_pack(files, languages=languages)
        check_manifest_matches(manifest, pack)
        return pack
    return load_pack(source_files(bundled_pack_folder()), languages=languages)


def bundled_keys() -> list[TrustedKey]:
    """Keys pinned in the installation: resources/training/pack-keys.txt, one per line."""
    path = resource_path("training", "pack-keys.txt")
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return parse_key_lines(
        (line.strip() for line in lines if line.strip() and not line.startswith("#")),
        BUNDLED,
    )


def parse_key_lines(lines: Iterable[str], source: str) -> list[TrustedKey]:
    from desktop.signing import PublicKey

    return [TrustedKey(PublicKey.parse(line).line(), source) for line in lines]


def read_pack_file(path: Path) -> tuple[bytes, str | None]:
    """The archive at `path` and the text of `path.minisig` beside it (None when absent).

    Each is checked on the opened file before it is read: NotAFileError for a folder, a
    device or a pipe (they would block or never end), PackArchiveError("too-large") for an
    archive and FileTooLargeError for a signature over its cap, so nothing large is ever
    held in memory. PackUnreadableError when either cannot be read (missing, a stick
    pulled out mid-read).
    """
    from desktop.errors import FileTooLargeError
    from desktop.fsutil import read_outside_file

    signature_file = signature_path(path)
    try:
        try:
            data = read_outside_file(path, MAX_ARCHIVE)
        except FileTooLargeError:
            raise PackArchiveError("too-large") from None
        if not os.path.lexists(signature_file):
            return data, None
        raw = read_outside_file(signature_file, MAX_SIGNATURE)
    except OSError:
        raise PackUnreadableError() from None
    return data, raw.decode("utf-8", errors="replace")


def check_pack(
    archive: bytes,
    signature: str | None,
    trusted: Sequence[TrustedKey],
    *,
    app_version: str = __version__,
) -> CheckedPack:
    """Verify a pack completely, changing nothing.

    Raises PackSignatureMissingError, PackUntrustedError, desktop.signing's
    MalformedSignatureError / BadSignatureError, PackArchiveError, PackManifestError,
    PackInvalidError, PackTooNewError.
    """
    from desktop.signing import PublicKey, UnknownKeyError, verify

    if len(archive) > MAX_ARCHIVE:
        raise PackArchiveError("too-large")
    if not signature:
        raise PackSignatureMissingError()
    keys = [PublicKey.parse(key.line) for key in trusted]
    try:
        found = verify(archive, signature, keys)
    except UnknownKeyError:
        raise PackUntrustedError() from None
    signer = next(k for k, p in zip(trusted, keys, strict=True) if p.key_id == found.key_id)
    manifest, files = read_archive(archive)
    if manifest.format > FORMAT:
        raise PackTooNewError(str(manifest.format))
    pack = load_pack(files)
    check_manifest_matches(manifest, pack)
    if app_version_tuple(pack.min_app_version) > app_version_tuple(app_version):
        raise PackTooNewError(pack.min_app_version)
    return CheckedPack(pack, manifest, signer, archive, signature)
