# SPDX-License-Identifier: GPL-3.0-or-later
"""A module's checklist: one box per item, each tick saved at once (by the area, on a worker).

The boxes show what the vault holds: after each save the area hands back the stored progress
and the boxes follow it, so a save that failed does not leave a tick that was never kept.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.training.model import Module
from desktop.training.progress import Progress
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.kit.factories import hint
from desktop.ui.learn.common import ChoiceRow, ScrollPage, Shown, fallback_note, pack_label
from desktop.ui.learn.common import set_pack_text as set_text
from desktop.ui.widgets import Heading, SafeLabel


class ChecklistPage(ScrollPage):
    item_toggled = Signal(str, bool)  # item key, ticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistPage")
        self.module_key = ""
        self.rows: dict[str, ChoiceRow] = {}
        self.column.addWidget(Heading(_("Checklist")))
        self.module_title = pack_label(object_name="subheading")
        self.column.addWidget(self.module_title)
        self.intro = hint(
            _("Tick each step once you have done it. Your ticks are kept in the vault.")
        )
        self.column.addWidget(self.intro)
        self.count = SafeLabel()
        self.column.addWidget(self.count)
        self.fallback = fallback_note()
        self.column.addWidget(self.fallback)
        self.items = QWidget()
        self.column.addWidget(self.items)
        self.column.addStretch(1)

    def show_module(self, module: Module, progress: Progress) -> None:
        shown = Shown()
        self.module_key = module.key
        set_text(self.module_title, shown(module.title))
        # A fresh set of rows for each module: nothing from the last one lingers.
        old, self.items = self.items, QWidget()
        self.column.replaceWidget(old, self.items)
        old.deleteLater()
        rows = QVBoxLayout(self.items)
        rows.setContentsMargins(0, 4, 0, 4)
        rows.setSpacing(10)
        self.rows = {}
        for item in module.checklist:
            box = QCheckBox()
            row = ChoiceRow(box, shown(item.text))
            # The box is the page's child: the connection cannot outlive the page.
            box.toggled.connect(lambda checked, key=item.key: self._on_toggled(key, checked))
            rows.addWidget(row)
            self.rows[item.key] = row
        self.fallback.setVisible(shown.fell_back)
        self.set_progress(progress)
        align_to_ui(self.body)

    def set_progress(self, progress: Progress) -> None:
        for key, row in self.rows.items():
            row.button.blockSignals(True)
            row.button.setChecked(key in progress.checked)
            row.button.blockSignals(False)
        done = sum(key in progress.checked for key in self.rows)
        total = len(self.rows)
        self.count.setText(
            ngettext("{done} of {total} done", "{done} of {total} done", total).format(
                done=done, total=total
            )
        )
        self.count.setAccessibleName(self.count.text())

    def _on_toggled(self, key: str, checked: bool) -> None:
        if key in self.rows:
            self.item_toggled.emit(key, checked)

    def first_control(self) -> QWidget | None:
        row = next(iter(self.rows.values()), None)
        return row.button if row is not None else None
