# SPDX-License-Identifier: GPL-3.0-or-later
"""Time zone choice for the editor: an editable list of IANA names with completion."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QStringListModel, Qt, QTimeZone
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.i18n import _
from desktop.ui.kit.work import Outcome, attempt, log_crash
from desktop.ui.tasks import run_in_thread

_names: list[str] | None = None  # read once per run: listing the tz database takes ~0.1 s


def zone_names() -> list[str]:
    """Every IANA zone name this system knows, sorted (reads the tz database: a worker)."""
    global _names
    if _names is None:
        _names = sorted(zoneinfo.available_timezones())
    return _names


def is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def system_zone() -> str:
    """The computer's time zone if it is an IANA name, else "" (not known)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", errors="replace")
    return name if name and is_zone(name) else ""


class ZoneBox(QComboBox):
    """An editable combo box of zone names; typing any part of a name (Kolkata) finds it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._model = QStringListModel(self)
        self.setModel(self._model)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        name = _("Time zone")
        self.setAccessibleName(name)
        line = self.lineEdit()
        if line is not None:  # always, for an editable combo box
            line.setAccessibleName(name)
            # Translators: shown in the empty time zone field.
            line.setPlaceholderText(_("Not known"))
        if _names is not None:
            self._fill(_names)
        else:
            task = run_in_thread(attempt(0, zone_names))
            task.succeeded.connect(self._on_names_loaded)
            task.failed.connect(log_crash)

    def zone(self) -> str:
        return self.currentText().strip()

    def set_zone(self, name: str) -> None:
        index = self.findText(name) if name else -1
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(name)

    def _fill(self, names: list[str]) -> None:
        text = self.currentText()
        self._model.setStringList(names)
        self.setEditText(text)

    def _on_names_loaded(self, outcome: Outcome) -> None:
        if outcome.error is None:
            self._fill(outcome.value)
