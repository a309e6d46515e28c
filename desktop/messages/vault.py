# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for vault errors (passphrase, key file, database)."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_size
from desktop.vault import errors as vault_errors
from desktop.vault.attempts import WARN_WITHIN


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


def wait_text(seconds: int) -> str:
    """How long to wait before the next try, in seconds under two minutes, else minutes."""
    if seconds < 120:
        return ngettext("{count} second", "{count} seconds", seconds).format(count=seconds)
    minutes = -(-seconds // 60)
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)


def _wrong_passphrase(exc: BaseException) -> str:
    parts = [
        _(
            "That passphrase does not open this vault. Check the keyboard language or layout "
            "and Caps Lock, then try again."
        )
    ]
    tries_left = getattr(exc, "tries_left", None)
    if tries_left is not None and tries_left <= WARN_WITHIN:
        parts.append(
            ngettext(
                "Careful: {count} more wrong passphrase erases this vault and everything in "
                "it, as set in Settings.",
                "Careful: {count} more wrong passphrases in a row erase this vault and "
                "everything in it, as set in Settings.",
                tries_left,
            ).format(count=tries_left)
        )
    wait = getattr(exc, "wait_seconds", 0)
    if wait:
        parts.append(_("You can try again in {time}.").format(time=wait_text(wait)))
    return " ".join(parts)


def _delayed(exc: BaseException) -> str:
    return _(
        "Too many wrong passphrases in a row. You can try again in {time}. Nothing was changed."
    ).format(time=wait_text(getattr(exc, "seconds", 0)))


def _erased(exc: BaseException) -> str:
    failures = getattr(exc, "failures", 0)
    return ngettext(
        "{count} wrong passphrase in a row: as set in Settings, the vault was erased. "
        "Its contents cannot be recovered. You can create a new vault.",
        "{count} wrong passphrases in a row: as set in Settings, the vault was erased. "
        "Its contents cannot be recovered. You can create a new vault.",
        failures,
    ).format(count=failures)


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    vault_errors.WrongPassphraseError: _wrong_passphrase,
    vault_errors.UnlockDelayedError: _delayed,
    vault_errors.VaultErasedError: _erased,
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
