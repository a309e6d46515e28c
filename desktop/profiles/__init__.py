# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisation profiles (signed JSON documents) and recipients added by hand.

desktop/profiles/model.py is the document format and its checks; store.py keeps profiles and
recipients in the vault and decides which keys a report may be encrypted to.
docs/profiles.md describes the format and the trust rules.
"""

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
    "verify_profile",
]
