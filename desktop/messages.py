# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place where typed errors become sentences a person reads (CLI and UI alike).

Messages say what happened and what to do, in the current language, and never include
exception text, file contents, passphrases or paths.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.errors import DiskFullError, StorageError
from desktop.i18n import _, ngettext
from desktop.journal import errors as journal_errors
from desktop.reports import errors as report_errors
from desktop.vault import errors as vault_errors


def _too_short(exc: BaseException) -> str:
    minimum = getattr(exc, "minimum", 10)
    return ngettext(
        "The passphrase must be at least {count} character long.",
        "The passphrase must be at least {count} characters long.",
        minimum,
    ).format(count=minimum)


def _not_enough_space(exc: BaseException) -> str:
    from desktop.labels import format_size

    return _(
        "There is not enough room there: the report needs {needed} and only {available} is "
        "free. Nothing was written. Free some space or choose another place."
    ).format(
        needed=format_size(getattr(exc, "needed", 0)),
        available=format_size(getattr(exc, "available", 0)),
    )


def describe_problem(problem: journal_errors.FieldProblem) -> str:
    """One validation problem of a journal entry, shown beside its field."""
    field, code = problem.field, problem.code
    top = field.split(".")[0]
    if field == "title" and code == "required":
        return _("Give the entry a short title.")
    if field == "when" and code == "future":
        return _("The date is more than a year in the future.")
    if field == "when" and code == "too-early":
        return _("The date is too far in the past. Check the year.")
    if field == "when.zone":
        return _("Choose a time zone from the list.")
    if code == "unknown":
        return _("Choose one of the options in the list.")
    if code == "too-many":
        return _("There are too many items here. Keep the most important ones.")
    if code == "invalid":
        return _("This text contains characters that cannot be saved.")
    if top in ("people", "links", "tags") and code == "too-long":
        return _("One of the items is too long.")
    return _("This text is too long.")


def _entry_invalid(exc: BaseException) -> str:
    problems = getattr(exc, "problems", [])
    details = " ".join(
        _("{field}: {problem}").format(field=p.field, problem=describe_problem(p)) for p in problems
    )
    return _("The entry was not saved. {details}").format(details=details)


_MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
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
    journal_errors.EntryInvalidError: _entry_invalid,
    journal_errors.EntryNotFoundError: lambda _e: _(
        "There is no journal entry with that id. It may have been deleted."
    ),
    journal_errors.AmbiguousEntryIdError: lambda _e: _(
        "More than one entry starts with that id. Type more of it."
    ),
    journal_errors.NothingChangedError: lambda _e: _(
        "Nothing was changed, so no new version was saved."
    ),
    journal_errors.AttachmentNotFoundError: lambda _e: _(
        "That attachment is no longer in the journal."
    ),
    journal_errors.AttachmentMissingError: lambda _e: _(
        "The encrypted file of this attachment is missing from the data folder. If you have "
        "a backup of the data folder, restore the attachments folder from it."
    ),
    journal_errors.AttachmentCorruptError: lambda _e: _(
        "The encrypted file of this attachment is damaged or has been replaced, so it cannot "
        "be opened. Nothing was shown or saved from it."
    ),
    journal_errors.MetadataStripError: lambda _e: _(
        "Bastion could not read this image to remove its hidden information (such as "
        "location, camera and time), so it was not added. If you need it as evidence, add it "
        "again and choose to keep the original."
    ),
    journal_errors.AttachmentSourceError: lambda _e: _(
        "That file could not be read. Check that it still exists and is a file, not a folder."
    ),
    journal_errors.SearchSyntaxError: lambda _e: _(
        "Type at least one word or number to search for."
    ),
    report_errors.NothingSelectedError: lambda _e: _(
        "Choose at least one journal entry for the report."
    ),
    report_errors.NoRecipientsError: lambda _e: _(
        "Choose who can open the report: an organisation or a key you checked. Bastion never "
        "writes a report that anyone could read."
    ),
    report_errors.RecipientKeyInvalidError: lambda _e: _(
        "That is not a valid age public key. It starts with “age1” and is 62 characters "
        "long. Check it with the person who gave it to you."
    ),
    report_errors.DestinationNotWritableError: lambda _e: _(
        "Bastion cannot write to that folder. Check that it exists, that it is not "
        "read-only, and that the USB stick is still connected."
    ),
    report_errors.DestinationExistsError: lambda _e: _(
        "A file with that name is already there. Choose another name; Bastion never "
        "overwrites a file."
    ),
    report_errors.NotEnoughSpaceError: _not_enough_space,
    report_errors.ExportCancelledError: lambda _e: _(
        "The report was stopped. Nothing was written."
    ),
    report_errors.IdentityInvalidError: lambda _e: _(
        "That identity file holds no age secret key (a line starting with AGE-SECRET-KEY-1)."
    ),
    report_errors.WrongIdentityError: lambda _e: _(
        "This report was not encrypted to that key, so it cannot be opened with it. Try the "
        "identity of the team it was sent to."
    ),
    report_errors.BundleDamagedError: lambda _e: _(
        "This report file is damaged, incomplete or was changed after it was made, so it "
        "cannot be trusted. Ask the sender to send it again."
    ),
    report_errors.BundleFormatError: lambda _e: _(
        "This file decrypts, but it is not a Bastion report."
    ),
    report_errors.BundleTooNewError: lambda _e: _(
        "This report was made by a newer version of Bastion. Update Bastion to open it."
    ),
    DiskFullError: lambda _e: _(
        "The disk is full. Nothing was changed. Free some space and try again."
    ),
    StorageError: lambda _e: _(
        "Bastion could not read or write its files. Check that the data folder is writable "
        "and the disk or USB stick is still connected."
    ),
}


def describe(exc: BaseException) -> str:
    """A translated, content-free sentence for `exc` (most specific type first)."""
    for kind in type(exc).__mro__:
        factory = _MESSAGES.get(kind)
        if factory is not None:
            return factory(exc)
    return _("Something went wrong and the operation was stopped. Nothing you had saved was lost.")


def is_known(exc: BaseException) -> bool:
    return any(kind in _MESSAGES for kind in type(exc).__mro__)
