# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Organisations and keys panel runs on worker threads. Qt-free, never touches widgets.

A profile FILE travels with its detached signature FILE.minisig, as `bastion profile import`
expects (desktop/cli/profiles.py). Files are checked to be regular files before they are
opened: a FIFO or a device would block the worker or never end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.profiles import (
    ManualRecipient,
    Profiles,
    ProfileUnchangedError,
    StoredProfile,
    parse_profile,
    read_profile_files,
)
from desktop.signing import signed_path
from desktop.vault import Vault


@dataclass(frozen=True)
class Known:
    profiles: list[StoredProfile]
    recipients: list[ManualRecipient]


@dataclass(frozen=True)
class Imported:
    stored: StoredProfile
    again: bool  # the very same file was imported before and is still unconfirmed


# The profile a chosen file stands for: choosing its .minisig means the profile.
profile_path = signed_path
# The profile document and its signature text (desktop/profiles/model.py checks the files).
read_files = read_profile_files


def load(vault: Vault) -> Known:
    profiles = Profiles(vault)
    return Known(profiles.all(), profiles.recipients())


def import_file(vault: Vault, path: Path) -> Imported:
    """Check and store the profile at `path`, unconfirmed; nothing is stored on any error.

    The same file imported again while still unconfirmed is how the person gets back to the
    fingerprint check (as with the CLI); once confirmed, it is "unchanged" (an error).
    """
    document, signature = read_files(path)
    profiles = Profiles(vault)
    try:
        return Imported(profiles.import_profile(document, signature), again=False)
    except ProfileUnchangedError:
        stored = profiles.get(parse_profile(document).org_id)
        if stored.verified_at is not None:
            raise
        return Imported(stored, again=True)


def confirm_profile(vault: Vault, org_id: str, document: bytes) -> bool:
    """Mark the profile verified if it is still the document whose fingerprints were shown.

    False (nothing marked) when it changed meanwhile, e.g. an update imported from the
    command line while the dialog was open: what is confirmed is exactly what was compared.
    """
    profiles = Profiles(vault)
    if profiles.get(org_id).document != document:
        return False
    profiles.mark_verified(org_id)
    return True
