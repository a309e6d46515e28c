# SPDX-License-Identifier: GPL-3.0-or-later
"""The unlocked-or-locked state of the vault, as the UI sees it."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.errors import BastionError
from desktop.ui.tasks import run_in_thread
from desktop.vault import Vault, VaultState

log = logging.getLogger(__name__)


def _describe(exc: BaseException) -> str:
    # Imported on the first failure: desktop.messages brings every area's errors with it,
    # which the unlock screen does not need to be shown (start-up time).
    from desktop.messages import describe

    return describe(exc)


def tidy_evidence(vault: Vault) -> None:
    """Remove what interrupted imports and exports left behind. Runs on the unlock worker.

    It runs before any import can start; the command line does the same on every opening
    (desktop.cli.common.unlocked). A failure must not keep the vault from opening: the files
    are encrypted, so leaving them until the next unlock exposes nothing.
    """
    from desktop.reports.housekeeping import tidy  # not needed before unlocking (start-up)

    try:
        removed = tidy(vault)
    except BastionError as exc:
        log.warning("could not tidy the vault's folders: %s", type(exc).__name__)
        return
    if removed:
        log.info("removed %d unfinished file(s)", removed)


class Session(QObject):
    """Creates, unlocks and locks the vault; key derivation runs on a worker thread.

    Signals carry translated, content-free messages (desktop.messages.describe).
    """

    unlocked = Signal()
    # Emitted first thing in lock(), while the key is still there: background work (sync)
    # stops cleanly before the vault closes under it.
    lock_started = Signal()
    locked = Signal()
    # The message, and the seconds before the next try is accepted (after wrong passphrases).
    unlock_failed = Signal(str, int)
    create_failed = Signal(str)
    # The vault was erased while unlocked (Settings › Security, or the volunteer's own rule
    # set off by a wrong current passphrase), or erasing it failed: what to tell them.
    erased = Signal(str)

    def __init__(self, vault: Vault, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        # Bumped by lock(): a derivation that finishes after a lock must not unlock anything.
        self._epoch = 0
        self.busy = False
        # The vault's settings, read on the worker right after unlocking, so the UI thread
        # does not query the database to build the unlocked views.
        self.settings: dict[str, str] = {}
        # Whether a passphrase or vault data may have reached Python objects since the last
        # collection: set when an unlock or a creation starts, cleared by lock()'s collection.
        self._collect_due = False

    def state(self) -> VaultState:
        return self.vault.state()

    @property
    def is_unlocked(self) -> bool:
        return self.vault.is_unlocked

    def create(self, passphrase: str) -> None:
        self._start(
            lambda: self.vault.create(passphrase),
            lambda exc: self.create_failed.emit(_describe(exc)),
        )

    def unlock(self, passphrase: str) -> None:
        def failed(exc: BaseException) -> None:
            from desktop.vault.errors import UnlockDelayedError, WrongPassphraseError

            wait = 0
            if isinstance(exc, WrongPassphraseError):
                # The unlock screen counts the wait down itself; the sentence would repeat it.
                wait, exc.wait_seconds = exc.wait_seconds, 0
            elif isinstance(exc, UnlockDelayedError):
                wait = exc.seconds
            self.unlock_failed.emit(_describe(exc), wait)

        self._start(lambda: self.vault.unlock(passphrase), failed)

    def _start(
        self, open_vault: Callable[[], None], failed: Callable[[BaseException], None]
    ) -> None:
        self.busy = True
        self._collect_due = True
        epoch = self._epoch

        def work() -> dict[str, str]:
            with self.vault.worker_scope():
                open_vault()
                tidy_evidence(self.vault)
                return self.vault.settings()

        def succeeded(settings: dict[str, str]) -> None:
            self.busy = False
            if epoch != self._epoch:
                self.vault.lock()
                return
            self.settings = settings
            self.unlocked.emit()

        def on_failed(exc: BaseException) -> None:
            self.busy = False
            failed(exc)

        run_in_thread(work, succeeded, on_failed)

    def erase(self, done_message: str) -> None:
        """Crypto-erase the vault now (the volunteer confirmed it in Settings): lock first,
        so background work stops as at any lock, then destroy the key header and remove the
        vault's files (Vault.wipe). `erased` carries `done_message`, or why it failed."""
        self.lock()
        # On this thread, not a worker: nothing may unlock the vault between the lock and the
        # key header's destruction, which comes first and takes milliseconds; the files
        # after it are removed by name, without reading them.
        try:
            self.vault.wipe()
        except BastionError as exc:
            log.warning("could not erase the vault: %s", type(exc).__name__)
            self.erased.emit(_describe(exc))
            return
        self.erased.emit(done_message)

    def report_erased(self, message: str) -> None:
        """The vault was erased under the session (a rule set off by a wrong try): lock the
        views away and say why."""
        self.lock()
        self.erased.emit(message)

    def lock(self) -> None:
        """Lock now: close connections, drop the key. Always emits `locked`."""
        self.lock_started.emit()
        self._epoch += 1
        self.vault.lock()
        self.settings = {}
        self.locked.emit()
        # Drop unreachable objects that held vault data now, on the GUI thread (best effort:
        # Python cannot promise that no copy of a secret survives in memory). Skipped when no
        # passphrase was ever handed over: a full collection costs milliseconds at every close
        # of a window that was only shown.
        if self._collect_due:
            self._collect_due = False
            gc.collect()
