# SPDX-License-Identifier: GPL-3.0-or-later
"""The Reports area: what a report is, the reports made so far, a new one, and a sealed
report carried for someone else.

Built at unlock and destroyed at lock with the shell, like the Journal area. "New report…"
opens the wizard in place of the list (a fresh one each time, so no choice from an earlier
report lingers); it returns to the list when cancelled or done.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.journal.store import Journal
from desktop.reports.exports import ExportRecord
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.kit.factories import button
from desktop.ui.reports.carry_dialog import CarryDialog
from desktop.ui.reports.past import PastReports
from desktop.ui.reports.wizard import ReportWizard
from desktop.ui.widgets import Heading, SafeLabel


class ReportsArea(QWidget):
    settings_requested = Signal()  # "Open Settings" (nobody confirmed to send reports to)
    report_written = Signal()  # a report was written or queued (sync reads the outbox again)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsArea")
        self.journal = journal
        self.wizard: ReportWizard | None = None

        self.stack = QStackedWidget()
        row = QVBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.stack)

        self.home = QWidget()
        self.home.setObjectName("reportsHome")
        column = QVBoxLayout(self.home)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(10)
        column.addWidget(Heading(_("Reports")))
        self.explanation = SafeLabel(
            _(
                "A report is encrypted to the team you choose before it is written; only "
                "they can open it."
            )
        )
        column.addWidget(self.explanation)
        actions = QHBoxLayout()
        self.new_button = button(_("New report…"), _("Make a new report"), "primary")
        actions.addWidget(self.new_button)
        self.carry_button = button(
            _("Carry a sealed report…"),
            _("Add a report someone else sealed to your outbox, to send it for them"),
        )
        actions.addWidget(self.carry_button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.past = PastReports(journal)
        column.addWidget(self.past, 1)
        align_to_ui(self.home)
        self.stack.addWidget(self.home)

        self.new_button.clicked.connect(self.start_report)
        self.carry_button.clicked.connect(self.start_carry)
        self.past.reload()

    def start_report(self) -> ReportWizard:
        """Open a fresh wizard (the button; tests and screenshots call it directly)."""
        if self.wizard is not None:
            if self.wizard.is_writing:
                self.stack.setCurrentWidget(self.wizard)
                return self.wizard
            self._drop_wizard()
        wizard = ReportWizard(self.journal)
        wizard.closed.connect(self._on_wizard_closed)
        wizard.written.connect(self._on_report_written)
        wizard.settings_requested.connect(self.settings_requested)
        self.wizard = wizard
        self.stack.addWidget(wizard)
        self.stack.setCurrentWidget(wizard)
        wizard.entries.search.setFocus()  # the button that had focus is hidden now
        return wizard

    def start_carry(self) -> CarryDialog:
        """Open the dialog that brings someone else's sealed report into the outbox."""
        dialog = CarryDialog(self.journal, self)
        dialog.carried.connect(self._on_report_written)
        dialog.open()
        return dialog

    def profiles_changed(self) -> None:
        """Organisations or keys changed in Settings (the wizard's own advice sends people
        there): an open wizard's list of recipients follows, ticks kept."""
        if self.wizard is not None and not self.wizard.is_writing:
            self.wizard.recipients.reload()

    def _drop_wizard(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            self.stack.removeWidget(wizard)
            wizard.deleteLater()

    def _on_wizard_closed(self) -> None:
        if self.wizard is not None and self.wizard.is_writing:
            return
        self.stack.setCurrentWidget(self.home)
        self._drop_wizard()
        self.new_button.setFocus()

    def _on_report_written(self, _record: ExportRecord) -> None:
        self.past.reload()
        self.report_written.emit()
