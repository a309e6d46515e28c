# SPDX-License-Identifier: GPL-3.0-or-later
"""Bastion's pseudo-locale: every message accented, bracketed and about 40 % longer.

Rendered by `make screenshots` (as "pseudo", and mirrored as "pseudo-rtl") to find what no
real catalog shows at a glance: a string not marked for translation stays plain ASCII, a
label that cuts off loses its closing bracket, a layout that assumed English lengths
overflows. Never offered to users: it has no catalog, so the language picker never lists it.
"""

from __future__ import annotations

import gettext
import math
import re

# What must reach the screen unchanged: {fields}, markup and entities, addresses, the
# mnemonic ampersand, and keys written as text ("Ctrl+Shift+Q").
_KEEP = re.compile(
    r"\{[^{}]*\}|<[^<>]*>|&[#\w]+;|https?://\S+|&(?=\w)|\b(?:Ctrl|Shift|Esc)\b\+?\w*"
)
_ACCENTS = str.maketrans(
    "AaCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçĐđÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŘřŠšŢţÛûŴŵÝýŽž",
)
# Long enough that 40 % more letters than English shows where a layout has no room.
_GROWTH = 0.4


def pseudo(text: str) -> str:
    """`text` in the pseudo-locale ("Lock" → "⟦Ļöçķ ·⟧")."""
    if not text:
        return text
    parts: list[str] = []
    last = 0
    for kept in _KEEP.finditer(text):
        parts.append(text[last : kept.start()].translate(_ACCENTS))
        parts.append(kept.group())
        last = kept.end()
    parts.append(text[last:].translate(_ACCENTS))
    padding = "·" * max(1, math.ceil(len(text) * _GROWTH) - 3)
    return f"⟦{''.join(parts)} {padding}⟧"


class PseudoTranslations(gettext.NullTranslations):
    """A catalog that translates every message into the pseudo-locale."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
