# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of tests/test_traces.py: the scan that runs after every step of its session, and
the window's part of that session (run as `python -m tests.traces_support`).

The window runs in a child process, so that everything its process writes lands in the HOME,
XDG and TMPDIR folders the test gave it, and the clipboard it leaves behind can be read in
that same process (the offscreen platform's clipboard lives in the process). The real
`desktop.app.main` starts it (core dumps off, umask, language, Qt's set-up with its settings
kept off disk); `Driver` only takes over once the window is shown, and drives it as a person
would: unlock, Journal, a new entry, an evidence file through the app's own file-dialog
wrapper (a stand-in returns the file, as the wrapper's docstring invites tests to do), an
image preview, searches, copies, Lock. The plan (passphrase and texts) is read from standard
input, never from argv; the outcome is one JSON object on standard output: which steps ran,
the clipboard after the lock (every format, base64), and where Qt keeps settings and caches.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tests.test_no_plaintext import scan

# Where the system keeps temporary files whatever TMPDIR says.
SHARED_TEMP = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
# Four times the largest input of the long run (16 MiB): a larger file in the shared temp
# folders is another program's (other tests make 2 GiB sparse files there), and reading it
# for every needle could outlast the test's timeout.
SHARED_CAP = 64 * 1024 * 1024


def listing(roots: Iterable[Path], skip: set[Path]) -> dict[Path, tuple[int, int]]:
    """Regular files under `roots`, except the folders in `skip`: (size, mtime in ns)."""
    files: dict[Path, tuple[int, int]] = {}
    for root in roots:
        for directory, dirs, names in os.walk(root, onerror=lambda _error: None):
            dirs[:] = [d for d in dirs if Path(directory, d) not in skip]
            for name in names:
                path = Path(directory, name)
                try:
                    status = path.lstat()
                except OSError:  # gone meanwhile
                    continue
                if path.is_file() and not path.is_symlink():
                    files[path] = (status.st_size, status.st_mtime_ns)
    return files


class Tracker:
    """Scans every place after each step of the session; remembers after which step each
    hit (a needle in a file, a file name, standard error or the clipboard) first appeared."""

    def __init__(
        self,
        needles: dict[str, bytes],
        texts: dict[str, str],
        places: dict[str, Path],
        skip: set[Path],
    ) -> None:
        self.needles, self.texts, self.places, self.skip = needles, texts, places, skip
        self.before = listing(SHARED_TEMP, skip)
        self.started_ns = time.time_ns()
        self.hits: dict[str, str] = {}
        self.scanned: set[str] = set()  # in the places
        self.shared: set[str] = set()  # new in the shared temp folders
        self.brief: set[str] = set()  # there during a step, gone by its scan
        self.bytes = 0
        self.scans = 0
        self.skipped: list[str] = []
        self.kinds = {*places, "new files in " + ", ".join(map(str, SHARED_TEMP))}
        self.kinds |= {"file and folder names", "standard error"}
        self._shared_seen: dict[Path, tuple[int, int]] = {}

    def _where(self, path: Path) -> str:
        for name, root in self.places.items():
            if path.is_relative_to(root):
                return f"{name}: {path.relative_to(root)}"
        return str(path)

    def after(
        self,
        step: str,
        memory: dict[str, bytes],
        files: Iterable[Path] = (),
        touched: Iterable[Path] = (),
    ) -> None:
        """Scan everything now; `memory` is text the step produced (standard error, the
        clipboard), `files` further paths (where Qt said it keeps settings and caches),
        `touched` what the kernel saw change during the step (tests/watch.py)."""
        self.scans += 1
        # A file written and removed again before this scan is only a name now: its name
        # is checked, and it is counted.
        for path in touched:
            self._name(path, step)
            if not path.exists():
                self.brief.add(str(path))
        roots = [root for root in self.places.values() if root.exists()]
        extra = [p for p in files if p.exists() and not any(p.is_relative_to(r) for r in roots)]
        for hit in scan([*roots, *(p for p in extra if p.is_dir())], self.needles):
            label, _in, where = hit.partition(" in ")
            self.hits.setdefault(f"{label} in {self._where(Path(where))}", step)
        for path, (size, _mtime) in listing([*roots, *extra], set()).items():
            self.scanned.add(str(path))
            self.bytes += size
        for root in roots:
            for directory, dirs, names in os.walk(root):
                for name in [*dirs, *names]:
                    self._name(Path(directory, name), step)
        for path in (p for p in extra if p.is_file()):
            if self._file(path, step):
                self.scanned.add(str(path))
        # The shared temp folders: files that appeared or changed since the session began,
        # each version read once.
        for path, stamp in listing(SHARED_TEMP, self.skip).items():
            if self.before.get(path) == stamp and stamp[1] < self.started_ns:
                continue
            if self._shared_seen.get(path) == stamp:
                continue
            self._shared_seen[path] = stamp
            self._name(path, step)
            if stamp[0] > SHARED_CAP:
                self.skipped.append(str(path))
                continue
            if self._file(path, step):
                self.shared.add(str(path))
        for source, data in memory.items():
            for label, needle in self.needles.items():
                if needle in data:
                    self.hits.setdefault(f"{label} in {source}", step)

    def _name(self, path: Path, step: str) -> None:
        for label, text in self.texts.items():
            if text in path.name:
                self.hits.setdefault(f"{label} in the name {self._where(path)}", step)

    def _file(self, path: Path, step: str) -> bool:
        try:
            data = path.read_bytes()
        except OSError:  # not ours to read, or gone: not written by this session
            return False
        self.bytes += len(data)
        for label, needle in self.needles.items():
            if needle in data:
                self.hits.setdefault(f"{label} in {self._where(path)}", step)
        return True


class Driver:
    """One scripted visit to the window; `outcome` is what the parent test reads."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.outcome: dict[str, Any] = {"ok": False, "steps": []}
        self.step = "start"

    # ------------------------------------------------------------------ helpers
    def begin(self, step: str) -> None:
        self.step = step
        self.outcome["steps"].append(step)

    def wait(self, condition: Callable[[], bool], seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(self.step)
            QTest.qWait(20)

    @staticmethod
    def type_text(widget: QWidget, text: str) -> None:
        """One key event per character: QTest.keyClicks only knows Latin-1, and the markers
        are Arabic and Devanagari too."""
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    @staticmethod
    def click(widget: QWidget) -> None:
        assert widget.isVisible(), widget.accessibleName()
        assert widget.isEnabled(), widget.accessibleName()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    # ------------------------------------------------------------------ the visit
    def run(self, window: Any) -> None:
        try:
            self.visit(window)
            self.outcome["ok"] = True
        except Exception as exc:  # reported to the parent, which fails the test with it
            self.outcome["error"] = f"{self.step}: {type(exc).__name__}: {exc}"
        finally:
            self.outcome["qt_paths"] = qt_paths()
            window.close()
            QApplication.quit()

    def visit(self, window: Any) -> None:
        plan = self.plan
        self.begin("unlock")
        self.wait(lambda: window.current_screen == "unlock")
        self.type_text(window.unlock_view.passphrase, plan["passphrase"])
        self.click(window.unlock_view.unlock_button)
        self.wait(lambda: window.current_screen == "shell")

        self.begin("open the journal")
        shell = window.shell
        shell.show_area(shell.JOURNAL)
        area = shell.journal_area
        self.wait(lambda: area.model.has_loaded and not area.model.is_loading)
        assert area.model.rowCount() == plan["entries_before"], area.model.rowCount()

        self.begin("add an entry")
        self.click(area.new_button)
        panel = area.entry_panel
        form = panel.editor.form
        texts = plan["entry"]
        self.type_text(form.title, texts["title"])
        form.category.setCurrentIndex(form.category.findData("intimidation"))
        self.type_text(form.place, texts["place"])
        username, wiki = form.people.focus_widgets()[:2]
        self.type_text(username, texts["person"])
        self.type_text(wiki, "en.wikipedia.org")
        self.type_text(form.links, texts["link"])
        self.type_text(form.narrative, texts["narrative"])
        self.type_text(form.tags, texts["tag"])
        self.click(panel.editor.save_button)
        self.wait(lambda: panel.stack.currentWidget() is panel.view and panel.view.entry)
        view = panel.view
        assert view.entry.content.title == texts["title"]

        self.begin("add an evidence file")
        files = view.attachments
        self.click(files.add_button)  # dialogs.choose_files is the stand-in (main below)
        self.wait(lambda: view.entry is not None and len(view.entry.attachments) == 1)
        assert view.entry.attachments[0].name == Path(plan["attachment"]).name

        self.begin("preview the image")
        files.list.setCurrentRow(0)
        self.click(files.preview_button)
        self.wait(lambda: files.preview_dialog is not None and files.preview_dialog.isVisible())
        dialog = files.preview_dialog
        self.wait(lambda: not dialog.image_label.pixmap().isNull())
        dialog.close()
        self.wait(lambda: files.preview_dialog is None)

        self.begin("search")
        filters = area.filters

        def settled() -> bool:
            return (
                not area.model.is_loading
                and not filters._debounce.isActive()
                and area.model.filter == filters.current_filter()
            )

        # A query that matches nothing: only the search box ever held it.
        self.type_text(filters.search, plan["lone_query"])
        QTest.qWait(10)
        self.wait(settled)
        assert area.model.rowCount() == 0, area.model.rowCount()
        filters.search.clear()
        self.type_text(filters.search, plan["query"])
        QTest.qWait(10)
        self.wait(settled)
        assert area.model.rowCount() == plan["entries_before"] + 1, area.model.rowCount()

        self.begin("view the entry made on the command line")
        from desktop.ui.journal.list_model import UID_ROLE

        rows = {area.model.index(row).data(UID_ROLE): row for row in range(area.model.rowCount())}
        target = area.model.index(rows[plan["cli_uid"]])
        area.list_view.scrollTo(target)
        QTest.mouseClick(
            area.list_view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=area.list_view.visualRect(target).center(),
        )
        self.wait(lambda: panel.view.entry is not None and panel.view.entry.uid == plan["cli_uid"])

        self.begin("copy")
        clipboard = QGuiApplication.clipboard()
        view.narrative.selectAll()
        QTest.keyClick(view.narrative, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        copied = [plan["copy_check"] in clipboard.text()]
        link_buttons = [b for b in view.findChildren(QPushButton) if b.property("link")]
        self.click(link_buttons[0])
        copied.append(plan["copy_check"] in clipboard.text())
        area.list_view.setFocus()
        QTest.keyClick(area.list_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        copied.append(plan["copy_check"] in clipboard.text())
        # The control: each copy really put a marker on the clipboard, so an empty one after
        # the lock means it was taken back.
        self.outcome["copied_markers"] = copied

        self.begin("lock")
        self.click(window.lock_button)
        self.wait(lambda: window.current_screen == "unlock")
        assert not window.session.vault.is_unlocked
        self.outcome["clipboard"] = clipboard_contents()


def clipboard_contents() -> dict[str, str]:
    """Every format on every clipboard the platform has, base64 (the parent scans them)."""
    clipboard = QGuiApplication.clipboard()
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        modes.append(QClipboard.Mode.FindBuffer)
    found: dict[str, str] = {}
    for mode in modes:
        # None once cleared, whatever the stubs say.
        data: QMimeData | None = clipboard.mimeData(mode)
        if data is None:
            found[f"{mode.name} (empty)"] = ""
            continue
        found[f"{mode.name} text"] = base64.b64encode(clipboard.text(mode).encode()).decode()
        for name in data.formats():
            raw = bytes(data.data(name).data())
            found[f"{mode.name} {name}"] = base64.b64encode(raw).decode()
    return found


def qt_paths() -> list[str]:
    """Where Qt keeps settings and caches for this process: the parent scans these too."""
    paths = [
        QSettings(QSettings.Scope.UserScope, "QtProject").fileName(),
        QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "QtProject").fileName(),
        QSettings().fileName(),
    ]
    for location in (
        QStandardPaths.StandardLocation.CacheLocation,
        QStandardPaths.StandardLocation.GenericCacheLocation,
        QStandardPaths.StandardLocation.ConfigLocation,
        QStandardPaths.StandardLocation.GenericConfigLocation,
        QStandardPaths.StandardLocation.AppDataLocation,
        QStandardPaths.StandardLocation.AppLocalDataLocation,
        QStandardPaths.StandardLocation.GenericDataLocation,
        QStandardPaths.StandardLocation.RuntimeLocation,
        QStandardPaths.StandardLocation.TempLocation,
    ):
        paths.append(QStandardPaths.writableLocation(location))
    return [path for path in paths if path]


def main() -> int:
    plan = json.loads(sys.stdin.read())
    from desktop import app
    from desktop.ui import main_window
    from desktop.ui.kit import dialogs

    driver = Driver(plan)
    shown = main_window.MainWindow.show

    def show(window: Any) -> None:
        shown(window)
        QTimer.singleShot(0, lambda: driver.run(window))

    # Taken over only once app.main has set everything up and shown the window.
    main_window.MainWindow.show = show  # type: ignore[method-assign]

    def choose_files(parent: QWidget, title: str) -> list[Path]:
        return [Path(plan["attachment"])]

    dialogs.choose_files = choose_files
    code = app.main(["--data-dir", plan["data_dir"]])
    print(json.dumps(driver.outcome))
    return code or (0 if driver.outcome["ok"] else 1)


if __name__ == "__main__":
    sys.exit(main())
