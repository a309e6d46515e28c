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
from desktop.messages_sync import MESSAGES as SYNC_MESSAGES
from desktop.messages_training import MESSAGES as TRAINING_MESSAGES
from desktop.messages_training import problem_summary
from desktop.profiles import errors as profile_errors
from desktop.reports import errors as report_errors
from desktop.signing import errors as signing_errors
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
    # Only FieldProblem items: whatever else careless code passed is never shown.
    problems = [
        p for p in getattr(exc, "problems", ()) if isinstance(p, journal_errors.FieldProblem)
    ]
    details = " ".join(
        _("{field}: {problem}").format(field=p.field, problem=describe_problem(p)) for p in problems
    )
    return _("The entry was not saved. {details}").format(details=details)


def describe_profile_problem(problem: profile_errors.ProfileProblem) -> str:
    """One problem of a profile document, for the organisation that has to fix it.

    `problem.path` is a field path from our own parser ("recipients[2].key"; key names from
    the document appear only if they are plain [A-Za-z0-9_-], else "?"), so it may be shown.
    """
    code = problem.code
    texts = {
        "too-large": _("The file is larger than 64 KiB."),
        "not-utf8": _("The file is not UTF-8 text."),
        "not-json": _("The file is not valid JSON."),
        "not-object": _("The file must hold one JSON object."),
        "required": _("this field is missing"),
        "unknown": _("this field is not part of the profile format"),
        "duplicate": _("this appears more than once"),
        "type": _("this has the wrong type (text, number or list)"),
        "empty": _("this is empty"),
        "too-long": _("this is too long"),
        "too-many": _("this list has too many items"),
        "whitespace": _("this starts or ends with spaces"),
        "control": _("this contains control or text-direction characters"),
        "invalid": _("this is not in the expected form"),
        "out-of-range": _("this number is out of range"),
        "insecure-url": _("this address must start with https://"),
        "credentials": _("this address must not contain a user name or password"),
        "before-issued": _("the expiry date is before the issue date"),
    }
    text = texts.get(code, _("this is not valid"))
    if not problem.path:
        return text
    return _("{field}: {problem}").format(field=problem.path, problem=text)


def _profile_invalid(exc: BaseException) -> str:
    problems = tuple(getattr(exc, "problems", ()))
    details = problem_summary([describe_profile_problem(p) for p in problems])
    return (
        _(
            "This profile is not valid, so it was not used. The organisation that made it needs "
            "to correct it. {details}"
        )
        .format(details=details)
        .rstrip()
    )


def _label_invalid(exc: BaseException) -> str:
    code = getattr(exc, "code", "")
    if code == "empty":
        return _("Give the recipient a name, so you can recognise it later.")
    if code == "too-long":
        return _("The recipient's name is too long. Use a shorter one.")
    if code == "whitespace":
        return _("The recipient's name starts or ends with spaces. Remove them.")
    return _("The recipient's name contains characters that cannot be used.")


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
    profile_errors.ProfileInvalidError: _profile_invalid,
    profile_errors.ProfileTooNewError: lambda _e: _(
        "This profile was made for a newer version of Bastion. Update Bastion to use it."
    ),
    profile_errors.ProfileKeyChangedError: lambda _e: _(
        "This update is signed by a different key than the profile you already have, so it "
        "was refused. It may be forged. Ask the organisation directly, on a channel you "
        "trust, whether they changed their key."
    ),
    profile_errors.ProfileRollbackError: lambda _e: _(
        "This profile is older than the one you already have, so it was refused. Someone may "
        "be trying to bring back outdated recipients."
    ),
    profile_errors.ProfileVersionReusedError: lambda _e: _(
        "This profile has the same version number as the one you already have, but different "
        "contents, so it was refused. Ask the organisation for a new version."
    ),
    profile_errors.ProfileUnchangedError: lambda _e: _(
        "You already have this exact profile. Nothing was changed."
    ),
    profile_errors.ProfileNotFoundError: lambda _e: _(
        "There is no organisation profile with that id. It may have been removed."
    ),
    profile_errors.ProfileNotVerifiedError: lambda _e: _(
        "The organisation's fingerprints have not been confirmed yet, so reports are not "
        "encrypted to it. Compare the fingerprints with the organisation first."
    ),
    profile_errors.RecipientKeyInvalidError: lambda _e: _(
        "That is not an age public key. It starts with “age1”. Never use a key that starts "
        "with “AGE-SECRET-KEY”."
    ),
    profile_errors.RecipientLabelInvalidError: _label_invalid,
    profile_errors.RecipientExistsError: lambda _e: _(
        "This key is already in your list of recipients."
    ),
    profile_errors.RecipientNotFoundError: lambda _e: _(
        "That recipient is no longer in your list. It may have been removed."
    ),
    profile_errors.RecipientNotVerifiedError: lambda _e: _(
        "This recipient's fingerprint has not been confirmed yet, so reports are not "
        "encrypted to it. Compare the fingerprint with its owner first."
    ),
    signing_errors.MalformedKeyError: lambda _e: _(
        "This is not a minisign key that Bastion can read, or the key file is damaged. "
        "Check that you chose the right file."
    ),
    signing_errors.MalformedSignatureError: lambda _e: _(
        "The signature is damaged or is not a minisign signature, so the file cannot be "
        "trusted. Ask for the file and its signature again."
    ),
    signing_errors.UnknownKeyError: lambda _e: _(
        "The file was signed with a different key than the one expected, so it cannot be "
        "trusted. Ask the organisation which key they use, through a channel you already trust."
    ),
    signing_errors.BadSignatureError: lambda _e: _(
        "The signature does not match: the file or its signature was changed after signing. "
        "Do not use it. Ask for both again."
    ),
    signing_errors.WrongKeyPasswordError: lambda _e: _(
        "That passphrase does not unlock the secret key. Check the keyboard language or "
        "layout and Caps Lock, then try again."
    ),
    profile_errors.ProfileUnreadableError: lambda _e: _(
        "The profile file could not be read. Check that it exists and is a file, not a folder."
    ),
    profile_errors.ProfileSignatureMissingError: lambda _e: _(
        "The profile's signature was not found, so the profile cannot be trusted. It must be "
        "in the same folder as the profile, with the same name and “.minisig” added (for "
        "example wmf.json.minisig). Ask the organisation for it."
    ),
    DiskFullError: lambda _e: _(
        "The disk is full. Nothing was changed. Free some space and try again."
    ),
    StorageError: lambda _e: _(
        "Bastion could not read or write its files. Check that the data folder is writable "
        "and the disk or USB stick is still connected."
    ),
}

_MESSAGES.update(TRAINING_MESSAGES)
_MESSAGES.update(SYNC_MESSAGES)


def describe(exc: BaseException) -> str:
    """A translated, content-free sentence for `exc` (most specific type first)."""
    for kind in type(exc).__mro__:
        factory = _MESSAGES.get(kind)
        if factory is not None:
            return factory(exc)
    return _("Something went wrong and the operation was stopped. Nothing you had saved was lost.")


def is_known(exc: BaseException) -> bool:
    return any(kind in _MESSAGES for kind in type(exc).__mro__)
