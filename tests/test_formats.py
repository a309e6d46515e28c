# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers and dates follow the language: its digits (CLDR's default numbering system) and,
for Persian, the Solar Hijri calendar — in Babel's formats and in every `{field}` alike."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time

import pytest

from desktop import i18n
from desktop.i18n import formats
from desktop.i18n.solar_hijri import format_solar_hijri, solar_hijri

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
BENGALI = "০১২৩৪৫৬৭৮৯"


def _zeros(text: str) -> set[int]:
    return {ord(c) - unicodedata.digit(c) for c in text if unicodedata.digit(c, None) is not None}


@pytest.fixture
def language(monkeypatch):  # type: ignore[no-untyped-def]
    """Switch the formatting language without needing its compiled catalog."""
    return lambda code: monkeypatch.setattr(i18n, "_language", code)


@pytest.mark.parametrize(
    ("code", "zero"), [("en", "0"), ("ar", "0"), ("hi", "0"), ("fa", "۰"), ("bn", "০")]
)
def test_every_number_and_date_uses_the_languages_digits(language, code, zero):
    language(code)
    shown = [
        formats.format_size(123_456_789),
        formats.format_percent(40),
        formats.format_day(date(2026, 12, 7)),
        formats.format_clock(time(14, 5)),
        formats.format_moment(datetime(2026, 12, 7, 14, 5)),
        formats.format_timestamp("2026-12-07T10:00:00Z"),
        i18n._("{count} entries").format(count=1234),
    ]
    for text in shown:
        assert _zeros(text) == {ord(zero)}, text


def test_fields_that_are_text_keep_their_digits_and_booleans_are_not_numbers(language):
    language("fa")
    text = i18n._("{name}: {count} {flag}").format(name="report-2026.age", count=12, flag=True)
    assert text == "report-2026.age: ۱۲ True"
    assert i18n.pgettext("x", "{n}").format(n=3.5) == "۳.۵"
    assert i18n.ngettext("{count} file", "{count} files", 2).format(count=2) == "۲ files"


def test_english_text_is_written_exactly_as_before(language):
    language("en")
    assert i18n._("{count} of {total}").format(count=3, total=10) == "3 of 10"
    assert formats.format_percent(40) == "40%"
    assert formats.format_day(date(2026, 12, 7)) == "Dec 7, 2026"


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (date(2026, 3, 21), (1405, 1, 1)),  # Nowruz 1405
        (date(2025, 3, 20), (1403, 12, 30)),  # the leap day of 1403
        (date(2025, 3, 21), (1404, 1, 1)),
        (date(2026, 12, 7), (1405, 9, 16)),
        (date(1990, 1, 1), (1368, 10, 11)),
    ],
)
def test_solar_hijri_dates_match_the_calendar(gregorian, expected):
    assert solar_hijri(gregorian) == expected


def test_persian_dates_are_written_in_the_solar_hijri_calendar(language):
    language("fa")
    assert formats.format_day(date(2026, 12, 7)) == "۱۶ آذر ۱۴۰۵"
    assert formats.format_day(date(2026, 3, 21), "short") == "۱۴۰۵/۱/۱"
    assert formats.format_day(date(2026, 3, 21), "full").startswith("شنبه ۱ فروردین ۱۴۰۵")
    moment = formats.format_moment(datetime(2026, 12, 7, 14, 5), "short")
    assert moment == "۱۴۰۵/۹/۱۶،\u200f ۱۴:۰۵"
    # Only Persian: Bangla keeps the Gregorian calendar, in Bengali digits.
    language("bn")
    assert formats.format_day(date(2026, 12, 7)) == "৭ ডিসে, ২০২৬"


def test_a_field_counted_in_gregorian_weeks_is_refused_not_miswritten():
    with pytest.raises(ValueError, match="Solar Hijri"):
        format_solar_hijri(date(2026, 12, 7), "w", "fa")


def test_text_for_another_language_writes_that_languages_digits(language, tmp_path, monkeypatch):
    """A trainer kit's card in Persian, built from an English command line."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="fa")
    catalog.add("Version {version}", "نسخهٔ {version}")
    target = tmp_path / "fa" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    language("en")
    assert i18n.translator_for("fa")("Version {version}").format(version=12) == "نسخهٔ ۱۲"
    assert i18n._("Version {version}").format(version=12) == "Version 12"
