# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion kit verify` and the app's "Open a kit…": is this folder exactly what the
organisation signed?

1. The kit's profile (the one .json in profile/) is checked against its own signing key.
2. SHA256SUMS must be signed by that same key (and by KEY, with `--key`).
3. Every listed file must be there with its sum; no other file may be there (an added
   installer is the attack a stick invites); links, devices and pipes are refused.
4. kit.json, now trusted, must name that profile and only listed files; each pack must pass
   the app's own pack checks against the keys the app would trust it with.

All of this proves the kit is whole and signed by the key in its profile. Who holds that key
is what the printed card settles: the person compares the fingerprints (docs/trainers.md).
The stock tools reach the same verdict: `minisign -Vm SHA256SUMS -P KEY`, `sha256sum -c
SHA256SUMS`, and a listing of the folder against SHA256SUMS (tests/kits/test_stock_tools.py).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import NotAFileError
from desktop.fsutil import FileRefusedError, read_outside_file
from desktop.kits import manifest as kit_manifest
from desktop.kits import sums
from desktop.kits.errors import (
    KitContentError,
    KitKeyChangedError,
    KitManifestError,
    KitNotFoundError,
    KitProblem,
)
from desktop.kits.names import FOLDERS
from desktop.profiles import Profile, read_profile_files, verify_profile
from desktop.signing import SIGNATURE_SUFFIX, PublicKey, verify
from desktop.signing.signatures import MAX_SIGNATURE_TEXT
from desktop.training.packs import (
    CheckedPack,
    bundled_keys,
    check_pack,
    parse_key_lines,
    read_pack_file,
)

SUMS_SIGNATURE = sums.SUMS + SIGNATURE_SUFFIX
NEAR_LEVELS = 3  # DIR/installers/bastion/bastion: the program run from an unpacked kit


@dataclass(frozen=True)
class VerifiedKit:
    folder: Path
    manifest: kit_manifest.KitManifest
    profile: Profile
    profile_document: bytes
    profile_signature: str
    packs: tuple[CheckedPack, ...]
    files: int


def looks_like_kit(folder: Path) -> bool:
    return (folder / sums.SUMS).is_file() and (folder / kit_manifest.MANIFEST).is_file()


def find_kit_near(program: Path) -> Path | None:
    """The kit a program was started from: its folder or one of the folders above it."""
    for folder in [program, *program.parents][: NEAR_LEVELS + 1]:
        if looks_like_kit(folder):
            return folder
    return None


def kit_near_program() -> Path | None:
    """The kit a frozen Bastion was started from, if any. A source checkout has none."""
    if not getattr(sys, "frozen", False):
        return None
    return find_kit_near(Path(sys.executable).resolve().parent)


def verify_kit(folder: Path, expected_key: str | None = None) -> VerifiedKit:
    if not folder.is_dir():
        raise KitNotFoundError("folder")
    listing = _read(folder / sums.SUMS, sums.MAX_SUMS, "sums")
    signature = _read(folder / SUMS_SIGNATURE, MAX_SIGNATURE_TEXT, "signature")
    profile_path = _the_profile(folder)
    document, profile_signature = read_profile_files(profile_path)
    profile = verify_profile(document, profile_signature)
    if expected_key is not None and expected_key != profile.signing_key:
        raise KitKeyChangedError()
    text = signature.decode("utf-8", errors="replace")
    verify(listing, text, [PublicKey.parse(profile.signing_key)])
    table = sums.parse(listing)
    problems = _compare(folder, table)
    if problems:
        raise KitContentError(problems)
    # What was read before the sums were checked must be what they list, too.
    _same(document, table.get(_relative(profile_path)), "profile")
    data = _read(folder / kit_manifest.MANIFEST, kit_manifest.MAX_MANIFEST, "manifest")
    _same(data, table.get(kit_manifest.MANIFEST), "kit.json")
    manifest = kit_manifest.parse(data)
    if manifest.organisation != profile.org_id or manifest.profile != _relative(profile_path):
        raise KitManifestError("organisation")
    if any(name not in table for name in manifest.files()):
        raise KitManifestError("files")
    trusted = bundled_keys() + parse_key_lines(profile.pack_keys, profile.org_id)
    packs = []
    for name in manifest.packs:
        data, pack_signature = read_pack_file(folder / name)
        # Read again after the sums were checked: compared with them again, so that a pack
        # swapped meanwhile for another one the organisation signed (an older edition) is
        # refused, not installed.
        _same(data, table.get(name), "pack")
        if pack_signature is not None:
            signed = pack_signature.encode("utf-8")
            _same(signed, table.get(name + SIGNATURE_SUFFIX), "pack signature")
        packs.append(check_pack(data, pack_signature, trusted))
    return VerifiedKit(
        folder, manifest, profile, document, profile_signature, tuple(packs), len(table)
    )


def _read(path: Path, limit: int, what: str) -> bytes:
    try:
        return read_outside_file(path, limit)
    except (OSError, NotAFileError):
        raise KitNotFoundError(what) from None


def _same(data: bytes, digest: str | None, field: str) -> None:
    # The file changed between the check of the sums and this read: a stick being written to.
    if digest is None or hashlib.sha256(data).hexdigest() != digest:
        raise KitManifestError(field)


def _the_profile(folder: Path) -> Path:
    try:
        found = [
            entry
            for entry in (folder / "profile").iterdir()
            if entry.name.endswith(".json") and not entry.name.startswith(".")
        ]
    except OSError:
        raise KitNotFoundError("profile") from None
    if len(found) != 1:
        raise KitNotFoundError("profile")
    return found[0]


def _relative(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _compare(folder: Path, table: dict[str, str]) -> list[KitProblem]:
    """Every difference between the folder and the sums, each file once."""
    problems: list[KitProblem] = []
    present = set()
    for name, mode in _entries(folder, ""):
        if name in (sums.SUMS, SUMS_SIGNATURE):
            continue
        if stat.S_ISDIR(mode) and name in FOLDERS:
            for inner, inner_mode in _entries(folder / name, name + "/"):
                present.add(inner)
                _check_kind(inner, inner_mode, table, problems)
            continue
        present.add(name)
        _check_kind(name, mode, table, problems)
    for name, digest in sorted(table.items()):
        if name not in present:
            problems.append(KitProblem("missing", name))
            continue
        if any(p.path == name for p in problems):
            continue
        try:
            actual = sums.file_digest(folder / name)
        except (OSError, FileRefusedError):
            problems.append(KitProblem("missing", name))
            continue
        if actual != digest:
            problems.append(KitProblem("changed", name))
    return problems


def _entries(folder: Path, prefix: str) -> list[tuple[str, int]]:
    """(name, mode) of each entry, links not followed."""
    with os.scandir(folder) as listing:
        return sorted((prefix + e.name, e.stat(follow_symlinks=False).st_mode) for e in listing)


def _check_kind(name: str, mode: int, table: dict[str, str], problems: list[KitProblem]) -> None:
    if name not in table:
        problems.append(KitProblem("added", name + ("/" if stat.S_ISDIR(mode) else "")))
    elif not stat.S_ISREG(mode):
        problems.append(KitProblem("not-a-file", name))
