# SPDX-License-Identifier: GPL-3.0-or-later
"""A child for the kill tests: the real window, offscreen, saving journal entries until it is
killed, one line per step on stdout (as tests/reliability/driver.py).

    python -m tests.reliability.window_driver DATA_DIR START

The passphrase (first line of standard input) is typed into the unlock screen; then, in the
Journal area, step N (from START) is alternately a new entry "window-N" (narrative "saved N")
and an edit of the entry saved just before (narrative "edited N"), each saved through the
editor as a person would, on the editor's own worker thread. Nothing here calls the journal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui.application import create_application
from desktop.ui.journal.area import JournalArea
from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from desktop.ui.shell import ShellView
from desktop.vault import Vault


def say(*words: object) -> None:
    print(*words, flush=True)


class Writer(QObject):
    """Drives the Journal area: one save at a time, the next once the panel shows the last."""

    def __init__(self, window: MainWindow, start: int) -> None:
        super().__init__(window)
        self.window = window
        self.step = start
        self.title = ""
        self.area: JournalArea | None = None

    def on_screen_changed(self, screen: str) -> None:
        if screen != "shell" or self.area is not None:
            return
        shell = self.window.shell
        assert isinstance(shell, ShellView)
        shell.show_area(ShellView.JOURNAL)
        area = shell.journal_area
        assert isinstance(area, JournalArea)
        self.area = area
        area.entry_panel.editor.saved.connect(self.on_saved)
        say("ready")
        self.next_step()

    def next_step(self) -> None:
        assert self.area is not None
        panel = self.area.entry_panel
        editor = panel.editor
        if self.step % 2 == 0 or not self.title:
            self.title = f"window-{self.step}"
            panel.new_entry()
            editor.form.title.setText(self.title)
            editor.form.category.setCurrentIndex(editor.form.category.findData("other"))
            editor.form.narrative.setPlainText(f"saved {self.step}")
            say("begin", self.step, "add", self.title)
        else:
            panel.view.edit_button.click()  # the entry saved last is the one shown
            assert panel.stack.currentWidget() is editor, "the editor did not open"
            editor.form.narrative.setPlainText(f"edited {self.step}")
            say("begin", self.step, "edit", self.title)
        editor.save()

    def on_saved(self, uid: str) -> None:
        kind = "add" if self.title == f"window-{self.step}" else "edit"
        say("done", self.step, kind, self.title)
        self.step += 1
        self.wait_until_shown(uid)

    def wait_until_shown(self, uid: str) -> None:
        # After a save the panel reopens the entry on a worker; the next step starts from
        # the read view, as a person would click Edit there.
        assert self.area is not None
        panel = self.area.entry_panel
        entry = panel.view.entry
        if panel.stack.currentWidget() is panel.view and entry is not None and entry.uid == uid:
            self.next_step()
        else:
            QTimer.singleShot(5, lambda: self.wait_until_shown(uid))


def main(argv: list[str]) -> int:
    directory, start = Path(argv[0]), int(argv[1])
    passphrase = sys.stdin.readline().removesuffix("\n")
    app: QApplication = create_application(sys.argv[:1])
    session = Session(Vault(directory, kdf_target_seconds=0))
    window = MainWindow(session, directory)
    writer = Writer(window, start)
    window.screen_changed.connect(writer.on_screen_changed)
    window.show()
    unlock = window.unlock_view
    unlock.passphrase.setText(passphrase)
    unlock.unlock_button.click()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
