# SPDX-License-Identifier: GPL-3.0-or-later
"""Work that waits until a window has been painted once: it must not delay the first screen.

Watched on the window's own QWindow, never with an application-wide event filter: a Python
filter on the application is called for every event to every object, and the first event to
one of Qt's private helper objects (a scroll area has several) makes PySide6 create every
class of QtWidgets and their enums while it looks for the object's type, about 10-15 ms,
which was paid before the unlock screen could be painted (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

# A platform paints a window while it handles its expose (xcb) or on a paint event to the
# window that follows it (offscreen, Wayland): either one, once the window is exposed.
_PAINTING = (QEvent.Type.Expose, QEvent.Type.Paint)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)  # goes when the window goes
        self._window = window
        self._callback = callback
        self._handle: QWindow | None = None
        handle = window.windowHandle()
        if window.isVisible() and handle is not None:
            self._watch(handle)
        else:
            # The QWindow exists once the widget is shown: its Show event says when.
            window.installEventFilter(self)

    def _watch(self, handle: QWindow) -> None:
        self._handle = handle
        handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and watched is self._window and self._handle is None:
            self._window.removeEventFilter(self)
            handle = self._window.windowHandle()
            if handle is not None:
                self._watch(handle)
        elif kind in _PAINTING and watched is self._handle and self._handle.isExposed():
            self._handle.removeEventFilter(self)
            self._handle = None
            # Queued: the rest of this paint pass (the other widgets, the flush) ends first.
            QTimer.singleShot(0, self, self._callback)
        return False


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> QObject:
    """Call `callback` once, in the event-loop turn after `window` is first painted.

    Returns the watcher (a child of `window`), which callers may keep to stop it early.
    """
    return _FirstPaint(window, callback)


def soon_after_first_paint(window: QWidget, callback: Callable[[], None]) -> QObject:
    """As after_first_paint, one turn later: for work the first screen does not need at all
    (registering fonts, watching for Esc), so that whatever waits for the first paint itself
    (a person, `--exit-when-shown`) goes first."""
    return _FirstPaint(window, lambda: QTimer.singleShot(0, callback))
