# SPDX-License-Identifier: GPL-3.0-or-later
"""The unlocked app: navigation between Learn, Journal, Reports and Settings.

Built afresh at each unlock and destroyed at each lock, so no view keeps plaintext from the
vault while it is locked.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _


class ShellView(QWidget):
    LEARN, JOURNAL, REPORTS, SETTINGS = range(4)
    help_requested = Signal()  # "Get help", at the foot of the sidebar, on every area

    def __init__(
        self,
        settings_page: QWidget,
        journal_page: QWidget,
        reports_page: QWidget,
        learn_page: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The pages become children of the shell: they are destroyed with it at lock.
        self.learn_area = learn_page
        self.journal_area = journal_page
        self.reports_area = reports_page
        self.setObjectName("shellView")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        # Translators: screen-reader name of the navigation list (Learn, Journal, …).
        self.navigation.setAccessibleName(_("Sections"))
        self.navigation.setFixedWidth(180)
        self.pages = QStackedWidget()
        areas = [
            (_("Learn"), learn_page),
            (_("Journal"), journal_page),
            (_("Reports"), reports_page),
            (_("Settings"), settings_page),
        ]
        for label, page in areas:
            item = QListWidgetItem(label)
            item.setToolTip(label)
            self.navigation.addItem(item)
            self.pages.addWidget(page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(self.LEARN)
        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        sidebar.setFixedWidth(180)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 12)
        side.addWidget(self.navigation, 1)
        # Help is one click from any area, and F1 from the keyboard.
        self.help_button = QPushButton(_("Get help"))
        self.help_button.setObjectName("helpButton")
        self.help_button.setShortcut("F1")
        self.help_button.setToolTip(_("Emergency contacts, and what to write (F1)"))
        self.help_button.clicked.connect(self.help_requested)
        side.addWidget(self.help_button)
        row.addWidget(sidebar)
        row.addWidget(self.pages, 1)

    def show_area(self, index: int) -> None:
        self.navigation.setCurrentRow(index)
