# SPDX-License-Identifier: GPL-3.0-or-later
"""Carry a sealed report for someone else: their exported `.age` file into this outbox, for
an organisation the volunteer confirmed, uploaded at the next connection (desktop/reports/
carry.py). The dialog says plainly what the courier can and cannot see, and what carrying
the file means if they are searched, before anything is copied.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.journal.store import Journal
from desktop.profiles import Profiles, StoredProfile
from desktop.reports.carry import carry_report
from desktop.reports.exports import ExportRecord
from desktop.ui.kit import dialogs
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.work import Outcome
from desktop.ui.reports.common import PageWork, check_box
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel


def carriable(profiles: list[StoredProfile]) -> list[StoredProfile]:
    """Organisations a report can be carried to: confirmed, with a server to upload to."""
    return [p for p in profiles if p.verified_at is not None and p.profile.intake_url is not None]


class CarryDialog(QDialog):
    """Emits `carried(ExportRecord)` and closes once the copy is in the outbox."""

    carried = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.source: Path | None = None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Carry a sealed report"))
        self.resize(620, 420)
        column = QVBoxLayout(self)
        self.intro = SafeLabel(
            _(
                "Someone who cannot get online can give you a report they exported to a file. "
                "Bastion keeps a copy in your outbox and uploads it to the organisation the "
                "next time you are connected.\n\n"
                "It is encrypted to the organisation's keys: you cannot read it, and neither "
                "can anyone who takes it from you. But the file shows that you carry a report, "
                "and the list of your reports says whom it is for. Delete the copy you were "
                "given once it is in your outbox, if you can."
            )
        )
        column.addWidget(self.intro)

        form = QFormLayout()
        self.organisation = QComboBox()
        self.organisation.setAccessibleName(_("Send it to"))
        form.addRow(_("Send it to"), self.organisation)
        file_row = QHBoxLayout()
        self.file_label = SafeLabel(_("No file chosen"))
        self.choose_button = QPushButton(_("Choose the file…"))
        self.choose_button.setAccessibleName(_("Choose the sealed report file"))
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose_button)
        form.addRow(_("Sealed report"), file_row)
        column.addLayout(form)
        self.hold = check_box(_("Keep it here, don't send it yet"))
        column.addWidget(self.hold)
        self.none_hint = SafeLabel(
            _(
                "A report can be carried only to an organisation whose fingerprints you "
                "confirmed and that has a server to upload to. Add or confirm one in Settings "
                "(Organisations and keys) first."
            )
        )
        self.none_hint.setObjectName("hint")
        self.none_hint.setVisible(False)
        column.addWidget(self.none_hint)
        self.error = ErrorLabel()
        column.addWidget(self.error)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Copying the sealed report into the outbox"))
        column.addWidget(self.busy)
        column.addStretch(1)
        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.add_button = QPushButton(_("Add to the outbox"))
        self.add_button.setAccessibleName(self.add_button.text())
        self.add_button.setObjectName("primary")
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.add_button)
        column.addLayout(row)
        align_to_ui(self)

        self._work = PageWork(journal, self.busy, self.error)
        self.cancel_button.clicked.connect(self.reject)
        self.choose_button.clicked.connect(self.choose_file)
        self.add_button.clicked.connect(self.add)
        self._load()

    # ------------------------------------------------------------------ organisations
    def _load(self) -> None:
        self._set_ready()
        vault = self._journal.vault
        self._work.start(lambda: carriable(Profiles(vault).all()), self._on_loaded)

    def _on_loaded(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            return
        self.organisation.clear()
        for stored in outcome.value:
            self.organisation.addItem(isolate(stored.profile.name), stored.profile.org_id)
        self.none_hint.setVisible(self.organisation.count() == 0)
        self._set_ready()
        self.organisation.setFocus()

    # ------------------------------------------------------------------ file
    def choose_file(self) -> None:
        chosen = dialogs.choose_files(self, _("Choose the sealed report"))
        if not chosen:
            return
        self.source = chosen[0]
        # A file name reads left to right in every language; only the name, not the folder.
        self.file_label.setText(ltr(self.source.name))
        self.error.clear_message()
        self._set_ready()

    def _set_ready(self) -> None:
        ready = not self._work.running and self.source is not None and self.organisation.count() > 0
        self.add_button.setEnabled(ready)
        self.add_button.setDefault(ready)

    # ------------------------------------------------------------------ copy
    def add(self) -> None:
        org_id = self.organisation.currentData()
        if self.source is None or org_id is None or self._work.running:
            return
        self.error.clear_message()
        vault, source, hold = self._journal.vault, self.source, self.hold.isChecked()
        self._work.start(
            lambda: carry_report(vault, Profiles(vault), source, str(org_id), hold=hold),
            self._on_added,
        )
        self._set_ready()

    def _on_added(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            self._set_ready()
            return
        record: ExportRecord = outcome.value
        self.carried.emit(record)
        self.accept()

    @property
    def is_working(self) -> bool:
        return self._work.running
