# SPDX-License-Identifier: GPL-3.0-or-later
"""How multi-line list rows are drawn, so that no line of Arabic or Devanagari is cut off.

`TitledRows`: a title in bold and its details (a date and labels, a level and progress) below
it, smaller. The journal's list and the Learn area's lists use it; the model gives each row as
"title\ndetails". Titles take at most two lines and details at most two; the rest is elided
(the screen-reader text, and the journal's tooltip, carry everything).

`StackedLines`: every "\n"-separated line of an item shown in full, wrapped where it is long
(the evidence list: a file's name, its details, what happened to its hidden information).

Heights come from the text as laid out. Arabic and Devanagari are drawn in a fallback font
(Noto Naskh Arabic, Noto Sans Devanagari) whose ascent and descent differ from the interface
font's, so the interface font's metrics (QFontMetrics.height(), lineSpacing()) are the wrong
measure: a line of Naskh is about a quarter taller than a line of Noto Sans. Here the text is
laid out with QTextLayout, whose lines take the ascent and descent of the fonts they actually
use, and sizeHint and paint lay it out alike: each line is drawn where it was measured.

Each line is laid out in the direction of its own text (an Arabic title in an English UI
reads right to left, with its punctuation where it belongs) but aligned with the UI, so the
column stays even.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.ui.kit.direction import text_direction

PAD_X = 10
PAD_Y = 7
GAP = 2
TITLE_LINES = 2
DETAIL_LINES = 2
SEPARATOR = QColor("#dde2ea")
DETAIL = QColor("#404a5c")  # the style sheet's hint colour: 8.6:1 on white
_PROBE = 10_000  # height of the rect sizeHint asks the style about: only its margins matter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Block:
    """Text laid out for drawing: its lines stacked from y = 0, and their height together."""

    layout: QTextLayout
    height: float


def lay_out(text: str, font: QFont, width: float, option: QTextOption) -> Block:
    """`text` laid out in lines of `width` as it will be drawn.

    A line's ascent and descent are those of the fonts its glyphs come from, fallback fonts
    included (QFontMetricsF(font).height() knows only the primary font).
    """
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)  # drawn as laid out, not shaped again
    y = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1.0))
        line.setPosition(QPointF(0, y))
        y += line.ascent() + line.descent()
    layout.endLayout()
    return Block(layout, y)


def text_option(text: str, ui: Qt.LayoutDirection, wrap: QTextOption.WrapMode) -> QTextOption:
    """The text's own direction, aligned with the UI's leading edge."""
    align = Qt.AlignmentFlag.AlignAbsolute | (
        Qt.AlignmentFlag.AlignRight
        if ui == Qt.LayoutDirection.RightToLeft
        else Qt.AlignmentFlag.AlignLeft
    )
    option = QTextOption(align)
    option.setWrapMode(wrap)
    option.setTextDirection(text_direction(text) or ui)
    return option


def draw_blocks(painter: QPainter, blocks: list[Block], left: float, top: float) -> float:
    """Draw `blocks` one below the other from `top`; returns the y below the last."""
    y = top
    for block in blocks:
        block.layout.draw(painter, QPointF(left, y))
        y += block.height
    return y


def _at_most(text: str, font: QFont, width: float, most: int, option: QTextOption) -> list[Block]:
    """`text` wrapped to `width` in at most `most` lines, the last one elided if need be."""
    if not text:
        return []
    whole = lay_out(text, font, width, option)
    layout = whole.layout
    if layout.lineCount() == 1:
        return [whole]  # the usual case: drawn as measured, laid out once
    # Line by line, each without the space it was broken at: right to left, that space would
    # stand at the line's left end and push a left-aligned line off the column's edge.
    one_line = QTextOption(option)
    one_line.setWrapMode(QTextOption.WrapMode.NoWrap)
    count = layout.lineCount()
    spans = [(layout.lineAt(i).textStart(), layout.lineAt(i).textLength()) for i in range(count)]
    lines = [text[start : start + length].rstrip() for start, length in spans[:most]]
    if count > most:
        rest = text[spans[most - 1][0] :]
        lines[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [lay_out(line, font, width, one_line) for line in lines]


def _style(option: QStyleOptionViewItem) -> QStyle:
    widget = option.widget
    return widget.style() if widget is not None else QApplication.style()


def _draw_background(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem, index: Index
) -> QStyleOptionViewItem:
    """Background, selection and focus as the style (and style sheet) draws them; no text."""
    styled = QStyleOptionViewItem(option)
    delegate.initStyleOption(styled, index)
    styled.text = ""
    _style(styled).drawControl(
        QStyle.ControlElement.CE_ItemViewItem, styled, painter, styled.widget
    )
    return styled


def _text_pen(option: QStyleOptionViewItem) -> QColor:
    group = (
        QPalette.ColorGroup.Active
        if option.state & QStyle.StateFlag.State_Active
        else QPalette.ColorGroup.Inactive
    )
    role = (
        QPalette.ColorRole.HighlightedText
        if option.state & QStyle.StateFlag.State_Selected
        else QPalette.ColorRole.Text
    )
    return option.palette.color(group, role)


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
        self, option: QStyleOptionViewItem, index: Index
    ) -> tuple[list[Block], list[Block]]:
        """The title's lines and the details' lines, each laid out as it will be drawn."""
        # "title\ndetails", formatted once and cached by the model (a title has no newline).
        title, _newline, detail = str(index.data() or "").partition("\n")
        title_font, detail_font = self._fonts(option)
        width = self._view.viewport().width() - 2 * PAD_X
        parts: list[list[Block]] = []
        for source, font, most in (
            (title, title_font, TITLE_LINES),
            (detail, detail_font, DETAIL_LINES),
        ):
            wrap = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
            laid = text_option(source, option.direction, wrap)
            parts.append(_at_most(source, font, width, most, laid))
        return parts[0], parts[1]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        titles, details = self._content(option, index)
        height = 2 * PAD_Y + sum(b.height for b in titles) + GAP + sum(b.height for b in details)
        return QSize(self._view.viewport().width(), math.ceil(height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _draw_background(self, painter, option, index)
        titles, details = self._content(option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pen = _text_pen(option)
        rect = QRectF(option.rect).adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        painter.save()
        painter.setPen(pen)
        y = draw_blocks(painter, titles, rect.left(), rect.top())
        painter.setPen(pen if selected else DETAIL)
        draw_blocks(painter, details, rect.left(), y + GAP)
        if not selected:
            painter.setPen(SEPARATOR)
            bottom = QRectF(option.rect).bottom()
            painter.drawLine(
                QPointF(option.rect.left() + PAD_X, bottom),
                QPointF(option.rect.right() - PAD_X, bottom),
            )
        painter.restore()


class StackedLines(QStyledItemDelegate):
    """Every line of an item in full, wrapped where long; the row as tall as its lines.

    Qt's own item drawing sizes such a row correctly but, deciding how many lines fit when it
    paints, assumes each line is as tall as the one before it: under a Latin line, a shorter
    Devanagari (or DejaVu Arabic) line is dropped and the line above it elided, though the row
    has room. Here each line is measured in the fonts that draw it, and drawn where measured.
    Background, selection, padding and focus stay the style sheet's (`::item` rules).
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    @staticmethod
    def _text_rect(styled: QStyleOptionViewItem) -> QRectF:
        style = _style(styled)
        widget: QWidget | None = styled.widget
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, styled, widget)
        # Qt's own item text keeps this far from the sides (QCommonStyle's viewItemDrawText).
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        return QRectF(rect).adjusted(margin, 0, -margin, 0)

    @staticmethod
    def _blocks(styled: QStyleOptionViewItem, index: Index, width: float) -> list[Block]:
        wrap = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
        text = str(index.data() or "")
        return [
            lay_out(line, styled.font, width, text_option(line, styled.direction, wrap))
            for line in text.split("\n")
        ]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        width = self._view.viewport().width()
        styled.rect = QRect(0, 0, width, _PROBE)
        text = self._text_rect(styled)
        lines = sum(block.height for block in self._blocks(styled, index, text.width()))
        return QSize(width, math.ceil(lines + _PROBE - text.height()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        styled = _draw_background(self, painter, option, index)
        text = self._text_rect(styled)
        blocks = self._blocks(styled, index, text.width())
        spare = text.height() - sum(block.height for block in blocks)
        painter.save()
        painter.setPen(_text_pen(styled))
        draw_blocks(painter, blocks, text.left(), text.top() + max(spare, 0.0) / 2)
        painter.restore()
