# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for vault errors (passphrase, key file, database)."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_size
from desktop.vault import errors as vault_errors


def _too_short(exc: BaseException) -> str:
    minimum = getattr(exc, "minimum", 10)
    return ngettext(
        "The passphrase must be at least {count} character long.",
        "The passphrase must be at least {count} characters long.",
        minimum,
    ).format(count=minimum)


def _needs_more_memory(exc: BaseException) -> str:
    needed = format_size(getattr(exc, "needed_kib", 0) * 1024)
    return _(
        "Opening this vault needs {needed} of memory, more than this computer can give. "
        "Nothing was changed. Open it on the computer where it was made, or on one with more "
        "memory."
    ).format(needed=needed)


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    vault_errors.WrongPassphraseError: lambda _e: _(
        "That passphrase does not open this vault. Check the keyboard language or layout and "
        "Caps Lock, then try again."
    ),
    vault_errors.VaultNotFoundError: lambda _e: _(
        "There is no vault in this data folder yet. Create one first."
    ),
    vault_errors.VaultExistsError: lambda _e: _(
        "A vault already exists in this data folder. Bastion never overwrites a vault."
    ),
    vault_errors.HeaderMissingError: lambda _e: _(
        "The vault's key file (vault.key) is missing, so the vault cannot be opened. "
        "If you have a backup of the data folder, restore vault.key from it."
    ),
    vault_errors.HeaderCorruptError: lambda _e: _(
        "The vault's key file (vault.key) is damaged and cannot be read. "
        "If you have a backup of the data folder, restore vault.key from it."
    ),
    vault_errors.DatabaseMissingError: lambda _e: _(
        "The vault's database (vault.db) is missing. "
        "If you have a backup of the data folder, restore vault.db from it."
    ),
    vault_errors.DatabaseCorruptError: lambda _e: _(
        "The passphrase is right, but the vault's database is damaged and cannot be read. "
        "Nothing was changed. If you have a backup of the data folder, put it back in place "
        "of this one."
    ),
    vault_errors.VaultNeedsMoreMemoryError: _needs_more_memory,
    vault_errors.VaultTooNewError: lambda _e: _(
        "This vault was made by a newer version of Bastion. Update Bastion to open it."
    ),
    vault_errors.VaultLockedError: lambda _e: _("The vault is locked. Unlock it first."),
    vault_errors.PassphraseTooShortError: _too_short,
    vault_errors.PassphraseTooWeakError: lambda _e: _(
        "That passphrase is too easy to guess. Use several random words that have nothing "
        "to do with you."
    ),
    vault_errors.PassphraseMismatchError: lambda _e: _(
        "The two passphrases are not the same. Type them again."
    ),
}
