# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard focus that survives a button being disabled while its work runs.

When the focused button is disabled (busy), Qt hands the focus to the next control in Tab's
order, often far away (the window's header): someone using the keyboard is lost once the
work is done. `FocusReturn` notes where the focus was before disabling, and where Qt sent it;
when the work ends, the focus goes back, unless the person has moved it meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


class FocusReturn:
    def __init__(self, owner: QWidget) -> None:
        self._owner = owner
        self._back: QWidget | None = None
        self._went: QWidget | None = None

    def before_disabling(self) -> None:
        focus = QApplication.focusWidget()
        inside = focus is not None and self._owner.isAncestorOf(focus)
        self._back = focus if inside else None

    def after_disabling(self) -> None:
        self._went = QApplication.focusWidget()

    def forget(self) -> None:
        self._back = None

    def restore(self) -> None:
        back, self._back = self._back, None
        if back is None or QApplication.focusWidget() is not self._went:
            return  # the focus was elsewhere, or the person has moved it since
        if back.isEnabled() and back.isVisible():
            back.setFocus(Qt.FocusReason.OtherFocusReason)
