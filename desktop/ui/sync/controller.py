# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs sync passes on a worker thread while the vault is unlocked, and says how it goes.

Passes start right after unlocking, when the network comes back (QNetworkInformation, a hint
only: the pass itself finds out whether anything is reachable), on a timer, when a wait
runs out, and on "Send now". One pass at a time; none while locked: the controller is made
at unlock and stopped at the start of the lock, before the key is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal

from desktop.sync.outbox import OutboxSummary
from desktop.sync.results import PassProgress, SyncReport
from desktop.sync.settings import SyncSettings
from desktop.ui.kit.work import goes_unsaid, log_crash
from desktop.ui.sync.status import SyncStatus, status_for
from desktop.ui.tasks import Task
from desktop.vault import Vault

log = logging.getLogger(__name__)
INTERVAL_MS = 15 * 60_000
_pool: QThreadPool | None = None


def sync_pool() -> QThreadPool:
    """One thread for sync work, owned by the application (not by a controller that a lock
    destroys: destroying a pool makes the UI thread wait for its running task)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(1)
    return _pool


class _ProgressRelay(QObject):
    """Lives on the UI thread for the whole run (never freed, so a worker never emits on a
    deleted object); each controller listens for its own id."""

    progressed = Signal(int, object)  # controller id, PassProgress


_relay: _ProgressRelay | None = None
_ids = itertools.count(1)


def _progress_relay() -> _ProgressRelay:
    global _relay
    if _relay is None:
        _relay = _ProgressRelay()
    return _relay


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    pass_finished = Signal(object)  # SyncReport
    items_changed = Signal()
    progressed = Signal(object)  # PassProgress, at most ten a second (the engine's pace)
    settings_changed = Signal(object)  # SyncSettings, as read or saved

    def __init__(self, vault: Vault, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.settings = SyncSettings()
        self.summary: OutboxSummary | None = None
        self.running = False
        self.progress: PassProgress | None = None
        self.offline = False
        self.online: bool | None = None  # None: the platform cannot tell
        self.metered = False
        self.stopped = False
        self._again: bool | None = None  # a pass asked for while one runs (True: forced)
        self._stop = threading.Event()
        self._id = next(_ids)
        self._relay = _progress_relay()
        self._relay.progressed.connect(self._on_progressed)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.trigger)
        self.wake = QTimer(self)  # when the earliest wait runs out
        self.wake.setSingleShot(True)
        self.wake.timeout.connect(self.trigger)
        self._watch_network()

    # ------------------------------------------------------------------ life
    def start(self) -> None:
        """Load settings and the queue, then run the first pass (if sync is on)."""
        self.timer.start()
        self._work(self._load, self._on_loaded)

    def stop(self) -> None:
        """Before the lock: no new passes, the running one asked to stop and waited for."""
        self.stopped = True
        self._stop.set()
        self.timer.stop()
        self.wake.stop()
        # A pass returns within about a second of being asked to stop (between pieces).
        sync_pool().waitForDone(3000)

    # ------------------------------------------------------------------ requests
    def trigger(self, force: bool = False) -> None:
        """An automatic pass (or a forced one for "Send now")."""
        if self.stopped:
            return
        if self.running:
            self._again = bool(self._again) or force
            return
        if not force and not self._may_run_by_itself():
            self._publish()
            return
        self.running = True
        self.progress = None
        self._publish()
        settings, vault, stop, relay, me = (
            self.settings,
            self.vault,
            self._stop,
            self._relay,
            self._id,
        )

        def sync() -> tuple[SyncReport, OutboxSummary]:
            from desktop.sync.engine import run_pass
            from desktop.sync.outbox import summary

            def progressed(progress: PassProgress) -> None:
                if not stop.is_set():
                    relay.progressed.emit(me, progress)

            with vault.worker_scope():
                report = run_pass(
                    vault,
                    settings=settings,
                    force=force,
                    progress=progressed,
                    should_stop=stop.is_set,
                )
                return report, summary(vault)

        self._work(sync, self._on_pass_finished, self._on_pass_failed, pool=sync_pool())

    def send_now(self) -> None:
        self.trigger(force=True)

    def set_paused(self, paused: bool) -> None:
        """Pause or resume sending. Only `enabled` changes, on the settings as stored: the
        copy held here may be older than a save the Settings panel just made (its reload is
        still on the way), and writing it back would undo, say, a switch to Tor."""
        vault = self.vault

        def save() -> SyncSettings:
            from dataclasses import replace

            from desktop.sync.settings import load_settings, save_settings

            with vault.worker_scope():
                chosen = replace(load_settings(vault), enabled=not paused)
                save_settings(vault, chosen)
            return chosen

        self._work(save, self._on_settings_saved)

    def reload_settings(self) -> None:
        self._work(self._load, self._on_loaded)

    def refresh(self) -> None:
        """Read the queue again (after a pause, a removal, a new report)."""
        vault = self.vault

        def read() -> OutboxSummary:
            from desktop.sync.outbox import summary

            with vault.worker_scope():
                return summary(vault)

        self._work(read, self._on_summary)

    # ------------------------------------------------------------------ results
    def _load(self) -> tuple[SyncSettings, OutboxSummary]:
        from desktop.sync.outbox import summary
        from desktop.sync.settings import load_settings

        with self.vault.worker_scope():
            return load_settings(self.vault), summary(self.vault)

    def _on_loaded(self, result: Any) -> None:
        self.settings, self.summary = result
        self.settings_changed.emit(self.settings)
        self._publish()
        self.items_changed.emit()
        self.trigger()

    def _on_settings_saved(self, settings: Any) -> None:
        self.settings = settings
        self.settings_changed.emit(settings)
        self._publish()
        if settings.enabled:
            self.trigger()

    def _on_summary(self, summary: Any) -> None:
        self.summary = summary
        self._schedule_wake()
        self._publish()
        self.items_changed.emit()

    def _on_progressed(self, controller: int, progress: Any) -> None:
        if controller == self._id and self.running and not self.stopped:
            self.progress = progress
            self.progressed.emit(progress)
            self._publish()

    def _on_pass_finished(self, result: Any) -> None:
        report, summary = result
        self.running = False
        self.progress = None
        self.offline = report.offline
        self.pass_finished.emit(report)
        self._on_summary(summary)
        again, self._again = self._again, None
        if again is not None:
            self.trigger(force=again)

    def _on_pass_failed(self, exc: Any) -> None:
        self.running = False
        self.progress = None
        self._publish()
        if not goes_unsaid(exc, self.vault):
            log_crash(exc)

    # ------------------------------------------------------------------ helpers
    def _may_run_by_itself(self) -> bool:
        if not self.settings.enabled or self.online is False:
            return False
        return not (self.metered and self.settings.metered_caution)

    def _schedule_wake(self) -> None:
        self.wake.stop()
        upcoming = self.summary.next_attempt_at if self.summary else None
        if upcoming is not None:
            delay = (upcoming - datetime.now(UTC)).total_seconds()
            self.wake.start(int(min(max(delay, 1.0), 24 * 3600) * 1000))

    def status(self) -> SyncStatus:
        return status_for(
            self.summary,
            self.settings,
            running=self.running,
            progress=self.progress,
            offline=self.offline or self.online is False,
            metered=self.metered,
            now=datetime.now(UTC),
        )

    def _publish(self) -> None:
        if not self.stopped:
            self.status_changed.emit(self.status())

    def _work(
        self, function: Any, on_done: Any, on_failed: Any = None, pool: QThreadPool | None = None
    ) -> None:
        """Passes run on the sync thread; quick reads and saves on the shared pool, so they
        never wait behind a long upload."""
        if self.stopped:
            return
        # No parent: the relay in desktop.ui.tasks keeps the task alive until it reports, even
        # when this controller is gone by then (a lock); PySide drops the bound slots.
        task = Task(function)
        task.succeeded.connect(on_done)
        task.failed.connect(on_failed or self._on_work_failed)
        task.start(pool)

    def _on_work_failed(self, exc: Any) -> None:
        if not goes_unsaid(exc, self.vault):
            log_crash(exc)

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadDefaultBackend():
            return  # no backend on this platform: the timer alone starts passes
        info = QNetworkInformation.instance()
        self._network = info
        self._on_reachability(info.reachability())
        self.metered = bool(info.isMetered())
        info.reachabilityChanged.connect(self._on_reachability)
        info.isMeteredChanged.connect(self._on_metered)

    def _on_reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        r = QNetworkInformation.Reachability
        was = self.online
        # Only "disconnected" is taken as a fact; a local or site network may still reach
        # the intake server (or the Tor proxy), so it is worth a try.
        self.online = None if reachability == r.Unknown else reachability != r.Disconnected
        if self.online and was is False:
            self.offline = False
            self.trigger()  # a network appeared: a good moment to try
        else:
            self._publish()

    def _on_metered(self, metered: bool) -> None:
        self.metered = bool(metered)
        self._publish()
