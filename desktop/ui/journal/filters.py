# SPDX-License-Identifier: GPL-3.0-or-later
"""Search box and filters above the journal list; emits a `Filter` when either changes.

Typing is debounced (the list follows after a short pause, not at every key); choices in
the lists apply at once. The filters sit in a row that folds away under the search box, so
the list keeps its room on small screens.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext, pgettext
from desktop.journal.model import SEVERITIES
from desktop.journal.query import Filter
from desktop.journal.store import Journal
from desktop.ui.journal import labels
from desktop.ui.kit.dates import date_field
from desktop.ui.kit.direction import follow_typed_direction
from desktop.ui.tasks import run_in_thread

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
# The lowest date a date field can hold stands for "no limit" (shown as "Any date").
NO_LIMIT = QDate(1900, 1, 1)
_ANY, _WITH, _WITHOUT = 0, 1, 2


class _DateLimit:
    """A check box ("From", "Until") and a date field; unchecked means no limit."""

    def __init__(self, text: str, accessible_name: str, default_days_back: int) -> None:
        self.check = QCheckBox(text)
        self.check.setAccessibleName(accessible_name)
        self.edit = date_field()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setMinimumDate(NO_LIMIT)
        self.edit.setMaximumDate(QDate(9999, 12, 31))
        # Translators: shown in a date field of the journal filters when no date is chosen.
        self.edit.setSpecialValueText(_("Any date"))
        self._days_back = default_days_back
        self._chosen: QDate | None = None
        self.check.toggled.connect(self._on_check_toggled)
        self._on_check_toggled(False)

    def _on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked:
            self.edit.setDate(self._chosen or QDate.currentDate().addDays(-self._days_back))
        else:
            if self.edit.date() != NO_LIMIT:
                self._chosen = self.edit.date()
            self.edit.setDate(NO_LIMIT)

    def value(self) -> date | None:
        chosen = self.edit.date()
        if not self.check.isChecked() or chosen == NO_LIMIT or not chosen.isValid():
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def reset(self) -> None:
        self._chosen = None
        self.check.setChecked(False)
        self._on_check_toggled(False)


class FilterBar(QWidget):
    """The search field, the "Filters" toggle and the folding row of filters."""

    filter_changed = Signal(object)  # Filter

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalFilters")
        self._journal = journal
        self._tags_generation = 0
        self._last = Filter()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)

        self.search = QLineEdit()
        self.search.setObjectName("journalSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search the journal"))
        self.search.setAccessibleName(_("Search the journal"))
        self.search.setToolTip(
            _(
                "Finds entries that contain every word you type: in the title, the account "
                "of what happened, people, links, tags and place."
            )
        )
        follow_typed_direction(self.search)
        self.toggle = QToolButton()
        self.toggle.setObjectName("filtersToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # Translators: button that shows or hides the journal's filters (a noun, plural).
        self.toggle.setAccessibleName(_("Filters"))
        self.toggle.setToolTip(_("Show or hide the filters"))
        search_row = QHBoxLayout()
        search_row.setSpacing(6)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.toggle)
        column.addLayout(search_row)

        self.panel = QWidget()
        self.panel.setObjectName("filterPanel")
        form = QFormLayout(self.panel)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.category = QComboBox()
        self.category.setAccessibleName(_("Category"))
        self.category.addItem(_("All categories"), "")
        for category_id, label in labels.category_choices():
            self.category.addItem(label, category_id)
        self._add_row(form, _("Category"), self.category)

        self.severity = QComboBox()
        self.severity.setAccessibleName(_("Severity"))
        self.severity.addItem(_("All severities"), "")
        for severity in SEVERITIES:
            self.severity.addItem(labels.severity_label(severity), severity)
        self._add_row(form, _("Severity"), self.severity)

        # Translators: check box in the journal filters: only incidents on or after a date.
        self.date_from = _DateLimit(_("From"), _("Incidents from this date"), 30)
        form.addRow(self.date_from.check, self.date_from.edit)
        # Translators: check box in the journal filters: only incidents on or before a date.
        self.date_to = _DateLimit(_("Until"), _("Incidents until this date"), 0)
        form.addRow(self.date_to.check, self.date_to.edit)

        self.tag = QComboBox()
        self.tag.setEditable(True)
        self.tag.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tag.setAccessibleName(_("Tag"))
        line = QLineEdit()
        line.setAccessibleName(_("Tag"))
        self.tag.setLineEdit(line)
        line.setPlaceholderText(_("Any tag"))
        line.setClearButtonEnabled(True)
        follow_typed_direction(line)
        completer = QCompleter(self.tag.model(), self.tag)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tag.setCompleter(completer)
        self._add_row(form, _("Tag"), self.tag)

        self.attachments = QComboBox()
        self.attachments.setAccessibleName(_("Attachments"))
        # Translators: in the journal filters: entries with or without attachments.
        self.attachments.addItem(pgettext("attachments filter", "All"), _ANY)
        self.attachments.addItem(_("With attachments"), _WITH)
        self.attachments.addItem(_("Without attachments"), _WITHOUT)
        self._add_row(form, _("Attachments"), self.attachments)

        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setAccessibleName(_("Clear filters"))
        self.clear_button.setToolTip(_("Show every entry again: clear the search and filters"))
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_button)
        form.addRow(clear_row)
        self.panel.setVisible(False)
        column.addWidget(self.panel)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_now)

        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.search.textChanged.connect(self._on_text_changed)
        self.search.returnPressed.connect(self._emit_now)
        self.tag.editTextChanged.connect(self._on_text_changed)
        self.tag.activated.connect(self._emit_now)
        line.returnPressed.connect(self._emit_now)
        for combo in (self.category, self.severity, self.attachments):
            combo.currentIndexChanged.connect(self._emit_now)
        for limit in (self.date_from, self.date_to):
            limit.check.toggled.connect(self._emit_now)
            limit.edit.dateChanged.connect(self._on_date_changed)
        self.clear_button.clicked.connect(self.clear)
        self._update_toggle()
        self._update_arrow()
        self.reload_tags()

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    # ------------------------------------------------------------------ state
    def current_filter(self) -> Filter:
        category = str(self.category.currentData() or "")
        severity = str(self.severity.currentData() or "")
        has = self.attachments.currentData()
        return Filter(
            text=self.search.text().strip(),
            categories=frozenset({category} if category else ()),
            severities=frozenset({severity} if severity else ()),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            tag=self.tag.currentText().strip(),
            has_attachments=None if has == _ANY else has == _WITH,
        )

    def active_count(self) -> int:
        """How many filters (besides the search text) narrow the list."""
        flt = self.current_filter()
        return sum(
            (
                bool(flt.categories),
                bool(flt.severities),
                flt.date_from is not None,
                flt.date_to is not None,
                bool(flt.tag),
                flt.has_attachments is not None,
            )
        )

    def clear(self) -> None:
        """Clear the search and every filter; the list shows everything again."""
        widgets = (self.search, self.tag, self.category, self.severity, self.attachments)
        for widget in widgets:
            widget.blockSignals(True)
        self.date_from.check.blockSignals(True)
        self.date_to.check.blockSignals(True)
        try:
            self.search.clear()
            self.tag.setEditText("")
            self.tag.setCurrentIndex(-1)
            for combo in (self.category, self.severity, self.attachments):
                combo.setCurrentIndex(0)
            self.date_from.reset()
            self.date_to.reset()
        finally:
            for widget in widgets:
                widget.blockSignals(False)
            self.date_from.check.blockSignals(False)
            self.date_to.check.blockSignals(False)
        self._emit_now()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ tags
    def reload_tags(self) -> None:
        """Fill the tag list from the journal (on a worker); keeps what is typed."""
        self._tags_generation += 1
        generation, journal = self._tags_generation, self._journal

        def load() -> tuple[int, list[str]]:  # runs on a worker thread
            with journal.vault.worker_scope():
                return generation, [tag for tag, _count in journal.tags()]

        task = run_in_thread(load)
        task.succeeded.connect(self._on_tags_loaded)
        task.failed.connect(self._on_tags_failed)

    def _on_tags_loaded(self, result: tuple[int, list[str]]) -> None:
        generation, tags = result
        if generation != self._tags_generation:
            return
        typed = self.tag.currentText()
        self.tag.blockSignals(True)
        try:
            self.tag.clear()
            self.tag.addItems(tags)
            self.tag.setCurrentIndex(-1)
            self.tag.setEditText(typed)
        finally:
            self.tag.blockSignals(False)

    def _on_tags_failed(self, exc: BaseException) -> None:
        # The tag list is a convenience: typing a tag still filters. The list shows errors.
        log.warning("journal tags not loaded: %s", type(exc).__name__)

    # ------------------------------------------------------------------ events
    def _on_toggle_toggled(self, checked: bool) -> None:
        self.panel.setVisible(checked)
        self._update_arrow()

    def _update_arrow(self) -> None:
        if self.toggle.isChecked():
            arrow = Qt.ArrowType.DownArrow
        elif self.isRightToLeft():
            arrow = Qt.ArrowType.LeftArrow  # folded: points the way the text reads
        else:
            arrow = Qt.ArrowType.RightArrow
        self.toggle.setArrowType(arrow)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._update_arrow()

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self._emit_now()  # cleared (e.g. the clear button): show everything at once
        else:
            self._debounce.start()

    def _on_date_changed(self, _value: QDate) -> None:
        self._debounce.start()

    def _emit_now(self) -> None:
        self._debounce.stop()
        self._update_toggle()
        flt = self.current_filter()
        if flt != self._last:
            self._last = flt
            self.filter_changed.emit(flt)

    def _update_toggle(self) -> None:
        count = self.active_count()
        if count:
            # Translators: the filters button when some filters are on; {count} is how many.
            self.toggle.setText(_("Filters ({count})").format(count=count))
            self.toggle.setAccessibleDescription(
                ngettext("{count} filter is on", "{count} filters are on", count).format(
                    count=count
                )
            )
        else:
            self.toggle.setText(_("Filters"))
            self.toggle.setAccessibleDescription(_("No filter is on"))
