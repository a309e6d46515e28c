# SPDX-License-Identifier: GPL-3.0-or-later
"""The digits a language writes numbers with (CLDR's default numbering system).

Babel knows each language's default numbering system but writes every digit in Latin, so
the digits are swapped here: Persian ۰–۹, Bengali ০–৯, Latin for most languages. Kept apart
from desktop.i18n.formats so that `desktop.i18n.Text` can use it without an import loop.
"""

from __future__ import annotations

from functools import cache

# CLDR numbering systems (ids as in numberingSystems.xml) → the Unicode name of their digits.
_DIGIT_NAMES = {
    "arab": "ARABIC-INDIC",
    "arabext": "EXTENDED ARABIC-INDIC",
    "beng": "BENGALI",
    "deva": "DEVANAGARI",
    "gujr": "GUJARATI",
    "guru": "GURMUKHI",
    "knda": "KANNADA",
    "mlym": "MALAYALAM",
    "mymr": "MYANMAR",
    "orya": "ORIYA",
    "tamldec": "TAMIL",
    "telu": "TELUGU",
    "thai": "THAI",
}


@cache
def numbering_system(code: str) -> str:
    """CLDR's default numbering system for a language ("latn", "arabext", "beng")."""
    from babel import Locale

    return str(Locale.parse(code).default_numbering_system)


@cache
def table(code: str) -> dict[int, str]:
    """ASCII digit → the language's own digit ({} where it writes Latin digits)."""
    import unicodedata

    name = _DIGIT_NAMES.get(numbering_system(code))
    if name is None:
        return {}
    zero = ord(unicodedata.lookup(f"{name} DIGIT ZERO"))
    return {ord("0") + value: chr(zero + value) for value in range(10)}


def localize(text: str, code: str) -> str:
    """`text` with 0–9 written in the digits of language `code`."""
    own = table(code)
    return text.translate(own) if own else text
