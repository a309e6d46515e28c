# SPDX-License-Identifier: GPL-3.0-or-later
"""The lesson reader: sanitised lesson HTML, pack images from memory, links only on request.

The viewer never fetches anything. `loadResource` answers `pack:images/…` from the pack's
bytes and nothing else, whatever the HTML asks for; links are not followed by the viewer, and
opening one in the web browser needs a yes to a question that shows the whole address (it
leaves Bastion, and the network may be watched). A `lesson:` link (to another lesson of the
pack, such as the glossary) asks nothing: it is handed to the Learn area, which opens it.

Typography: lines of at most about 70 characters, centred, with generous line height; the text
size is chosen with A− / A+ (or Ctrl and the wheel) and kept by the Learn area. The text runs
in the direction of the language it is actually shown in, so an English fallback in an Arabic
interface reads left to right.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QImage,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QStyle, QTextBrowser, QWidget

from desktop.i18n import _
from desktop.training.render import IMAGE_DIR, LESSON_SCHEME, PACK_SCHEME
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import ltr
from desktop.ui.kit.text import breakable

MEASURE = 72  # characters per line at most: longer lines tire the eye
LINE_HEIGHT = 135  # percent of the font's line spacing (which already has some leading)
MIN_SIDE = 24  # pixels of margin beside the text, even in a narrow window
MAX_IMAGE_WIDTH = 640  # a large picture is scaled down to the reading column
_SAMPLE = "the quick brown fox jumps over the lazy dog, then Reads on. "
# A quotation: a tinted, edged box as wide as the text column, its text set in by the padding
# on the reading side (left to right or right to left alike). Qt's rich text has no border on
# a paragraph (CSS borders are for tables only), so the box is a QTextFrame.
QUOTE_BACKGROUND = QColor("#f3f6fb")  # the style sheet's panel tint; text keeps its contrast
# 3.6:1 on white, 3.4:1 on the tint: the edge carries meaning (WCAG 1.4.11 asks for 3:1).
QUOTE_EDGE = QColor("#6f87b0")
QUOTE_BORDER = 1
QUOTE_PADDING = 12
QUOTE_NESTING = 20  # pixels more, on the reading side, for a quote inside a quote
QUOTE_SPACE = 6  # above and below the box, besides the paragraphs' own margins
_QT_QUOTE_MARGIN = 40  # what Qt's HTML import gives each <blockquote> level, on both sides
SIZES = (10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28)  # text sizes A− / A+ step through


def default_size(base: float) -> int:
    """The reading size for an interface font of `base` points: a little larger."""
    wanted = base + 2
    return min(SIZES, key=lambda size: abs(size - wanted))


def ask_to_open(parent: QWidget, url: str) -> bool:
    """Ask before a link leaves Bastion; the whole address is shown, as plain text."""
    return confirm(
        parent,
        title=_("Open link"),
        text=_(
            "Open this link in your web browser? It leaves Bastion and may be watched on this "
            "network.\n\n{address}"
        ).format(address=ltr(breakable(url))),
        accept_label=_("Open in browser"),
    )


class LessonBrowser(QTextBrowser):
    link_opened = Signal(str)  # the person agreed and the address went to the web browser
    lesson_link_clicked = Signal(str)  # a link to another lesson of the pack: its key
    size_requested = Signal(int)  # +1 or -1: Ctrl and the wheel ask for a text size step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonText")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setUndoRedoEnabled(False)
        self.setAccessibleName(_("Lesson text"))
        self._files: Mapping[str, bytes] = {}
        self._right_to_left = False
        self.refused: list[str] = []  # addresses the lesson asked for and did not get
        self.anchorClicked.connect(self._on_anchor_clicked)

    # ------------------------------------------------------------------ content
    def show_lesson(
        self, html: str, files: Mapping[str, bytes], right_to_left: bool, point_size: int
    ) -> None:
        self._files = files
        self._right_to_left = right_to_left
        self.refused = []
        document = self.document()
        font = QFont(self.font())
        font.setPointSize(point_size)
        document.setDefaultFont(font)
        direction = (
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )
        option = QTextOption(document.defaultTextOption())
        option.setTextDirection(direction)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        self.setHtml(html)
        self._frame_quotes(direction)
        self._format_blocks(direction)
        self._flatten_frame_edges()
        self._fit_measure()
        self.verticalScrollBar().setValue(0)

    def clear_lesson(self) -> None:
        self._files = {}
        self.clear()

    def set_point_size(self, point_size: int) -> None:
        font = QFont(self.document().defaultFont())
        font.setPointSize(point_size)
        self.document().setDefaultFont(font)
        self._fit_measure()

    def point_size(self) -> int:
        return self.document().defaultFont().pointSize()

    def _format_blocks(self, direction: Qt.LayoutDirection) -> None:
        # Every block in the lesson's direction, with room between the lines. Set here rather
        # than by style sheet: Qt's rich text does not honour CSS line-height everywhere.
        block = QTextBlockFormat()
        block.setLayoutDirection(direction)
        block.setLineHeight(LINE_HEIGHT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)

    def _frame_quotes(self, direction: Qt.LayoutDirection) -> None:
        """Put each quotation in a box aligned with the text column (see QUOTE_BACKGROUND).

        Qt's import marks a <blockquote> only by 40 px of margin on both sides of each of its
        paragraphs, per level: the quote floats in the middle, unmarked, and the inset on the
        trailing side looks like a layout fault. (Lesson Markdown makes no other side margin:
        raw HTML is off, and the sanitiser drops style attributes but on table cells.)
        """
        runs: list[tuple[int, int]] = []  # first and last position of consecutive quoted blocks
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().rightMargin() >= _QT_QUOTE_MARGIN:
                end = block.position() + block.length() - 1
                if runs and runs[-1][1] + 1 == block.position():
                    runs[-1] = (runs[-1][0], end)
                else:
                    runs.append((block.position(), end))
            block = block.next()
        frame = QTextFrameFormat()
        frame.setBackground(QUOTE_BACKGROUND)
        frame.setBorderBrush(QUOTE_EDGE)
        frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        frame.setBorder(QUOTE_BORDER)
        frame.setPadding(QUOTE_PADDING)
        frame.setMargin(0)
        frame.setTopMargin(QUOTE_SPACE)
        frame.setBottomMargin(QUOTE_SPACE)
        for first, last in reversed(runs):  # from the end: earlier positions stay valid
            cursor = QTextCursor(self.document())
            cursor.setPosition(first)
            cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
            self._unindent_quote(cursor, direction)
            cursor.insertFrame(frame)

    def _flatten_frame_edges(self) -> None:
        # Qt puts an empty paragraph before and after an inserted frame: a line of nothing
        # each, they would double the space around a quotation's box.
        document = self.document()
        for frame in document.rootFrame().childFrames():
            for position in (frame.firstPosition() - 1, frame.lastPosition() + 1):
                edge = document.findBlock(position)
                if edge.isValid() and not edge.text():
                    flat = edge.blockFormat()
                    flat.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
                    flat.setTopMargin(0)
                    flat.setBottomMargin(0)
                    QTextCursor(edge).setBlockFormat(flat)

    def _unindent_quote(self, selection: QTextCursor, direction: Qt.LayoutDirection) -> None:
        """Qt's margins off the quoted blocks; a nested quote keeps a step on the reading side."""
        block = self.document().findBlock(selection.selectionStart())
        last = self.document().findBlock(selection.selectionEnd())
        first_number = block.blockNumber()
        while block.isValid() and block.blockNumber() <= last.blockNumber():
            fmt = block.blockFormat()
            depth = round(fmt.rightMargin() / _QT_QUOTE_MARGIN)
            leading = QUOTE_NESTING * max(depth - 1, 0)
            rtl = direction == Qt.LayoutDirection.RightToLeft
            fmt.setLeftMargin(0 if rtl else leading)
            fmt.setRightMargin(leading if rtl else 0)
            if block.blockNumber() == first_number:
                fmt.setTopMargin(0)  # the frame's padding is the space inside the box
            if block.blockNumber() == last.blockNumber():
                fmt.setBottomMargin(0)
            QTextCursor(block).setBlockFormat(fmt)
            block = block.next()

    def _fit_measure(self) -> None:
        """Keep lines to about MEASURE characters by widening the margins beside them."""
        metrics = QFontMetricsF(self.document().defaultFont())
        # The font's "average" character is wider than running text's (it weighs capitals
        # and wide glyphs alike): measure ordinary words instead.
        measure = metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * MEASURE
        # From the widget's width, not the viewport's: the scroll bar coming and going must
        # not change the margins (which would bring it back, and so on).
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.width() - scroll_bar - 2 * self.frameWidth()
        side = max(float(MIN_SIDE), (available - measure) / 2)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        frame.setLeftMargin(side)
        frame.setRightMargin(side)
        frame.setTopMargin(16)
        frame.setBottomMargin(24)
        root.setFrameFormat(frame)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Qt zooms a read-only text on Ctrl+wheel by itself; the Learn area's text size
        # (kept in the vault) is changed instead, so both ways agree.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = event.angleDelta().y()
            if step:
                self.size_requested.emit(1 if step > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ what may load
    def loadResource(self, resource_type: int, name: QUrl | str) -> Any:
        """Images of the pack only, from memory; nothing else is ever loaded."""
        url = QUrl(name) if isinstance(name, str) else name
        kind = getattr(resource_type, "value", resource_type)
        if kind == QTextDocument.ResourceType.ImageResource.value and url.scheme() == PACK_SCHEME:
            path = url.path()
            data = self._files.get(path) if path.startswith(f"{IMAGE_DIR}/") else None
            if data is not None:
                return self._image(data)
        address = url.toString()
        if address not in self.refused:
            self.refused.append(address)
        return None

    @staticmethod
    def _image(data: bytes) -> QImage:
        # A picture that does not decode comes back empty (Qt shows its placeholder) rather
        # than as nothing: nothing would make Qt ask again at every repaint.
        image = QImage.fromData(data)
        if image.width() > MAX_IMAGE_WIDTH:
            image = image.scaledToWidth(MAX_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
        return image

    # ------------------------------------------------------------------ links
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == LESSON_SCHEME:
            # Stays inside Bastion, so nothing to confirm; the renderer kept only keys of
            # lessons in the pack, and the area ignores a key it does not know.
            self.lesson_link_clicked.emit(url.path())
            return
        address = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        # The renderer keeps https links only; checked again, as the address leaves Bastion.
        if url.scheme() != "https" or not url.isValid():
            return
        if not ask_to_open(self, address):
            return
        QDesktopServices.openUrl(url)
        self.link_opened.emit(address)
