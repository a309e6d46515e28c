# SPDX-License-Identifier: GPL-3.0-or-later
"""Taking a verified kit into a vault: the profile first, the packs once it is confirmed.

The profile goes in unconfirmed, exactly as an imported profile file does; the person then
compares its fingerprints (the same check as for a profile file). Its packs are installed
only after that, through the app's own pack checks against the keys the vault trusts then:
a pack signed by the organisation's pack key is trusted because the organisation was
confirmed, never because it came on the same stick.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.kits.verify import VerifiedKit
from desktop.profiles import Profiles, ProfileUnchangedError, StoredProfile
from desktop.training.errors import PackRollbackError, PackSameVersionError
from desktop.training.packs import check_pack
from desktop.training.store import Training
from desktop.vault import Vault


@dataclass(frozen=True)
class KitProfile:
    stored: StoredProfile
    again: bool  # imported before: unchanged, and still to be confirmed or already confirmed


@dataclass(frozen=True)
class InstalledPacks:
    installed: int  # new, or newer than the one in use
    current: int  # the vault already had this version or a newer one


def import_kit_profile(vault: Vault, kit: VerifiedKit) -> KitProfile:
    profiles = Profiles(vault)
    try:
        stored = profiles.import_profile(kit.profile_document, kit.profile_signature)
        return KitProfile(stored, again=False)
    except ProfileUnchangedError:
        return KitProfile(profiles.get(kit.profile.org_id), again=True)


def install_kit_packs(vault: Vault, kit: VerifiedKit) -> InstalledPacks:
    """Install the kit's packs; raises the pack errors (untrusted key…) for the first that
    fails. Call only once the kit's organisation is confirmed."""
    training = Training(vault)
    trusted = training.trusted_keys()
    installed = current = 0
    for checked in kit.packs:  # the bytes verify_kit checked, not a second read of the stick
        try:
            training.install(check_pack(checked.archive, checked.signature, trusted))
            installed += 1
        except (PackSameVersionError, PackRollbackError):
            current += 1
    return InstalledPacks(installed, current)
