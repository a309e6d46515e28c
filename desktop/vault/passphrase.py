# SPDX-License-Identifier: GPL-3.0-or-later
"""Passphrase rules, strength guidance and word-list suggestions.

New passphrases need a minimum length and at least "fair" strength. Strength comes from
zxcvbn, which knows common passwords, names, keyboard patterns and substitutions (mostly
English dictionaries: for other scripts it judges length and variety only). Suggestions use
the EFF long word list (7,776 words, ~12.9 bits a word) shipped by the xkcdpass package,
chosen with `secrets`.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum
from functools import cache

from desktop.vault.errors import (
    PassphraseMismatchError,
    PassphraseTooShortError,
    PassphraseTooWeakError,
)

MIN_LENGTH = 10
SUGGESTED_WORDS = 6


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3
    VERY_STRONG = 4


def _length(passphrase: str) -> int:
    return len(unicodedata.normalize("NFC", passphrase))


def check_new_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    """Raise if a new passphrase is not acceptable: too short, easy to guess, or mistyped."""
    if _length(passphrase) < MIN_LENGTH:
        raise PassphraseTooShortError(MIN_LENGTH)
    if strength(passphrase) < Strength.FAIR:
        raise PassphraseTooWeakError()
    # hmac's, at first use: importing it loads OpenSSL, which the unlock screen does not need.
    from hmac import compare_digest

    if confirmation is not None and not compare_digest(
        passphrase.encode("utf-8"), confirmation.encode("utf-8")
    ):
        raise PassphraseMismatchError()


@cache
def _word_list() -> tuple[str, ...]:
    from xkcdpass import xkcd_password  # at first use: start-up time

    path = xkcd_password.locate_wordfile("eff-long")
    with open(path, encoding="utf-8") as handle:
        words = {line.strip().split()[-1] for line in handle if line.strip()}
    return tuple(sorted(words))


def suggest(words: int = SUGGESTED_WORDS) -> str:
    """A random word-list passphrase, e.g. "unsaved tartly hurry rotten thumb dwelling"."""
    import secrets  # at first use, as above

    vocabulary = _word_list()
    return " ".join(secrets.choice(vocabulary) for _ in range(words))


def strength(passphrase: str) -> Strength:
    """zxcvbn's score (dictionaries, keyboard patterns, l33t), with our minimum length on top."""
    if _length(passphrase) < MIN_LENGTH:
        return Strength.TOO_SHORT
    # Imported here: loading its dictionaries costs start-up time before any window shows.
    from zxcvbn import zxcvbn

    # zxcvbn's own cap: anything longer is scored on its first 72 characters.
    score = int(zxcvbn(passphrase)["score"])
    return Strength(max(score, Strength.WEAK))
