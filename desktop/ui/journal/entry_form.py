# SPDX-License-Identifier: GPL-3.0-or-later
"""The fields of an entry, for the editor: what is typed in, problems shown beside it."""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, pgettext
from desktop.journal.errors import FieldProblem
from desktop.journal.model import SEVERITIES, EntryContent, Occurred
from desktop.messages.journal import describe_problem
from desktop.ui.journal import labels
from desktop.ui.journal.entry_common import align_paragraphs
from desktop.ui.journal.people_table import PeopleEditor
from desktop.ui.journal.zones import ZoneBox
from desktop.ui.kit.dates import date_field, time_field
from desktop.ui.kit.direction import follow_typed_direction
from desktop.ui.widgets import ErrorLabel, SafeLabel

# Commas of the scripts our languages use: Latin, Arabic, CJK ideographic and full-width.
_TAG_SEPARATORS = re.compile("[,\u060c\u3001\uff0c]")
# Problem keys in the order of the form: the first one with a problem gets the focus.
_FIELDS = (
    "title",
    "when",
    "when.zone",
    "category",
    "severity",
    "place",
    "people",
    "links",
    "narrative",
    "tags",
)


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _TAG_SEPARATORS.split(text) if part.strip())


class EntryForm(QWidget):
    """Every field of an entry, with an error line under each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryForm")
        self._errors: dict[str, ErrorLabel] = {}
        self._focus_for: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 12, 0)
        self.rows = QFormLayout()
        self.rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows.setVerticalSpacing(10)
        self._build_fields()
        outer.addLayout(self.rows)
        outer.addStretch(1)  # spare height goes below the form, not between its rows

    def _build_fields(self) -> None:
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.title.setPlaceholderText(_("A few words that say what happened"))
        self._add_row(_("Title"), self.title, "title")

        self.date = date_field()
        self.date.setDateRange(QDate(1990, 1, 1), QDate.currentDate().addYears(1))
        self.date.setAccessibleName(_("Date it happened"))
        self.approximate = QCheckBox(_("The date is approximate"))
        self.approximate.setAccessibleName(_("The date is approximate"))
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.approximate)
        date_row.addStretch(1)
        self._add_row(pgettext("entry field", "Date"), date_row, "when", focus=self.date)

        self.time_known = QCheckBox(_("I know the time"))
        self.time_known.setAccessibleName(_("I know the time"))
        self.time = time_field()
        self.time.setAccessibleName(_("Time it happened"))
        self.time.setEnabled(False)
        time_row = QHBoxLayout()
        time_row.addWidget(self.time_known)
        time_row.addWidget(self.time)
        time_row.addStretch(1)
        self._add_row(pgettext("entry field", "Time"), time_row, None, focus=self.time_known)

        self.zone = ZoneBox()
        self.zone.setMinimumContentsLength(18)
        zone_hint = SafeLabel(_("Type part of a city's name to find its time zone."))
        self._add_row(_("Time zone"), self.zone, "when.zone", hint=zone_hint)

        self.category = QComboBox()
        self.category.setAccessibleName(_("Category"))
        # May be narrower than its longest name (the list opens full width, and the hint
        # below says what the chosen one means): at a large text size that name alone would
        # make the form wider than the editor, cutting off every line beside it.
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category.setMinimumContentsLength(16)
        # A conscious choice, not a default nobody changed: saving asks for one.
        self.category.addItem(_("Choose a category…"), "")
        for category_id, label in labels.category_choices():
            self.category.addItem(label, category_id)
        self.category_hint = SafeLabel()
        self._add_row(_("Category"), self.category, "category", hint=self.category_hint)

        self.severity = QComboBox()
        # Translators: how serious the incident is (low, medium, high, emergency).
        self.severity.setAccessibleName(_("Severity"))
        for severity in SEVERITIES:
            self.severity.addItem(labels.severity_label(severity), severity)
        self._add_row(_("Severity"), self.severity, "severity")

        self.place = QLineEdit()
        self.place.setAccessibleName(pgettext("entry field", "Place"))
        self.place.setPlaceholderText(_("A page, a website, an event or a physical place"))
        self._add_row(pgettext("entry field", "Place"), self.place, "place")

        self.people = PeopleEditor()
        self._add_row(_("People involved"), self.people, "people", focus=self.people)

        self.links = QPlainTextEdit()
        self.links.setAccessibleName(_("Links"))
        self.links_hint = SafeLabel(_("One link per line. Bastion never opens them."))
        self._add_row(_("Links"), self.links, "links", hint=self.links_hint)

        self.narrative = QPlainTextEdit()
        self.narrative.setAccessibleName(_("What happened"))
        self.narrative.setMinimumHeight(180)
        self._add_row(_("What happened"), self.narrative, "narrative")

        self.tags = QLineEdit()
        self.tags.setAccessibleName(_("Tags"))
        tags_hint = SafeLabel(_("Separate tags with commas."))
        self._add_row(_("Tags"), self.tags, "tags", hint=tags_hint)

        self.attach_hint = SafeLabel(_("You can add files, such as screenshots, once it is saved."))
        self.attach_hint.setObjectName("hint")
        self.rows.addRow(self.attach_hint)

        for text_edit in (self.links, self.narrative):
            text_edit.setTabChangesFocus(True)  # Tab leaves the field, as everywhere else
            text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.links.setFixedHeight(self.links.fontMetrics().lineSpacing() * 4 + 16)
        for widget in (self.title, self.place, self.links, self.narrative, self.tags):
            follow_typed_direction(widget)
        self.links.textChanged.connect(self._on_links_changed)
        self.narrative.textChanged.connect(self._on_narrative_changed)

        # The date and time boxes type into a line edit of their own; it is what a screen
        # reader lands on.
        for box in (self.date, self.time):
            for line in box.findChildren(QLineEdit):
                line.setAccessibleName(box.accessibleName())
        self.time_known.toggled.connect(self.time.setEnabled)
        self.category.currentIndexChanged.connect(self._on_category_changed)

    def _add_row(
        self,
        text: str,
        field: QWidget | QLayout,
        key: str | None,
        *,
        hint: SafeLabel | None = None,
        focus: QWidget | None = None,
    ) -> None:
        # A widget, not a nested layout: QFormLayout sizes nested layouts of wrapping labels
        # for the wrong width, which leaves gaps under the hints.
        container = QWidget()
        holder = QVBoxLayout(container)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.setSpacing(2)
        if isinstance(field, QLayout):
            holder.addLayout(field)
        else:
            holder.addWidget(field)
        if hint is not None:
            hint.setObjectName("hint")
            holder.addWidget(hint)
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        target = focus or (field if isinstance(field, QWidget) else None)
        if target is not None:
            label.setBuddy(target)
        if key is not None:
            error = ErrorLabel()
            holder.addWidget(error)
            self._errors[key] = error
            if target is not None:
                self._focus_for[key] = target
        self.rows.addRow(label, container)

    def focus_chain(self) -> list[QWidget]:
        """The fields in tab order (the people's rows change it)."""
        chain: list[QWidget] = [self.title, self.date, self.approximate, self.time_known]
        chain += [self.time, self.zone, self.category, self.severity, self.place]
        chain += self.people.focus_widgets()
        chain += [self.links, self.narrative, self.tags]
        return chain

    # ------------------------------------------------------------------ values
    def load(self, content: EntryContent) -> None:
        self.clear_problems()
        occurred = content.occurred
        self.title.setText(content.title)
        self.date.setDate(QDate(occurred.date.year, occurred.date.month, occurred.date.day))
        self.approximate.setChecked(occurred.approximate)
        self.time_known.setChecked(occurred.time is not None)
        known = occurred.time
        self.time.setTime(QTime(known.hour, known.minute) if known else QTime(12, 0))
        self.zone.set_zone(occurred.zone)
        index = self.category.findData(content.category)
        self.category.setCurrentIndex(max(index, 0))
        self._on_category_changed()
        self.severity.setCurrentIndex(max(self.severity.findData(content.severity), 0))
        self.place.setText(content.place)
        self.people.set_people(content.people)
        self.links.setPlainText("\n".join(content.links))
        self.narrative.setPlainText(content.narrative)
        self.tags.setText(", ".join(content.tags))

    def clear(self) -> None:
        """Empty the text fields (what was typed should not linger in hidden widgets)."""
        for line in (self.title, self.place, self.tags):
            line.clear()
        self.links.clear()
        self.narrative.clear()
        self.people.set_people(())

    def content(self) -> EntryContent:
        """The entry as typed (the journal trims and checks it)."""
        return EntryContent(
            title=self.title.text(),
            occurred=Occurred(
                self._typed_date(),
                self._typed_time(),
                self.zone.zone(),
                self.approximate.isChecked(),
            ),
            category=str(self.category.currentData() or ""),
            severity=str(self.severity.currentData() or ""),
            place=self.place.text(),
            people=self.people.people(),
            links=tuple(self.links.toPlainText().splitlines()),
            narrative=self.narrative.toPlainText(),
            tags=split_tags(self.tags.text()),
        )

    def _typed_date(self) -> date:
        chosen = self.date.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _typed_time(self) -> time | None:
        if not self.time_known.isChecked():
            return None
        chosen = self.time.time()
        return time(chosen.hour(), chosen.minute())

    def snapshot(self) -> tuple[object, ...]:
        """What is typed, to tell whether anything changed."""
        return (
            self.title.text(),
            self._typed_date(),
            self.approximate.isChecked(),
            self._typed_time(),
            self.zone.zone(),
            self.category.currentData(),
            self.severity.currentData(),
            self.place.text(),
            self.people.raw(),
            self.links.toPlainText(),
            self.narrative.toPlainText(),
            self.tags.text(),
        )

    def _on_links_changed(self) -> None:
        align_paragraphs(self.links)

    def _on_narrative_changed(self) -> None:
        align_paragraphs(self.narrative)

    def _on_category_changed(self, _index: int = 0) -> None:
        text = labels.category_description(str(self.category.currentData() or ""))
        self.category_hint.setText(text)
        self.category_hint.setAccessibleName(text)
        self.category_hint.setVisible(bool(text))
        self.category.setAccessibleDescription(text)

    # ------------------------------------------------------------------ problems
    def error_for(self, key: str) -> ErrorLabel:
        """The error line under a field ("title", "when", "when.zone", "people", …)."""
        return self._errors[key]

    def clear_problems(self) -> None:
        for label in self._errors.values():
            label.clear_message()
        self._refit_soon()

    def _refit_soon(self) -> None:
        # When a message appears or goes, the scroll area's layout pass gives rows with
        # wrapped hints their preferred three-line height, leaving gaps; one more pass,
        # once that one is done, sizes them for the width they have.
        QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self.rows.invalidate()

    def show_problems(self, problems: list[FieldProblem]) -> QWidget | None:
        """Each problem under its field; item problems (people.2.username) under the list.

        Returns the field of the first problem, which gets the focus.
        """
        self.clear_problems()
        messages: dict[str, list[str]] = {}
        for problem in problems:
            key = problem.field if problem.field in self._errors else problem.field.split(".")[0]
            if key not in self._errors:
                key = "title"
            text = describe_problem(problem)
            if text not in messages.setdefault(key, []):
                messages[key].append(text)
        for key, texts in messages.items():
            self._errors[key].show_message("\n".join(texts))
        self._refit_soon()
        first = next((key for key in _FIELDS if key in messages), None)
        target = self._focus_for.get(first or "")
        if target is not None:
            if isinstance(target, PeopleEditor):
                target = target.first_field()
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target
