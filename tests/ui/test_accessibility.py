# SPDX-License-Identifier: GPL-3.0-or-later
"""Every interactive widget on every screen has a name a screen reader can say.

Walks first run, the unlock screen, the four areas, the journal's entry editor and every
step of the report wizard, in English and in a right-to-left language, and asks Qt's
accessibility layer (what a screen reader gets) for each visible control's name. A button
named only by an icon, a field with no label tied to it, fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from desktop import i18n
from desktop.ui import application
from desktop.ui.security.erase_dialog import EraseVaultDialog
from desktop.vault import FLOOR, Vault
from tests.ui.conftest import PASSPHRASE

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
)


def unnamed(root: QWidget) -> list[str]:
    """The visible controls under `root` that a screen reader could not name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        # Qt's own parts of a composite control (a spin box's text field, a scroll area's
        # bars) are named through their owner.
        if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            parent = widget.parentWidget()
            owner = type(parent).__name__ if parent is not None else "-"
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in {owner}")
    return found


@pytest.mark.parametrize("code", ["en", "ar"])
def test_every_control_on_every_screen_has_a_name(
    qtbot: Any, qapp: Any, compiled_locale: Any, make_window: Any, ui_data_dir: Any, code: str
) -> None:
    assert i18n.set_language(code) == code
    try:
        application.configure(qapp)
        first = make_window()
        assert first.current_screen == "setup"
        assert unnamed(first) == [], "first run"
        Vault(ui_data_dir).create(PASSPHRASE, FLOOR)
        window = make_window()
        assert unnamed(window) == [], "unlock"
        with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
            window.session.unlock(PASSPHRASE)
        shell = window.shell
        for area in (shell.LEARN, shell.JOURNAL, shell.REPORTS, shell.SETTINGS):
            shell.show_area(area)
            qtbot.wait(300)  # each area loads on a worker
            assert unnamed(window) == [], f"area {area}"
        shell.show_area(shell.JOURNAL)
        journal = shell.journal_area
        journal.new_button.click()
        qtbot.wait(200)
        assert unnamed(window) == [], "entry editor"
        shell.show_area(shell.REPORTS)
        wizard = shell.reports_area.start_report()
        qtbot.waitUntil(lambda: wizard.entries.has_loaded, timeout=10_000)
        assert unnamed(window) == [], "report wizard, step 1"
        carry = shell.reports_area.start_carry()
        qtbot.waitUntil(lambda: not carry.is_working, timeout=10_000)
        assert unnamed(carry) == [], "carry a sealed report"
        carry.reject()
        security = window.settings_view.security
        shell.show_area(shell.SETTINGS)
        change = security.change_passphrase()
        assert unnamed(change) == [], "change the passphrase"
        change.reject()
        security.erase()
        erase = security.findChild(EraseVaultDialog)
        assert erase is not None
        assert unnamed(erase) == [], "erase the vault"
        erase.reject()
    finally:
        i18n.set_language(None)
        application.configure(qapp)


def test_the_walk_finds_an_unnamed_control(qtbot: Any) -> None:
    """The check itself: a field with no name, label or text is caught, a named one is not."""
    root = QWidget()
    qtbot.addWidget(root)
    bare = QLineEdit(root)
    named = QLineEdit(root)
    named.setAccessibleName("Search the journal")
    root.show()
    assert unnamed(root) == ["QLineEdit '' in QWidget"]
    bare.setAccessibleName("Title")
    assert unnamed(root) == []
