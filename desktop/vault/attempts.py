# SPDX-License-Identifier: GPL-3.0-or-later
"""Wrong passphrases: a growing wait between tries, and an optional erase after too many.

Against someone at the computer guessing through Bastion (a family member, a guard at a
checkpoint). Not against a copy of the data folder: there every guess pays a full Argon2id
derivation anyway, and this file can simply be deleted (docs/threat-model.md).

The count lives beside the key header in `unlock-attempts.json`, in plaintext, because it must
be read while the vault is locked. It says how many wrong passphrases were typed since the
last right one and whether erasing is on; nothing else. A wrong try is written down before
anything says it was wrong (the message, the exit code), so nobody learns the verdict without
it being counted; a right one writes nothing unless there was a count to clear, so opening the
vault normally leaves the data folder as it was.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from desktop.errors import DiskFullError, StorageError
from desktop.fsutil import FileRefusedError, atomic_write, read_regular_file, storage_errors
from desktop.vault.errors import UnlockDelayedError, VaultErasedError, WrongPassphraseError

log = logging.getLogger(__name__)

FILE_NAME = "unlock-attempts.json"
FORMAT = "bastion-unlock-attempts"
VERSION = 1
_MAX_BYTES = 4096

# Three slips are free (a wrong keyboard layout, Caps Lock); then the wait doubles from five
# seconds up to a quarter of an hour, so guessing by hand soon takes days while someone who
# forgot has not lost their vault.
FREE_FAILURES = 3
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 15 * 60
# What Settings offers for "erase after"; off unless the volunteer turns it on.
ERASE_CHOICES = (5, 10, 20)
# The wrong-passphrase message warns once this many tries or fewer are left before erasing.
WARN_WITHIN = 3


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passphrases in a row."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(FIRST_WAIT_SECONDS * 2 ** min(failures - FREE_FAILURES, 20), MAX_WAIT_SECONDS))


@dataclass(frozen=True)
class Record:
    failures: int = 0
    not_before: float = 0.0  # wall-clock time before which no try is accepted
    erase_after: int | None = None  # wrong passphrases in a row that erase the vault


class Attempts:
    """The record of one data folder. `clock` is wall-clock seconds (it must survive restarts,
    so a monotonic clock would not do)."""

    def __init__(self, directory: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(directory) / FILE_NAME
        self._clock = clock

    def load(self) -> Record:
        """The record; a fresh one when there is none. A damaged file is read as fresh: it
        must not lock the owner out of their vault (whoever can edit it can delete it)."""
        try:
            with storage_errors():
                data = read_regular_file(self.path, _MAX_BYTES)
        except (FileNotFoundError, FileRefusedError, StorageError):
            return Record()
        try:
            document = json.loads(data)
            record = Record(
                failures=int(document["failures"]),
                not_before=float(document["not_before"]),
                erase_after=_erase_after(document.get("erase_after")),
            )
        except (ValueError, TypeError, KeyError, RecursionError):
            log.warning("unlock attempts file unreadable; starting a fresh count")
            return Record()
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            return Record()
        if record.failures < 0 or not math.isfinite(record.not_before):
            return Record()
        return record

    def save(self, record: Record) -> None:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "failures": record.failures,
            "not_before": record.not_before,
            "erase_after": record.erase_after,
        }
        atomic_write(self.path, json.dumps(document).encode("utf-8"))

    def seconds_to_wait(self, record: Record | None = None) -> int:
        record = self.load() if record is None else record
        # A clock set back must not stretch the wait beyond the longest one.
        left = min(record.not_before - self._clock(), MAX_WAIT_SECONDS)
        return max(0, math.ceil(left))

    def set_erase_after(self, count: int | None) -> None:
        """Turn erasing on (after `count` wrong passphrases in a row) or off (None)."""
        if count is not None and count not in ERASE_CHOICES:
            raise ValueError("erase_after")
        self.save(replace(self.load(), erase_after=count))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

    @contextmanager
    def counted(self, erase: Callable[[], None]) -> Iterator[None]:
        """One try: refused while a wait runs; counted as wrong until the block ends well.

        WrongPassphraseError leaving the block gets `wait_seconds` (before the next try) and
        `tries_left` (before erasing, when erasing is on); the last allowed one calls `erase`
        and becomes VaultErasedError.
        """
        record = self.load()
        wait = self.seconds_to_wait(record)
        if wait:
            raise UnlockDelayedError(wait)
        try:
            yield
        except WrongPassphraseError as exc:
            failures = record.failures + 1
            if record.erase_after is not None and failures >= record.erase_after:
                erase()  # Vault.wipe, which removes this count with the rest
                raise VaultErasedError(failures) from None
            wait = wait_after(failures)
            self._save_quietly(replace(record, failures=failures, not_before=self._clock() + wait))
            exc.wait_seconds = wait
            if record.erase_after is not None:
                exc.tries_left = record.erase_after - failures
            raise
        if record.failures or record.not_before:
            self._save_quietly(Record(erase_after=record.erase_after))

    def _save_quietly(self, record: Record) -> None:
        # A full or read-only disk must not keep the owner out of their vault; the count is
        # lost then, which only helps someone who could fill the disk anyway.
        try:
            self.save(record)
        except (OSError, StorageError, DiskFullError) as exc:
            log.warning("could not record an unlock attempt: %s", type(exc).__name__)


def _erase_after(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in ERASE_CHOICES:
        return value
    raise ValueError("erase_after")
