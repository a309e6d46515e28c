# SPDX-License-Identifier: GPL-3.0-or-later
"""Each translated language: every text the screens show is translated, and the layout
direction follows the language."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget, QWidget

from desktop import i18n
from desktop.ui import application
from tests.ui.conftest import CODES, PASSPHRASE

# Names that stay in Latin letters in every language.
ALLOWED = re.compile(
    r"Bastion|Ctrl\+Shift\+Q|Ctrl|Shift|Esc|Caps Lock|vault\.key|vault\.db|Argon2id|MiB|USB|JSON"
    # File names and key formats quoted in instructions (wmf.json.minisig, age1…, SHA-256).
    r"|[\w.-]*\.(?:json|minisig|age|bastionpack)\b|\bage1|AGE-SECRET-KEY|SHA-256|\bage\b|minisign"
    # Names people see in Tor's own software: the proxy protocol, Tor, Tor Browser.
    r"|SOCKS5|\bTor Browser\b|\bTor\b"
    # Web addresses given as examples (ar.wikipedia.org).
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net)\b"
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def _texts(root: QWidget, data_dir: Path) -> list[str]:
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName() in {"suggestionText", "appTitle"}:
            continue  # the suggested words are English word-list words by design
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        if isinstance(widget, QListWidget):
            found.extend(widget.item(i).text() for i in range(widget.count()))
        found.append(widget.toolTip())
        found.append(widget.accessibleName())
    return [t.replace(str(data_dir), "") for t in found if t]


def _untranslated(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH_WORD.search(ALLOWED.sub("", t))]


@pytest.mark.parametrize("code", CODES)
def test_every_screen_is_fully_translated(
    qtbot, qapp, compiled_locale, make_window, existing_vault, code
):
    assert i18n.set_language(code) == code
    try:
        application.configure(qapp)
        rtl = i18n.is_right_to_left(code)
        expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        assert qapp.layoutDirection() == expected
        window = make_window()
        window.unlock_view.show_failure("")  # shows the busy/error widgets' texts too
        assert _untranslated(_texts(window, existing_vault)) == []
        assert _untranslated(_texts(window.setup_view, existing_vault)) == []
        with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
            window.session.unlock(PASSPHRASE)
        shell = window.shell
        # Every area, each loaded when first shown (on a worker), then the entry form.
        for area in (shell.LEARN, shell.JOURNAL, shell.REPORTS, shell.SETTINGS):
            shell.show_area(area)
            qtbot.wait(400)
            assert _untranslated(_texts(shell, existing_vault)) == [], area
        shell.show_area(shell.JOURNAL)
        shell.journal_area.new_button.click()
        qtbot.wait(200)
        assert _untranslated(_texts(shell, existing_vault)) == []
        combo = window.settings_view.autolock
        items = [combo.itemText(i) for i in range(combo.count())]
        assert _untranslated(items) == []
    finally:
        i18n.set_language(None)
        application.configure(qapp)


def test_english_source_check_catches_untranslated_text():
    """The detector itself: English text is flagged, allowed names are not."""
    assert _untranslated(["Unlock", "قفل Bastion Ctrl+Shift+Q"]) == ["Unlock"]


def test_qt_and_cldr_agree_on_direction_for_every_language():
    """The UI takes direction from QLocale (fast at start-up); the core from Babel/CLDR."""
    for entry in i18n.languages():
        expected = (
            Qt.LayoutDirection.RightToLeft
            if entry.right_to_left
            else Qt.LayoutDirection.LeftToRight
        )
        assert application.layout_direction(entry.code) == expected, entry.code


def _zeros(text: str) -> set[int]:
    """The numbering systems of the digits in `text`, each as the code point of its zero."""
    return {ord(c) - unicodedata.digit(c) for c in text if unicodedata.digit(c, None) is not None}


@pytest.mark.parametrize("code", CODES)
def test_qt_widgets_write_digits_as_the_rest_of_the_app(qtbot, qapp, compiled_locale, code):
    """Arabic text (Babel) had Latin digits while Qt's date field, set to Qt's Egyptian
    Arabic, showed Arabic-Indic ones: both now write the same digits."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QSpinBox

    from desktop.i18n.formats import format_size

    assert i18n.set_language(code) == code
    try:
        application.configure(qapp)
        date = QDateEdit(QDate(2026, 12, 7))
        number = QSpinBox()
        number.setRange(0, 100_000)
        number.setValue(1234)
        for widget in (date, number):
            qtbot.addWidget(widget)
        text = _zeros(format_size(123_456_789))
        assert len(text) == 1
        assert _zeros(date.text()) == text
        assert _zeros(number.text()) == text
    finally:
        i18n.set_language(None)
        application.configure(qapp)


def test_persian_date_and_time_fields_use_its_calendar_and_read_left_to_right(
    qtbot, qapp, compiled_locale
):
    """The date field is in the Solar Hijri calendar like every Persian date in text, and
    date and time read left to right inside the mirrored layout (14:30 had shown as ۳۰:۱۴)."""
    from datetime import date

    from PySide6.QtCore import QDate, QTime

    from desktop.i18n.formats import format_day
    from desktop.ui.kit.dates import date_field, time_field

    assert i18n.set_language("fa") == "fa"
    try:
        application.configure(qapp)
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        day, clock = date_field(), time_field()
        for widget in (day, clock):
            qtbot.addWidget(widget)
            assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight
        day.setDate(QDate(2026, 12, 7))
        clock.setTime(QTime(14, 30))
        assert day.text() == format_day(date(2026, 12, 7), "short") == "۱۴۰۵/۹/۱۶"
        assert day.date() == QDate(2026, 12, 7)  # stored as it always was
        assert clock.text() == "۱۴:۳۰"
    finally:
        i18n.set_language(None)
        application.configure(qapp)
