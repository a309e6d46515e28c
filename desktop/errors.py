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


class DataFolderRefusedError(BastionError):
    """`--data-dir` names an existing folder that is not a Bastion data folder and holds
    other things ("not-empty") or that other users can write to ("shared"). Nothing in it
    was read, written or changed (its mode least of all)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotAFileError(BastionError):
    """A file from outside is not a regular file (a folder, a device, a pipe): not read."""


class FileTooLargeError(BastionError):
    """A file from outside is larger than Bastion reads for its kind; `limit` in bytes.

    Refused from its size, before reading: nothing of it is held in memory.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit
