# SPDX-License-Identifier: GPL-3.0-or-later
"""Building packs for tests: archives from the sample source, signed with generated keys, and
hand-made zip files for the hostile cases. No key is ever stored in the repository."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop.signing import SecretKey, sign
from desktop.training.archive import MANIFEST, SUFFIX, build_archive, source_files
from desktop.training.model import Pack
from desktop.training.packs import TrustedKey
from desktop.training.validate import load_pack
from tests.training.sample import write_sample_pack

CREATED = "2026-11-22T10:00:00Z"


@dataclass(frozen=True)
class Signer:
    secret: SecretKey

    @classmethod
    def generate(cls) -> Signer:
        return cls(SecretKey.generate())

    @property
    def trusted(self) -> TrustedKey:
        return TrustedKey(self.secret.public_key().line(), "bundled")

    def sign(self, data: bytes) -> str:
        return sign(data, self.secret, trusted_comment="bastion-pack test")


def sample_archive(folder: Path, *, version: int | None = None, **edits: str) -> bytes:
    """The sample pack built into an archive; `edits` replace whole files (name → text)."""
    write_sample_pack(folder, version=version)
    for name, text in edits.items():
        (folder / name.replace("__", "/")).write_text(text, encoding="utf-8")
    return build_archive(load_pack(source_files(folder)), CREATED)


def pack_file_name(pack: Pack) -> str:
    return f"{pack.id}-{pack.version}{SUFFIX}"


def members_of(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def manifest_for(files: dict[str, bytes], **fields: object) -> bytes:
    document: dict[str, object] = {
        "format": 1,
        "id": "sample-pack",
        "version": 3,
        "min_app_version": "0.1.0",
        "expires": None,
        "created": CREATED,
        "files": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(files.items())
        ],
    }
    document.update(fields)
    return json.dumps(document).encode()


def zip_of(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """A zip with exactly these members, in this order (duplicates allowed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info)
                info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def with_manifest(
    files: dict[str, bytes], extra: list[tuple[zipfile.ZipInfo | str, bytes]]
) -> bytes:
    """A correctly listed pack of `files`, plus `extra` members the manifest does not know."""
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [(MANIFEST, manifest_for(files))]
    entries += sorted(files.items())
    return zip_of(entries + extra)
