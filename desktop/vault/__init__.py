# SPDX-License-Identifier: GPL-3.0-or-later
"""The encrypted vault (SQLCipher + Argon2id-wrapped key). See desktop/vault/vault.py."""

from desktop.vault.errors import (
    DatabaseCorruptError,
    DatabaseMissingError,
    HeaderCorruptError,
    HeaderMissingError,
    PassphraseMismatchError,
    PassphraseTooShortError,
    PassphraseTooWeakError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    VaultNeedsMoreMemoryError,
    VaultNotFoundError,
    VaultTooNewError,
    WrongPassphraseError,
)
from desktop.vault.kdf import FLOOR, KdfParams
from desktop.vault.vault import Vault, VaultInfo, VaultState

__all__ = [
    "FLOOR",
    "DatabaseCorruptError",
    "DatabaseMissingError",
    "HeaderCorruptError",
    "HeaderMissingError",
    "KdfParams",
    "PassphraseMismatchError",
    "PassphraseTooShortError",
    "PassphraseTooWeakError",
    "Vault",
    "VaultError",
    "VaultExistsError",
    "VaultInfo",
    "VaultLockedError",
    "VaultNeedsMoreMemoryError",
    "VaultNotFoundError",
    "VaultState",
    "VaultTooNewError",
    "WrongPassphraseError",
]
