# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion kit build`: a folder a trainer copies onto USB sticks.

    DIR/README.html              for the volunteer, in the kit's languages (texts.py)
    DIR/kit.json                 what the kit holds (manifest.py)
    DIR/profile/ORG.json(.minisig)
    DIR/packs/PACK.bastionpack(.minisig)
    DIR/installers/…             copied unchanged
    DIR/SHA256SUMS               every file above (sums.py)
    DIR/SHA256SUMS.minisig       signed with the organisation's key: the profile's signing key

Everything is checked before anything is written: the profile and its signature, the secret
key against the profile, each pack against the keys the app will trust it with. The kit is
written into a hidden folder beside DIR and renamed into place at the end, so an interrupted
build (a full stick) leaves no half kit that could pass for a whole one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop import __version__
from desktop.fsutil import (
    FileRefusedError,
    fsync_dir,
    open_regular_file,
    storage_errors,
)
from desktop.kits import manifest as kit_manifest
from desktop.kits import sums, texts
from desktop.kits.errors import (
    KitInputError,
    KitKeyMismatchError,
    KitLanguageError,
    KitOutputExistsError,
)
from desktop.kits.names import FOLDERS, safe_name
from desktop.profiles import Profile, read_profile_files, verify_profile
from desktop.signing import SIGNATURE_SUFFIX, SecretKey, sign
from desktop.training.packs import bundled_keys, check_pack, parse_key_lines, read_pack_file


@dataclass(frozen=True)
class KitSource:
    profile: Path
    packs: Sequence[Path]
    installers: Sequence[Path]
    languages: Sequence[str]


@dataclass(frozen=True)
class BuiltKit:
    manifest: kit_manifest.KitManifest
    profile: Profile
    card: bytes  # the printable card (HTML), for the trainer: not part of the kit
    files: int


def build_kit(
    out: Path, source: KitSource, secret: SecretKey, today: date, available: Sequence[str]
) -> BuiltKit:
    """Check every input, then write the kit at `out` (absent or an empty folder)."""
    languages = list(dict.fromkeys(source.languages))
    for code in languages:
        if code not in available:
            raise KitLanguageError(code)
    document, signature = read_profile_files(source.profile)
    profile = verify_profile(document, signature)
    if secret.public_key().line() != profile.signing_key:
        raise KitKeyMismatchError()
    trusted = bundled_keys() + parse_key_lines(profile.pack_keys, profile.org_id)
    files: dict[str, bytes] = {}
    names: set[str] = set()

    def place(role: str, folder: str, path: Path) -> str:
        if not safe_name(path.name) or not safe_name(path.name + SIGNATURE_SUFFIX):
            raise KitInputError(role, "name")
        if path.name in names:
            raise KitInputError(role, "duplicate")
        names.add(path.name)
        return f"{folder}/{path.name}"

    profile_name = place("profile", "profile", source.profile)
    files[profile_name] = document
    files[profile_name + SIGNATURE_SUFFIX] = signature.encode("utf-8")
    pack_names = []
    for path in source.packs:
        name = place("pack", "packs", path)
        data, pack_signature = read_pack_file(path)
        check_pack(data, pack_signature, trusted)  # the app would refuse it otherwise
        files[name] = data
        files[name + SIGNATURE_SUFFIX] = (pack_signature or "").encode("utf-8")
        pack_names.append(name)
    installer_names = []
    for path in source.installers:
        name = place("installer", "installers", path)
        if not path.is_file():
            raise KitInputError("installer", "not-a-file" if path.exists() else "unreadable")
        installer_names.append(name)
    manifest = kit_manifest.KitManifest(
        organisation=profile.org_id,
        profile=profile_name,
        packs=tuple(pack_names),
        installers=tuple(installer_names),
        languages=tuple(languages),
        created=today,
        app_version=__version__,
    )
    files[kit_manifest.MANIFEST] = kit_manifest.render(manifest)
    files[texts.README] = texts.readme(manifest, profile)
    _check_output(out)
    partial = out.with_name(f".{out.name}.partial-{secrets.token_hex(4)}")
    try:
        with storage_errors():
            digests = _write(partial, files, source.installers, installer_names)
            listing = sums.render(digests)
            comment = f"bastion-kit {profile.org_id} v{profile.version} {today.isoformat()}"
            _write_file(partial / sums.SUMS, listing)
            signed = sign(listing, secret, trusted_comment=comment).encode("utf-8")
            _write_file(partial / (sums.SUMS + SIGNATURE_SUFFIX), signed)
            for folder in (*FOLDERS, "."):
                fsync_dir(partial / folder)
            _check_output(out)
            with contextlib.suppress(FileNotFoundError):
                out.rmdir()  # the empty folder the trainer made for it
            os.rename(partial, out)
            fsync_dir(out.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BuiltKit(manifest, profile, texts.card(manifest, profile), len(digests))


def _check_output(out: Path) -> None:
    if out.is_symlink() or (out.exists() and (not out.is_dir() or any(out.iterdir()))):
        raise KitOutputExistsError()


def _write(
    partial: Path, files: dict[str, bytes], installers: Sequence[Path], names: Sequence[str]
) -> dict[str, str]:
    for folder in FOLDERS:
        (partial / folder).mkdir(parents=True)
    digests = {}
    for name, data in files.items():
        _write_file(partial / name, data)
        digests[name] = hashlib.sha256(data).hexdigest()
    for path, name in zip(installers, names, strict=True):
        digests[name] = _copy(path, partial / name)
    return digests


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _copy(source: Path, target: Path) -> str:
    """Copy in chunks, hashing what is written: the sum is of the copy, even if the source
    changed meanwhile."""
    digest = hashlib.sha256()
    try:
        reader = open_regular_file(source)
    except FileRefusedError:
        raise KitInputError("installer", "not-a-file") from None
    except OSError:
        raise KitInputError("installer", "unreadable") from None
    with reader, open(target, "xb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()
