# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers, sizes, lists and times written the way the current language writes them (Babel).

Babel is imported inside each function: its locale data is not needed to show the first
screen. Labels of journal data (categories, severities, fields) are in desktop.journal.labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from desktop.i18n import current_language, pgettext


def babel_locale() -> str:
    """The current language as Babel wants it ("pt_BR", "ar")."""
    return current_language()


def format_timestamp(iso_utc: str) -> str:
    """A stored UTC timestamp in local time, in the current language."""
    from babel.dates import format_datetime

    moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(), format="medium", locale=babel_locale())


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
    shown = format_decimal(round(value, 1 if index else 0), locale=babel_locale())
    return units[index].format(size=shown)


def format_percent(percent: int) -> str:
    """A whole percentage written the way the current language writes it ("40 %", «٤٠٪»)."""
    from babel.numbers import format_percent as babel_percent

    return str(babel_percent(percent / 100, locale=babel_locale()))


def format_list(items: Iterable[str]) -> str:
    """Items joined the way the current language writes a list ("a, b", «أ، ب»)."""
    from babel.lists import format_list as babel_list

    values = list(items)
    if len(values) < 2:
        return "".join(values)
    return str(babel_list(values, style="standard", locale=babel_locale()))
