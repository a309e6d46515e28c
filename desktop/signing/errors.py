# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed signing errors. No user text here: `desktop.messages` turns them into sentences.

`reason` is a short machine-readable code (safe to log: never key material, comments or
paths), e.g. "base64", "length", "algorithm"; tests use it to tell failure paths apart.
"""

from desktop.errors import BastionError


class SigningError(BastionError):
    """Base class for signing errors."""


class MalformedKeyError(SigningError):
    """The text is not a minisign public or secret key this version can read."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedSignatureError(SigningError):
    """The text is not a minisign signature file."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class LegacySignatureError(SigningError):
    """A well-formed minisign signature of the legacy "Ed" kind (minisign -l), which signs
    the data itself rather than its BLAKE2b hash. Refused: only prehashed "ED" signatures,
    minisign's default since 0.8, are accepted for packs, profiles and kits."""


class UnknownKeyError(SigningError):
    """The signature was made by a key that is not one of the trusted keys."""


class BadSignatureError(SigningError):
    """The signature does not match the data, or its trusted comment was altered.

    `reason` is "data" (the file changed or the signature is forged) or "comment" (the
    trusted comment no longer matches its own signature).
    """

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class WrongKeyPasswordError(SigningError):
    """An encrypted secret key did not decrypt: the password is wrong (or none was given)."""
