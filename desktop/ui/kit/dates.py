# SPDX-License-Identifier: GPL-3.0-or-later
"""Date fields that write dates as the rest of the app does (desktop.i18n.formats): in the
language's calendar (Solar Hijri for Persian) and digits, with a four-digit year."""

from __future__ import annotations

from PySide6.QtCore import QCalendar, QLocale
from PySide6.QtWidgets import QDateEdit, QWidget

from desktop.i18n import calendar_for, current_language

# languages.toml's calendar names → Qt's calendar systems.
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
    field.setCalendar(language_calendar())
    field.setCalendarPopup(True)
    field.setDisplayFormat(date_format())
    return field
