# SPDX-License-Identifier: GPL-3.0-or-later
"""Full-text search text: one normalisation for what is indexed and for what is asked.

SQLite's FTS5 `unicode61` tokenizer alone fails three of the scripts Bastion serves:
- By default it splits words at combining marks (Unicode category M), so Bengali, Hindi and
  other Indic words fall apart at every vowel sign. The table adds `M*` to the token classes.
- Arabic text may carry short-vowel marks (harakat) or tatweel that a query usually lacks;
  they are removed on both sides.
- Chinese and Japanese have no spaces, so a whole sentence would be one token. Han, kana and
  other unspaced scripts are indexed one character per token, and a query in them becomes a
  phrase of consecutive characters, which finds words of any length.
Text is NFKC-normalised and case-folded here, so the tokenizer never has to.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.journal.errors import SearchSyntaxError

TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

# Arabic harakat, superscript alef, Quranic marks and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Scripts written without spaces between words: Han, Hiragana, Katakana, Thai, Lao, Khmer,
# Myanmar. Each character becomes its own token.
_UNSPACED = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff"
    "\u1780-\u17ff\u1000-\u109f\U00020000-\U0002fa1f])"
)
_WORD = re.compile(r"\S+")


def normalise(text: str) -> str:
    """Text as it goes into the index."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text)
    return _UNSPACED.sub(r" \1 ", text)


def _is_token_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM" or unicodedata.category(char) == "Co"


def _tokens(word: str) -> list[str]:
    """The tokens the tokenizer makes of one normalised word (same classes as TOKENIZE)."""
    tokens: list[str] = []
    current: list[str] = []
    for char in word:
        if _is_token_char(char):
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def match_expression(query: str) -> str:
    """Turn what someone typed into a safe FTS5 MATCH expression.

    Every word must appear (AND); the last word also matches as a prefix, so results follow
    typing. No FTS5 operator a person types is interpreted: each word is quoted. Raises
    SearchSyntaxError when nothing searchable remains (only punctuation).
    """
    parts: list[str] = []
    words = _WORD.findall(query)
    for index, raw in enumerate(words):
        word = normalise(raw)
        tokens = [t for piece in word.split() for t in _tokens(piece)]
        if not tokens:
            continue
        phrase = '"' + " ".join(tokens).replace('"', '""') + '"'
        is_last = index == len(words) - 1
        # A prefix on a single character of an unspaced script would match almost everything.
        if is_last and not _UNSPACED.fullmatch(tokens[-1]):
            phrase += "*"
        parts.append(phrase)
    if not parts:
        raise SearchSyntaxError()
    return " AND ".join(parts)
