# SPDX-License-Identifier: GPL-3.0-or-later
"""New-passphrase rules, strength scores and word-list suggestions."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.vault import passphrase
from desktop.vault.errors import (
    PassphraseMismatchError,
    PassphraseTooShortError,
    PassphraseTooWeakError,
)
from desktop.vault.passphrase import MIN_LENGTH, Strength
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE


def test_a_strong_passphrase_is_accepted() -> None:
    passphrase.check_new_passphrase(PASSPHRASE)
    passphrase.check_new_passphrase(NEW_PASSPHRASE, NEW_PASSPHRASE)


def test_a_short_passphrase_is_refused_with_the_minimum() -> None:
    with pytest.raises(PassphraseTooShortError) as caught:
        passphrase.check_new_passphrase("x7#Qp!2zK")  # 9 characters, random-looking
    assert caught.value.minimum == MIN_LENGTH == 10


def test_length_counts_characters_after_nfc() -> None:
    # 9 letters, but 12 code points in NFD: what a person typed is 9 characters.
    nine = unicodedata.normalize("NFD", "zébraçoïq")
    assert len(nine) >= MIN_LENGTH  # a code-point count would wrongly accept it
    with pytest.raises(PassphraseTooShortError):
        passphrase.check_new_passphrase(nine)


@pytest.mark.parametrize(
    "weak", ["password1234", "passwordpassword", "aaaaaaaaaaaa", "qwertyuiop", "Password123!"]
)
def test_common_passphrases_are_too_weak(weak: str) -> None:
    assert passphrase.strength(weak) == Strength.WEAK
    with pytest.raises(PassphraseTooWeakError):
        passphrase.check_new_passphrase(weak)


def test_a_mistyped_confirmation_is_refused() -> None:
    with pytest.raises(PassphraseMismatchError):
        passphrase.check_new_passphrase(PASSPHRASE, PASSPHRASE + " ")


def test_strength_below_minimum_length_is_too_short() -> None:
    assert passphrase.strength("") == Strength.TOO_SHORT
    assert passphrase.strength("abc") == Strength.TOO_SHORT
    assert passphrase.strength(PASSPHRASE) >= Strength.FAIR


def test_suggestion_is_six_list_words_that_pass_the_rules() -> None:
    words = passphrase.suggest().split(" ")
    assert len(words) == passphrase.SUGGESTED_WORDS == 6
    vocabulary = set(passphrase._word_list())
    assert len(vocabulary) == 7776  # the EFF long list: ~12.9 bits a word
    assert all(word in vocabulary for word in words)
    passphrase.check_new_passphrase(" ".join(words))


def test_suggestions_are_random() -> None:
    assert len({passphrase.suggest() for _ in range(5)}) == 5
