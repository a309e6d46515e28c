# SPDX-License-Identifier: GPL-3.0-or-later
"""Root of Bastion's typed errors.

Core code raises these without user-facing text: the message a person reads is chosen in one
place, `desktop.messages.describe`, so it is translated and never carries journal content,
paths or secrets. Arguments given to these exceptions must be safe to log (ids, counts, codes).
"""


class BastionError(Exception):
    """Base class for every error Bastion's core raises on purpose."""


class DiskFullError(BastionError):
    """A write failed because the disk (or the USB stick) has no room left."""


class StorageError(BastionError):
    """A write or read failed for another operating-system reason (permissions, I/O error)."""

    def __init__(self, errno_code: int | None = None) -> None:
        super().__init__(errno_code)
        self.errno_code = errno_code
