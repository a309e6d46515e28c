# SPDX-License-Identifier: GPL-3.0-or-later
"""Each shipped language's glossary (translations/<code>/glossary.tsv) and its catalog agree.

The glossary fixes one rendering for the terms that must never vary (issue 18). Its
`translation` column may list the forms the language inflects the term into, separated by
" / " (Arabic broken plurals, verb and noun of "confirm"). A catalog message whose English
names a term must carry one of those forms; 90 % of them at least, because English uses a
few of these words in other senses too ("report" a problem to Wikimedia, "lock" an account),
and the failure lists every message that does not, for a translator to judge.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
SHIPPED = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir())
TERMS = {
    "vault": r"vaults?",
    "passphrase": r"passphrases?",
    "journal": r"journals?",
    "entry": r"entr(?:y|ies)",
    "evidence": r"evidence",
    "report": r"reports?",
    "recipient": r"recipients?",
    "organisation": r"organi[sz]ations?",
    "fingerprint": r"fingerprints?",
    "confirm": r"confirm(?:s|ed|ing)?",
    "quick exit": r"quick exit",
    "lock": r"(?<!caps )lock(?:s|ed)?",  # not the keyboard's Caps Lock
    "pathway": r"pathways?",
    "lesson": r"lessons?",
    "checklist": r"checklists?",
    "quiz": r"quiz(?:zes)?",
}
THRESHOLD = 0.9
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640\u200c\u200d\u2066-\u2069\u200e\u200f]")


def normal(text: str) -> str:
    """Without Arabic vowel marks, tatweel, joiners and direction marks: what a reader sees
    as the same word is the same string."""
    return _MARKS.sub("", unicodedata.normalize("NFC", text))


def core(form: str) -> str:
    """The part of a form every inflection keeps: its first word, without the Arabic
    article, and without the last letter of a longer word (ة/ه, a vowel sign, an ending)."""
    word = normal(form).split()[0]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word[:-1] if len(word) > 3 else word


def glossary(code: str) -> dict[str, list[str]]:
    path = TRANSLATIONS / code / "glossary.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == ["term", "translation", "note"], path
        rows: dict[str, list[str]] = {}
        for row in reader:
            term = row["term"].split("(")[0].strip().lower()
            forms = [f.strip() for f in row["translation"].split("/") if f.strip()]
            assert forms, f"{path}: {row['term']} has no translation"
            rows.setdefault(term, forms)
    return rows


def english(message_id: object) -> str:
    text = message_id if isinstance(message_id, str) else message_id[0]  # type: ignore[index]
    text = re.sub(r"\{[^}]*\}", "", text)  # {organisation} is a name, not the word
    # “bastion journal add --help” names a command, typed as it is, not the term.
    return re.sub(r"“bastion [^”]*”", "", text)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_language_has_a_glossary_of_the_fixed_terms(code: str) -> None:
    rows = glossary(code)
    missing = [term for term in TERMS if term not in rows]
    assert missing == [], f"translations/{code}/glossary.tsv lacks {missing}"


@pytest.mark.parametrize("code", SHIPPED)
def test_the_catalog_uses_the_glossary_renderings(code: str) -> None:
    rows = glossary(code)
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    report = []
    for term, pattern in TERMS.items():
        cores = {core(form) for form in rows[term]}
        found = re.compile(rf"\b{pattern}\b", re.IGNORECASE)
        uses, misses = 0, []
        for message in catalog:
            if not message.id or (message.context or "").startswith("Q"):
                continue  # Qt's own strings name Qt's things
            if not found.search(english(message.id)):
                continue
            strings = [message.string] if isinstance(message.string, str) else message.string
            uses += 1
            if not any(c in normal(s) for c in cores for s in strings):
                misses.append(english(message.id)[:70])
        if uses and (uses - len(misses)) / uses < THRESHOLD:
            report.append(f"{term} ({' / '.join(rows[term])}): {len(misses)} of {uses}: {misses}")
    assert report == [], "\n".join(report)
