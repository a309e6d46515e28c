# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation functions and the language table. Qt-free; `desktop.ui.i18n_qt` bridges to Qt.

Mark every user-facing string with `_`, `ngettext` or `pgettext` from here, with named
`{fields}` filled by `.format()` after translation. Module-level constants use `N_` and are
translated where they are shown, so a language chosen at start-up applies to them.

Translations are untrusted input: a translation whose `{fields}` differ from the English
source is ignored and the English text is used, so a bad catalog can neither crash the app
nor make it print something other than what the source asks for.
"""

from __future__ import annotations

import gettext as _gettext
import string
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def locale_dir() -> Path:
    """Where compiled catalogs live: `desktop/locale` in a checkout or a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "desktop" / "locale"
    return Path(__file__).resolve().parent.parent / "locale"


def _fields(text: str) -> frozenset[str] | None:
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return None


class Text(str):
    """A translated message. Its `.format()` writes the numbers it is given with the
    language's own digits (Persian ۱۲, Bangla ১২), as every other number on screen is
    written, so no call site has to remember to; text fields are left as they are."""

    # The language it was translated into, when not the current one (translator_for).
    language: str | None = None

    def format(self, *args: object, **kwargs: object) -> str:
        language = self.language or _language
        if language == SOURCE_LANGUAGE:
            return str.format(self, *args, **kwargs)
        from desktop.i18n.digits import localize

        def shown(value: object) -> object:
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            return localize(str(value), language) if is_number else value

        return str.format(
            self, *map(shown, args), **{name: shown(value) for name, value in kwargs.items()}
        )


def _guarded(source: str, translated: str) -> Text:
    if translated == source:
        return Text(translated)
    source_fields = _fields(source)
    if source_fields is None or _fields(translated) != source_fields:
        return Text(source)
    return Text(translated)


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _guarded(message, _translations.gettext(message))


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translate at display time)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count; every form must contain the `{fields}`."""
    source = singular if n == 1 else plural
    return _guarded(source, _translations.ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """Translate a short, ambiguous message in a context (e.g. pgettext("menu", "Open"))."""
    return _guarded(message, _translations.pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` with a context."""
    source = singular if n == 1 else plural
    return _guarded(source, _translations.npgettext(context, singular, plural, n))


class Language(NamedTuple):
    """A language Bastion can be shown in."""

    code: str  # gettext code: ar, pt_BR, zh_Hans
    bcp47: str  # pt-BR, zh-Hans (Qt and CLDR)
    native_name: str
    right_to_left: bool


@cache
def _table() -> list[dict[str, str]]:
    # JSON rather than TOML: the start already has json loaded, and importing tomllib cost
    # 2.7 ms of every start to the unlock screen (docs/performance.md).
    import json

    with (Path(__file__).parent / "languages.json").open("rb") as handle:
        return list(json.load(handle)["language"])


def qt_locale_name(code: str) -> str:
    """The locale Qt's widgets (date fields, spin boxes) use for `code`, BCP 47 spelling."""
    for entry in _table():
        if entry["code"] == code:
            return entry.get("qt_locale", code.replace("_", "-"))
    return code.replace("_", "-")


def calendar_for(code: str) -> str:
    """The calendar dates are written in for `code`: "gregorian", or "persian" (Solar Hijri)
    where the language's readers expect it (languages.json)."""
    for entry in _table():
        if entry["code"] == code:
            return entry.get("calendar", "gregorian")
    return "gregorian"


@cache
def languages() -> tuple[Language, ...]:
    """The supported languages, from languages.json, with names and direction from CLDR."""
    from babel import Locale

    result = []
    for entry in _table():
        locale = Locale.parse(entry["code"])
        result.append(
            Language(
                code=entry["code"],
                bcp47=entry["code"].replace("_", "-"),
                native_name=locale.get_display_name(locale) or entry["code"],
                right_to_left=is_right_to_left(entry["code"]),
            )
        )
    return tuple(result)


def available_codes() -> list[str]:
    """Languages with a compiled catalog, plus English (the source language)."""
    found = {SOURCE_LANGUAGE}
    directory = locale_dir()
    if directory.is_dir():
        found.update(
            entry.name
            for entry in directory.iterdir()
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )
    return sorted(found)


def load_catalog(code: str) -> _gettext.NullTranslations:
    """Load one compiled catalog; raises OSError if it is missing or unreadable."""
    with open(locale_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as handle:
        return _gettext.GNUTranslations(handle)


def translator_for(code: str) -> Callable[[str], str]:
    """`_` in a given language rather than the current one: for texts written for someone
    else (a trainer kit's README, in the volunteers' languages). OSError if it has no catalog."""
    catalog = _gettext.NullTranslations() if code == SOURCE_LANGUAGE else load_catalog(code)

    def translate(message: str) -> str:
        text = _guarded(message, catalog.gettext(message))
        text.language = code  # its numbers in that language's digits too
        return text

    return translate


def set_language(code: str | None) -> str:
    """Switch to `code` (a gettext code); falls back to English. Returns the code in effect."""
    global _translations, _language
    if not code or code == SOURCE_LANGUAGE:
        _translations, _language = _gettext.NullTranslations(), SOURCE_LANGUAGE
        return _language
    try:
        _translations, _language = load_catalog(code), code
    except OSError:
        _translations, _language = _gettext.NullTranslations(), SOURCE_LANGUAGE
    return _language


def set_pseudo_language() -> None:
    """The pseudo-locale (desktop.i18n.pseudo) for screenshots, with English formats. Never
    offered to users: it has no catalog, so the language picker never lists it."""
    global _translations, _language
    from desktop.i18n.pseudo import PseudoTranslations

    _translations, _language = PseudoTranslations(), SOURCE_LANGUAGE


def current_language() -> str:
    return _language


def set_formats_language(code: str) -> str:
    """Numbers and dates in `code`, messages unchanged; returns the code it replaces. Only for
    self-test, which formats in each shipped language whether or not its catalog is there."""
    global _language
    previous, _language = _language, code
    return previous


@cache
def is_right_to_left(code: str) -> bool:
    """Text direction from CLDR for one language (cheap: no need to load the whole table)."""
    from babel import Locale, UnknownLocaleError

    try:
        return bool(Locale.parse(code).character_order == "right-to-left")
    except (ValueError, UnknownLocaleError):
        return False
