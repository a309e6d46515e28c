# SPDX-License-Identifier: GPL-3.0-or-later
"""Showing an attachment without it ever touching the disk.

The decrypted bytes stay in memory: images are decoded from them by Qt, PDFs are rendered
page by page by PDFium from them, text is decoded from them. No temporary file, no
thumbnail, no cache. `load_preview` and `render_pdf_page` run on a worker; they build
QImages (safe off the UI thread), never widgets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.journal.evidence import AttachmentInfo
from desktop.journal.store import Journal
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.attachment_list import details_text
from desktop.ui.journal.entry_common import GuardedTextView
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel

PREVIEW_LIMIT = 64 * 1024 * 1024  # bytes read into memory to show an attachment
TEXT_LIMIT = 2 * 1024 * 1024  # characters of a text file shown
PDF_WIDTH = 1400  # pixels a PDF page is rendered at (then scaled to the window)
_TEXT_TYPES = ("application/json", "application/xml")

# PDFium is not thread-safe: one call into it at a time, whatever the thread.
_pdfium = threading.Lock()


class Kind:
    IMAGE = "image"
    PDF = "pdf"
    TEXT = "text"
    TOO_LARGE = "too-large"
    UNSUPPORTED = "unsupported"  # no preview for this type
    UNREADABLE = "unreadable"  # a type we show, but this file could not be decoded


@dataclass(frozen=True)
class Preview:
    info: AttachmentInfo
    kind: str
    image: QImage | None = None  # an image, or the first page of a PDF
    text: str = ""
    truncated: bool = False
    data: bytes = b""  # a PDF's bytes, to render its other pages
    pages: int = 0


def kind_for(media_type: str) -> str:
    if media_type.startswith("image/"):
        return Kind.IMAGE
    if media_type == "application/pdf":
        return Kind.PDF
    if media_type.startswith("text/") or media_type in _TEXT_TYPES:
        return Kind.TEXT
    return Kind.UNSUPPORTED


def load_preview(journal: Journal, attachment_uid: str) -> Preview:
    """Decrypt and decode an attachment for showing (worker thread)."""
    info, data = journal.read_attachment(attachment_uid, PREVIEW_LIMIT)
    kind = kind_for(info.media_type)
    if kind == Kind.UNSUPPORTED:
        return Preview(info, kind)
    if data is None:
        return Preview(info, Kind.TOO_LARGE)
    if kind == Kind.TEXT:
        text = data[:TEXT_LIMIT].decode("utf-8", errors="replace")
        return Preview(info, kind, text=text, truncated=len(data) > TEXT_LIMIT)
    if kind == Kind.IMAGE:
        image = decode_image(data)
        return Preview(info, kind, image=image) if image else Preview(info, Kind.UNREADABLE)
    try:
        pages = pdf_page_count(data)
        first = render_pdf_page(data, 0) if pages else None
    except Exception:  # PDFium raises its own errors for damaged or locked files
        return Preview(info, Kind.UNREADABLE)
    if first is None:
        return Preview(info, Kind.UNREADABLE)
    return Preview(info, kind, image=first, data=data, pages=pages)


def decode_image(data: bytes) -> QImage | None:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # a photo kept with its metadata shows the right way up
    image = reader.read()
    buffer.close()
    return None if image.isNull() else image


def pdf_page_count(data: bytes) -> int:
    import pypdfium2  # type: ignore[import-untyped]

    with _pdfium:
        document = pypdfium2.PdfDocument(data)
        try:
            return len(document)
        finally:
            document.close()


def render_pdf_page(data: bytes, index: int) -> QImage:
    """One page as an image, from the bytes in memory (worker thread)."""
    import pypdfium2

    with _pdfium:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[index]
            width = page.get_width() or 612.0
            # R, G, B, unused: byte order in memory whatever the machine's endianness, which
            # is what QImage's RGBX8888 is. No Pillow needed.
            bitmap = page.render(
                scale=min(4.0, PDF_WIDTH / width), prefer_bgrx=True, rev_byteorder=True
            )
            # copy() detaches the image from the buffer before the document goes.
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()
            page.close()
            return image
        finally:
            document.close()


class PreviewDialog(QDialog):
    """Shows one attachment; PDFs page by page. Nothing it shows is written anywhere."""

    def __init__(
        self,
        preview: Preview,
        journal: Journal,
        clipboard: ClipboardGuard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._preview = preview
        self._journal = journal
        self._page = 0
        self._generation = 0
        self._image: QImage | None = preview.image
        # The title says nothing of the file: task bars, window switchers and shared screens
        # show it (the name is in the window, above the preview).
        self.setWindowTitle(_("Preview"))
        self.resize(900, 700)

        column = QVBoxLayout(self)
        info = preview.info
        self.details = SafeLabel(details_text(info))
        self.details.setObjectName("hint")
        self.details.setToolTip(info.sha256)
        column.addWidget(self.details)
        self.note = SafeLabel()
        self.note.setObjectName("hint")
        self.note.setVisible(False)
        column.addWidget(self.note)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Translators: screen-reader name of the area that shows an image or PDF page.
        self.image_label.setAccessibleName(_("Preview of {name}").format(name=preview.info.name))
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.image_label)
        self.text_view = GuardedTextView(
            clipboard, _("Contents of {name}").format(name=preview.info.name)
        )
        self.text_view.setLineWrapMode(GuardedTextView.LineWrapMode.WidgetWidth)
        column.addWidget(self.scroll_area, 1)
        column.addWidget(self.text_view, 1)

        self.busy = BusyBar(_("Showing the page"))
        column.addWidget(self.busy)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        row = QHBoxLayout()
        # Translators: buttons to move between the pages of a PDF attachment.
        self.previous_button = QPushButton(_("Previous page"))
        self.next_button = QPushButton(_("Next page"))
        self.page_label = SafeLabel()
        self.close_button = QPushButton(_("Close"))
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setAccessibleName(button.text())
        row.addWidget(self.previous_button)
        row.addWidget(self.page_label)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        column.addLayout(row)

        self.previous_button.clicked.connect(self._on_previous_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.close_button.clicked.connect(self.close)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), self
        ).activated.connect(self._on_previous_clicked)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), self).activated.connect(
            self._on_next_clicked
        )
        align_to_ui(self)
        self._show_preview()

    # ------------------------------------------------------------------ content
    def _show_preview(self) -> None:
        preview = self._preview
        shows_image = preview.kind in (Kind.IMAGE, Kind.PDF)
        self.scroll_area.setVisible(shows_image)
        self.text_view.setVisible(preview.kind == Kind.TEXT)
        is_pdf = preview.kind == Kind.PDF
        for widget in (self.previous_button, self.next_button, self.page_label):
            widget.setVisible(is_pdf and preview.pages > 1)
        if preview.kind == Kind.TEXT:
            self.text_view.set_text(preview.text)
            if preview.truncated:
                self._note(_("This file is long. Only its beginning is shown here."))
            self.text_view.setFocus()
        elif shows_image:
            self._update_page_controls()
            self._fit_image()
            self.close_button.setFocus()
        else:
            self._note(self._message(preview.kind), error=True)
            self.close_button.setFocus()

    @staticmethod
    def _message(kind: str) -> str:
        if kind == Kind.TOO_LARGE:
            return _("Too large to preview; save a copy to open it elsewhere.")
        if kind == Kind.UNREADABLE:
            return _(
                "This file could not be shown. It may be damaged, protected by a password, "
                "or in a form Bastion cannot display. You can save a copy to open it elsewhere."
            )
        return _("No preview for this type of file.")

    def _note(self, text: str, *, error: bool = False) -> None:
        label = self.error if error else self.note
        if isinstance(label, ErrorLabel):
            label.show_message(text)
        else:
            label.setText(text)
            label.setAccessibleName(text)
            label.setVisible(True)

    def _fit_image(self) -> None:
        if self._image is None or self._image.isNull():
            self.image_label.clear()
            return
        available = self.scroll_area.viewport().size()
        pixmap = QPixmap.fromImage(self._image)
        if pixmap.width() > available.width() or pixmap.height() > available.height():
            if self._preview.kind == Kind.PDF:
                pixmap = pixmap.scaledToWidth(
                    max(available.width() - 4, 50), Qt.TransformationMode.SmoothTransformation
                )
            else:
                pixmap = pixmap.scaled(
                    available,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
        self.image_label.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_image()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_image()

    # ------------------------------------------------------------------ PDF pages
    @property
    def page(self) -> int:
        """The PDF page shown, from 0."""
        return self._page

    def _update_page_controls(self) -> None:
        pages = self._preview.pages
        # Translators: under a PDF preview, e.g. "Page 2 of 7".
        text = _("Page {number} of {count}").format(number=self._page + 1, count=pages)
        self.page_label.setText(text)
        self.page_label.setAccessibleName(text)
        busy = self.busy.isVisible()
        self.previous_button.setEnabled(not busy and self._page > 0)
        self.next_button.setEnabled(not busy and self._page < pages - 1)

    def _on_previous_clicked(self) -> None:
        self.show_page(self._page - 1)

    def _on_next_clicked(self) -> None:
        self.show_page(self._page + 1)

    def show_page(self, index: int) -> None:
        preview = self._preview
        if preview.kind != Kind.PDF or not 0 <= index < preview.pages or index == self._page:
            return
        self._page = index
        self._generation += 1
        self.busy.setVisible(True)
        self.error.clear_message()
        self._update_page_controls()
        data = preview.data
        task = run_in_thread(attempt(self._generation, lambda: render_pdf_page(data, index)))
        task.succeeded.connect(self._on_page_rendered)
        task.failed.connect(log_crash)

    def _on_page_rendered(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self.busy.setVisible(False)
        self._update_page_controls()
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self._journal.vault):
                self._image = None
                self._fit_image()
                self.error.show_message(self._message(Kind.UNREADABLE))
            return
        self._image = outcome.value
        self._fit_image()
