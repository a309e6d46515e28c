# SPDX-License-Identifier: GPL-3.0-or-later
"""One vault action at a time on a worker thread, its outcome handed back on the UI thread.

A child of the panel: when the panel is destroyed at lock, so is this, and PySide drops the
outcome of an action still running (its slots are bound methods of this object).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.ui.kit.work import Outcome, attempt, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.vault import Vault

OnValue = Callable[[Any], None]
OnError = Callable[[Exception], None]


class Actions(QObject):
    running_changed = Signal(bool)

    def __init__(self, vault: Vault, on_error: OnError, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._on_error = on_error  # for actions that give no handler of their own
        self._then: tuple[OnValue, OnError | None] | None = None

    @property
    def running(self) -> bool:
        return self._then is not None

    def run(
        self, function: Callable[[], Any], on_value: OnValue, on_error: OnError | None = None
    ) -> bool:
        """Start `function` (core code) on a worker; False, starting nothing, while another
        action runs (a second click must not import or remove twice)."""
        if self._then is not None:
            return False
        self._then = (on_value, on_error)
        self.running_changed.emit(True)
        task = run_in_thread(attempt(0, function, self._vault))
        task.succeeded.connect(self._on_finished)
        task.failed.connect(self._on_crashed)
        return True

    def _on_finished(self, outcome: Outcome) -> None:
        then, self._then = self._then, None
        self.running_changed.emit(False)
        if then is None:
            return
        on_value, on_error = then
        if outcome.error is None:
            on_value(outcome.value)
        else:
            (on_error or self._on_error)(outcome.error)

    def _on_crashed(self, exc: BaseException) -> None:
        self._then = None
        self.running_changed.emit(False)
        log_crash(exc)
