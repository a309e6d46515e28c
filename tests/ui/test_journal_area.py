# SPDX-License-Identifier: GPL-3.0-or-later
"""The Journal area: opening entries, new entry, unsaved edits, save/delete, integrity check,
empty states, accessibility, and its life inside the unlocked window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from desktop.journal import Journal, Occurred
from desktop.ui.journal import area as area_module
from desktop.ui.journal.area import JournalArea
from desktop.ui.journal.list_model import UID_ROLE
from desktop.vault import FLOOR, Vault
from tests.journal.conftest import sample
from tests.ui.conftest import PASSPHRASE
from tests.ui.journal_support import PanelSpy, build_area, make_template, open_copy

COUNT = 120


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, list[str]]:
    directory = tmp_path_factory.mktemp("journal-area") / "template"
    return directory, make_template(directory, COUNT)


@pytest.fixture
def vault(template, tmp_path: Path) -> Iterator[Vault]:
    opened = open_copy(template[0], tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def empty_vault(tmp_path: Path) -> Iterator[Vault]:
    created = Vault(tmp_path / "empty")
    created.create(PASSPHRASE, FLOOR)
    yield created
    created.lock()


@pytest.fixture
def panel(monkeypatch) -> PanelSpy:
    spy = PanelSpy()
    spy.install(monkeypatch)
    return spy


@pytest.fixture
def area(qtbot, vault, panel) -> JournalArea:
    return build_area(qtbot, vault)


def _click_row(qtbot, area: JournalArea, row: int) -> str:
    view = area.list_view
    index = area.model.index(row)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return index.data(UID_ROLE)


def _selected_uid(area: JournalArea) -> str | None:
    index = area.list_view.currentIndex()
    selected = area.list_view.selectionModel().isSelected(index) if index.isValid() else False
    return index.data(UID_ROLE) if selected else None


# ---------------------------------------------------------------- opening entries
def test_selecting_entries_opens_them(qtbot, area, panel):
    assert area.detail_stack.currentWidget() is area.empty_page  # nothing opened by itself
    assert panel.shown == []
    uid = _click_row(qtbot, area, 2)
    assert panel.shown == [uid]
    assert area.detail_stack.currentWidget() is area.entry_panel

    qtbot.keyClick(area.list_view, Qt.Key.Key_Down)
    below = area.model.index(3).data(UID_ROLE)
    assert panel.shown == [uid, below]
    qtbot.keyClick(area.list_view, Qt.Key.Key_Return)  # already open: not loaded again
    qtbot.keyClick(area.list_view, Qt.Key.Key_Delete)  # not bound: deleting is the panel's
    assert panel.shown == [uid, below]
    assert area.model.rowCount() == area.model.PAGE_SIZE


def test_new_entry_button_and_shortcuts(qtbot, area, panel):
    _click_row(qtbot, area, 0)
    qtbot.mouseClick(area.new_button, Qt.MouseButton.LeftButton)
    assert panel.new_entries == 1
    assert area.detail_stack.currentWidget() is area.entry_panel
    assert _selected_uid(area) is None  # the list no longer points at another entry
    assert area.shown_uid is None

    area.list_view.setFocus()
    qtbot.keyClick(area.list_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.new_entries == 2

    qtbot.keyClick(area.list_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is area.filters.search


def test_unsaved_changes_are_not_dropped_without_asking(qtbot, area, panel, monkeypatch):
    first = _click_row(qtbot, area, 0)
    panel.unsaved = True
    answers: list[bool] = []
    monkeypatch.setattr(area_module, "ask_to_discard", lambda _parent: answers.pop(0))

    answers.append(False)  # "Keep editing"
    _click_row(qtbot, area, 4)
    qtbot.waitUntil(lambda: not answers)
    qtbot.waitUntil(lambda: _selected_uid(area) == first)
    assert panel.shown == [first]

    answers.append(False)
    qtbot.mouseClick(area.new_button, Qt.MouseButton.LeftButton)
    assert panel.new_entries == 0

    answers.append(True)  # "Discard changes"
    other = _click_row(qtbot, area, 4)
    qtbot.waitUntil(lambda: panel.shown == [first, other])
    assert _selected_uid(area) == other


def test_saved_entry_is_selected_even_far_down_the_list(qtbot, area, panel, vault):
    journal = Journal(vault)
    old = journal.add(sample(title="An old incident", occurred=Occurred(date(2019, 6, 1))))
    vault.close_thread_connection()
    with qtbot.waitSignal(area.model.loaded, timeout=10_000):
        area.entry_panel.saved.emit(old)
    assert area.model.row_of(old) == COUNT  # the oldest: beyond the first page
    assert _selected_uid(area) == old
    assert area.shown_uid == old
    assert panel.shown == []  # the panel already shows what it saved
    assert area.count_label.text() == f"{COUNT + 1} entries"


def test_deleted_entry_gives_way_to_the_next(qtbot, area, panel, vault):
    uid = _click_row(qtbot, area, 5)
    following = area.model.index(6).data(UID_ROLE)
    Journal(vault).delete(uid)
    vault.close_thread_connection()
    with qtbot.waitSignal(area.model.loaded, timeout=10_000):
        area.entry_panel.deleted.emit(uid)
    assert area.model.row_of(uid) == -1
    assert _selected_uid(area) == following
    assert panel.shown[-1] == following
    assert area.count_label.text() == f"{COUNT - 1} entries"


def test_empty_journal_invites_a_first_entry(qtbot, empty_vault, panel):
    area = build_area(qtbot, empty_vault)
    assert area.detail_stack.currentWidget() is area.empty_page
    assert area.empty_text.text().startswith("Your journal is empty.")
    assert area.empty_new_button.isVisible()
    assert area.list_stack.currentWidget() is area.nothing_page
    assert area.count_label.text() == "0 entries"
    qtbot.mouseClick(area.empty_new_button, Qt.MouseButton.LeftButton)
    assert panel.new_entries == 1

    journal = Journal(empty_vault)
    only = journal.add(sample())
    with qtbot.waitSignal(area.model.loaded, timeout=10_000):
        area.entry_panel.saved.emit(only)
    assert area.count_label.text() == "1 entry"
    assert _selected_uid(area) == only

    journal.delete(only)
    empty_vault.close_thread_connection()
    with qtbot.waitSignal(area.model.loaded, timeout=10_000):
        area.entry_panel.deleted.emit(only)
    assert area.detail_stack.currentWidget() is area.empty_page
    assert area.empty_text.text().startswith("Your journal is empty.")


def test_copy_from_the_list_goes_through_the_clipboard_guard(qtbot, area):
    _click_row(qtbot, area, 0)
    qtbot.keyClick(area.list_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert area.model.summary(0).title in QGuiApplication.clipboard().text()
    assert area.clipboard.clear_if_ours()  # so the lock takes it back


# ---------------------------------------------------------------- integrity
def _run_check(qtbot, area: JournalArea) -> str:
    qtbot.mouseClick(area.verify_button, Qt.MouseButton.LeftButton)
    dialog = area.verify_dialog
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=20_000)
    assert not dialog.busy.isVisible()
    return dialog.text


def test_verify_reports_an_intact_journal(qtbot, area):
    text = _run_check(qtbot, area)
    assert text.startswith(f"All {COUNT} entries and their {COUNT} saved versions are intact.")


def test_verify_names_an_altered_entry(qtbot, area, vault, template):
    uid = template[1][7]
    title = Journal(vault).get(uid).content.title
    vault.connection().execute(
        "UPDATE journal_revisions SET content = replace(content, 'street', 'city') "
        "WHERE entry_id = (SELECT id FROM journal_entries WHERE uid = ?)",
        (uid,),
    )
    vault.close_thread_connection()
    text = _run_check(qtbot, area)
    assert text.startswith("1 entry did not pass the check:")
    assert f"\u2068{title}\u2069 (id {uid})" in text
    assert "Version 1 was changed after it was saved." in text
    assert f"The other {COUNT - 1} entries are intact." in text
    assert "copy of the whole data folder" in text
    qtbot.mouseClick(area.verify_dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert area.clipboard.clear_if_ours()


# ---------------------------------------------------------------- accessibility
def _controls(root: QWidget, skip: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or skip.isAncestorOf(widget):
            continue
        parent = widget.parentWidget()
        # Qt's own parts: inside a combo box, a date field or a line edit (its clear button),
        # and the pop-up lists of combo boxes and completers (windows of their own).
        if isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit):
            continue
        if widget.window() is not root.window():
            continue
        found.append(widget)
    return found


def test_every_control_has_an_accessible_name(qtbot, area):
    qtbot.mouseClick(area.filters.toggle, Qt.MouseButton.LeftButton)
    _run_check(qtbot, area)
    controls = _controls(area, area.entry_panel) + _controls(area.verify_dialog, area.entry_panel)
    assert len(controls) >= 15
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName().strip()]
    assert unnamed == []
    assert area.list_view.accessibleName() == "Journal entries"


# ---------------------------------------------------------------- in the window
def _unlock(qtbot, window) -> None:
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.unlock_view.passphrase.setText(PASSPHRASE)
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)


def test_area_lives_and_dies_with_the_unlocked_shell(qtbot, make_window, existing_vault):
    attachments = existing_vault / "attachments"
    attachments.mkdir(exist_ok=True)
    leftover = attachments / f".tmp-{'a' * 32}"
    orphan = attachments / ("b" * 32)
    leftover.write_bytes(b"half-written evidence")
    orphan.write_bytes(b"evidence whose key never reached the vault")

    window = make_window()
    _unlock(qtbot, window)
    assert not leftover.exists()  # tidied by the unlock worker, before anything else
    assert not orphan.exists()

    shell = window.shell
    navigation = shell.navigation
    item = navigation.item(shell.JOURNAL)
    qtbot.mouseClick(
        navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=navigation.visualItemRect(item).center(),
    )
    area = shell.pages.currentWidget()
    assert isinstance(area, JournalArea)
    assert area is shell.journal_area
    qtbot.waitUntil(lambda: area.model.has_loaded, timeout=10_000)
    model = area.model

    with qtbot.waitSignal(window.session.locked, timeout=5_000):
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(area), timeout=5_000)
    assert not shiboken6.isValid(model)

    _unlock(qtbot, window)
    fresh = window.shell.journal_area
    assert isinstance(fresh, JournalArea)
    assert shiboken6.isValid(fresh)
    qtbot.waitUntil(lambda: fresh.model.has_loaded, timeout=10_000)


def test_locking_while_the_list_loads_is_safe(qtbot, make_window, existing_vault):
    """Results that arrive after a lock go nowhere; the vault does not crash under them."""
    vault = Vault(existing_vault)
    vault.unlock(PASSPHRASE)
    Journal(vault).add(sample())
    vault.lock()
    window = make_window()
    for _ in range(3):
        _unlock(qtbot, window)
        window.shell.journal_area.filters.reload_tags()
        window.session.lock()  # at once, while the first page and the tags load
        qtbot.wait(50)
    _unlock(qtbot, window)
    area = window.shell.journal_area
    qtbot.waitUntil(lambda: area.model.has_loaded, timeout=10_000)
    assert area.model.total == 1
