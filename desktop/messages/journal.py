# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for journal errors, and for one problem of an entry shown beside its field."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.journal import errors as journal_errors


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
    if code == "wrong-type":
        return _("This field holds the wrong kind of value: text, or a list of texts.")
    if code == "format":
        return _("Write the date as 2026-05-01 or 2026-05-01T14:30, optionally with +03:00 or Z.")
    if code == "given-twice":
        return _("This field is given both as an option and in the document. Keep one.")
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


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
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
}
