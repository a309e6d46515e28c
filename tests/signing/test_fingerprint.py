# SPDX-License-Identifier: GPL-3.0-or-later
"""Fingerprints: the exact algorithm of docs/keys.md, ASCII digits, canonical keys only."""

from __future__ import annotations

import hashlib
import re

import pytest

from desktop.signing import MalformedKeyError, PublicKey, SecretKey, fingerprint
from desktop.signing.fingerprints import fingerprint_groups

MINISIGN_LINE = "RWQDAwMDAwMDAwABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
AGE_KEY = "age1m45al2py95gkuvs7djtddkq2c63y95ev7ee78ghslzt33ga3dglq9phqtt"


def reference(kind: str, key: str) -> str:
    """docs/keys.md, written out a second time."""
    digest = hashlib.sha256(f"bastion.fingerprint.v1\n{kind}\n{key}".encode()).digest()
    numbers = [int(digest[i : i + 5].hex(), 16) % 100000 for i in range(0, 30, 5)]
    return " ".join(str(n).zfill(5) for n in numbers)


def test_known_answers() -> None:
    # Fixed values: a change to the algorithm breaks every card already printed.
    assert fingerprint("minisign", MINISIGN_LINE) == "61425 92343 85265 52372 00638 74195"
    assert fingerprint("age", AGE_KEY) == "41225 40524 20304 04704 37958 86989"
    assert fingerprint("minisign", MINISIGN_LINE) == reference("minisign", MINISIGN_LINE)
    assert fingerprint("age", AGE_KEY) == reference("age", AGE_KEY)


def test_groups_are_six_zero_padded_ascii_numbers() -> None:
    groups = fingerprint_groups("minisign", MINISIGN_LINE)
    assert groups[4] == "00638"  # leading zeros are kept
    for _ in range(20):
        line = SecretKey.generate().public_key().line()
        groups = fingerprint_groups("minisign", line)
        assert len(groups) == 6
        assert all(re.fullmatch(r"[0-9]{5}", group) for group in groups)
        assert fingerprint("minisign", line) == " ".join(groups) == reference("minisign", line)


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("minisign", MINISIGN_LINE + "\n"),
        ("minisign", PublicKey.parse(MINISIGN_LINE).to_text()),
        ("minisign", " " + MINISIGN_LINE),
        ("minisign", AGE_KEY),
        ("age", AGE_KEY.upper()),
        ("age", AGE_KEY + "\n"),
        ("age", AGE_KEY[:-1]),
        ("age", AGE_KEY[:-1] + "b"),  # "b" is not in bech32's alphabet
        ("age", MINISIGN_LINE),
        ("age", ""),
    ],
)
def test_only_canonical_keys_have_a_fingerprint(kind: str, key: str) -> None:
    with pytest.raises(MalformedKeyError):
        fingerprint(kind, key)


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="kind"):
        fingerprint("ssh", MINISIGN_LINE)
