# SPDX-License-Identifier: GPL-3.0-or-later
"""The fonts Bastion ships (resources/fonts, OFL) for scripts a fresh system may lack.

The Bengali and Devanagari fonts stand behind the interface font: where it has no glyph for
the script (none in Segoe UI or DejaVu Sans), Qt draws it in the shipped font before any
system fallback, so Bangla and Hindi never show as empty boxes. Rows and buttons are sized
from the metrics of the font actually drawn (desktop.ui.kit.delegates,
tests/ui/test_script_metrics.py). The interface language's font is registered before the
first window; the others once the first window has been painted, which keeps the milliseconds
they cost (fontconfig reads each file) off the path to the unlock screen. Nothing before the
vault is open shows text in another script: the lock and first-run screens are in the
interface language, and what the vault holds appears only after the key derivation.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFont, QFontDatabase

from desktop import config

# Script → (family, files): the families are those the files declare.
SHIPPED = {
    QLocale.Script.ArabicScript: (
        "Noto Sans Arabic",
        ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ),
    QLocale.Script.BengaliScript: (
        "Noto Sans Bengali",
        ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    ),
    QLocale.Script.DevanagariScript: (
        "Noto Sans Devanagari",
        ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ),
}

# The scripts whose shipped font stands right behind the interface font. Not Arabic: every
# desktop system ships an Arabic font (Segoe UI has it, macOS and DejaVu Sans too), and put
# before them Noto Sans Arabic's widest glyph (2.5 × Latin's) became the minimum width of
# every text field, squeezing the buttons beside them in a narrow window. It is registered
# all the same, for the font matching of a system that has none (fontconfig sees it).
SUBSTITUTED = frozenset({QLocale.Script.BengaliScript, QLocale.Script.DevanagariScript})

_registered: set[QLocale.Script] = set()


class FontMissingError(OSError):
    """A shipped font file is missing or Qt could not read it."""


def register(script: QLocale.Script) -> str | None:
    """Register the shipped font for `script` (once); its family, or None if none is shipped.
    Raises FontMissingError when the file is missing or unreadable (the self-test checks)."""
    entry = SHIPPED.get(script)
    if entry is None:
        return None
    family, files = entry
    if script not in _registered:
        for name in files:
            path = config.resource_path("fonts", name)
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                raise FontMissingError(name)
        _registered.add(script)
    return family


def _register_quietly(script: QLocale.Script) -> None:
    # Text in another script still shows in the system's font when a file went missing; the
    # self-test, not a person reading their journal, is where that must be loud.
    with contextlib.suppress(FontMissingError):
        register(script)


# Where no window is painted to say when (a test that never shows one), at the latest.
_REST_AT_THE_LATEST_MS = 2000


def register_rest() -> None:
    """Register every shipped font not registered yet (main_window: after the first paint)."""
    for script in SHIPPED:
        _register_quietly(script)


def install(families: list[str], script: QLocale.Script) -> None:
    """Make the shipped fonts what Qt turns to when the interface's `families` lack a glyph:
    the interface script's font registered now; the others by register_rest(), which the
    main window calls once it has been painted, or in two seconds if no window asks first."""
    _register_quietly(script)
    shipped = [family for script, (family, _) in SHIPPED.items() if script in SUBSTITUTED]
    for family in families:
        # Tried, in order, before the system's own fallbacks, for the glyphs `family` lacks.
        QFont.insertSubstitutions(family, shipped)
    if len(_registered) < len(SHIPPED):
        QTimer.singleShot(_REST_AT_THE_LATEST_MS, register_rest)
