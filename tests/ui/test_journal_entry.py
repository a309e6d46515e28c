# SPDX-License-Identifier: GPL-3.0-or-later
"""The entry panel over a real vault: reading, editing, validation, history, delete, keyboard.

Evidence files (import, preview, copies) are in test_journal_entry_evidence.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.journal import Journal, Occurred, Person
from desktop.journal.errors import EntryNotFoundError
from desktop.journal.evidence import AttachmentSource
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.entry_panel import EntryPanel
from tests.conftest import MakeVault
from tests.journal.conftest import sample

ARABIC_TITLE = "نشر عنوان منزلي في صفحة النقاش"


@pytest.fixture
def journal(make_vault: MakeVault) -> Iterator[Journal]:
    vault = make_vault()
    yield Journal(vault)
    vault.lock()


@pytest.fixture
def panel(qtbot, journal: Journal) -> Iterator[EntryPanel]:
    widget = EntryPanel(journal, ClipboardGuard())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    yield widget
    QApplication.clipboard().clear()


class Answers:
    """What the patched QMessageBox.exec was asked, and the answer it gives."""

    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.texts: list[str] = []


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch):
    def install(button: QMessageBox.StandardButton) -> Answers:
        answers = Answers(button)

        def fake_exec(box: QMessageBox) -> int:
            assert box.textFormat() == Qt.TextFormat.PlainText
            assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
            answers.texts.append(box.text())
            return int(answers.answer.value)

        monkeypatch.setattr(QMessageBox, "exec", fake_exec)
        return answers

    return install


def type_text(widget: QWidget, text: str) -> None:
    """Type any script, one key event per character, as a keyboard layout would.

    (QTest.keyClicks only handles Latin-1 text.)
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def open_entry(qtbot, panel: EntryPanel, uid: str) -> None:
    panel.show_entry(uid)
    wait_view(qtbot, panel, uid)


def wait_view(qtbot, panel: EntryPanel, uid: str) -> None:
    def shown() -> None:
        assert panel.stack.currentWidget() is panel.view
        assert panel.view.entry is not None
        assert panel.view.entry.uid == uid
        assert not panel.loading.isVisible()

    qtbot.waitUntil(shown)


# ---------------------------------------------------------------------- editor
def test_new_entry_typed_into_the_editor_is_saved(qtbot, panel: EntryPanel, journal: Journal):
    panel.new_entry()
    editor = panel.editor
    assert panel.stack.currentWidget() is editor
    assert editor.form.title.hasFocus()
    qtbot.keyClicks(editor.form.title, "Threats after a deletion debate")
    editor.form.date.setDate(QDate(2026, 3, 14))
    qtbot.mouseClick(editor.form.time_known, Qt.MouseButton.LeftButton)
    assert editor.form.time.isEnabled()
    editor.form.time.setTime(QTime(21, 5))
    editor.form.zone.lineEdit().clear()
    qtbot.keyClicks(editor.form.zone.lineEdit(), "Asia/Kolkata")
    editor.form.category.setCurrentIndex(editor.form.category.findData("intimidation"))
    assert "frighten" in editor.form.category_hint.text()
    editor.form.severity.setCurrentIndex(editor.form.severity.findData("high"))
    qtbot.keyClicks(editor.form.place, "Village pump")
    first = editor.form.people.focus_widgets()
    qtbot.keyClicks(first[0], "Example-troll")
    qtbot.keyClicks(first[1], "en.wikipedia.org")
    qtbot.mouseClick(editor.form.people.add_button, Qt.MouseButton.LeftButton)
    second = editor.form.people.focus_widgets()[3:5]
    assert second[0].hasFocus()
    qtbot.keyClicks(second[0], "Sock-42")
    qtbot.keyClicks(editor.form.links, "https://en.wikipedia.org/w/index.php?diff=1")
    qtbot.keyClicks(editor.form.narrative, "They wrote that they know where I live.")
    qtbot.keyClicks(editor.form.tags, "threat, village pump")
    assert panel.has_unsaved_changes()

    with qtbot.waitSignal(panel.saved, timeout=5000) as blocker:
        qtbot.keyClick(editor.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    uid = blocker.args[0]
    content = journal.get(uid).content
    assert content.title == "Threats after a deletion debate"
    assert content.occurred == Occurred(date(2026, 3, 14), time(21, 5), "Asia/Kolkata")
    assert content.category == "intimidation"
    assert content.severity == "high"
    assert content.place == "Village pump"
    assert content.people == (Person("Example-troll", "en.wikipedia.org"), Person("Sock-42"))
    assert content.links == ("https://en.wikipedia.org/w/index.php?diff=1",)
    assert content.narrative == "They wrote that they know where I live."
    assert content.tags == ("threat", "village pump")

    wait_view(qtbot, panel, uid)
    assert not panel.has_unsaved_changes()
    assert panel.view.edit_button.hasFocus()
    assert panel.view.title.accessibleName() == "Threats after a deletion debate"
    assert "Asia/Kolkata" in panel.view.when.text()


def test_arabic_text_is_laid_out_right_to_left_in_an_english_ui(
    qtbot, panel: EntryPanel, journal: Journal
):
    panel.new_entry()
    editor = panel.editor
    assert editor.form.title.layoutDirection() == Qt.LayoutDirection.LeftToRight
    type_text(editor.form.title, ARABIC_TITLE)
    assert editor.form.title.text() == ARABIC_TITLE
    assert editor.form.title.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.keyClicks(editor.form.links, "https://ar.wikipedia.org/")
    assert editor.form.links.layoutDirection() == Qt.LayoutDirection.LeftToRight
    editor.form.category.setCurrentIndex(editor.form.category.findData("doxxing"))
    with qtbot.waitSignal(panel.saved, timeout=5000) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_view(qtbot, panel, blocker.args[0])
    assert panel.view.title.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_empty_title_is_refused_inline_and_nothing_is_written(
    qtbot, panel: EntryPanel, journal: Journal
):
    panel.new_entry()
    editor = panel.editor
    editor.form.category.setCurrentIndex(editor.form.category.findData("spam"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    title_error = editor.form.error_for("title")
    assert title_error.isVisible()
    assert title_error.text() == "Give the entry a short title."
    assert editor.form.title.hasFocus()
    assert journal.count() == 0

    # Every problem at once, each under its own field; then a fixed entry saves.
    editor.form.category.setCurrentIndex(0)  # "Choose a category…"
    editor.form.zone.setEditText("Mars/Olympus_Mons")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.form.error_for("category").text() == "Choose one of the options in the list."
    assert editor.form.error_for("when.zone").text() == "Choose a time zone from the list."
    assert journal.count() == 0
    qtbot.keyClicks(editor.form.title, "Spam wave")
    editor.form.category.setCurrentIndex(editor.form.category.findData("spam"))
    editor.form.zone.setEditText("")
    with qtbot.waitSignal(panel.saved, timeout=5000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not title_error.isVisible()
    assert journal.count() == 1


def test_edit_then_history_shows_both_versions_and_the_change(
    qtbot, panel: EntryPanel, journal: Journal
):
    uid = journal.add(sample(title="Address posted"))
    open_entry(qtbot, panel, uid)
    qtbot.mouseClick(panel.view.edit_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    assert editor.form.title.text() == "Address posted"
    editor.form.title.selectAll()
    qtbot.keyClicks(editor.form.title, "Home address posted")
    with qtbot.waitSignal(panel.saved, timeout=5000) as blocker:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [uid]
    wait_view(qtbot, panel, uid)
    assert panel.view.entry is not None
    assert panel.view.entry.revision == 2
    assert "version 2" in panel.view.meta.text()

    qtbot.mouseClick(panel.view.history_button, Qt.MouseButton.LeftButton)
    history = panel.history
    assert panel.stack.currentWidget() is history
    qtbot.waitUntil(lambda: "History: 2 versions" in history.text())
    text = history.text()
    revisions = journal.history(uid)
    assert text.index("Version 2") < text.index("Version 1")  # newest first
    assert revisions[1].hash[:12] in text
    assert revisions[0].hash[:12] in text
    assert "Title\n\u2212 \u2068Address posted\u2069\n+ \u2068Home address posted\u2069" in text
    assert history.back_button.hasFocus()
    qtbot.mouseClick(history.back_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentWidget() is panel.view


def test_saving_without_a_change_goes_back_to_the_view(qtbot, panel: EntryPanel, journal):
    uid = journal.add(sample())
    open_entry(qtbot, panel, uid)
    qtbot.mouseClick(panel.view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.view)
    assert len(journal.history(uid)) == 1


# ---------------------------------------------------------------------- delete
def _entry_with_history(journal: Journal) -> str:
    uid = journal.add(
        sample(title="Threat by email"),
        [AttachmentSource(data=b"the threatening email\n", name="email.txt")],
    )
    journal.update(uid, sample(title="Threat by email", severity="emergency"))
    return uid


def test_delete_says_what_goes_then_destroys_entry_and_files(
    qtbot, panel: EntryPanel, journal: Journal, data_dir: Path, answer
):
    uid = _entry_with_history(journal)
    assert len(list((data_dir / "attachments").iterdir())) == 1
    open_entry(qtbot, panel, uid)
    answers = answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(panel.deleted, timeout=5000) as blocker:
        qtbot.mouseClick(panel.view.delete_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [uid]
    question = answers.texts[0]
    assert "Threat by email" in question
    assert "All 2 saved versions" in question
    assert "Its 1 evidence file will be deleted and its key destroyed" in question
    assert "cannot be undone" in question
    with pytest.raises(EntryNotFoundError):
        journal.get(uid)
    assert list((data_dir / "attachments").iterdir()) == []
    assert panel.stack.currentWidget() is panel.placeholder
    assert panel.placeholder_text.text() == "The entry was deleted."


def test_delete_cancelled_changes_nothing(qtbot, panel: EntryPanel, journal: Journal, answer):
    uid = _entry_with_history(journal)
    open_entry(qtbot, panel, uid)
    answers = answer(QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(panel.deleted, wait=100):
        qtbot.mouseClick(panel.view.delete_button, Qt.MouseButton.LeftButton)
    assert len(answers.texts) == 1
    assert journal.get(uid).revision == 2
    assert panel.stack.currentWidget() is panel.view


# ---------------------------------------------------------------------- keyboard
def test_keyboard_edit_and_escape(qtbot, panel: EntryPanel, journal: Journal, answer):
    uid = journal.add(sample())
    open_entry(qtbot, panel, uid)
    assert panel.view.edit_button.hasFocus()
    qtbot.keyClick(panel.view.edit_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert panel.stack.currentWidget() is panel.editor
    assert panel.editor.form.title.hasFocus()
    qtbot.keyClick(panel.editor.form.title, Qt.Key.Key_Escape)
    assert panel.stack.currentWidget() is panel.view
    assert panel.view.edit_button.hasFocus()

    # With edits, Escape asks first; "keep editing" stays, "discard" leaves.
    qtbot.keyClick(panel.view.edit_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.editor.form.place, " (archived)")
    assert panel.has_unsaved_changes()
    answers = answer(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(panel.editor.form.place, Qt.Key.Key_Escape)
    assert answers.texts
    assert panel.stack.currentWidget() is panel.editor
    answer(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(panel.editor.form.place, Qt.Key.Key_Escape)
    assert panel.stack.currentWidget() is panel.view
    assert journal.get(uid).content.place == sample().place


def test_tab_moves_through_the_form_in_order(qtbot, panel: EntryPanel):
    panel.new_entry()
    editor = panel.editor
    qtbot.mouseClick(editor.form.people.add_button, Qt.MouseButton.LeftButton)
    editor.form.title.setFocus()
    rows = editor.form.people.focus_widgets()
    expected = [editor.form.date, editor.form.approximate, editor.form.time_known, editor.form.zone]
    expected += [editor.form.category, editor.form.severity, editor.form.place, *rows]
    expected += [editor.form.links, editor.form.narrative, editor.form.tags, editor.cancel_button]
    previous: QWidget = editor.form.title
    for target in expected:
        # Tab first walks the day, month and year of a date; then it leaves the box.
        for _section in range(4):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if not isinstance(previous, QDateEdit) or not previous.isAncestorOf(focused):
                break
        assert focused is target or target.isAncestorOf(focused), target
        previous = target
    # Tab leaves the narrative instead of typing a tab into it.
    assert editor.form.narrative.tabChangesFocus()


def test_every_control_has_an_accessible_name(qtbot, panel: EntryPanel, journal: Journal):
    uid = journal.add(
        sample(links=("https://a.example/1", "https://b.example/2")),
        [AttachmentSource(data=b"notes\n", name="notes.txt")],
    )
    open_entry(qtbot, panel, uid)
    qtbot.mouseClick(panel.view.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Version 1" in panel.history.text())
    qtbot.mouseClick(panel.history.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.editor.form.people.add_button, Qt.MouseButton.LeftButton)
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}"
        for kind in (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit)
        for widget in panel.findChildren(kind)
        if not widget.accessibleName().strip()
    ]
    assert unnamed == []


# ---------------------------------------------------------------------- async safety
def test_only_the_last_entry_asked_for_is_shown(qtbot, panel: EntryPanel, journal: Journal):
    first = journal.add(sample(title="First"))
    second = journal.add(sample(title="Second"))
    panel.show_entry(first)
    panel.show_entry(second)
    wait_view(qtbot, panel, second)
    qtbot.wait(50)  # the first answer, if it came late, must not replace the second
    assert panel.view.title.accessibleName() == "Second"


def test_a_locked_vault_is_not_reported_as_an_error(qtbot, panel: EntryPanel, journal: Journal):
    uid = journal.add(sample())
    journal.vault.lock()
    panel.show_entry(uid)
    qtbot.waitUntil(lambda: not panel.loading.isVisible())
    assert not panel.placeholder_error.isVisibleTo(panel)


def test_links_are_plain_text_and_copied_through_the_guard(
    qtbot, panel: EntryPanel, journal: Journal
):
    link = "https://en.wikipedia.org/w/index.php?title=User_talk:Example&diff=123456789"
    uid = journal.add(sample(title="<b>bold</b>", links=(link,)))
    open_entry(qtbot, panel, uid)
    assert panel.view.title.textFormat() == Qt.TextFormat.PlainText
    labels = [w for w in panel.view.findChildren(QAbstractButton) if w.property("link")]
    assert len(labels) == 1
    qtbot.mouseClick(labels[0], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == link
    assert panel.clipboard.clear_if_ours()
