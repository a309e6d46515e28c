# SPDX-License-Identifier: GPL-3.0-or-later
"""Arabic and Devanagari are drawn in fallback fonts (Noto Naskh Arabic, Noto Sans Devanagari,
or DejaVu Sans for Arabic where fontconfig prefers it) whose ascent and descent are not the
interface font's. Rows must be as tall as the text laid out in those fonts and draw every
line; lesson quotations must read as quotations on the reading side in either direction.

Measured with the fonts installed here; a test that needs a particular font skips without it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QListView, QPushButton

from desktop import i18n
from desktop.journal.evidence import AttachmentInfo, MetadataState
from desktop.training.render import render_markdown
from desktop.ui import application
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.attachment_list import AttachmentList, item_text
from desktop.ui.kit.delegates import GAP, PAD_Y, TitledRows
from desktop.ui.learn import reader
from desktop.ui.learn.reader import LessonBrowser

NASKH = "Noto Naskh Arabic"
DEVANAGARI = "Noto Sans Devanagari"
ARABIC_TITLE = "مضايقة على صفحة النقاش"  # "harassment on the talk page"


def _info(uid: str) -> AttachmentInfo:
    return AttachmentInfo(
        uid=uid,
        name=f"{uid}.jpg",
        media_type="image/jpeg",
        size=2_400_000,
        sha256="3f9a0c" * 10 + "abcd",
        original_sha256="0" * 64,
        metadata=MetadataState.REMOVED,
        added_at="2024-01-01T10:00:00Z",
    )


def _line_height(text: str, font: QFont) -> float:
    """Height of `text` on one line as Qt lays it out: the fallback fonts' metrics included."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    return line.ascent() + line.descent()


def _ink_rows(image: QImage) -> list[int]:
    """Rows holding dark (text) pixels; borders and separators are light."""
    return [
        y
        for y in range(image.height())
        if any(image.pixelColor(x, y).lightness() < 128 for x in range(image.width()))
    ]


def _need(family: str) -> None:
    if family not in QFontDatabase.families():
        pytest.skip(f"{family} is not installed")


@pytest.fixture(params=["ar", "hi"])
def ui_language(request, qapp, compiled_locale) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The whole UI in Arabic or Hindi: catalogue, direction, font scale and style sheet."""
    code: str = request.param
    sheet, font = qapp.styleSheet(), qapp.font()
    assert i18n.set_language(code) == code
    application.configure(qapp)
    try:
        yield code
    finally:
        i18n.set_language(None)
        application.configure(qapp)
        qapp.setStyleSheet(sheet)
        qapp.setFont(font)
        qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_every_line_of_an_evidence_item_is_drawn(qtbot, ui_language: str):
    """The third line ("Hidden information removed") was dropped under a Latin line whose
    fallback-font translation is shorter (Qt guesses each line is as tall as the one above)."""
    files = AttachmentList(ClipboardGuard())
    qtbot.addWidget(files)
    files.resize(700, 260)
    files.show_attachments((_info("first"), _info("second")), "first")
    files.show()
    qtbot.waitExposed(files)
    index = files.model().index(1, 0)  # not selected: dark text on white
    row = files.visualRect(index)
    heights = [_line_height(line, files.font()) for line in item_text(_info("second")).split("\n")]
    assert len(heights) == 3
    assert row.height() >= sum(heights)

    ink = _ink_rows(files.viewport().grab(row).toImage())
    assert ink, "nothing drawn"
    # Three lines of ink: more than the first two lines could hold, and none cut at the bottom.
    assert ink[-1] - ink[0] + 1 > heights[0] + heights[1]
    assert ink[-1] < row.height() - 1


def test_titled_rows_are_as_tall_as_naskh_text(qtbot):
    """A title in Noto Naskh Arabic is a quarter taller than a Noto Sans line: the row grows."""
    _need(NASKH)
    view = QListView()
    qtbot.addWidget(view)
    font = QFont(view.font())
    font.setFamilies(["Noto Sans", NASKH])
    font.setPointSizeF(10.35)  # the Arabic interface size (application._SCRIPT_FONT_SCALE)
    view.setFont(font)
    model = QStandardItemModel(view)
    detail = "٢٠٢٠-٠١-٠٢ · مضايقة"
    model.appendRow(QStandardItem(f"{ARABIC_TITLE}\n{detail}"))
    view.setModel(model)
    view.setItemDelegate(TitledRows(view))
    view.resize(480, 200)
    view.show()
    qtbot.waitExposed(view)
    title_font = QFont(font)
    title_font.setWeight(QFont.Weight.DemiBold)
    detail_font = QFont(font)
    detail_font.setPointSizeF(font.pointSizeF() * 0.9)
    # QFontMetricsF.boundingRect measures the text with its fallback font (.height() does not).
    title_box = QFontMetricsF(title_font).boundingRect(ARABIC_TITLE)
    detail_box = QFontMetricsF(detail_font).boundingRect(detail)
    assert title_box.height() > QFontMetricsF(title_font).height()  # the premise: Naskh is taller
    row = view.visualRect(model.index(0, 0))
    assert row.height() >= 2 * PAD_Y + GAP + title_box.height() + detail_box.height() - 1
    ink = _ink_rows(view.viewport().grab(row).toImage())
    assert ink
    assert ink[-1] < row.height() - 1


@pytest.mark.parametrize(("code", "text"), [("en", "Previous lesson"), ("hi", "पिछला पाठ")])
def test_button_text_sits_centred_in_its_script(qtbot, qapp, compiled_locale, code, text):
    """Noto Sans Devanagari draws about 2.5 px high when Qt centres its line box; the Hindi
    UI's extra button rule (application._SCRIPT_STYLE) brings it within reach of Latin's."""
    _need(DEVANAGARI)
    assert i18n.set_language(code) == code
    try:
        application.configure(qapp)
        button = QPushButton(text)
        qtbot.addWidget(button)
        button.show()
        qtbot.waitExposed(button)
        image = button.grab().toImage()
        inner = image.copy(3, 2, image.width() - 6, image.height() - 4)  # inside the frame
        ink = _ink_rows(inner)
        offset = (ink[0] + ink[-1]) / 2 - (inner.height() - 1) / 2
        assert abs(offset) <= 1.5, offset
    finally:
        i18n.set_language(None)
        application.configure(qapp)


LESSONS = {
    False: (
        "Plan the journey home as carefully as the event itself; this paragraph shows where "
        "the text column begins and ends.\n\n"
        "> A good venue is one where you know the exits, the people in charge and the way "
        "home.\n\nAfter the quote, the text goes on.\n"
    ),
    True: (
        "خطط لرحلة العودة إلى المنزل بعناية مثل الحدث نفسه؛ تُظهر هذه الفقرة أين يبدأ عمود "
        "النص وأين ينتهي.\n\n"
        "> المكان الجيد هو المكان الذي تعرف فيه المخارج والمسؤولين وطريق العودة إلى المنزل.\n\n"
        "بعد الاقتباس، يستمر النص.\n"
    ),
}


def _leading_edge(browser: LessonBrowser, position: int, right_to_left: bool) -> float:
    """Where the first line of the block at `position` starts, on the reading side."""
    block = browser.document().findBlock(position)
    rect = browser.document().documentLayout().blockBoundingRect(block)
    line = block.layout().lineAt(0).naturalTextRect()
    return rect.left() + (line.right() if right_to_left else line.left())


@pytest.mark.parametrize("right_to_left", [False, True])
def test_a_quotation_is_boxed_and_set_in_on_the_reading_side(qtbot, right_to_left: bool):
    html, _links = render_markdown(LESSONS[right_to_left], "lesson.md", {})
    assert "<blockquote>" in html
    browser = LessonBrowser()
    qtbot.addWidget(browser)
    browser.resize(640, 420)
    browser.show_lesson(html, {}, right_to_left, 12)
    browser.show()
    qtbot.waitExposed(browser)
    document = browser.document()
    body = document.begin()
    quote = document.findBlockByNumber(0)
    while quote.isValid() and QTextCursor(quote).currentFrame() is document.rootFrame():
        quote = quote.next()
    assert quote.isValid(), "the quotation is not marked"
    assert quote.text().startswith("المكان" if right_to_left else "A good venue")

    frame = QTextCursor(quote).currentFrame()
    style = frame.frameFormat()
    assert style.background().color() == reader.QUOTE_BACKGROUND
    assert style.border() >= 1
    assert style.borderBrush().color() == reader.QUOTE_EDGE
    inset = style.border() + style.padding()

    # The box spans the text column: aligned with the paragraphs on both sides.
    layout = document.documentLayout()
    box = layout.frameBoundingRect(frame)
    column = layout.blockBoundingRect(body)
    assert abs(box.left() - column.left()) <= 1
    assert abs(box.right() - column.right()) <= 1

    # The quotation's text starts `inset` in from where the body's text starts, on the
    # reading side: right to left, that is the right.
    step = _leading_edge(browser, quote.position(), right_to_left) - _leading_edge(
        browser, body.position(), right_to_left
    )
    assert abs(step - (-inset if right_to_left else inset)) <= 1


@pytest.mark.parametrize(
    ("text", "family"),
    [("নিরাপদ থাকুন", "Noto Sans Bengali"), ("सुरक्षित रहें", "Noto Sans Devanagari")],
)
def test_scripts_the_interface_font_lacks_are_drawn_in_the_fonts_bastion_ships(
    qtbot, qapp, text, family
):
    """A fresh system may have no Bengali or Devanagari font: Bastion ships Noto's
    (resources/fonts), registers them and puts them behind the interface font."""
    from desktop.ui import fonts

    application.configure(qapp)
    qtbot.waitUntil(lambda: len(fonts._registered) == len(fonts.SHIPPED))  # after the loop ran
    for requested in qapp.font().families():
        assert family.lower() in QFont.substitutes(requested)
    shipped = {
        name for font_id in range(16) for name in QFontDatabase.applicationFontFamilies(font_id)
    }
    assert {family, "Noto Sans Arabic"} <= shipped
    layout = QTextLayout(text, qapp.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    drawn = {run.rawFont().familyName().lower() for run in layout.glyphRuns()}
    assert drawn == {family.lower()}
