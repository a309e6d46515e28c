# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed journal errors. No user text and no journal content here: `desktop.messages` turns
them into sentences, and arguments are ids, field names and codes only (safe to log)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import BastionError


class JournalError(BastionError):
    """Base class for journal errors."""


@dataclass(frozen=True)
class FieldProblem:
    """One validation problem: which field (`people.2.username`) and a machine code."""

    field: str
    code: str


class EntryInvalidError(JournalError):
    """The entry cannot be saved as it is; `problems` says where and why."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__([f"{p.field}:{p.code}" for p in problems])
        self.problems = problems


class EntryNotFoundError(JournalError):
    """No entry has this id (or it was deleted meanwhile)."""


class AmbiguousEntryIdError(JournalError):
    """A shortened id matches more than one entry."""


class NothingChangedError(JournalError):
    """An edit was saved that changes nothing; no revision is written."""


class AttachmentNotFoundError(JournalError):
    """No attachment has this id."""


class AttachmentMissingError(JournalError):
    """The attachment's encrypted file is gone from the data directory."""


class AttachmentCorruptError(JournalError):
    """The attachment's encrypted file fails authentication: damaged, cut short or swapped."""


class MetadataStripError(JournalError):
    """An image could not be parsed to remove its metadata (damaged or unusual file)."""


class AttachmentSourceError(JournalError):
    """The file to import cannot be read (gone, a folder, no permission)."""


class SearchSyntaxError(JournalError):
    """The search text cannot be turned into a query (after quoting, nothing remains)."""
