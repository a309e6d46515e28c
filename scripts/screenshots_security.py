# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of Settings › Security and of carrying a sealed report, for
scripts/screenshots.py: the section, the change-passphrase and erase dialogs, a confirmed
organisation's card (Withdraw trust…), and Reports › Carry a sealed report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.ui.main_window import MainWindow
from desktop.ui.security.erase_dialog import EraseVaultDialog
from desktop.ui.security.passphrase_dialog import ChangePassphraseDialog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _grab(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def render_security(window: MainWindow, outdir: Path, tag: str, until: Callable[..., None]) -> None:
    from tests.sync.support import add_org

    shell, settings = window.shell, window.settings_view
    assert shell is not None
    assert settings is not None
    security = settings.security
    assert security is not None
    shell.show_area(shell.SETTINGS)
    settings.scroll_area.ensureWidgetVisible(security)
    until(lambda: False, 300)
    _grab(window, outdir / f"{tag}-4b-security.png")

    change = security.change_passphrase()  # type: ignore[attr-defined]
    change.new.setText("harbour quilt meteor saddle pigeon")
    until(lambda: False, 300)
    _grab(change, outdir / f"{tag}-4c-change-passphrase.png")
    change.reject()

    security.erase()  # type: ignore[attr-defined]
    erase = security.findChild(EraseVaultDialog)
    assert erase is not None
    erase.typed.setText(erase.word[:-1])  # not yet the whole word: the button stays off
    until(lambda: False, 300)
    _grab(erase, outdir / f"{tag}-4d-erase.png")
    erase.reject()
    erase.deleteLater()
    for dialog in security.findChildren(ChangePassphraseDialog):
        dialog.deleteLater()

    # A confirmed organisation with a server: its card offers Withdraw trust…, and a sealed
    # report can be carried to it.
    add_org(window.session.vault, "https://intake.example.org/files/")
    organisations = settings.organisations
    organisations.reload()  # type: ignore[union-attr]
    until(lambda: organisations.has_loaded)  # type: ignore[union-attr]
    settings.scroll_area.ensureWidgetVisible(organisations)
    until(lambda: False, 300)
    _grab(window, outdir / f"{tag}-4e-organisation-confirmed.png")

    reports = shell.reports_area
    shell.show_area(shell.REPORTS)
    carry = reports.start_carry()  # type: ignore[attr-defined]
    until(lambda: carry.organisation.count() > 0)
    carry.source = Path("/media/stick/5e1f0a9c.age")
    carry.file_label.setText("\u202a5e1f0a9c.age\u202c")
    carry._set_ready()
    until(lambda: False, 300)
    _grab(carry, outdir / f"{tag}-16-carry.png")
    carry.reject()
