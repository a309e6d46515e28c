# SPDX-License-Identifier: GPL-3.0-or-later
"""Date and time fields written as the rest of the app writes dates (desktop.i18n.formats):
in the language's calendar (Solar Hijri for Persian) and digits, with a four-digit year."""

from __future__ import annotations

from PySide6.QtCore import QCalendar, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

from desktop.i18n import calendar_for, current_language

# languages.json's calendar names → Qt's calendar systems.
_QT_CALENDARS = {
    "gregorian": QCalendar.System.Gregorian,
    "persian": QCalendar.System.Jalali,
}


def language_calendar() -> QCalendar:
    """The calendar the current language writes dates in, as Qt's widgets take it."""
    return QCalendar(
        _QT_CALENDARS.get(calendar_for(current_language()), QCalendar.System.Gregorian)
    )


def date_format() -> str:
    """The language's short date format with a four-digit year (05/06/07 is ambiguous, and a
    journal spans decades)."""
    text = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return text if "yyyy" in text else text.replace("yy", "yyyy")


def date_field(parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, in the language's calendar and format."""
    field = QDateEdit(parent)
    _numbers_left_to_right(field)
    field.setCalendar(language_calendar())
    field.setCalendarPopup(True)
    field.setDisplayFormat(date_format())
    return field


def time_field(parent: QWidget | None = None) -> QTimeEdit:
    """A time-of-day field in the language's format and digits."""
    field = QTimeEdit(parent)
    _numbers_left_to_right(field)
    field.setDisplayFormat(QLocale().timeFormat(QLocale.FormatType.ShortFormat))
    return field


def _numbers_left_to_right(field: QDateTimeEdit) -> None:
    # In a right-to-left layout Qt lays a date-time field's sections out from the right:
    # 14:30 showed as ۳۰:۱۴ in Persian and 2:30 م as م 30:2 in Arabic. Numbers read left to
    # right in both, as the same time written in a sentence shows. Set before the display
    # format: Qt orders the sections when it parses the format.
    field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
