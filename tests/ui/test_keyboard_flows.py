# SPDX-License-Identifier: GPL-3.0-or-later
"""Every flow can be completed with the keyboard alone.

Each test starts where a person starts (the first-run screen, the unlock screen, the unlocked
shell with the focus on its navigation) and sends only key presses to whatever has the focus
(`QApplication.focusWidget()`): no clicks, no setFocus on a target, no calls into the views.
The outcome is checked in the core: the vault, the journal, the training progress, the files.

The focus-order tests walk each screen with Tab: the stops come in reading order (top to
bottom; within a row left to right in English, right to left in Arabic), every visible
enabled control is among them, and each is drawn differently while it has the focus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QRadioButton,
    QWidget,
)

from desktop import i18n
from desktop.journal import Journal
from desktop.training import store as store_module
from desktop.training.archive import source_files
from desktop.training.model import Pack
from desktop.training.store import Training
from desktop.training.validate import load_pack
from desktop.ui import application
from desktop.ui.kit import dialogs
from desktop.vault import FLOOR, Vault, VaultState
from tests.journal.conftest import sample
from tests.training.sample import FIRST_MODULE, PACK_ID, write_sample_pack
from tests.ui.conftest import PASSPHRASE
from tests.ui.test_accessibility import INTERACTIVE
from tests.ui.test_reports import add_person, decrypt, make_team

Key = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier


# ---------------------------------------------------------------- keys only
def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: Any, target: QWidget, limit: int = 60) -> int:
    """Press Tab until `target` has the focus; returns how many presses it took."""
    for count in range(limit):
        if focused() is target:
            return count
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target!r}")


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def unlock_by_keys(qtbot: Any, window: Any) -> None:
    assert window.current_screen == "unlock"
    assert focused() is window.unlock_view.passphrase
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        type_text(qtbot, PASSPHRASE)
        press(qtbot, Key.Key_Return)
    assert window.current_screen == "shell"
    assert focused() is window.shell.navigation


def go_to_area(qtbot: Any, window: Any, index: int) -> None:
    """From the navigation (on Learn after unlocking), Down to the area."""
    shell = window.shell
    assert focused() is shell.navigation
    for _ in range(index - shell.navigation.currentRow()):
        press(qtbot, Key.Key_Down)
    assert shell.pages.currentIndex() == index


@pytest.fixture
def open_window(qtbot, make_window, existing_vault):  # type: ignore[no-untyped-def]
    """The unlock screen of an existing vault, active, unlocked by keys: the shell."""

    def make() -> Any:
        window = make_window()
        activate(qtbot, window)
        unlock_by_keys(qtbot, window)
        return window

    return make


# ---------------------------------------------------------------- the flows
def test_first_run_by_keys(qtbot, make_window, ui_data_dir: Path):
    window = make_window()
    activate(qtbot, window)
    assert window.current_screen == "setup"
    assert focused() is window.setup_view.passphrase
    type_text(qtbot, PASSPHRASE)
    press(qtbot, Key.Key_Return)  # on to the second field
    assert focused() is window.setup_view.confirmation
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        type_text(qtbot, PASSPHRASE)
        press(qtbot, Key.Key_Return)
    assert window.current_screen == "shell"
    assert focused() is window.shell.navigation
    assert window.session.vault.state() is VaultState.PRESENT
    assert window.session.vault.is_unlocked
    assert (ui_data_dir / "vault.key").is_file()


def test_unlock_by_keys(qtbot, open_window):
    window = open_window()
    assert window.session.vault.is_unlocked


def test_journal_entry_with_evidence_by_keys(qtbot, open_window, tmp_path: Path, monkeypatch):
    evidence = tmp_path / "threat.txt"
    evidence.write_bytes(b"a threat kept as evidence\n")
    asked: list[str] = []

    def choose_files(_parent, title):  # type: ignore[no-untyped-def]
        asked.append(title)
        return [evidence]

    monkeypatch.setattr(dialogs, "choose_files", choose_files)
    window = open_window()
    shell = window.shell
    go_to_area(qtbot, window, shell.JOURNAL)
    journal_area = shell.journal_area
    tab_to(qtbot, journal_area.new_button)
    press(qtbot, Key.Key_Space)
    editor = journal_area.entry_panel.editor
    form = editor.form
    assert focused() is form.title
    type_text(qtbot, "Threat on my talk page")
    tab_to(qtbot, form.category)
    press(qtbot, Key.Key_Down)  # the first category
    assert form.category.currentData()
    tab_to(qtbot, form.narrative)
    type_text(qtbot, "Someone posted my home town.")
    press(qtbot, Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    view = journal_area.entry_panel.view
    qtbot.waitUntil(lambda: view.isVisible() and view.entry is not None, timeout=10_000)
    assert focused() is view.edit_button
    journal = Journal(window.session.vault)
    uid = view.entry.uid
    entry = journal.get(uid)
    assert entry.content.title == "Threat on my talk page"
    assert entry.content.narrative == "Someone posted my home town."
    attachments = view.attachments
    tab_to(qtbot, attachments.add_button)
    press(qtbot, Key.Key_Space)
    assert asked == ["Add evidence files"]
    qtbot.waitUntil(lambda: len(journal.get(uid).attachments) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: attachments.list.count() == 1, timeout=10_000)
    assert journal.get(uid).attachments[0].name == "threat.txt"
    # The button was disabled while the file was added: the focus is back on it, not lost.
    assert focused() is attachments.add_button


@pytest.fixture
def team(existing_vault: Path) -> Any:
    """Three journal entries and a confirmed recipient, in the vault before the window opens."""
    vault = Vault(existing_vault)
    vault.unlock(PASSPHRASE)
    journal = Journal(vault)
    for title in ("Talk page threat", "Doxxing on a forum", "Not in the report"):
        journal.add(sample(title=title))
    team = make_team()
    add_person(journal, "Safety team", team.public_key, verified=True)
    vault.lock()
    return team


def test_report_to_a_file_by_keys(qtbot, open_window, team, tmp_path: Path, monkeypatch):
    target = tmp_path / "stick" / "report.age"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "choose_save_path", lambda _parent, _title, _name: target)
    window = open_window()
    shell = window.shell
    go_to_area(qtbot, window, shell.REPORTS)
    area = shell.reports_area
    tab_to(qtbot, area.new_button)
    press(qtbot, Key.Key_Space)
    wizard = area.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.entries.has_loaded and not wizard.entries.is_loading)
    assert focused() is wizard.entries.search
    entries = wizard.entries.list
    tab_to(qtbot, entries)
    while "Doxxing on a forum" not in entries.currentItem().text():
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)  # ticks it
    assert [s.title for s in wizard.entries.chosen()] == ["Doxxing on a forum"]
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Space)
    assert wizard.step == wizard.CONTENTS
    qtbot.waitUntil(lambda: not wizard.contents.problem())
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Space)
    assert wizard.step == wizard.RECIPIENTS
    qtbot.waitUntil(lambda: wizard.recipients.has_loaded)
    box = next(iter(wizard.recipients.manual_boxes.values()))
    tab_to(qtbot, box)
    press(qtbot, Key.Key_Space)
    assert box.isChecked()
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Space)
    assert wizard.step == wizard.DESTINATION
    tab_to(qtbot, wizard.destination.choose_button)
    press(qtbot, Key.Key_Space)
    assert wizard.destination.path == target
    tab_to(qtbot, wizard.next_button)
    press(qtbot, Key.Key_Space)
    assert wizard.step == wizard.REVIEW
    assert focused() is wizard.next_button  # "Encrypt and write"
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: not wizard.is_writing, timeout=10_000)
    assert wizard.step == wizard.RESULT
    assert focused() is wizard.next_button  # "Done"
    files = decrypt(target, team)
    assert b"Doxxing on a forum" in files["entries.json"]
    assert b"Talk page threat" not in files["entries.json"]


@pytest.fixture
def sample_pack(tmp_path: Path, monkeypatch) -> Pack:  # type: ignore[no-untyped-def]
    pack = load_pack(source_files(write_sample_pack(tmp_path / "sample")))
    monkeypatch.setattr(store_module, "bundled_pack", lambda *_: pack)
    return pack


def test_quiz_by_keys(qtbot, open_window, sample_pack: Pack):
    window = open_window()
    shell = window.shell
    area = shell.learn_area
    assert shell.pages.currentWidget() is area  # Learn is the first area
    qtbot.waitUntil(lambda: area.has_loaded and not area.work.running)
    tab_to(qtbot, area.overview.list)
    press(qtbot, Key.Key_Return)  # the pathway
    assert area.stack.currentWidget() is area.pathway_page
    press(qtbot, Key.Key_Return)  # its first module
    assert area.stack.currentWidget() is area.module_page
    press(qtbot, Key.Key_Return)  # its first lesson
    lesson = area.lesson_page
    qtbot.waitUntil(lambda: not area.work.running and lesson.next_button.isEnabled())
    assert area.stack.currentWidget() is lesson
    press(qtbot, Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # back to the module
    module = area.module_page
    assert area.stack.currentWidget() is module
    assert focused() is module.list
    while "Quiz" not in module.list.currentItem().text():
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    quiz = area.quiz_page
    assert area.stack.currentWidget() is quiz
    # One answer (radio buttons): the arrows move within the question, Space chooses. Several
    # answers (check boxes): each is a Tab stop, Space ticks it. Tab goes on to the next.
    wanted = {"reuse": ["no"], "factors": ["app", "key"], "codes": ["safe"], "email": ["shows"]}
    for box in quiz.questions:
        buttons = [row.button for row in box.rows.values()]
        tab_to(qtbot, buttons[0])
        for choice_id in wanted[box.question.id]:
            target = box.rows[choice_id].button
            if isinstance(target, QRadioButton):
                for _ in range(buttons.index(target) - buttons.index(focused())):
                    press(qtbot, Key.Key_Down)
            else:
                tab_to(qtbot, target)
            assert focused() is target
            press(qtbot, Key.Key_Space)
    assert quiz.answers() == {k: set(v) for k, v in wanted.items()}
    tab_to(qtbot, quiz.check_button)
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: quiz.result is not None and not area.work.running)
    assert quiz.result.passed
    assert focused() is quiz.retry_button
    progress = Training(window.session.vault, bundled=sample_pack).progress(PACK_ID)
    assert progress.attempts[FIRST_MODULE] == 1
    assert progress.best[FIRST_MODULE] == (4, 4)
    assert FIRST_MODULE in progress.passed


def test_autolock_choice_by_keys(qtbot, open_window):
    window = open_window()
    go_to_area(qtbot, window, window.shell.SETTINGS)
    combo = window.settings_view.autolock
    tab_to(qtbot, combo)
    assert combo.currentData() == 5
    press(qtbot, Key.Key_Down)
    assert combo.currentData() == 15
    vault = window.session.vault
    qtbot.waitUntil(lambda: vault.get_setting("autolock_minutes") == "15", timeout=5_000)
    assert window.idle_lock.interval_ms() == 15 * 60_000


def test_quick_exit_by_ctrl_shift_q(qtbot, open_window, leave_spy):
    window = open_window()
    with qtbot.waitSignal(window.quick_exited, timeout=2_000):
        press(
            qtbot,
            Key.Key_Q,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert leave_spy.calls == 1
    assert not window.isVisible()
    assert not window.session.vault.is_unlocked


def test_quick_exit_by_escape_three_times(qtbot, open_window, leave_spy):
    window = open_window()
    # Escape is counted where a real key press arrives first: at the window.
    with qtbot.waitSignal(window.quick_exited, timeout=2_000):
        for _ in range(3):
            QTest.keyClick(window.windowHandle(), Key.Key_Escape)
    assert leave_spy.calls == 1
    assert not window.isVisible()
    assert not window.session.vault.is_unlocked


# ---------------------------------------------------------------- focus order
# The controls the accessibility walk names, less sliders: a scroll bar is moved through the
# view it belongs to, never a Tab stop of its own.
CONTROLS = tuple(kind for kind in INTERACTIVE if kind is not QAbstractSlider)


def controls(root: QWidget) -> list[QWidget]:
    """The visible, enabled controls under `root` that Tab should reach."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        # Qt's own parts of a composite control (a date box's text field) go with it.
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox | QAbstractSpinBox) or widget.objectName().startswith(
            "qt_"
        ):
            continue
        found.append(widget)
    return found


def tab_cycle(qtbot: Any) -> list[tuple[QWidget, QImage, QImage]]:
    """Tab from the focus round to it again: each stop, drawn with and without the focus."""
    start = focused()
    stops: list[QWidget] = [start]
    with_focus = [start.grab().toImage()]
    without: list[QImage] = []
    for _ in range(200):
        press(qtbot, Key.Key_Tab)
        now = focused()
        if now is stops[-1]:  # a date box's day, month and year: one control
            continue
        without.append(stops[-1].grab().toImage())
        if now is start:
            return list(zip(stops, with_focus, without, strict=True))
        stops.append(now)
        with_focus.append(now.grab().toImage())
    raise AssertionError("Tab never came back to where it started")


def name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.accessibleName()!r}"


def place(widget: QWidget) -> QRect:
    window = widget.window()
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def out_of_order(stops: list[QWidget], right_to_left: bool) -> list[str]:
    """Consecutive stops that do not follow reading order."""
    found = []
    for first, second in zip(stops, stops[1:], strict=False):
        a, b = place(first), place(second)
        same_row = b.top() < a.bottom() and a.top() < b.bottom()
        if same_row:
            onward = (
                b.center().x() < a.center().x()
                if right_to_left
                else b.center().x() > a.center().x()
            )
        else:
            onward = b.top() >= a.bottom() - 2  # below it (a pixel or two of overlap allowed)
        if not onward:
            found.append(f"{name(first)} {a.getRect()} -> {name(second)} {b.getRect()}")
    return found


def check_screen(qtbot: Any, root: QWidget, right_to_left: bool, what: str) -> None:
    assert root.isAncestorOf(focused()), what
    cycle = tab_cycle(qtbot)
    inside = [i for i, (w, _f, _u) in enumerate(cycle) if root.isAncestorOf(w)]
    # The screen's stops come one after another (Tab does not leave it and come back).
    assert inside == list(range(inside[0], inside[0] + len(inside))), what
    stops = [cycle[i][0] for i in inside]
    assert out_of_order(stops, right_to_left) == [], what
    missed = [name(w) for w in controls(root) if w not in stops]
    assert missed == [], what
    # Each stop looks different while it has the focus (the style's focus frame, or the
    # style sheet's :focus rules where a box of its own hides that frame).
    unmarked = [name(w) for w, drawn, plain in cycle if drawn == plain]
    assert unmarked == [], (what, unmarked)


@pytest.fixture(params=["en", "ar"])
def language(request, qapp, compiled_locale) -> Iterator[str]:  # type: ignore[no-untyped-def]
    code = request.param
    assert i18n.set_language(code) == code
    try:
        application.configure(qapp)
        yield code
    finally:
        i18n.set_language(None)
        application.configure(qapp)


def test_first_run_and_unlock_screens_in_reading_order(
    qtbot, make_window, ui_data_dir: Path, language: str
):
    rtl = language == "ar"
    first = make_window()
    activate(qtbot, first)
    check_screen(qtbot, first.setup_view, rtl, "first run")
    first.close()
    Vault(ui_data_dir).create(PASSPHRASE, FLOOR)
    window = make_window()
    activate(qtbot, window)
    check_screen(qtbot, window.unlock_view, rtl, "unlock")


def test_entry_form_and_report_wizard_in_reading_order(
    qtbot, make_window, existing_vault: Path, language: str
):
    rtl = language == "ar"
    window = make_window()
    activate(qtbot, window)
    unlock_by_keys(qtbot, window)
    shell = window.shell
    go_to_area(qtbot, window, shell.JOURNAL)
    tab_to(qtbot, shell.journal_area.new_button)
    press(qtbot, Key.Key_Space)
    check_screen(qtbot, shell.journal_area.entry_panel.editor, rtl, "entry form")
    press(qtbot, Key.Key_Escape)  # nothing typed: the editor closes without asking
    assert focused() is shell.journal_area.new_button  # back where it began, not lost
    tab_to(qtbot, shell.navigation)
    go_to_area(qtbot, window, shell.REPORTS)
    area = shell.reports_area
    tab_to(qtbot, area.new_button)
    press(qtbot, Key.Key_Space)
    wizard = area.wizard
    qtbot.waitUntil(lambda: wizard.entries.has_loaded and not wizard.entries.is_loading)
    check_screen(qtbot, wizard, rtl, "report wizard, step 1")
