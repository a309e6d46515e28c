# SPDX-License-Identifier: GPL-3.0-or-later
"""The journal list as a Qt model that loads rows on demand, a page at a time.

A journal may hold 100,000 entries: the model never loads them all. `set_filter` loads the
count and the first page; the view asks for more (`canFetchMore`/`fetchMore`) as it scrolls,
and each page continues after the last row's keyset `Cursor`. Every query runs on a worker
thread; results come back tagged with the generation they were asked for, and a result from
an older filter (or from before a refresh) is dropped.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.i18n import _, pgettext
from desktop.journal.errors import SearchSyntaxError
from desktop.journal.query import NO_FILTER, EntrySummary, Filter
from desktop.journal.store import Journal
from desktop.ui.journal import labels
from desktop.ui.tasks import run_in_thread
from desktop.vault.errors import VaultLockedError

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

UID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2

# What `refresh` reloads at most so the list keeps its place, and how far it pages on to find
# an entry that should be selected (a just-saved entry about an old incident sits far down).
REFRESH_LIMIT = 2_000
REVEAL_LIMIT = 5_000


def is_filtered(flt: Filter) -> bool:
    """True when `flt` narrows the list (blank search text and blank tag do not)."""
    return bool(
        flt.text.strip()
        or flt.categories
        or flt.severities
        or flt.date_from is not None
        or flt.date_to is not None
        or flt.tag.strip()
        or flt.has_attachments is not None
    )


@dataclass(frozen=True)
class _Outcome:
    """What a worker returns: its generation, and a value or the error it met."""

    generation: int
    value: Any = None
    error: BaseException | None = None


@dataclass(frozen=True)
class _FirstLoad:
    journal_total: int  # every entry in the journal
    total: int  # entries the filter matches
    rows: list[EntrySummary]
    exhausted: bool
    search_invalid: bool


def _attempt(
    generation: int, journal: Journal, function: Callable[[], Any]
) -> Callable[[], _Outcome]:
    """Run `function` on the worker and hand back its outcome as a value, error included.

    Runs on a worker thread: captures only the journal and plain values, never a widget.
    """

    def work() -> _Outcome:
        try:
            with journal.vault.worker_scope():
                return _Outcome(generation, function())
        except Exception as exc:  # reported to the UI thread with the generation it belongs to
            return _Outcome(generation, error=exc)

    return work


def _first_load(
    journal: Journal, flt: Filter, limit: int, reveal_uid: str, page_size: int
) -> _FirstLoad:
    """Runs on a worker thread."""
    journal_total = journal.count()
    if not is_filtered(flt):
        total = journal_total
        rows = journal.page(NO_FILTER, None, limit)
    else:
        try:
            total = journal.count(flt)
            rows = journal.page(flt, None, limit)
        except SearchSyntaxError:
            # Only punctuation typed: nothing to search for is "no results", not an error.
            return _FirstLoad(journal_total, 0, [], True, True)
    exhausted = len(rows) < limit
    if reveal_uid:
        while (
            not exhausted
            and len(rows) < REVEAL_LIMIT
            and all(row.uid != reveal_uid for row in rows)
        ):
            more = journal.page(flt, rows[-1].cursor, page_size)
            rows.extend(more)
            exhausted = len(more) < page_size
    return _FirstLoad(journal_total, total, rows, exhausted, False)


class EntryListModel(QAbstractListModel):
    """Entry summaries, newest incident first, for the current filter.

    Signals:
        loaded()               a reset finished (new filter or refresh): rows, totals ready
        fetched(int)           a further page arrived with this many rows
        load_failed(object)    a query failed (the exception; VaultLockedError is not sent)
    """

    PAGE_SIZE = 100

    loaded = Signal()
    fetched = Signal(int)
    load_failed = Signal(object)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._filter = NO_FILTER
        self._rows: list[EntrySummary] = []
        self._display: dict[int, str] = {}
        self._generation = 0
        self._resetting = False  # a first load is under way
        self._fetching = False  # a further page is under way
        self._exhausted = True
        self._has_loaded = False
        self.total = 0
        self.journal_total = 0
        self.search_invalid = False

    # ------------------------------------------------------------------ state
    @property
    def filter(self) -> Filter:
        return self._filter

    @property
    def is_filtered(self) -> bool:
        return is_filtered(self._filter)

    @property
    def is_loading(self) -> bool:
        return self._resetting or self._fetching

    @property
    def has_loaded(self) -> bool:
        return self._has_loaded

    def summary(self, row: int) -> EntrySummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uid: str) -> int:
        """The row showing `uid` among those loaded, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.uid == uid), -1)

    # ------------------------------------------------------------------ loading
    def set_filter(self, flt: Filter) -> None:
        """Show the entries `flt` matches: count and first page load on a worker."""
        self._filter = flt
        self._start_reset(self.PAGE_SIZE, "")

    def refresh(self, reveal_uid: str = "") -> None:
        """Reload with the same filter (after a save or a delete), keeping the list's place.

        Reloads as many rows as were loaded (up to REFRESH_LIMIT); with `reveal_uid`, pages on
        until that entry is among the rows (up to REVEAL_LIMIT), so it can be selected.
        """
        limit = min(max(self.PAGE_SIZE, len(self._rows)), REFRESH_LIMIT)
        self._start_reset(limit, reveal_uid)

    def _start_reset(self, limit: int, reveal_uid: str) -> None:
        self._generation += 1
        self._resetting = True
        self._fetching = False  # a page still under way belongs to the old generation
        journal, flt, page_size = self._journal, self._filter, self.PAGE_SIZE
        task = run_in_thread(
            _attempt(
                self._generation,
                journal,
                lambda: _first_load(journal, flt, limit, reveal_uid, page_size),
            )
        )
        task.succeeded.connect(self._on_first_load_finished)
        task.failed.connect(self._on_task_crashed)

    def _on_first_load_finished(self, outcome: _Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self._resetting = False
        if outcome.error is not None:
            # Rows of another filter must not stay on screen as if they matched this one.
            self.beginResetModel()
            self._rows, self._exhausted, self.total = [], True, 0
            self._display.clear()
            self.endResetModel()
            self._report(outcome.error)
            return
        result: _FirstLoad = outcome.value
        self.beginResetModel()
        self._rows = result.rows
        self._display.clear()
        self._exhausted = result.exhausted
        self.total = result.total
        self.journal_total = result.journal_total
        self.search_invalid = result.search_invalid
        self._has_loaded = True
        self.endResetModel()
        self.loaded.emit()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        if parent.isValid():
            return False
        return self._has_loaded and not self._resetting and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if parent.isValid() or not self.canFetchMore() or self._fetching or not self._rows:
            return
        self._fetching = True
        journal, flt, size = self._journal, self._filter, self.PAGE_SIZE
        after = self._rows[-1].cursor
        task = run_in_thread(
            _attempt(self._generation, journal, lambda: journal.page(flt, after, size))
        )
        task.succeeded.connect(self._on_page_finished)
        task.failed.connect(self._on_task_crashed)

    def _on_page_finished(self, outcome: _Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self._fetching = False
        if outcome.error is not None:
            self._report(outcome.error)
            return
        rows: list[EntrySummary] = outcome.value
        self._exhausted = len(rows) < self.PAGE_SIZE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.fetched.emit(len(rows))

    def _on_task_crashed(self, exc: BaseException) -> None:
        # Only for what _attempt does not catch (KeyboardInterrupt, SystemExit).
        log.error("journal list worker stopped: %s", type(exc).__name__)

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, VaultLockedError) or not self._journal.vault.is_unlocked:
            # The vault locked meanwhile (the query was interrupted or found it locked):
            # this view is going away with the shell.
            return
        log.warning("journal list query failed: %s", type(exc).__name__)
        self.load_failed.emit(exc)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._display.get(index.row())
            if text is None:
                text = f"{row.title}\n{details(row, keep_short_parts_whole=True)}"
                self._display[index.row()] = text
            return text
        if role == UID_ROLE:
            return row.uid
        if role == SUMMARY_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken(row)
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names[UID_ROLE] = QByteArray(b"uid")
        names[SUMMARY_ROLE] = QByteArray(b"summary")
        return names


# ---------------------------------------------------------------- row texts
def details(row: EntrySummary, *, keep_short_parts_whole: bool = False) -> str:
    """The second line: date · category · severity [· N attachments].

    With `keep_short_parts_whole`, a line break never splits the severity or the number of
    attachments ("1 / attachment" reads badly); the longer parts still wrap.
    """
    short = [labels.severity_label(row.severity)]
    if row.attachment_count:
        short.append(labels.attachment_count(row.attachment_count))
    if keep_short_parts_whole:
        short = [part.replace(" ", "\u00a0") for part in short]
    parts = [labels.format_occurred(row.occurred), labels.category_label(row.category), *short]
    return " · ".join(parts)


def tooltip(row: EntrySummary) -> str:
    lines = [
        row.title,
        details(row),
        # Translators: in the journal list's tooltip; {id} is an entry id such as 7k2m9q4x1c.
        _("Entry id: {id}").format(id=row.uid),
    ]
    if row.revision > 1:
        lines.append(
            # Translators: when the entry was last edited, e.g. "Last changed: 3 May 2026, 14:02".
            _("Last changed: {when}").format(when=labels.format_timestamp(row.updated_at))
        )
    # Qt shows a tooltip as rich text when it merely looks like markup ("<b>…"), so the
    # lines are escaped and joined as HTML: a title is always shown as the text typed.
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def spoken(row: EntrySummary) -> str:
    """What a screen reader says for a row: one sentence, no symbols."""
    parts = [
        row.title,
        labels.format_occurred(row.occurred),
        labels.category_label(row.category),
        # Translators: read by screen readers in the journal list, e.g. "Severity: High".
        _("Severity: {severity}").format(severity=labels.severity_label(row.severity)),
    ]
    if row.attachment_count:
        parts.append(labels.attachment_count(row.attachment_count))
    # Translators: separator between the parts of a journal row read by screen readers.
    return pgettext("list separator", ", ").join(parts)
