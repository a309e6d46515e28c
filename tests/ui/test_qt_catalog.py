# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt's own strings (file dialog, standard buttons, context menus) come from our catalogs:
in Hindi, which Qt ships no catalog for, and in Arabic, whose Qt catalog misses labels, no
Qt dialog or menu is left in English; and the list of Qt's strings stays in step with Qt."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPoint, Qt, QTimer, QTranslator
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTextEdit,
    QWidget,
)

from desktop import i18n
from desktop.ui import application
from desktop.ui.kit import dialogs
from desktop.ui.kit.qt_catalog import CatalogTranslator
from desktop.ui.kit.qt_strings import QT_STRINGS

# Qt asks for these too, but they are not shown or must stay as they are: shortcuts Qt parses
# back (a translated "Alt+Left" could break the shortcut), key names (Latin in every
# language) and Qt's layout-direction switch (the app sets the direction itself).
NOT_LISTED = {
    ("QFileDialog", "Alt+Left"),
    ("QFileDialog", "Alt+Right"),
    ("QFileDialog", "Alt+Up"),
    ("QGuiApplication", "QT_LAYOUT_DIRECTION"),
}
NOT_LISTED_CONTEXTS = {"QShortcut"}
# Listed strings that only Windows' or macOS' Qt contains.
OTHER_PLATFORMS = {
    ("QFileSystemModel", "Kind"),
    ("QFileSystemModel", "My Computer"),
    ("QAbstractFileIconProvider", "File Folder"),
    ("QAbstractFileIconProvider", "Alias"),
}
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
STANDARD_BUTTONS = (
    QMessageBox.StandardButton.Yes
    | QMessageBox.StandardButton.No
    | QMessageBox.StandardButton.Cancel
    | QMessageBox.StandardButton.Save
    | QMessageBox.StandardButton.Discard
)


# ---------------------------------------------------------------- showing Qt's widgets


def _popup_texts(open_menu: Callable[[], object]) -> list[str]:
    """The action texts of the menu `open_menu` shows, modally or not."""
    found: list[str] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            found.extend(a.text() for a in menu.actions() if not a.isSeparator())
            menu.close()

    # Fires inside the menu's own event loop; stopped after, so that a widget which opens
    # no menu leaves no timer behind to close the next one unread.
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(read_and_close)
    timer.start(0)
    open_menu()
    timer.stop()
    if not found:  # a menu shown with popup() (the file list's) is still open
        read_and_close()
    return found


def _menu_texts(target: QWidget) -> list[str]:
    """The context menu `target` opens itself, as on a right click."""
    where = QPoint(5, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, target.mapToGlobal(where))
    return _popup_texts(lambda: QApplication.sendEvent(target, event))


def _widget_texts(root: QWidget) -> list[str]:
    """Every text `root` and its visible children show or give a screen reader."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts.extend(
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount(widget.rootIndex()))
            )
        if widget.objectName() == "sidebar":  # the places ("Computer", the home folder)
            model = widget.model()
            texts.extend(str(model.index(r, 0).data() or "") for r in range(model.rowCount()))
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts.append(widget.whatsThis())
        texts += [a.text() for a in widget.actions() if not a.isSeparator()]
    return [t for t in texts if t]


def _file_dialog(qtbot, folder: Path, save: bool) -> QFileDialog:  # type: ignore[no-untyped-def]
    """Qt's own dialog as desktop/ui/kit/dialogs.py opens it; no title, so Qt's own shows."""
    dialog = QFileDialog(None, "", str(folder), "")
    dialog.setOptions(dialogs._options())
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _file_dialog_texts(qtbot, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Both dialogs in both views, the folder list loaded, and their context menus."""
    (folder / "evidence").mkdir(exist_ok=True)
    texts: list[str] = []
    for save in (False, True):
        dialog = _file_dialog(qtbot, folder, save)
        for mode in (QFileDialog.ViewMode.Detail, QFileDialog.ViewMode.List):
            dialog.setViewMode(mode)
            for view in dialog.findChildren(QAbstractItemView):
                if view.isVisible() and view.objectName() in {"treeView", "listView"}:
                    model, root = view.model(), view.rootIndex()
                    qtbot.waitUntil(lambda m=model, r=root: m.rowCount(r) > 0)
                    if model.columnCount(root) > 2:  # the folder's Type (the date is digits)
                        texts.append(str(model.index(0, 2, root).data() or ""))
                    item = model.index(0, 0, root)
                    view.setCurrentIndex(item)
                    # The file list's menu (Rename, Delete, New Folder) answers this signal;
                    # on an item, wherever right to left has put it.
                    where = view.visualRect(item).center()
                    menu = _popup_texts(
                        lambda v=view, p=where: v.customContextMenuRequested.emit(p)
                    )
                    assert menu, "the file list's context menu did not open"
                    texts += menu
            texts += _widget_texts(dialog)
        for header in dialog.findChildren(QHeaderView):
            texts += [a.text() for a in header.actions()]
        dialog.reject()
    # The folders on the way and the user's own folder are names, not Qt's words.
    paths = {*folder.parents, folder, *Path.home().parents, Path.home()}
    names = {str(p) for p in paths} | {p.name for p in paths}
    return [t for t in texts if t not in names and not t.startswith("/")]


def _message_box_texts(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    box = QMessageBox()
    box.setStandardButtons(STANDARD_BUTTONS)
    box.setDetailedText("…")  # adds Qt's "Show Details..." button
    qtbot.addWidget(box)
    box.show()
    texts = [box.button(b).text() for b in QMessageBox.StandardButton if b & STANDARD_BUTTONS]
    return texts + [b.text() for b in box.findChildren(QAbstractButton)]


def _context_menu_texts(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    line, area, date = QLineEdit("text"), QTextEdit("text"), QDateEdit()
    line.selectAll()
    for widget in (line, area, date):
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
    texts = [a.text() for a in line.createStandardContextMenu().actions()]
    texts += [a.text() for a in area.createStandardContextMenu().actions()]
    # The Journal's date field builds its menu only when opened (with Step up/down).
    # (A scroll bar's menu would not open here under the offscreen platform.)
    dated = _menu_texts(date)
    assert dated, "the date field's context menu did not open"
    return dated + [t for t in texts if t]


def _untranslated(texts: list[str]) -> list[str]:
    """Texts with English words; a menu item's shortcut (after a tab) names keys, Latin in
    every language."""
    return sorted({t for t in (t.split("\t")[0] for t in texts) if ENGLISH_WORD.search(t)})


# ---------------------------------------------------------------- in the catalogs' languages


@pytest.fixture
def ui_in(qapp, compiled_locale) -> Iterator[Callable[[str], None]]:  # type: ignore[no-untyped-def]
    def switch(code: str) -> None:
        assert i18n.set_language(code) == code
        application.install_qt_translations(qapp, code)
        qapp.setLayoutDirection(application.layout_direction(code))

    yield switch
    i18n.set_language(None)
    application.install_qt_translations(qapp, i18n.current_language())
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.mark.parametrize("code", ["hi", "ar"])
def test_file_dialog_is_fully_translated(qtbot, ui_in, tmp_path: Path, code: str) -> None:
    ui_in(code)
    with dialogs.no_trace():
        assert _untranslated(_file_dialog_texts(qtbot, tmp_path)) == []


@pytest.mark.parametrize("code", ["hi", "ar"])
def test_standard_buttons_and_context_menus_are_translated(qtbot, ui_in, code: str) -> None:
    ui_in(code)
    assert _untranslated(_message_box_texts(qtbot)) == []
    assert _untranslated(_context_menu_texts(qtbot)) == []


def test_the_english_check_catches_qt_in_english(qtbot, qapp) -> None:
    """The detector itself, in the English UI: Qt's own English is caught."""
    application.install_qt_translations(qapp, i18n.current_language())
    assert "Cancel" in _untranslated(_message_box_texts(qtbot))
    assert "&Copy" in _untranslated(_context_menu_texts(qtbot))


# ---------------------------------------------------------------- the bridge itself


@pytest.fixture
def catalog_answering(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A catalog that translates every string as «string», so no compiled catalog is needed."""

    class Marked(gettext.NullTranslations):
        def pgettext(self, context: str, message: str) -> str:
            return f"«{message}»"

        def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
            return f"«{singular if n == 1 else plural}:{n}»"

    monkeypatch.setattr(i18n, "_translations", Marked())


def test_bridge_answers_only_listed_strings_it_has(qapp, catalog_answering) -> None:
    bridge = CatalogTranslator()
    assert bridge.translate("QFileDialog", "&Look in:") == "«&Look in:»"
    assert bridge.translate("QFileSystemModel", "Type", "All other platforms") == "«Type»"
    # Not listed: Qt's switches and strings that are not Qt's are never ours to answer.
    assert bridge.translate("QGuiApplication", "QT_LAYOUT_DIRECTION") is None
    assert bridge.translate("QFileDialog", "Nothing Qt asks for") is None


def test_bridge_gives_none_rather_than_english(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Without a translation Qt must go on to its own catalog: not "" (that blanks the
    label) and not the English source (that hides Qt's translation)."""
    monkeypatch.setattr(i18n, "_translations", gettext.NullTranslations())
    assert CatalogTranslator().translate("QFileDialog", "&Look in:") is None


def test_ours_is_asked_first_and_qt_fills_the_rest(qapp, catalog_answering) -> None:
    try:
        application.install_qt_translations(qapp, "ar")
        translate = QCoreApplication.translate
        assert translate("QFileDialog", "&Look in:") == "«&Look in:»"
        qt_catalogs = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        if (qt_catalogs / "qtbase_ar.qm").is_file():
            about = translate("QMessageBox", "About Qt")  # not listed: from Qt's own catalog
            assert about != "About Qt"
            assert not about.startswith("«")
        application.install_qt_translations(qapp, "hi")  # no Qt catalog: ours alone
        assert translate("QPlatformTheme", "Cancel") == "«Cancel»"
    finally:
        application.install_qt_translations(qapp, i18n.current_language())
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_english_ui_installs_no_bridge(qapp) -> None:
    application.install_qt_translations(qapp, "en")
    assert not any(isinstance(t, CatalogTranslator) for t in application._translators)


# ---------------------------------------------------------------- the list stays in step with Qt


class Recorder(QTranslator):
    """Notes every string Qt asks for and answers none, so Qt's own text is kept."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(
        self, context: str, source: str, /, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        self.asked.add((context, source))
        return None

    def isEmpty(self) -> bool:
        return False


def test_every_string_qt_asks_for_is_listed(qtbot, qapp, tmp_path: Path) -> None:
    """The file dialog, message box, button box and context menus ask for nothing unlisted."""
    recorder = Recorder()
    qapp.installTranslator(recorder)
    try:
        with dialogs.no_trace():
            _file_dialog_texts(qtbot, tmp_path)
        _message_box_texts(qtbot)
        _context_menu_texts(qtbot)
        every = QDialogButtonBox.StandardButton.NoButton
        for button in QDialogButtonBox.StandardButton:
            every |= button
        box = QDialogButtonBox(every)
        qtbot.addWidget(box)
        box.show()
    finally:
        qapp.removeTranslator(recorder)
    asked = {a for a in recorder.asked if a[0] not in NOT_LISTED_CONTEXTS} - NOT_LISTED
    assert ("QFileDialog", "&Look in:") in asked  # the recording works
    assert sorted(asked - set(QT_STRINGS)) == []


def _qt_libraries() -> bytes:
    found = b""
    for kind in (QLibraryInfo.LibraryPath.LibrariesPath, QLibraryInfo.LibraryPath.BinariesPath):
        folder = Path(QLibraryInfo.path(kind))
        for pattern in ("*Qt6Widgets*", "*Qt6Gui*", "Qt*.framework/Qt*"):
            for path in folder.glob(pattern):
                if path.is_file() and path.suffix != ".prl":
                    found += path.read_bytes()
    return found


def test_every_listed_string_is_in_qt() -> None:
    """A string Qt renamed or dropped is caught (Qt keeps each source text whole)."""
    binaries = _qt_libraries()
    if not binaries:
        pytest.skip("Qt's libraries are not where QLibraryInfo says")
    listed = [s for s in QT_STRINGS if s not in OTHER_PLATFORMS]
    assert len(set(QT_STRINGS)) == len(QT_STRINGS)
    assert [s for s in listed if s[1].encode() + b"\0" not in binaries] == []
