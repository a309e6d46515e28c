# SPDX-License-Identifier: GPL-3.0-or-later
"""The journal list: paging on demand, search and every filter, through the real widgets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.journal import Journal
from desktop.ui.journal.area import JournalArea
from desktop.ui.journal.list_model import SUMMARY_ROLE, UID_ROLE
from desktop.vault import Vault
from tests.ui.journal_support import (
    ARABIC_WORD,
    LATIN_WORD,
    PanelSpy,
    build_area,
    make_template,
    open_copy,
    spec,
    type_text,
    wait_loaded,
)

COUNT = 450
SPECS = [spec(i) for i in range(COUNT)]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, list[str]]:
    directory = tmp_path_factory.mktemp("journal-list") / "template"
    return directory, make_template(directory, COUNT)


@pytest.fixture
def vault(template, tmp_path: Path) -> Iterator[Vault]:
    opened = open_copy(template[0], tmp_path / "vault")
    yield opened
    opened.lock()


@pytest.fixture
def panel(monkeypatch) -> PanelSpy:
    spy = PanelSpy()
    spy.install(monkeypatch)
    return spy


@pytest.fixture
def area(qtbot, vault, panel) -> JournalArea:
    return build_area(qtbot, vault)


def _uids(area: JournalArea) -> list[str]:
    model = area.model
    return [model.index(row).data(UID_ROLE) for row in range(model.rowCount())]


def test_list_loads_a_page_at_a_time_and_never_everything(qtbot, area, template, monkeypatch):
    model = area.model
    page = model.PAGE_SIZE
    assert page == 100
    qtbot.wait(100)  # the view has laid out; it must not have asked for more on its own
    assert model.rowCount() == page
    assert model.total == COUNT
    assert model.canFetchMore()

    sizes = [model.rowCount()]
    model.rowsInserted.connect(lambda *_args: sizes.append(model.rowCount()))
    model.modelReset.connect(lambda: sizes.append(model.rowCount()))
    calls: list[int] = []
    original = Journal.page

    def counting_page(self, flt, after=None, limit=200):  # type: ignore[no-untyped-def]
        calls.append(threading.get_ident())
        return original(self, flt, after, limit)

    monkeypatch.setattr(Journal, "page", counting_page)

    # Scrolling the view to the bottom loads the next page, and only that.
    bar = area.list_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() == 2 * page, timeout=10_000)

    # Asking twice while a page is on its way starts one query, not two.
    model.fetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 3 * page, timeout=10_000)
    qtbot.wait(50)
    assert model.rowCount() == 3 * page
    assert len(calls) == 2
    assert threading.get_ident() not in calls  # never on the UI thread

    while model.canFetchMore():
        before = model.rowCount()
        with qtbot.waitSignal(model.fetched, timeout=10_000):
            model.fetchMore()
        assert model.rowCount() - before <= page
    assert model.rowCount() == COUNT
    assert all(b - a <= page for a, b in zip(sizes, sizes[1:], strict=False))
    assert max(sizes[:-1]) < COUNT

    uids = _uids(area)
    assert len(set(uids)) == COUNT
    # Newest incident first: entry i happened i days after the first one.
    assert uids == list(reversed(template[1]))
    days = [model.index(row).data(SUMMARY_ROLE).occurred.date for row in range(COUNT)]
    assert days == sorted(days, reverse=True)


def test_rows_show_title_and_details(area):
    index = area.model.index(0)
    newest = SPECS[-1]
    title, details = index.data(Qt.ItemDataRole.DisplayRole).split("\n")
    assert title == newest.title
    assert "·" in details
    assert str(newest.day.year) in details
    assert "Medium" in details or "High" in details or "Low" in details or "Emergency" in details
    assert index.data(Qt.ItemDataRole.ToolTipRole).count(index.data(UID_ROLE)) == 1
    assert newest.title in index.data(Qt.ItemDataRole.AccessibleTextRole)
    with_file = next(
        row
        for row in range(area.model.rowCount())
        if area.model.index(row).data(SUMMARY_ROLE).attachment_count
    )
    shown = area.model.index(with_file).data(Qt.ItemDataRole.DisplayRole)
    assert "1\u00a0attachment" in shown  # kept on one line


def test_count_label(area):
    assert area.count_label.text() == f"{COUNT} entries"


def test_search_in_arabic_and_latin_then_clear(qtbot, area):
    search = area.filters.search
    arabic = sum(ARABIC_WORD in s.title for s in SPECS)
    latin = sum(LATIN_WORD in s.title for s in SPECS)
    assert 0 < arabic < COUNT
    assert 0 < latin < COUNT

    type_text(search, ARABIC_WORD)
    assert search.layoutDirection() == Qt.LayoutDirection.RightToLeft  # follows the text
    wait_loaded(qtbot, area)
    assert area.model.total == arabic
    assert area.model.rowCount() == arabic
    assert area.count_label.text() == f"{arabic} of {COUNT} entries"
    assert all(ARABIC_WORD in area.model.summary(r).title for r in range(arabic))

    search.clear()
    qtbot.keyClicks(search, "SOCKPUP")  # case-insensitive, and a prefix of the last word
    wait_loaded(qtbot, area)
    assert area.model.total == latin
    assert area.count_label.text() == f"{latin} of {COUNT} entries"

    search.clear()
    wait_loaded(qtbot, area)
    assert area.model.total == COUNT
    assert area.count_label.text() == f"{COUNT} entries"


def test_search_without_results_and_punctuation_only(qtbot, area):
    first = _uids(area)[0]
    area.list_view.setCurrentIndex(area.model.index(0))
    qtbot.waitUntil(lambda: area.shown_uid == first)
    qtbot.keyClicks(area.filters.search, "zebrafinch")
    wait_loaded(qtbot, area)
    assert area.model.rowCount() == 0
    # The entry that was open is not a match: it no longer stands beside the empty result.
    assert area.shown_uid is None
    assert area.detail_stack.currentWidget() is area.empty_page
    assert area.list_stack.currentWidget() is area.no_match_page
    assert area.count_label.text() == f"0 of {COUNT} entries"

    area.filters.search.clear()
    qtbot.keyClicks(area.filters.search, '"*)(')
    wait_loaded(qtbot, area)
    assert area.list_stack.currentWidget() is area.no_match_page
    assert not area.error.isVisible()  # not an error: nothing to search for yet
    assert area.no_match_hint.text()

    qtbot.mouseClick(area.no_match_clear, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, area)
    assert area.filters.search.text() == ""
    assert area.list_stack.currentWidget() is area.list_view
    assert area.model.total == COUNT


def _open_filters(qtbot, area: JournalArea) -> None:
    qtbot.mouseClick(area.filters.toggle, Qt.MouseButton.LeftButton)
    assert area.filters.panel.isVisible()


def test_category_and_severity_filters(qtbot, area):
    _open_filters(qtbot, area)
    filters = area.filters
    category = SPECS[3].category
    filters.category.setCurrentIndex(filters.category.findData(category))
    wait_loaded(qtbot, area)
    assert area.model.total == sum(s.category == category for s in SPECS)
    assert {area.model.summary(r).category for r in range(area.model.rowCount())} == {category}
    assert filters.toggle.text() == "Filters (1)"

    filters.severity.setCurrentIndex(filters.severity.findData("high"))
    wait_loaded(qtbot, area)
    expected = sum(s.category == category and s.severity == "high" for s in SPECS)
    assert area.model.total == expected
    assert area.count_label.text() == f"{expected} of {COUNT} entries"

    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, area)
    assert area.model.total == COUNT
    assert filters.toggle.text() == "Filters"


def test_date_range_filter(qtbot, area):
    _open_filters(qtbot, area)
    limit_from, limit_to = area.filters.date_from, area.filters.date_to
    assert limit_from.edit.text() == "Any date"
    assert not limit_from.edit.isEnabled()

    qtbot.mouseClick(limit_from.check, Qt.MouseButton.LeftButton)
    limit_from.edit.setDate(QDate(2020, 3, 1))
    qtbot.mouseClick(limit_to.check, Qt.MouseButton.LeftButton)
    limit_to.edit.setDate(QDate(2020, 3, 31))
    wait_loaded(qtbot, area)
    assert area.model.total == 31
    days = {area.model.summary(r).occurred.date for r in range(area.model.rowCount())}
    assert min(days) == date(2020, 3, 1)
    assert max(days) == date(2020, 3, 31)

    qtbot.mouseClick(limit_to.check, Qt.MouseButton.LeftButton)  # "until" off again
    wait_loaded(qtbot, area)
    assert area.model.total == sum(s.day >= date(2020, 3, 1) for s in SPECS)
    assert limit_to.edit.text() == "Any date"


def test_tag_filter_typed_and_chosen(qtbot, area):
    _open_filters(qtbot, area)
    tag = area.filters.tag
    qtbot.waitUntil(lambda: tag.count() == 1, timeout=10_000)  # loaded on a worker
    assert tag.itemText(0) == "checkuser"
    expected = sum("checkuser" in s.tags for s in SPECS)

    qtbot.keyClicks(tag.lineEdit(), "CheckUser")  # tags match whatever the case
    qtbot.keyClick(tag.lineEdit(), Qt.Key.Key_Return)
    wait_loaded(qtbot, area)
    assert area.model.total == expected

    tag.lineEdit().clear()
    wait_loaded(qtbot, area)
    assert area.model.total == COUNT
    tag.setCurrentIndex(0)
    tag.activated.emit(0)
    wait_loaded(qtbot, area)
    assert area.model.total == expected


def test_attachments_filter(qtbot, area):
    _open_filters(qtbot, area)
    combo = area.filters.attachments
    with_files = sum(s.attachments > 0 for s in SPECS)
    combo.setCurrentIndex(1)
    wait_loaded(qtbot, area)
    assert combo.currentText() == "With attachments"
    assert area.model.total == with_files
    combo.setCurrentIndex(2)
    wait_loaded(qtbot, area)
    assert area.model.total == COUNT - with_files
    combo.setCurrentIndex(0)
    wait_loaded(qtbot, area)
    assert area.model.total == COUNT


def test_a_filter_change_drops_the_older_result(qtbot, area):
    """Typing fast: only the last filter's rows are shown, however the workers finish."""
    filters = area.filters
    filters.search.setText(LATIN_WORD)
    filters._emit_now()
    filters.search.setText(ARABIC_WORD)
    filters._emit_now()
    wait_loaded(qtbot, area)
    qtbot.wait(100)
    assert area.model.total == sum(ARABIC_WORD in s.title for s in SPECS)
    assert all(ARABIC_WORD in area.model.summary(r).title for r in range(area.model.rowCount()))


def test_a_title_that_looks_like_markup_is_shown_as_typed(area):
    from dataclasses import replace

    from desktop.ui.journal.list_model import tooltip

    row = replace(
        area.model.index(0).data(SUMMARY_ROLE), title='<b>x</b><img src="file:///etc/passwd">'
    )
    text = tooltip(row)
    assert "<b>" not in text
    assert "<img" not in text
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img" in text
