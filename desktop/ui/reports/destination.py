# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 4: where the encrypted report goes: a file (a USB stick) or the outbox.

The save dialog is the kit's (kit/dialogs): Qt's own dialog, whose traces in Qt's
settings are put back afterwards, so nothing records where a report was saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QHBoxLayout, QRadioButton, QWidget

from desktop.i18n import _
from desktop.messages import describe
from desktop.reports.errors import DestinationExistsError
from desktop.reports.exports import neutral_name
from desktop.ui.kit import dialogs
from desktop.ui.kit.direction import align_to_ui, ltr
from desktop.ui.kit.factories import button, hint
from desktop.ui.kit.text import breakable
from desktop.ui.reports.common import Page, named
from desktop.ui.widgets import SafeLabel

SUFFIX = ".age"


class DestinationPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The report is encrypted before anything is written, wherever you choose."), parent
        )
        self.title = _("Choose where it goes")
        self._path: Path | None = None

        self.to_file = QRadioButton(_("Save to a file (for example on a USB stick)"))
        named(self.to_file)
        self.to_outbox = QRadioButton(_("Keep it in the outbox to upload later"))
        named(self.to_outbox)
        self.group = QButtonGroup(self)
        self.group.addButton(self.to_file)
        self.group.addButton(self.to_outbox)
        self.to_file.setChecked(True)

        self.column.addWidget(self.to_file)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        self.choose_button = button(_("Choose…"), _("Choose where to save the report"))
        row.addWidget(self.choose_button)
        self.path_label = SafeLabel()
        self.path_label.setObjectName("reportPath")
        row.addWidget(self.path_label, 1)
        self.column.addLayout(row)
        self.file_hint = hint(
            _(
                "Only the people you chose can open the file, so it can be carried on any USB "
                "stick or sent by any means."
            )
        )
        self.file_hint.setIndent(24)
        self.column.addWidget(self.file_hint)

        self.column.addWidget(self.to_outbox)
        self.outbox_hint = hint(
            _(
                "Bastion uploads it, encrypted, to the intake server of each organisation you "
                "chose, as soon as this computer is connected, unless sending is paused or "
                "turned off in Settings. Keys you added by hand have no server: a report only "
                "for them stays here. Until it is sent you can pause it or remove it under "
                "Reports."
            )
        )
        self.outbox_hint.setIndent(24)
        self.column.addWidget(self.outbox_hint)
        # For a volunteer who wants the report ready but not yet gone: sent only when they
        # say so under Reports ("Send now").
        self.hold = QCheckBox(_("Keep it here, don't send it yet"))
        self.hold.setToolTip(_("It stays in the outbox until you choose Send now under Reports."))
        held_row = QHBoxLayout()
        held_row.setContentsMargins(24, 0, 0, 0)
        held_row.addWidget(self.hold)
        held_row.addStretch(1)
        self.column.addLayout(held_row)
        self.finish_layout()
        align_to_ui(self.body)

        self.choose_button.clicked.connect(self.choose_file)
        self.to_file.toggled.connect(self._on_kind_toggled)
        self._update()

    # ------------------------------------------------------------------ the choice
    @property
    def to_outbox_chosen(self) -> bool:
        return self.to_outbox.isChecked()

    @property
    def path(self) -> Path | None:
        return self._path

    def destination(self) -> Path | None:
        """The file to write, or None for the outbox."""
        return None if self.to_outbox_chosen else self._path

    @property
    def hold_chosen(self) -> bool:
        """The outbox, but not to be sent until the volunteer says so."""
        return self.to_outbox_chosen and self.hold.isChecked()

    def choose_file(self) -> None:
        chosen = dialogs.choose_save_path(self, _("Save the encrypted report"), neutral_name())
        if chosen is not None:
            self.set_path(chosen)

    def set_path(self, path: Path) -> None:
        """Use `path` (the dialog's answer; tests and screenshots call it directly)."""
        if path.suffix.lower() != SUFFIX:
            # The receiving team's tools recognise the encrypted file by its name.
            path = path.with_name(path.name + SUFFIX)
        path = path.absolute()
        self.to_file.setChecked(True)
        if path.exists():
            # The dialog may have asked "replace it?": Bastion never does, so say so now.
            self._path = None
            self.error.show_message(describe(DestinationExistsError()))
        else:
            self._path = path
            self.error.clear_message()
        self._update()

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    def _on_kind_toggled(self, _checked: bool) -> None:
        self.error.clear_message()
        self._update()

    def _update(self) -> None:
        to_file = self.to_file.isChecked()
        self.choose_button.setEnabled(to_file)
        self.hold.setEnabled(not to_file)
        if self._path is None:
            text = _("No place chosen yet.")
        else:
            text = _("It will be saved as {path}").format(path=ltr(breakable(str(self._path))))
        self.path_label.setText(text)
        self.path_label.setAccessibleName(text)
        self.path_label.setEnabled(to_file)

    def problem(self) -> str:
        if self.to_file.isChecked() and self._path is None:
            return _("Choose where to save the report, or keep it in the outbox.")
        return ""

    def controls(self) -> list[QWidget]:
        return [self.to_file, self.choose_button, self.to_outbox, self.hold]

    def activate(self) -> None:
        checked = self.group.checkedButton()
        (checked or self.to_file).setFocus()
