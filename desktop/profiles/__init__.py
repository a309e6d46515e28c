# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisation profiles (signed JSON documents) and recipients added by hand.

desktop/profiles/model.py is the document format and its checks; store.py keeps profiles and
recipients in the vault and decides which keys a report may be encrypted to.
docs/profiles.md describes the format and the trust rules.

Names are loaded on first use (PEP 562): `desktop.messages` imports the errors at start-up,
and the rest is not needed to show the unlock screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.lazy import lazy_names

_WHERE = {
    "CONTACT_KINDS": "model",
    "Contact": "model",
    "FORMAT": "model",
    "FORMAT_VERSION": "model",
    "MAX_DOCUMENT": "model",
    "ManualRecipient": "store",
    "Profile": "model",
    "ProfileError": "errors",
    "ProfileInvalidError": "errors",
    "ProfileKeyChangedError": "errors",
    "ProfileNotFoundError": "errors",
    "ProfileNotVerifiedError": "errors",
    "ProfileProblem": "errors",
    "ProfileRecipient": "model",
    "ProfileRollbackError": "errors",
    "ProfileSignatureMissingError": "errors",
    "ProfileTooNewError": "errors",
    "ProfileUnchangedError": "errors",
    "ProfileUnreadableError": "errors",
    "ProfileVersionReusedError": "errors",
    "Profiles": "store",
    "Recipient": "store",
    "RecipientExistsError": "errors",
    "RecipientKeyInvalidError": "errors",
    "RecipientLabelInvalidError": "errors",
    "RecipientNotFoundError": "errors",
    "RecipientNotVerifiedError": "errors",
    "SOURCE_MANUAL": "store",
    "SOURCE_OWN": "store",
    "StoredProfile": "store",
    "parse_profile": "model",
    "read_profile_files": "model",
    "verify_profile": "model",
}

__all__ = [
    "ProfileSignatureMissingError",
    "ProfileUnreadableError",
    "CONTACT_KINDS",
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_DOCUMENT",
    "SOURCE_MANUAL",
    "SOURCE_OWN",
    "Contact",
    "ManualRecipient",
    "Profile",
    "ProfileError",
    "ProfileInvalidError",
    "ProfileKeyChangedError",
    "ProfileNotFoundError",
    "ProfileNotVerifiedError",
    "ProfileProblem",
    "ProfileRecipient",
    "ProfileRollbackError",
    "ProfileTooNewError",
    "ProfileUnchangedError",
    "ProfileVersionReusedError",
    "Profiles",
    "Recipient",
    "RecipientExistsError",
    "RecipientKeyInvalidError",
    "RecipientLabelInvalidError",
    "RecipientNotFoundError",
    "RecipientNotVerifiedError",
    "StoredProfile",
    "parse_profile",
    "read_profile_files",
    "verify_profile",
]


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from desktop.profiles.errors import (
        ProfileError,
        ProfileInvalidError,
        ProfileKeyChangedError,
        ProfileNotFoundError,
        ProfileNotVerifiedError,
        ProfileProblem,
        ProfileRollbackError,
        ProfileSignatureMissingError,
        ProfileTooNewError,
        ProfileUnchangedError,
        ProfileUnreadableError,
        ProfileVersionReusedError,
        RecipientExistsError,
        RecipientKeyInvalidError,
        RecipientLabelInvalidError,
        RecipientNotFoundError,
        RecipientNotVerifiedError,
    )
    from desktop.profiles.model import (
        CONTACT_KINDS,
        FORMAT,
        FORMAT_VERSION,
        MAX_DOCUMENT,
        Contact,
        Profile,
        ProfileRecipient,
        parse_profile,
        read_profile_files,
        verify_profile,
    )
    from desktop.profiles.store import (
        SOURCE_MANUAL,
        SOURCE_OWN,
        ManualRecipient,
        Profiles,
        Recipient,
        StoredProfile,
    )
