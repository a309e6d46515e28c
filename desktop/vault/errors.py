# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed vault errors. No user text here: `desktop.messages` turns them into sentences."""

from desktop.errors import BastionError


class VaultError(BastionError):
    """Base class for vault errors."""


class VaultNotFoundError(VaultError):
    """There is no vault in the data directory."""


class VaultExistsError(VaultError):
    """A vault (or part of one) is already there; creating would overwrite it."""


class WrongPassphraseError(VaultError):
    """The passphrase does not unwrap the database key.

    `wait_seconds`: before the next try is accepted; `tries_left`: before the vault is erased,
    None unless the volunteer turned erasing on (both set by desktop.vault.attempts).
    """

    wait_seconds: int = 0
    tries_left: int | None = None


class HeaderMissingError(VaultError):
    """The database is there but its key header is not: the vault cannot be opened."""


class HeaderCorruptError(VaultError):
    """The key header cannot be read, or asks for something this version refuses.

    `reason` is a short machine-readable code (safe to log), e.g. "json", "version", "kdf".
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class VaultNeedsMoreMemoryError(HeaderCorruptError):
    """The header asks one unlock for more memory than this machine can give.

    A tampered header, or a real vault made on a machine with far more memory: either way
    nothing is derived. Not called damaged to the person, because it may well not be.
    """

    def __init__(self, needed_kib: int) -> None:
        super().__init__("kdf-memory")
        self.needed_kib = needed_kib


class DatabaseMissingError(VaultError):
    """The key header is there but the database file is not."""


class DatabaseCorruptError(VaultError):
    """The key was right but the database cannot be read: it is damaged."""


class VaultTooNewError(VaultError):
    """The vault was written by a newer Bastion (schema or header version unknown here)."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(found, supported)
        self.found = found
        self.supported = supported


class VaultLockedError(VaultError):
    """The operation needs an unlocked vault."""


class PassphraseTooShortError(VaultError):
    """A new passphrase is shorter than the minimum."""

    def __init__(self, minimum: int) -> None:
        super().__init__(minimum)
        self.minimum = minimum


class PassphraseTooWeakError(VaultError):
    """A new passphrase is easy to guess (common words, names, patterns)."""


class PassphraseMismatchError(VaultError):
    """The two entries of a new passphrase differ."""


class UnlockDelayedError(VaultError):
    """Too many wrong passphrases in a row: no new try for `seconds` (desktop.vault.attempts)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class VaultErasedError(VaultError):
    """The volunteer's own rule fired: `failures` wrong passphrases in a row erased the vault."""

    def __init__(self, failures: int) -> None:
        super().__init__(failures)
        self.failures = failures
