# SPDX-License-Identifier: GPL-3.0-or-later
"""How a list row of a title and its details is drawn: the title in bold, the details
(a date and labels, a level and progress) below it, smaller. The journal's list and the
Learn area's lists use it; the model gives each row as "title\ndetails".

Each line is laid out in the direction of its own text (an Arabic title in an English UI
reads right to left, with its punctuation where it belongs) but aligned with the UI, so the
column stays even. Titles take at most two lines and details at most two; the rest is
elided (the screen-reader text, and the journal's tooltip, carry everything).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from desktop.ui.kit.direction import text_direction

PAD_X = 10
PAD_Y = 7
GAP = 2
TITLE_LINES = 2
DETAIL_LINES = 2
SEPARATOR = QColor("#dde2ea")
DETAIL = QColor("#404a5c")  # the style sheet's hint colour: 8.6:1 on white


def _lines(text: str, font: QFont, width: float, most: int) -> list[str]:
    """`text` broken into lines that fit `width`, at most `most`; the last one elided."""
    if width <= 0 or not text:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    result = [text[start : start + length].rstrip() for start, length in starts[: most - 1]]
    if len(starts) >= most:
        rest = text[starts[most - 1][0] :]
        metrics = QFontMetricsF(font)
        result.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return result


class TitledRows(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        detail = QFont(option.font)
        detail.setPointSizeF(max(option.font.pointSizeF() * 0.9, 7.0))
        return title, detail

    def _content(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[list[str], list[str], QFont, QFont, str, str]:
        # "title\ndetails", formatted once and cached by the model (a title has no newline).
        title_text, _newline, detail_text = str(index.data() or "").partition("\n")
        title_font, detail_font = self._fonts(option)
        width = self._view.viewport().width() - 2 * PAD_X
        return (
            _lines(title_text, title_font, width, TITLE_LINES),
            _lines(detail_text, detail_font, width, DETAIL_LINES),
            title_font,
            detail_font,
            title_text,
            detail_text,
        )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        titles, detail_lines, title_font, detail_font, _t, _d = self._content(option, index)
        height = (
            2 * PAD_Y
            + len(titles) * QFontMetricsF(title_font).lineSpacing()
            + GAP
            + len(detail_lines) * QFontMetricsF(detail_font).lineSpacing()
        )
        return QSize(self._view.viewport().width(), int(height + 0.999))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.text = ""  # background, selection and focus only; the text is drawn below
        widget = styled.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, styled, painter, widget)

        titles, detail_lines, title_font, detail_font, title, detail = self._content(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        if selected:
            title_colour = detail_colour = option.palette.color(
                group, QPalette.ColorRole.HighlightedText
            )
        else:
            title_colour = option.palette.color(group, QPalette.ColorRole.Text)
            detail_colour = DETAIL
        ui_rtl = option.direction == Qt.LayoutDirection.RightToLeft
        align = Qt.AlignmentFlag.AlignAbsolute | (
            Qt.AlignmentFlag.AlignRight if ui_rtl else Qt.AlignmentFlag.AlignLeft
        )
        rect = QRectF(option.rect).adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        painter.save()
        y = rect.top()
        for lines, font, colour, source in (
            (titles, title_font, title_colour, title),
            (detail_lines, detail_font, detail_colour, detail),
        ):
            text_option = QTextOption(align)
            text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
            text_option.setTextDirection(text_direction(source) or option.direction)
            spacing = QFontMetricsF(font).lineSpacing()
            painter.setFont(font)
            painter.setPen(colour)
            for line in lines:
                painter.drawText(QRectF(rect.left(), y, rect.width(), spacing), line, text_option)
                y += spacing
            y += GAP
        if not selected:
            painter.setPen(SEPARATOR)
            bottom = QRectF(option.rect).bottom()
            painter.drawLine(
                QPointF(option.rect.left() + PAD_X, bottom),
                QPointF(option.rect.right() - PAD_X, bottom),
            )
        painter.restore()
