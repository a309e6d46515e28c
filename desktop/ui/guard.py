# SPDX-License-Identifier: GPL-3.0-or-later
"""Auto-lock after idle time, and quick exit (a button, Ctrl+Shift+Q, or Esc three times)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.kit.first_paint import soon_after_first_paint

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def _remove_filter(watcher: QObject) -> None:
    app = QApplication.instance()
    if app is not None:
        app.removeEventFilter(watcher)


class IdleLock(QObject):
    """Emits `idle_timed_out` after `interval_ms` without keyboard, mouse or touch input."""

    idle_timed_out = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle_timed_out)

    def set_interval_ms(self, interval_ms: int) -> None:
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        # Watching every event costs a Python call each: only while the vault is unlocked.
        app = QApplication.instance()
        if app is not None and not self._timer.isActive():
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        _remove_filter(self)

    def is_active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While Qt tears the window down, the filter can be called after Python has dropped
        # this object's attributes: treat that as "not watching".
        timer = getattr(self, "_timer", None)
        with contextlib.suppress(RuntimeError):  # the QTimer's C++ side may be gone already
            if timer is not None and timer.isActive() and event.type() in _ACTIVITY:
                timer.start()
        return False


class QuickExit(QObject):
    """Hide every window at once, then lock, clear the clipboard and leave.

    The order matters: nothing stays on screen while the rest happens. `cleanup` locks the
    vault and clears the clipboard; `leave` ends the process (injected so tests can watch).
    """

    triggered = Signal()
    ESC_PRESSES = 3
    ESC_WINDOW_SECONDS = 1.5

    def __init__(
        self,
        window: QWidget,
        cleanup: Callable[[], None],
        leave: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cleanup = cleanup
        self._leave = leave
        self._esc_times: list[float] = []
        self._fired = False
        self.shortcut = QShortcut(QKeySequence("Ctrl+Shift+Q"), window)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.trigger)
        # Attached once the window has been painted: an application-wide Python filter would
        # slow the first paint (desktop.ui.kit.first_paint says why). The button and
        # Ctrl+Shift+Q work from the start.
        soon_after_first_paint(window, self._attach)

    def _attach(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._fired:
            app.installEventFilter(self)

    def detach(self) -> None:
        _remove_filter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not hasattr(self, "_esc_times"):  # half torn down (see IdleLock.eventFilter)
            return False
        # A key press reaches the application filter once for its window and again for each
        # widget it propagates through; counting it at the window counts it exactly once.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWindow)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.isAutoRepeat()
        ):
            now = time.monotonic()
            self._esc_times = [t for t in self._esc_times if now - t <= self.ESC_WINDOW_SECONDS] + [
                now
            ]
            if len(self._esc_times) >= self.ESC_PRESSES:
                self._esc_times.clear()
                self.trigger()
                return True
        return False

    def trigger(self) -> None:
        if self._fired:
            return
        self._fired = True
        for widget in QApplication.topLevelWidgets():
            widget.hide()
        # Push the unmaps to the window system before anything slower happens.
        sync = getattr(QGuiApplication, "sync", None)
        if sync is not None:
            sync()
        self.triggered.emit()
        try:
            self._cleanup()
        finally:
            self._leave()
