# SPDX-License-Identifier: GPL-3.0-or-later
"""Full-text search in the scripts Bastion serves, and queries that must not break it."""

from __future__ import annotations

import contextlib

import pytest

from desktop.journal import Filter, Journal, Person
from desktop.journal.errors import SearchSyntaxError
from desktop.journal.search import match_expression, normalise
from desktop.vault.migrations import JOURNAL_TOKENIZE
from tests.journal.conftest import sample

TEXTS = {
    "arabic": "نشر أحدهم عُنوانَ منزلي في صفحة النقاش",
    "bengali": "কেউ আমার বাড়ির ঠিকানা আলোচনা পাতায় প্রকাশ করেছে",
    "chinese": "有人在讨论页上公开了我的家庭住址",
    "russian": "Кто-то опубликовал мой домашний адрес на странице обсуждения",
    "hindi": "किसी ने मेरे घर का पता वार्ता पृष्ठ पर प्रकाशित कर दिया",
    "french": "Quelqu'un a publié mon adresse sur la page de discussion",
}


@pytest.fixture
def filled(journal: Journal) -> dict[str, str]:
    return {name: journal.add(sample(title=name, narrative=text)) for name, text in TEXTS.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("عنوان", "arabic"),  # without the harakat the text carries
        ("منزلي", "arabic"),
        ("ঠিকানা", "bengali"),  # vowel signs must not split the word
        ("প্রকাশ", "bengali"),
        ("住址", "chinese"),  # two characters inside an unspaced sentence
        ("讨论页", "chinese"),
        ("адрес", "russian"),
        ("ОПУБЛИКОВАЛ", "russian"),  # case-insensitive in Cyrillic
        ("पता", "hindi"),
        ("प्रकाशित", "hindi"),
        ("publie", "french"),  # accents are optional
        ("adresse", "french"),  # a Latin word does not match its Cyrillic look-alike
    ],
)
def test_words_are_found_in_every_script(
    journal: Journal, filled: dict[str, str], query: str, expected: str
) -> None:
    assert {s.title for s in journal.page(Filter(text=query))} == {expected}


def test_prefix_of_the_last_word_matches_while_typing(
    journal: Journal, filled: dict[str, str]
) -> None:
    assert {s.title for s in journal.page(Filter(text="discuss"))} == {"french"}
    assert {s.title for s in journal.page(Filter(text="обсужд"))} == {"russian"}


def test_every_field_is_searchable(journal: Journal) -> None:
    journal.add(
        sample(
            title="t",
            narrative="n",
            people=(Person("Zebracorn", "de.wikipedia.org"),),
            links=("https://example.org/quokka",),
            tags=("marmoset",),
            place="Kathmandu",
        )
    )
    for word in ("zebracorn", "quokka", "marmoset", "kathmandu", "wikipedia"):
        assert journal.count(Filter(text=word)) == 1, word


@pytest.mark.parametrize(
    "query",
    ['"', "NEAR(", "a OR", "*", "title:x", "-x", "(((", "AND", "'; DROP TABLE x; --", "^x", "a:b"],
)
def test_operators_typed_by_a_person_are_plain_text(journal: Journal, query: str) -> None:
    journal.add(sample())
    # When nothing searchable is left the typed error comes; the UI shows "no results".
    with contextlib.suppress(SearchSyntaxError):
        journal.count(Filter(text=query))


def test_only_punctuation_is_a_typed_error() -> None:
    with pytest.raises(SearchSyntaxError):
        match_expression(" ?!… ")


def test_edits_update_the_index(journal: Journal) -> None:
    uid = journal.add(sample(narrative="wombat"))
    journal.update(uid, sample(narrative="platypus"))
    assert journal.count(Filter(text="wombat")) == 0
    assert journal.count(Filter(text="platypus")) == 1


def test_normalise_and_the_schema_agree() -> None:
    from desktop.journal.search import TOKENIZE

    assert TOKENIZE == JOURNAL_TOKENIZE
    assert normalise("ＡＢＣ") == "abc"  # NFKC: full-width Latin
    assert normalise("مـــرحبا") == "مرحبا"  # tatweel removed


@pytest.mark.parametrize("small", [0, 3, 1000])
def test_both_search_strategies_give_the_same_pages(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    """Few matches are sorted by SQLite; many are found by walking the date index."""
    from datetime import date

    from desktop.journal import Occurred, query

    monkeypatch.setattr(query, "SMALL_MATCH", small)
    for day in range(1, 29):
        journal.add(
            sample(
                title=f"day {day}",
                narrative="wombat" if day % 3 else "platypus",
                category="spam" if day % 2 else "trolling",
                occurred=Occurred(date(2026, 2, day)),
            )
        )
    expected = [f"day {d}" for d in range(28, 0, -1) if d % 3]
    seen, after = [], None
    while page := journal.page(Filter(text="wombat"), after, limit=4):
        seen.extend(s.title for s in page)
        after = page[-1].cursor
    assert seen == expected
    assert journal.count(Filter(text="wombat")) == len(expected)
    spam = Filter(text="wombat", categories=frozenset({"spam"}))
    assert [s.title for s in journal.page(spam)] == [t for t in expected if int(t[4:]) % 2]
    assert journal.count(spam) == len([t for t in expected if int(t[4:]) % 2])
    # A write in between is seen by the next search (the match cache is keyed on changes).
    journal.add(sample(title="late", narrative="wombat", occurred=Occurred(date(2026, 3, 1))))
    assert journal.page(Filter(text="wombat"), limit=1)[0].title == "late"
