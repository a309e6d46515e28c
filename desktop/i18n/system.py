# SPDX-License-Identifier: GPL-3.0-or-later
"""Which shipped language the system asks for, read the way Babel reads it.

Babel's `default_locale` + `negotiate_locale` decide, as before; but Babel's import and its
locale data cost about 10 ms on the way to the first screen, so the common plain cases
(`LANG=ar_EG.UTF-8`, `LANGUAGE=hi`, `LANG=C.UTF-8`) are answered here first. A case that is
not certain to end the same way (`zh_CN`, `pt_PT`, `sr@latin`) goes to Babel.
tests/test_i18n.py checks the two agree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

# Babel's default_locale reads these, in this order, for LC_MESSAGES.
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_PLAIN = re.compile(r"([a-z]{2,3})(?:_[A-Z]{2})?")
_UNSURE = object()


def system_language(available: Sequence[str]) -> str | None:
    """A code from `available` for the system's language, or None (English, then)."""
    quick = _plain_answer(available)
    return _babel_answer(available) if quick is _UNSURE else quick  # type: ignore[return-value]


def _plain_answer(available: Sequence[str]) -> object:
    for name in _VARIABLES:
        value = os.environ.get(name)
        if not value:
            continue
        if name == "LANGUAGE":
            value = value.split(":")[0]
        tag = value.split(".")[0]
        if tag in ("C", "POSIX"):
            # Babel reads these as en_US_POSIX, which negotiates to English.
            return "en" if "en" in available else None
        match = _PLAIN.fullmatch(tag)
        if match is None:
            return _UNSURE
        if tag in available:
            return tag
        if match.group(1) in available:
            return match.group(1)
        return _UNSURE
    return None


def _babel_answer(available: Sequence[str]) -> str | None:
    from babel import Locale, UnknownLocaleError, default_locale, negotiate_locale

    preferred = default_locale("LC_MESSAGES")
    if not preferred:
        return None
    try:
        tag = str(Locale.parse(preferred))
    except (ValueError, UnknownLocaleError):
        return None
    return negotiate_locale([tag], list(available), sep="_")
