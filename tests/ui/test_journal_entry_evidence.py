# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence files in the entry panel: import (metadata removed unless kept), drag and drop,
pasted screenshots, previews from memory, unencrypted copies, removal, no dialog traces."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.journal import Journal
from desktop.journal.evidence import AttachmentInfo, AttachmentSource, MetadataState
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal import preview
from desktop.ui.journal.attachments import AttachmentsPanel
from desktop.ui.journal.entry_panel import EntryPanel
from desktop.ui.kit import dialogs
from tests import watch
from tests.conftest import MakeVault
from tests.journal.conftest import sample

GPS = 0x8825


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
    yield widget
    QApplication.clipboard().clear()


def open_entry(qtbot, panel: EntryPanel, uid: str) -> AttachmentsPanel:
    panel.show_entry(uid)
    qtbot.waitUntil(
        lambda: (
            panel.view.entry is not None
            and panel.view.entry.uid == uid
            and panel.stack.currentWidget() is panel.view
        )
    )
    return panel.view.attachments


def wait_files(qtbot, panel: EntryPanel, count: int) -> tuple[AttachmentInfo, ...]:
    qtbot.waitUntil(
        lambda: panel.view.entry is not None and len(panel.view.entry.attachments) == count,
        timeout=5000,
    )
    entry = panel.view.entry
    assert entry is not None
    return entry.attachments


def stored_bytes(journal: Journal, attachment_uid: str) -> bytes:
    _info, chunks = journal.open_attachment(attachment_uid)
    return b"".join(chunks)


def photo_with_gps(path: Path) -> Path:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    for x in range(64):
        image.putpixel((x, x * 3 % 48), (10, 20, 250))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (52.0, 31.0, 0.0), 3: "E", 4: (13.0, 24.0, 0.0)}
    image.save(path, "JPEG", exif=exif, quality=95)
    with Image.open(path) as check:
        assert check.getexif().get_ifd(GPS)  # the test photo really carries a location
    return path


def pdf_bytes(pages: int) -> bytes:
    document = pypdfium2.PdfDocument.new()
    for index in range(pages):
        page = document.new_page(300, 200)
        rect = pdfium_c.FPDFPageObj_CreateNewRect(20 + index * 50, 20, 100, 80)
        pdfium_c.FPDFPageObj_SetFillColor(rect, 255, 0, 0, 255)
        pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_ALTERNATE, 0)
        pdfium_c.FPDFPage_InsertObject(page, rect)
        pdfium_c.FPDFPage_GenerateContent(page)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------- import
def test_imported_photo_loses_its_location_unless_kept(
    qtbot, panel: EntryPanel, journal: Journal, tmp_path: Path
):
    photo = photo_with_gps(tmp_path / "IMG_0001.jpg")
    files = open_entry(qtbot, panel, journal.add(sample()))
    assert not files.keep.isChecked()
    with qtbot.waitSignal(panel.saved, timeout=5000):
        files.import_files([photo])
    (info,) = wait_files(qtbot, panel, 1)
    assert info.metadata == MetadataState.REMOVED
    assert "Hidden information removed" in files.list.item(0).text()
    assert "1 file was added" in files.status.text()
    data = stored_bytes(journal, info.uid)
    with Image.open(io.BytesIO(data)) as cleaned, Image.open(photo) as original:
        assert not cleaned.getexif()
        assert "exif" not in cleaned.info
        assert cleaned.tobytes() == original.tobytes()  # the pixels are untouched

    files.keep.setChecked(True)
    with qtbot.waitSignal(panel.saved, timeout=5000):
        files.import_files([photo])
    assert not files.keep.isChecked()  # the choice was for that import only
    kept = wait_files(qtbot, panel, 2)[1]
    assert kept.metadata == MetadataState.KEPT
    assert stored_bytes(journal, kept.uid) == photo.read_bytes()
    assert "Original kept, with its hidden information" in files.list.item(1).text()


def test_files_dropped_on_the_panel_or_the_entry_are_added(
    qtbot, panel: EntryPanel, journal: Journal, tmp_path: Path
):
    notes = tmp_path / "notes.txt"
    notes.write_text("What they said on the phone.\n", encoding="utf-8")
    files = open_entry(qtbot, panel, journal.add(sample()))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    for target, count in ((files, 1), (panel.view, 2)):
        # Qt delivers a drop only where the drag entered and was accepted.
        enter = QDragEnterEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, drop)
        assert drop.isAccepted()
        attachments = wait_files(qtbot, panel, count)
    assert [a.name for a in attachments] == ["notes.txt", "notes.txt"]
    assert stored_bytes(journal, attachments[0].uid) == notes.read_bytes()

    web = QMimeData()
    web.setUrls([QUrl("https://example.org/tracker.png")])
    assert not files.accepts(web)  # nothing is ever fetched


def test_pasted_screenshot_is_added_as_png_from_memory(qtbot, panel: EntryPanel, journal: Journal):
    files = open_entry(qtbot, panel, journal.add(sample()))
    qtbot.mouseClick(files.paste_button, Qt.MouseButton.LeftButton)
    assert "no image to paste" in files.error.text()

    screenshot = QImage(120, 80, QImage.Format.Format_RGB32)
    screenshot.fill(QColor("#3366cc"))
    QApplication.clipboard().setImage(screenshot)
    with qtbot.waitSignal(panel.saved, timeout=5000):
        qtbot.mouseClick(files.paste_button, Qt.MouseButton.LeftButton)
    (info,) = wait_files(qtbot, panel, 1)
    assert info.name.startswith("screenshot-")
    assert info.name.endswith(".png")
    assert info.media_type == "image/png"
    back = QImage.fromData(stored_bytes(journal, info.uid))
    assert (back.width(), back.height()) == (120, 80)
    assert back.pixelColor(5, 5).name() == "#3366cc"


def test_an_unreadable_file_is_reported_plainly(qtbot, panel: EntryPanel, journal, tmp_path):
    files = open_entry(qtbot, panel, journal.add(sample()))
    files.import_files([tmp_path])  # a folder, not a file
    qtbot.waitUntil(lambda: files.error.isVisibleTo(files))
    assert "could not be read" in files.error.text()
    assert files.add_button.isEnabled()


# ---------------------------------------------------------------------- preview
def _entry_with(journal: Journal, *sources: AttachmentSource) -> str:
    return journal.add(sample(), list(sources))


def _preview(
    qtbot, files: AttachmentsPanel, row: int, *, by_key: bool = False
) -> preview.PreviewDialog:
    before = files.preview_dialog
    files.list.setCurrentRow(row)
    if by_key:
        files.list.setFocus()
        qtbot.keyClick(files.list, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(files.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: files.preview_dialog not in (None, before))
    dialog = files.preview_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_previews_of_image_text_and_pdf(qtbot, panel: EntryPanel, journal: Journal, tmp_path):
    picture = QImage(200, 100, QImage.Format.Format_RGB32)
    picture.fill(QColor("#00aa00"))
    png = io.BytesIO()
    Image.new("RGB", (200, 100), (0, 170, 0)).save(png, "PNG")
    uid = _entry_with(
        journal,
        AttachmentSource(data=png.getvalue(), name="capture.png"),
        AttachmentSource(data="سطر أول\nsecond line\n".encode(), name="chat.txt"),
        AttachmentSource(data=pdf_bytes(2), name="letter.pdf"),
        AttachmentSource(data=b"PK\x03\x04" + b"\x00" * 60, name="archive.zip"),
    )
    files = open_entry(qtbot, panel, uid)
    # The test's home (with its cache folder) and the data folder are under tmp_path.
    files_before = sorted(tmp_path.rglob("*"))

    image = _preview(qtbot, files, 0)
    # Task bars, window switchers and shared screens show titles: no file name there.
    assert "capture" not in image.windowTitle()
    assert image.windowTitle() == "Preview"
    assert image.scroll_area.isVisible()
    assert not image.text_view.isVisible()
    pixmap = image.image_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= 200
    image.close()
    qtbot.waitUntil(lambda: files.preview_dialog is None)

    text = _preview(qtbot, files, 1, by_key=True)
    assert text.text_view.isVisible()
    assert text.text_view.toPlainText() == "سطر أول\nsecond line\n"
    assert text.text_view.isReadOnly()
    text.close()

    pdf = _preview(qtbot, files, 2)
    assert not pdf.image_label.pixmap().isNull()
    assert pdf.page_label.text() == "Page 1 of 2"
    qtbot.mouseClick(pdf.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pdf.page == 1 and not pdf.busy.isVisible())
    assert pdf.page_label.text() == "Page 2 of 2"
    assert not pdf.image_label.pixmap().isNull()
    assert not pdf.next_button.isEnabled()
    pdf.close()

    other = _preview(qtbot, files, 3)
    assert other.error.text() == "No preview for this type of file."
    other.close()
    assert sorted(tmp_path.rglob("*")) == files_before  # no file, no thumbnail, no cache


def test_a_file_too_large_to_preview_says_so(qtbot, panel, journal, monkeypatch):
    monkeypatch.setattr(preview, "PREVIEW_LIMIT", 10)
    files = open_entry(qtbot, panel, _entry_with(journal, AttachmentSource(data=b"x" * 50)))
    dialog = _preview(qtbot, files, 0)
    assert "Too large to preview" in dialog.error.text()


# ---------------------------------------------------------------------- copies and removal
def test_save_a_copy_warns_then_writes_identical_bytes(
    qtbot, panel: EntryPanel, journal: Journal, tmp_path: Path, monkeypatch
):
    original = pdf_bytes(1)
    files = open_entry(qtbot, panel, _entry_with(journal, AttachmentSource(data=original)))
    warnings: list[str] = []
    answer = {"button": QMessageBox.StandardButton.Cancel}

    def fake_exec(box: QMessageBox) -> int:
        warnings.append(box.text())
        return int(answer["button"].value)

    destination = tmp_path / "out" / "copy.pdf"
    destination.parent.mkdir()
    asked: list[str] = []

    def fake_save(*args: object, **_kwargs: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(destination), ""

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    qtbot.mouseClick(files.save_button, Qt.MouseButton.LeftButton)
    assert "will NOT be encrypted" in warnings[0]
    assert asked == []  # declined: no dialog, no file
    answer["button"] = QMessageBox.StandardButton.Save
    qtbot.mouseClick(files.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: destination.is_file() and not files.busy.isVisible())
    assert destination.read_bytes() == original
    assert str(destination) in files.status.text()
    assert list(destination.parent.iterdir()) == [destination]  # no partial file left


def test_remove_a_file_makes_a_new_version(qtbot, panel, journal, data_dir, monkeypatch):
    uid = _entry_with(journal, AttachmentSource(data=b"one\n", name="one.txt"))
    files = open_entry(qtbot, panel, uid)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Yes.value))
    with qtbot.waitSignal(panel.saved, timeout=5000) as blocker:
        qtbot.mouseClick(files.remove_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [uid]
    wait_files(qtbot, panel, 0)
    assert journal.get(uid).revision == 2
    assert list((data_dir / "attachments").iterdir()) == []
    assert files.empty_label.isVisible()


@pytest.mark.skipif(not watch.AVAILABLE, reason="inotify is Linux only")
def test_file_dialogs_touch_nothing_on_disk_not_even_briefly(
    qtbot, panel: EntryPanel, tmp_path: Path, isolated_home: Path
):
    """Browsing writes nothing: Qt's dialog saves the folders it visited when it closes, and
    a settings file written then restored would still have been on disk for a moment."""
    browsed = tmp_path / "browsed"
    browsed.mkdir()

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setDirectory(str(browsed))
        dialog.setDirectory(str(isolated_home))
        dialog.accept()

    with watch.changes_under(isolated_home, tmp_path) as changes:
        QTimer.singleShot(200, accept)
        chosen = dialogs.choose_save_path(panel, "Save a copy", "photo.png")
    assert chosen is not None
    assert chosen.name == "photo.png"
    assert changes.paths == []
    assert not Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).exists()


def test_where_qt_settings_cannot_move_the_dialog_settings_are_restored(
    qtbot, panel: EntryPanel, tmp_path: Path, monkeypatch
):
    """Windows and macOS keep Qt's settings in the registry or CFPreferences, which cannot be
    pointed elsewhere: there the dialog's write is undone right after (simulated with a file)."""
    config = tmp_path / "config"
    monkeypatch.setattr(dialogs, "keep_qt_settings_off_disk", lambda: False)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(config))
    try:
        earlier = QSettings(QSettings.Scope.UserScope, "QtProject")
        earlier.setValue("FileDialog/lastVisited", "file:///somewhere/earlier")
        earlier.sync()
        settings_file = Path(earlier.fileName())
        del earlier
        before = settings_file.read_bytes()

        def accept() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, QFileDialog)
            dialog.setDirectory(str(tmp_path))
            dialog.accept()

        QTimer.singleShot(200, accept)
        assert dialogs.choose_save_path(panel, "Save a copy", "photo.png") is not None
        assert settings_file.read_bytes() == before
        assert str(tmp_path).encode() not in settings_file.read_bytes()
    finally:
        monkeypatch.undo()  # then put Qt's settings back off disk for the tests after this
        dialogs.keep_qt_settings_off_disk()
