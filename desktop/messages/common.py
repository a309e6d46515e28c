# SPDX-License-Identifier: GPL-3.0-or-later
"""What every area shares: storage errors, and the summary of many problems in one line."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.errors import (
    DataFolderRefusedError,
    DiskFullError,
    FileTooLargeError,
    NotAFileError,
    StorageError,
)
from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_size

SHOWN_PROBLEMS = 10  # a hostile file can hold thousands; the message stays readable


def problem_summary(texts: Sequence[str]) -> str:
    """The first problems, then how many more: a hostile file can hold thousands, and the
    message must stay one readable line (used for profiles too)."""
    parts = list(texts[:SHOWN_PROBLEMS])
    hidden = len(texts) - SHOWN_PROBLEMS
    if hidden > 0:
        parts.append(
            ngettext("and {count} more problem", "and {count} more problems", hidden).format(
                count=hidden
            )
        )
    return "; ".join(parts)


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    DiskFullError: lambda _e: _(
        "The disk is full. Nothing was changed. Free some space and try again."
    ),
    StorageError: lambda _e: _(
        "Bastion could not read or write its files. Check that the data folder is writable "
        "and the disk or USB stick is still connected."
    ),
    DataFolderRefusedError: lambda e: (
        _(
            "Other users of this computer can write to that folder, so Bastion will not keep "
            "its data there. Name a new folder inside it: Bastion creates it, readable only "
            "by you."
        )
        if getattr(e, "reason", "") == "shared"
        else _(
            "That folder already holds other files and is not a Bastion data folder, so "
            "Bastion will not keep its data there. Name a new folder inside it: Bastion "
            "creates it, readable only by you."
        )
    ),
    NotAFileError: lambda _e: _(
        "That is not a file. Choose a file, not a folder, a device or a pipe. Nothing was read."
    ),
    FileTooLargeError: lambda e: _(
        "The file is too large: Bastion reads at most {size} from a file of this kind. "
        "Check that you chose the right file. Nothing was read."
    ).format(size=format_size(getattr(e, "limit", 0))),
}
