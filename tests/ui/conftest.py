# SPDX-License-Identifier: GPL-3.0-or-later
"""UI fixtures: a real MainWindow over a real vault in a temporary data directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QRadioButton

from desktop import i18n
from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from desktop.vault import FLOOR, Vault

PASSPHRASE = "orbit lantern kettle vivid meadow"
ROOT = Path(__file__).resolve().parents[2]
CODES = sorted(p.parts[-3] for p in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


class LeaveSpy:
    """Stands in for process exit, so a test can watch quick exit end the app."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


@pytest.fixture
def ui_data_dir(tmp_path: Path) -> Path:
    return tmp_path / "ui-data"


@pytest.fixture
def existing_vault(ui_data_dir: Path) -> Path:
    """A locked vault already on disk (later runs show the unlock screen)."""
    vault = Vault(ui_data_dir)
    vault.create(PASSPHRASE, FLOOR)
    vault.lock()
    return ui_data_dir


@pytest.fixture
def leave_spy() -> LeaveSpy:
    return LeaveSpy()


@pytest.fixture
def make_window(
    qtbot, ui_data_dir: Path, leave_spy: LeaveSpy
) -> Iterator[Callable[[], MainWindow]]:
    created: list[MainWindow] = []

    def make() -> MainWindow:
        # kdf_target_seconds=0 keeps key derivation at the floor (64 MiB, t=3): fast tests,
        # the same code path as a calibrated vault.
        session = Session(Vault(ui_data_dir, kdf_target_seconds=0))
        window = MainWindow(session, ui_data_dir, leave=leave_spy)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        created.append(window)
        return window

    yield make
    for window in created:
        window.session.vault.lock()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        app.clipboard().clear()


def click(qtbot, widget: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    """Click as a person would: the widget must be visible and enabled."""
    assert widget.isVisible(), widget.accessibleName()
    assert widget.isEnabled(), widget.accessibleName()
    # A check box or radio button answers only on its mark and its text, not the whole row.
    where = widget.rect().center()
    if isinstance(widget, QCheckBox | QRadioButton):
        where = QPoint(8, widget.height() // 2)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


@pytest.fixture
def compiled_locale(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """Compile the catalogs for this test, independent of `make catalogs`."""
    locale = tmp_path / "locale"
    for code in CODES:
        with (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
            catalog = read_po(f, locale=code)
        target = locale / code / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True)
        with target.open("wb") as f:
            write_mo(f, catalog)
    monkeypatch.setattr(i18n, "locale_dir", lambda: locale)
    return locale
