# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of report export and opening. Sentences for people: desktop/messages/."""

from __future__ import annotations

from desktop.errors import BastionError


class ReportError(BastionError):
    """Base of the report errors."""


class NothingSelectedError(ReportError):
    """No entry was chosen for the report."""


class NoRecipientsError(ReportError):
    """Nobody to encrypt to: a report is never written unencrypted."""


class DestinationNotWritableError(ReportError):
    """The chosen folder does not exist, is read-only, or the USB stick was removed."""


class DestinationExistsError(ReportError):
    """A file with the chosen name is already there; a report never overwrites a file."""


class NotEnoughSpaceError(ReportError):
    """Checked before writing: the destination has less room than the report needs."""

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(needed, available)
        self.needed = needed
        self.available = available


class ExportCancelledError(ReportError):
    """The person stopped the export; the partial file was removed."""


class IdentityInvalidError(ReportError):
    """The identity file holds no age secret key (AGE-SECRET-KEY-1…)."""


class WrongIdentityError(ReportError):
    """None of the given identities can open this report (it was encrypted to others)."""


class BundleDamagedError(ReportError):
    """The encrypted file is damaged, truncated or altered, or is not an age file."""


class BundleFormatError(ReportError):
    """It decrypts, but is not a Bastion report (missing or malformed manifest, unsafe paths)."""


class BundleTooNewError(ReportError):
    """The report was made by a newer format version than this Bastion reads."""


class BundleUnsafeError(ReportError):
    """It decrypts, but holds what no report holds: a link, a device, a FIFO, a sparse file,
    or a file larger than its manifest entry or than the encrypted file itself could hold."""


class ReportNotFoundError(ReportError):
    """No report with that id in this vault's record of the reports made."""


class NotSealedReportError(ReportError):
    """A file brought to be carried is not a binary age file (plaintext, armoured, damaged or
    truncated), or is larger than any report. `reason`: "not-age", "header", "truncated",
    "size"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoIntakeServerError(ReportError):
    """The organisation chosen to carry a report to has no server to upload to."""


class ReportCarriedError(ReportError):
    """The report was carried for someone else: this vault holds nothing it could prove."""
