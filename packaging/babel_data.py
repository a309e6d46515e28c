# SPDX-License-Identifier: GPL-3.0-or-later
"""Babel's locale data rewritten smaller for the frozen build (packaging/bastion.spec).

Babel ships each locale as a pickle of protocol 2. Written again with the newest protocol,
the same dictionaries take a third less room (framing, shorter opcodes); Babel reads them
with `pickle.load` whatever the protocol. Then the parts of CLDR no function Bastion calls
ever reads are dropped: units, currencies, compact and scientific numbers, relative times,
date skeletons and intervals, measurement systems. Together 3.9 MB become 1.1 MB.

`BABEL_API` is every Babel name the app imports (tests/test_packaging.py checks it against
desktop/ and checks that each one works on trimmed data); a new one must be added there, and
`UNUSED` shortened if it reads one of them (babel/core.py says which property reads which key).

Loaded by path, not imported: a folder called `packaging` would shadow the `packaging` library
PyInstaller itself uses.
"""

from __future__ import annotations

import pickle
from pathlib import Path

# Keys of a locale's data that only these Babel functions read:
UNUSED = (
    "unit_patterns",  # format_unit, format_compound_unit, format_timedelta
    "unit_display_names",  # get_unit_name
    "compound_unit_patterns",  # format_compound_unit
    "currency_names",  # get_currency_name, Locale.currencies
    "currency_names_plural",  # get_currency_name with a count
    "currency_symbols",  # get_currency_symbol, format_currency
    "currency_formats",  # format_currency
    "compact_currency_formats",  # format_compact_currency
    "currency_unit_patterns",  # format_currency with format_type="name"
    "compact_decimal_formats",  # format_compact_decimal
    "scientific_formats",  # format_scientific
    "date_fields",  # format_timedelta with add_direction
    "datetime_skeletons",  # format_skeleton, format_interval
    "interval_formats",  # format_interval
    "measurement_systems",  # get_measurement_system
)

# (module, name) of every Babel import in desktop/ outside the string extractor and the pack
# translators' PO tools, which use no locale data but plural rules and language names.
BABEL_API = frozenset(
    {
        ("babel", "Locale"),
        ("babel", "UnknownLocaleError"),
        ("babel", "default_locale"),
        ("babel", "negotiate_locale"),
        ("babel.numbers", "format_decimal"),
        ("babel.numbers", "format_percent"),
        ("babel.lists", "format_list"),
        ("babel.dates", "format_date"),
        ("babel.dates", "format_time"),
        ("babel.dates", "get_date_format"),
        ("babel.dates", "get_datetime_format"),
        ("babel.dates", "DateTimeFormat"),
        ("babel.dates", "parse_pattern"),
        ("babel.messages.catalog", "Catalog"),
        ("babel.messages.catalog", "Message"),
        ("babel.messages.pofile", "PoFileError"),
        ("babel.messages.pofile", "normalize"),
        ("babel.messages.pofile", "read_po"),
        ("babel.messages.pofile", "unescape"),
        ("babel.messages.pofile", "write_po"),
        ("babel.messages.extract", "extract_from_dir"),
    }
)


def kept_locales(codes: list[str]) -> set[str]:
    """The locale files the build keeps: `root`, every language of languages.json and the parent
    of a regional one (pt for pt_BR). Not the other regional variants (en_GB, ar_EG …: over 280
    files): the app formats in its own codes, and a system locale is matched to them without
    Babel's data (desktop/i18n/system.py; an unusual one falls back to English)."""
    return {"root"} | set(codes) | {code.split("_")[0] for code in codes}


def rewrite(source: Path, target: Path, *, drop: bool) -> None:
    """`source` (a Babel .dat) pickled again into `target`, without `UNUSED` when `drop`.

    Deterministic: the same input gives the same bytes (dictionaries keep their order)."""
    with source.open("rb") as handle:
        # Babel's own data, from the wheel the build installed: what Babel itself unpickles.
        data = pickle.load(handle)  # noqa: S301
    if drop:
        for key in UNUSED:
            data.pop(key, None)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
