# SPDX-License-Identifier: GPL-3.0-or-later
"""Links between lessons: a `lesson:` link opens that lesson in the Learn area, by mouse or by
keyboard, and asks nothing; a web link in the same lesson still asks before it leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextCursor

from desktop.training.archive import source_files
from desktop.training.model import Pack
from desktop.training.store import Training
from desktop.training.validate import load_pack
from desktop.ui.kit import dialogs
from desktop.ui.learn import reader as reader_module
from desktop.ui.learn.area import LearnArea
from desktop.ui.learn.places import LESSON
from desktop.vault import Vault
from tests.training.sample import FIRST_MODULE, PACK_ID, write_sample_pack

PASSWORDS = f"{FIRST_MODULE}/passwords"
UPDATES = "basics/devices/updates"  # in another module of the pack
WEB = "https://meta.wikimedia.org/wiki/Password_strength_requirements"


@pytest.fixture
def sample_pack(tmp_path: Path) -> Pack:
    folder = write_sample_pack(tmp_path / "sample")
    lesson = folder / "pathways/basics/accounts/passwords.en.md"
    text = lesson.read_text(encoding="utf-8")
    # The lesson link first, so that the first Tab reaches it and the second the web link.
    lesson.write_text(
        text.replace("every account.", f"every account, and [update](lesson:{UPDATES}).", 1),
        encoding="utf-8",
    )
    return load_pack(source_files(folder))


@pytest.fixture
def asked(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Addresses the reader asked about opening; every answer is no."""
    seen: list[str] = []
    monkeypatch.setattr(reader_module, "ask_to_open", lambda _p, url: seen.append(url) or False)
    return seen


@pytest.fixture
def area(qtbot, vault: Vault, sample_pack: Pack, asked: list[str]) -> LearnArea:  # type: ignore[no-untyped-def]
    widget = LearnArea(Training(vault, bundled=sample_pack))
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.has_loaded)
    return widget


def open_passwords(qtbot, area: LearnArea) -> None:  # type: ignore[no-untyped-def]
    area.open_lesson(PACK_ID, PASSWORDS)
    qtbot.waitUntil(lambda: area.has_loaded and area.lesson_page.next_button.isEnabled())


def no_dialogs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def forbidden(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a lesson link must not ask anything")

    monkeypatch.setattr(dialogs, "confirm", forbidden)
    monkeypatch.setattr(reader_module, "confirm", forbidden)
    monkeypatch.setattr(QDesktopServices, "openUrl", forbidden)


def test_clicking_a_lesson_link_opens_that_lesson_without_asking(qtbot, area, asked, monkeypatch):
    no_dialogs(monkeypatch)
    open_passwords(qtbot, area)
    browser = area.lesson_page.browser
    found = browser.document().find("update")
    assert not found.isNull()
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 2)  # inside the link's text
    where = browser.cursorRect(cursor).center()
    with qtbot.waitSignal(browser.lesson_link_clicked) as clicked:
        qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert clicked.args == [UPDATES]
    assert area.location == (LESSON, PACK_ID, UPDATES)
    qtbot.waitUntil(lambda: area.has_loaded and area.lesson_page.next_button.isEnabled())
    assert "Install updates quickly." in area.lesson_page.browser.toPlainText()
    assert asked == []


def test_enter_on_a_focused_lesson_link_opens_it(qtbot, area, asked, monkeypatch):
    no_dialogs(monkeypatch)
    open_passwords(qtbot, area)
    browser = area.lesson_page.browser
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # to the first link, by keyboard
    assert browser.textCursor().selectedText() == "update"
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert area.location == (LESSON, PACK_ID, UPDATES)
    assert area.lesson_page.key == UPDATES
    assert asked == []


def test_a_web_link_beside_it_still_asks(qtbot, area, asked, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    open_passwords(qtbot, area)
    browser = area.lesson_page.browser
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # past the lesson link, to the web link
    assert browser.textCursor().selectedText() == "the password guide"
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert asked == [WEB]
    assert opened == []  # declined
    assert area.location == (LESSON, PACK_ID, PASSWORDS)


def test_back_from_the_linked_lesson_goes_to_its_module(qtbot, area, monkeypatch):
    no_dialogs(monkeypatch)
    open_passwords(qtbot, area)
    area.lesson_page.browser.lesson_link_clicked.emit(UPDATES)
    assert area.location == (LESSON, PACK_ID, UPDATES)
    qtbot.waitUntil(lambda: area.has_loaded and area.lesson_page.next_button.isEnabled())
    area.go_back()
    assert area.location[2] == "basics/devices"


def test_an_unknown_lesson_key_changes_nothing(qtbot, area, monkeypatch):
    no_dialogs(monkeypatch)
    open_passwords(qtbot, area)
    area.lesson_page.browser.lesson_link_clicked.emit("basics/devices/missing")
    assert area.location == (LESSON, PACK_ID, PASSWORDS)
