# SPDX-License-Identifier: GPL-3.0-or-later
"""Run core functions on a worker thread and get the outcome back on the UI thread.

The UI thread never waits on key derivation, disk or network: it starts a Task and reacts
to `succeeded(result)` or `failed(exception)`, both delivered on the UI thread. The function
must be plain core code: it never touches widgets.

Workers report through one long-lived relay that lives on the UI thread; it hands each
outcome to its Task and only then lets the Task go. A Task is therefore never freed inside
its own slot (PySide corrupts reference counts then), and no per-task Qt object is ever
freed on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the UI thread for the whole run; workers emit, Qt queues the delivery."""

    finished = Signal(int, bool, object)  # task id, succeeded, result or exception

    def __init__(self) -> None:
        super().__init__()
        self.tasks: dict[int, Task] = {}  # started and not yet reported: keeps them alive
        self.finished.connect(self._on_finished)

    @Slot(int, bool, object)
    def _on_finished(self, task_id: int, ok: bool, payload: object) -> None:
        task = self.tasks.pop(task_id, None)
        if task is None:
            return
        if ok:
            task.succeeded.emit(payload)
        else:
            task.failed.emit(payload)


_relay: _Relay | None = None
_ids = count(1)


def _the_relay() -> _Relay:
    # Made at first use, which is on the UI thread (tasks are started from there).
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class _Runnable(QRunnable):
    """Holds only the function and plain values: freed on the worker, it frees no Qt object."""

    def __init__(self, function: Callable[[], Any], task_id: int, relay: _Relay) -> None:
        super().__init__()
        self._function = function
        self._task_id = task_id
        self._signal = relay.finished

    def run(self) -> None:
        try:
            result = self._function()
        except BaseException as exc:  # every outcome must reach the UI, or it waits forever
            self._signal.emit(self._task_id, False, exc)
        else:
            self._signal.emit(self._task_id, True, result)
        finally:
            self._function = _done


def _done() -> None:
    return None


class Task(QObject):
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._id = next(_ids)

    def start(self, pool: QThreadPool | None = None) -> Task:
        relay = _the_relay()
        relay.tasks[self._id] = self
        function, self._function = self._function, _done
        (pool or QThreadPool.globalInstance()).start(_Runnable(function, self._id, relay))
        return self

    @property
    def running(self) -> bool:
        return _relay is not None and self._id in _relay.tasks


def running_tasks() -> int:
    """How many tasks have started and not reported yet (for tests and shutdown)."""
    return 0 if _relay is None else len(_relay.tasks)


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
