# SPDX-License-Identifier: GPL-3.0-or-later
"""Left-to-right runs inside right-to-left sentences: file names, extensions, paths, URLs.

In an Arabic or Persian sentence the bidi algorithm moves the neutral characters at the edge
of a Latin run: `.minisig` shows as `minisig.`, `https://` as `//:https`. Each such run in a
right-to-left catalog is wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE (U+2066,
U+2069), which keeps its order and does not disturb the sentence around it. A sentence that
begins with such a run, or with a Latin name ("Bastion مقفل"), would be laid out left to
right as a whole: it starts with a RIGHT-TO-LEFT MARK. The catalogs are checked for this
(tests/test_i18n.py); `python -m desktop.i18n.bidi PO…` adds what is missing.
"""

from __future__ import annotations

import re
import sys
import unicodedata

LRI, FSI, PDI, LRM, RLM = "\u2066", "\u2068", "\u2069", "\u200e", "\u200f"
_FIELD = re.compile(r"\{[^{}]*\}")

# A URL; a path (a slash and at least one segment); a name with a dot inside or an extension
# (`.minisig`, `vault.key`, `wmf.json.minisig`, `ar.wikipedia.org`). A sentence's own final
# period is not part of the run. Placeholders ({path}) are left to the code that fills them.
LATIN_RUN = re.compile(
    r"https?://(?:[^\s«»()\u2069]*[^\s«»()\u2069.,;:!?])?"
    r"|(?<![A-Za-z0-9_/])(?:/\.?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)+"
    r"|(?<![A-Za-z0-9_.}])\.?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
    r"|(?<![A-Za-z0-9_.}])\.[A-Za-z][A-Za-z0-9_-]*"
)


def unisolated(text: str) -> list[str]:
    """The left-to-right runs of `text` not already inside an isolate."""
    return [match.group() for match in _bare(text)]


def isolate(text: str) -> str:
    """`text` with each bare run wrapped in LRI … PDI (an LRM just before one is dropped)."""
    pieces: list[str] = []
    last = 0
    for match in _bare(text):
        start = match.start()
        before = text[last:start]
        pieces.append(before.removesuffix(LRM))
        pieces.append(LRI + match.group() + PDI)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def starts_left_to_right(text: str) -> bool:
    """Whether the first strong character of `text` (outside isolates and `{fields}`) is
    left to right: such a sentence is laid out as a left-to-right paragraph, so a
    right-to-left one that begins with a Latin name ("Bastion مقفل") comes out reversed."""
    depth = 0
    for char in _FIELD.sub("", text):
        if char in (LRI, FSI, "\u2067"):
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif not depth:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return False
            if kind == "L":
                return True
    return False


def anchor(text: str) -> str:
    """`text` starting with a RIGHT-TO-LEFT MARK when it would otherwise start left to right."""
    return RLM + text if starts_left_to_right(text) else text


def _bare(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    depth = 0
    position = 0
    for match in LATIN_RUN.finditer(text):
        for char in text[position : match.start()]:
            if char in (LRI, FSI, "\u2067"):
                depth += 1
            elif char == PDI and depth:
                depth -= 1
        position = match.start()
        if depth == 0:
            found.append(match)
    return found


def main(paths: list[str]) -> int:
    """Isolate the bare runs in the translations of the given .po files, and anchor each
    sentence to right to left, in place."""
    from babel.messages.pofile import read_po, write_po

    for path in paths:
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.string, tuple):
                message.string = tuple(anchor(isolate(form)) for form in message.string)
            elif isinstance(message.string, str):
                message.string = anchor(isolate(message.string))
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
