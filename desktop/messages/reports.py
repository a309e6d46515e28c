# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for report export and opening errors."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.i18n.formats import format_size
from desktop.reports import errors as report_errors


def _not_enough_space(exc: BaseException) -> str:
    return _(
        "There is not enough room there: the report needs {needed} and only {available} is "
        "free. Nothing was written. Free some space or choose another place."
    ).format(
        needed=format_size(getattr(exc, "needed", 0)),
        available=format_size(getattr(exc, "available", 0)),
    )


def _not_sealed(exc: BaseException) -> str:
    if getattr(exc, "reason", "") == "size":
        return _("This file is far larger than any report. Nothing was added to the outbox.")
    return _(
        "This is not a sealed report: only a report file exported by Bastion (or another "
        "age-encrypted file) can be carried, never a readable one. Nothing was added to the "
        "outbox."
    )


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    report_errors.ReportNotFoundError: lambda _e: _(
        "There is no report with that id in this vault. “bastion report list” shows them."
    ),
    report_errors.NothingSelectedError: lambda _e: _(
        "Choose at least one journal entry for the report."
    ),
    report_errors.NoRecipientsError: lambda _e: _(
        "Choose who can open the report: an organisation or a key you confirmed. Bastion never "
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
    report_errors.BundleUnsafeError: lambda _e: _(
        "This report was refused: it holds something Bastion never puts in a report (a link, "
        "a device, a sparse file or a file larger than its manifest says). Nothing was written."
    ),
    report_errors.BundleTooNewError: lambda _e: _(
        "This report was made by a newer version of Bastion. Update Bastion to open it."
    ),
    report_errors.NotSealedReportError: _not_sealed,
    report_errors.NoIntakeServerError: lambda _e: _(
        "This organisation has no server to upload to, so Bastion cannot carry reports to it. "
        "Hand the file over another way."
    ),
    report_errors.ReportCarriedError: lambda _e: _(
        "This report was carried for someone else. Only the person who made it can give a "
        "proof for it."
    ),
}
