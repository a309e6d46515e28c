# SPDX-License-Identifier: GPL-3.0-or-later
"""The text size preference: kept outside the vault, applied at start and at once from
Settings, and at the largest size no label or button on the main screens is cut off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QWidget,
)

from desktop import config, i18n
from desktop.ui import application
from desktop.ui.kit.geometry import default_size
from desktop.vault import FLOOR, Vault
from tests.ui.conftest import PASSPHRASE

LARGEST = max(config.TEXT_SIZE_CHOICES)


@pytest.fixture
def restore_fonts(qapp: QApplication) -> Iterator[None]:
    """Other tests expect the default size: put back the font, sheet and language."""
    font, sheet = qapp.font(), qapp.styleSheet()
    yield
    i18n.set_language(None)
    application.apply_text_size(qapp, config.TEXT_SIZE_DEFAULT)
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


# ---------------------------------------------------------------------- the preference


def test_the_text_size_round_trips(tmp_path: Path) -> None:
    config.Preferences(language="hi", text_size=125).save(tmp_path)
    loaded = config.Preferences.load(tmp_path)
    assert (loaded.language, loaded.text_size) == ("hi", 125)
    document = json.loads((tmp_path / config.PREFS_NAME).read_text(encoding="utf-8"))
    assert document["version"] == config.PREFS_VERSION


def test_a_file_without_a_text_size_gives_the_default(tmp_path: Path) -> None:
    # What versions before the setting wrote: the language must still be read.
    (tmp_path / config.PREFS_NAME).write_text('{"version": 1, "language": "ar"}')
    loaded = config.Preferences.load(tmp_path)
    assert (loaded.language, loaded.text_size) == ("ar", config.TEXT_SIZE_DEFAULT)


@pytest.mark.parametrize(
    "junk", [0, 99, 101, 1000, -150, "150", 150.0, True, None, [150], {"size": 150}]
)
def test_a_junk_text_size_gives_the_default(tmp_path: Path, junk: object) -> None:
    document = {"version": config.PREFS_VERSION, "language": "ar", "text_size": junk}
    (tmp_path / config.PREFS_NAME).write_text(json.dumps(document))
    loaded = config.Preferences.load(tmp_path)
    assert (loaded.language, loaded.text_size) == ("ar", config.TEXT_SIZE_DEFAULT)


# ---------------------------------------------------------------------- applying it


def test_the_style_sheet_sizes_scale() -> None:
    sheet = "QLabel#a { font-size: 18pt; }\nQLabel#b { font-size:12px; padding: 6px; }"
    assert application.scaled_style_sheet(sheet, 100) == sheet
    assert application.scaled_style_sheet(sheet, 150) == (
        "QLabel#a { font-size: 27pt; }\nQLabel#b { font-size:18px; padding: 6px; }"
    )
    assert "font-size: 22.5pt" in application.scaled_style_sheet(sheet, 125)


@pytest.mark.usefixtures("restore_fonts")
def test_configure_applies_the_text_size_before_any_window(qapp: QApplication) -> None:
    application.configure(qapp)
    default = qapp.font().pointSizeF()
    application.configure(qapp, text_size=LARGEST)
    assert application.text_size() == LARGEST
    assert qapp.font().pointSizeF() == pytest.approx(default * LARGEST / 100)
    assert "font-size: 27pt" in qapp.styleSheet()  # the heading's 18pt
    application.configure(qapp, text_size=7)  # as an edited preferences file could say
    assert application.text_size() == config.TEXT_SIZE_DEFAULT
    assert qapp.font().pointSizeF() == pytest.approx(default)


@pytest.mark.usefixtures("restore_fonts")
def test_the_arabic_script_scale_and_the_text_size_combine(
    qapp: QApplication, compiled_locale: Any
) -> None:
    application.configure(qapp)
    default = qapp.font().pointSizeF()
    assert i18n.set_language("ar") == "ar"
    application.configure(qapp, text_size=LARGEST)
    assert qapp.font().pointSizeF() == pytest.approx(default * 1.15 * LARGEST / 100)


def _unlocked(qtbot: Any, make_window: Any, ui_data_dir: Path) -> Any:
    Vault(ui_data_dir).create(PASSPHRASE, FLOOR)
    window = make_window()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.session.unlock(PASSPHRASE)
    return window


@pytest.mark.usefixtures("restore_fonts")
def test_a_text_size_chosen_in_settings_applies_at_once_and_is_kept(
    qtbot: Any, qapp: QApplication, make_window: Any, ui_data_dir: Path
) -> None:
    application.configure(qapp)
    default = qapp.font().pointSizeF()
    window = _unlocked(qtbot, make_window, ui_data_dir)
    window.shell.show_area(window.shell.SETTINGS)
    settings = window.settings_view
    assert settings.text_size.currentData() == config.TEXT_SIZE_DEFAULT
    heading = settings.findChild(QLabel, "heading")
    before = heading.font().pointSizeF()
    settings.text_size.setCurrentIndex(settings.text_size.findData(LARGEST))
    assert qapp.font().pointSizeF() == pytest.approx(default * LARGEST / 100)
    assert heading.font().pointSizeF() == pytest.approx(before * LARGEST / 100)
    # Kept outside the vault, so the lock screen uses it at the next start.
    qtbot.waitUntil(
        lambda: config.Preferences.load(ui_data_dir).text_size == LARGEST, timeout=5_000
    )
    assert window.prefs.text_size == LARGEST


# ---------------------------------------------------------------------- nothing cut off


def clipped(root: QWidget, where: str) -> list[str]:
    """Visible labels and buttons smaller than their text needs, in the direction that cuts
    it off: a wrapping label's height, anything else's width (or height)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisibleTo(root):
            continue
        if not widget.text().strip() or widget.objectName().startswith("qt_"):
            continue
        need = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            need = QSize(0, widget.heightForWidth(widget.width()))
        if widget.width() < need.width() or widget.height() < need.height():
            found.append(
                f"{where}: {type(widget).__name__} {widget.text()[:40]!r}"
                f" is {widget.width()}×{widget.height()}, needs {need.width()}×{need.height()}"
            )
        elif _cut_by_container(widget, root):
            found.append(f"{where}: {type(widget).__name__} {widget.text()[:40]!r} cut at a side")
    return found


def _cut_by_container(widget: QWidget, root: QWidget) -> bool:
    """Whether a container shows less than the widget's width (a page wider than the
    scroll area that holds it, with no horizontal scroll bar to reach the rest)."""
    left = widget.mapTo(root, QPoint(0, 0)).x()
    right = left + widget.width()
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        area = parent.parentWidget()
        if (
            isinstance(area, QAbstractScrollArea)
            and parent is area.viewport()
            and area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            return False  # scrolls sideways: the rest can be reached
        start = parent.mapTo(root, QPoint(0, 0)).x()
        if left < start - 1 or right > start + parent.width() + 1:
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.usefixtures("restore_fonts")
@pytest.mark.parametrize("code", ["en", "ar", "hi"])
def test_nothing_is_cut_off_at_the_largest_size(
    qtbot: Any,
    qapp: QApplication,
    compiled_locale: Any,
    make_window: Any,
    ui_data_dir: Path,
    code: str,
) -> None:
    assert i18n.set_language(code) == code
    application.configure(qapp, text_size=LARGEST)
    size = default_size(QSize())  # the smallest first window

    def settle(window: Any) -> None:
        window.resize(size)
        qtbot.wait(300)  # areas load on a worker; layouts settle

    first = make_window()
    settle(first)
    first.setup_view.passphrase.setText("password1234")
    first.setup_view.confirmation.setText("password1234")
    first.setup_view.create_button.click()  # the inline refusal shows
    settle(first)
    first.setup_view.suggest_button.click()
    settle(first)
    found = clipped(first, "first run")
    Vault(ui_data_dir).create(PASSPHRASE, FLOOR)
    window = make_window()
    with qtbot.waitSignal(window.session.unlock_failed, timeout=20_000):
        window.session.unlock("not the passphrase")
    settle(window)
    found += clipped(window, "unlock")
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.session.unlock(PASSPHRASE)
    shell = window.shell
    for area, name in ((shell.JOURNAL, "journal"), (shell.SETTINGS, "settings")):
        shell.show_area(area)
        settle(window)
        found += clipped(shell.pages.currentWidget(), name)
    found += clipped(window.findChild(QWidget, "header"), "header")
    shell.show_area(shell.JOURNAL)
    shell.journal_area.new_button.click()
    settle(window)
    found += clipped(shell.pages.currentWidget(), "entry form")
    assert not found, "\n".join(found)
