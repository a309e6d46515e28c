# SPDX-License-Identifier: GPL-3.0-or-later
"""Run core functions on a worker thread and get the outcome back on the UI thread.

The UI thread never waits on key derivation, disk or network: it starts a Task and reacts
to `succeeded(result)` or `failed(exception)`, both delivered on the UI thread. The function
must be plain core code: it never touches widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    # Emitted on the worker thread; the Task lives on the UI thread, so Qt queues delivery.
    finished_ok = Signal(object)
    finished_error = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._function = function
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._function()
        except BaseException as exc:  # every outcome must reach the UI, or it waits forever
            self._relay.finished_error.emit(exc)
        else:
            self._relay.finished_ok.emit(result)


class Task(QObject):
    succeeded = Signal(object)
    failed = Signal(object)

    _running: set[Task] = set()  # keeps tasks alive until they report

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._relay = _Relay()
        self._relay.finished_ok.connect(self._on_finished_ok)
        self._relay.finished_error.connect(self._on_finished_error)

    def start(self, pool: QThreadPool | None = None) -> Task:
        Task._running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._function, self._relay))
        return self

    @Slot(object)
    def _on_finished_ok(self, result: object) -> None:
        Task._running.discard(self)
        self.succeeded.emit(result)

    @Slot(object)
    def _on_finished_error(self, exc: object) -> None:
        Task._running.discard(self)
        self.failed.emit(exc)


def run_in_thread(
    function: Callable[[], Any],
    on_succeeded: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
) -> Task:
    task = Task(function)
    if on_succeeded is not None:
        task.succeeded.connect(on_succeeded)
    if on_failed is not None:
        task.failed.connect(on_failed)
    return task.start()
