# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's header: the name, then (once unlocked) the sync status, Lock and Quick exit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.i18n import _
from desktop.ui.widgets import SafeLabel


class Header(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        # A QWidget subclass paints its style sheet background only when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(16, 8, 16, 8)
        title = SafeLabel("Bastion")
        title.setObjectName("appTitle")
        title.setWordWrap(False)
        self.row.addWidget(title)
        self.row.addStretch(1)
        # The sync status button goes here, before Lock, once the vault is first unlocked.
        # Translators: button that locks the vault now (a verb).
        self.lock_button = QPushButton(_("Lock"))
        self.lock_button.setToolTip(_("Lock the vault now"))
        self.lock_button.setVisible(False)
        self.row.addWidget(self.lock_button)
        self.quick_exit_button = QPushButton(_("Quick exit"))
        self.quick_exit_button.setObjectName("quickExit")
        self.quick_exit_button.setToolTip(
            _("Hide Bastion at once, lock it and quit (Ctrl+Shift+Q, or Esc three times)")
        )
        self.quick_exit_button.setAccessibleName(_("Quick exit"))
        self.row.addWidget(self.quick_exit_button)
