# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of organisation profiles and hand-added recipients.

No user text here (desktop.messages chooses the sentence) and nothing from the document in
the message arguments: a profile is untrusted input, so errors carry field paths, codes,
version numbers and row ids only. Signature failures are desktop.signing's own errors
(BadSignatureError, UnknownKeyError, MalformedSignatureError); they pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.errors import BastionError


class ProfileError(BastionError):
    """Base class for profile and recipient errors."""


@dataclass(frozen=True)
class ProfileProblem:
    """One thing wrong with a profile document: where (`recipients[2].key`) and a code.

    `path` is "" for the document as a whole. Codes: too-large, not-utf8, not-json,
    too-deep, number (one too large to hold, such as 1e400), not-object, required, unknown,
    duplicate, type, empty, too-long, too-many, whitespace, control, invalid, out-of-range,
    insecure-url, credentials, before-issued.
    """

    path: str
    code: str


class ProfileInvalidError(ProfileError):
    """The document is not a valid profile; `problems` lists every problem found."""

    def __init__(self, problems: Iterable[ProfileProblem]) -> None:
        self.problems = tuple(p for p in problems if isinstance(p, ProfileProblem))
        super().__init__([f"{p.path}:{p.code}" for p in self.problems])


class ProfileTooNewError(ProfileError):
    """The document's format_version is newer than this Bastion understands."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(found, supported)
        self.found = found
        self.supported = supported


class ProfileKeyChangedError(ProfileError):
    """An update names a different signing key than the stored profile: refused."""


class ProfileRollbackError(ProfileError):
    """An update carries an older version than the stored profile: refused."""

    def __init__(self, stored: int, offered: int) -> None:
        super().__init__(stored, offered)
        self.stored = stored
        self.offered = offered


class ProfileVersionReusedError(ProfileRollbackError):
    """Same version number as the stored profile but different content: refused."""


class ProfileUnchangedError(ProfileError):
    """The very same document (same version, same bytes) is already stored."""


class ProfileNotFoundError(ProfileError):
    """No stored profile has this organisation id."""


class ProfileNotVerifiedError(ProfileError):
    """The profile's fingerprints were not confirmed yet; its keys are not used."""

    def __init__(self, org_id: str) -> None:
        super().__init__()
        self.org_id = org_id


class RecipientKeyInvalidError(ProfileError):
    """The text given as a recipient key is not an age X25519 public key (age1…)."""


class RecipientLabelInvalidError(ProfileError):
    """The recipient's label is empty, too long, or has control characters; `code` says which."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class RecipientExistsError(ProfileError):
    """This key is already in the list of recipients."""


class RecipientNotFoundError(ProfileError):
    """No hand-added recipient has this id."""


class RecipientNotVerifiedError(ProfileError):
    """The recipient's fingerprint was not confirmed yet; its key is not used."""

    def __init__(self, recipient_id: int) -> None:
        super().__init__(recipient_id)
        self.recipient_id = recipient_id


class ProfileUnreadableError(ProfileError):
    """The chosen profile file is missing, is not a regular file, or could not be read."""


class ProfileSignatureMissingError(ProfileError):
    """FILE.minisig, the profile's detached signature, is not beside it or cannot be read."""
