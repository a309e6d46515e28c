# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers, sizes, lists, dates and times written the way the current language writes them.

Every number and date the interface shows goes through here (and `{fields}` given a number go
through `desktop.i18n.Text.format`), so one language never mixes two kinds of digits or two
calendars: Persian text is written with Persian digits (۰–۹) and Solar Hijri dates, Bangla
with Bengali digits, as CLDR says those languages write them, while Qt's own widgets follow
the same language (desktop.ui.kit.dates).

Babel is imported inside each function: its locale data is not needed to show the first
screen. Labels of journal data (categories, severities, fields) are in desktop.journal.labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Literal

from desktop.i18n import calendar_for, current_language, digits, pgettext

# The four lengths of CLDR date and time formats.
Length = Literal["full", "long", "medium", "short"]


def babel_locale() -> str:
    """The current language as Babel wants it ("pt_BR", "ar")."""
    return current_language()


def localize_digits(text: str) -> str:
    """`text` with 0–9 written as the current language writes digits (unchanged for most)."""
    return digits.localize(text, babel_locale())


def format_size(size: int) -> str:
    from babel.numbers import format_decimal

    units = (
        pgettext("file size", "{size} B"),
        pgettext("file size", "{size} KB"),
        pgettext("file size", "{size} MB"),
        pgettext("file size", "{size} GB"),
    )
    value = float(size)
    index = 0
    while value >= 1000 and index < len(units) - 1:
        value /= 1000
        index += 1
    shown = localize_digits(
        format_decimal(
            round(value, 1 if index else 0), locale=babel_locale(), numbering_system="default"
        )
    )
    return str.format(units[index], size=shown)


def format_percent(percent: int) -> str:
    """A whole percentage written the way the current language writes it ("40 %", «۴۰٪»)."""
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    code = babel_locale()
    text = str(babel_percent(percent / 100, locale=code, numbering_system="default"))
    if not digits.table(code):
        return text
    # Babel keeps the pattern's ASCII "%" whatever the numbering system (Persian writes ٪).
    sign = Locale.parse(code).number_symbols[digits.numbering_system(code)].get("percentSign", "%")
    return localize_digits(text.replace("%", sign))


def format_list(items: Iterable[str]) -> str:
    """Items joined the way the current language writes a list ("a, b", «أ، ب»)."""
    from babel.lists import format_list as babel_list

    values = list(items)
    if len(values) < 2:
        return "".join(values)
    return str(babel_list(values, style="standard", locale=babel_locale()))


def format_day(day: date, length: Length = "medium") -> str:
    """A calendar day ("7 Dec 2026"; in Persian «۱۶ آذر ۱۴۰۵»)."""
    from babel.dates import format_date, get_date_format

    code = babel_locale()
    if calendar_for(code) == "persian":
        from desktop.i18n.solar_hijri import format_solar_hijri

        text = format_solar_hijri(day, get_date_format(length, locale=code).pattern, code)
    else:
        text = format_date(day, format=length, locale=code)
    return localize_digits(text)


def format_clock(moment: time | datetime, length: Length = "short") -> str:
    """A time of day ("14:05", "2:05 PM"), as the language writes it."""
    from babel.dates import format_time

    return localize_digits(format_time(moment, format=length, locale=babel_locale()))


def format_moment(moment: datetime, length: Length = "medium") -> str:
    """A day and time together, in the language's calendar and order."""
    from babel.dates import get_datetime_format

    pattern = str(get_datetime_format(length, locale=babel_locale())).replace("'", "")
    # Babel's own format_datetime joins the two the same way ({1} the date, {0} the time).
    day = format_day(moment.date(), length)
    return pattern.replace("{0}", format_clock(moment, length)).replace("{1}", day)


def format_timestamp(iso_utc: str) -> str:
    """A stored UTC timestamp in local time, in the current language."""
    moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_moment(moment.astimezone())
