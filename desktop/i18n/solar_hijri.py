# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates in the Solar Hijri calendar, as Iran's Persian writes them («۱۶ آذر ۱۴۰۵»).

Babel formats Gregorian dates only. Its pattern engine is kept (so the language's own order
and separators from CLDR stay) and only the day, month and year fields are taken from the
Solar Hijri date; the conversion is jdatetime's (the calendar as Iran's official calendar
computes it), imported on first use.
"""

from __future__ import annotations

from datetime import date

from babel.dates import DateTimeFormat, parse_pattern

# Month names of the Solar Hijri calendar in Persian (CLDR's "persian" calendar, fa).
MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


def solar_hijri(day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian day in the Solar Hijri calendar."""
    import jdatetime

    converted = jdatetime.date.fromgregorian(date=day)
    return converted.year, converted.month, converted.day


class _SolarHijriFields(DateTimeFormat):
    """Babel's field formatter with the year, month and day of the Solar Hijri calendar."""

    def __init__(self, day: date, locale: str) -> None:
        super().__init__(day, locale)
        self._ymd = solar_hijri(day)

    def __getitem__(self, name: str) -> str:
        char, width = name[0], len(name)
        year, month, day = self._ymd
        if char in ("y", "u"):
            text = self.format(year, width)
            return text[-2:] if width == 2 else text
        if char in ("M", "L"):
            return str(month).zfill(width) if width <= 2 else MONTHS[month - 1]
        if char == "d":
            return self.format(day, width)
        if char in ("Y", "Q", "q", "w", "W", "D", "F", "g"):
            # Fields counted in Gregorian weeks or quarters have no Solar Hijri meaning here.
            raise ValueError(f"unsupported field {name!r} in a Solar Hijri date")
        return str(super().__getitem__(name))


def format_solar_hijri(day: date, pattern: str, locale: str) -> str:
    """`day` written with a CLDR date `pattern` ("d MMM y") in the Solar Hijri calendar."""
    return str(parse_pattern(pattern) % _SolarHijriFields(day, locale))
