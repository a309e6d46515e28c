# SPDX-License-Identifier: GPL-3.0-or-later
"""Names that imitate: recipient labels that could pass for a key or a fingerprint line are
refused (in profiles and for keys added by hand), and names whose words mix Latin, Cyrillic
and Greek letters are detected so that they can be marked wherever shown. The rule is in
desktop/profiles/checks.py and docs/profiles.md; docs/threat-model.md links here."""

from __future__ import annotations

import pytest
from pyrage import x25519

from desktop.messages import describe
from desktop.profiles import ProfileInvalidError, Profiles, verify_profile
from desktop.profiles.checks import looks_like_key, mixed_scripts, recipient_label_problem
from desktop.profiles.errors import RecipientLabelInvalidError
from desktop.signing.fingerprints import fingerprint
from desktop.vault import Vault
from tests.profiles.builders import OrgKey, document, encode

AGE = "age1qpzry9x8gf2tvdw0s3jn54khce6mua7lqpzry9x8gf2tvdw0s3jn54khce6mua7l"

IMITATIONS = [
    fingerprint("age", str(x25519.Identity.generate().to_public())),  # six groups of five
    "04213 88120 55409",
    "04213-88120-55409 on-call",
    "Team 042:881:205",
    "१२३४ ५६७८ ९०१२",  # Devanagari digits
    "٠٤٢١٣ ٨٨١٢٠ ٥٥٤٠٩",  # Arabic-Indic digits
    AGE,
    "Key: age1qpzry",
    "ＡＧＥ１qpzry on-call",  # fullwidth: NFKC first
    "AGE-SECRET-KEY-1ABC",
    "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",  # a minisign key line
    "deadbeefcafe1234",
    "Fingerprint",
    "fingerprint: see card",
    "— FINGERPRINTS match",
]
NAMES = [
    "T&S on-call",
    "Équipe de permanence",
    "Safety desk 2024",
    "Desk +1 415",
    "Internationalisation team",
    "नवीन डेस्क",
    "فريق الأمان",
    "Fingerprint-free desk"[12:],  # "free desk"
    "Agent 007",
    "Key holder: Ana",
    "age group 18-25",
    "Team of 12",
]


@pytest.mark.parametrize("label", IMITATIONS)
def test_labels_that_imitate_a_key_or_fingerprint_are_refused(label: str) -> None:
    assert looks_like_key(label)
    assert recipient_label_problem(label) == "looks-like-key"


@pytest.mark.parametrize("label", NAMES)
def test_ordinary_labels_are_accepted(label: str) -> None:
    assert recipient_label_problem(label) is None


def test_a_profile_with_such_a_label_is_refused_naming_the_field() -> None:
    signer = OrgKey.generate()
    recipients = [
        {"label": "On-call", "key": str(x25519.Identity.generate().to_public())},
        {"label": "fingerprint: 04213 88120", "key": str(x25519.Identity.generate().to_public())},
    ]
    data = encode(document(signer.line, recipients=recipients))
    with pytest.raises(ProfileInvalidError) as caught:
        verify_profile(data, signer.sign(data))
    problems = [(p.path, p.code) for p in caught.value.problems]
    assert problems == [("recipients[1].label", "looks-like-key")]
    assert "looks like a key or a fingerprint" in describe(caught.value)


def test_a_key_added_by_hand_with_such_a_label_is_refused(vault: Vault) -> None:
    key = str(x25519.Identity.generate().to_public())
    with pytest.raises(RecipientLabelInvalidError) as caught:
        Profiles(vault).add_recipient("04213 88120 55409 91230", key)
    assert caught.value.code == "looks-like-key"
    assert "looks like a key or a fingerprint" in describe(caught.value)
    assert Profiles(vault).recipients() == []


@pytest.mark.parametrize(
    ("name", "mixed"),
    [
        ("Wіkimedia Foundation", True),  # Cyrillic і
        ("Wikipediа", True),  # Cyrillic а at the end
        ("Trust & Sаfety", True),
        ("Ѕafety desk", True),  # Cyrillic Ѕ
        ("Wikimedia Fοundation", True),  # Greek ο
        ("ＷіＫＩ", True),  # fullwidth Latin with Cyrillic
        ("Wikimedia Foundation", False),
        ("Фонд Викимедиа", False),
        ("Wikimedia Россия", False),  # two alphabets, but not inside one word
        ("Ελληνική ομάδα", False),
        ("ویکی‌مدیا", False),
        ("विकिमीडिया", False),
        ("Équipe Ωmega", True),  # Greek Ω with Latin letters,
    ],
)
def test_mixed_scripts_within_a_word(name: str, mixed: bool) -> None:
    assert mixed_scripts(name) is mixed
