# SPDX-License-Identifier: GPL-3.0-or-later
"""Key fingerprints people compare aloud, or against a printed card: 30 decimal digits.

    SHA-256(b"bastion.fingerprint.v1\\n" + kind + b"\\n" + key text)
    -> its first 30 bytes -> 6 groups of 5 bytes -> each read as a big-endian integer,
    modulo 100000, written as 5 ASCII digits -> joined by spaces.

Digits read the same in every language and script (the groups are always ASCII), and 6 x 5
digits carry about 100 bits. `kind` is part of the hash, so an age key and a minisign key never
share a fingerprint. The key text is hashed as given, so only canonical forms are accepted:
a lower-case age X25519 recipient ("age1…"), or a minisign public key line (PublicKey.line()).
The "v1" label lets a later scheme exist beside this one without ambiguity.
"""

from __future__ import annotations

import hashlib
import re

from desktop.signing.errors import MalformedKeyError
from desktop.signing.keys import PublicKey

DOMAIN = b"bastion.fingerprint.v1\n"
KINDS = ("age", "minisign")
GROUPS = 6
GROUP_BYTES = 5
# "age1" + bech32 of 32 bytes (52 characters) + a 6-character checksum, lower case.
_AGE_RECIPIENT = re.compile(r"age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}")


def fingerprint_groups(kind: str, key_text: str) -> list[str]:
    """The 6 five-digit groups. ValueError for an unknown kind, MalformedKeyError for a key
    that is not in its canonical form (its fingerprint would not match anyone else's)."""
    if kind not in KINDS:
        raise ValueError("unknown fingerprint kind")
    if kind == "age" and not _AGE_RECIPIENT.fullmatch(key_text):
        raise MalformedKeyError("age")
    if kind == "minisign" and PublicKey.parse(key_text).line() != key_text:
        raise MalformedKeyError("lines")
    digest = hashlib.sha256(DOMAIN + kind.encode("ascii") + b"\n" + key_text.encode("ascii"))
    head = digest.digest()[: GROUPS * GROUP_BYTES]
    return [
        f"{int.from_bytes(head[i : i + GROUP_BYTES], 'big') % 100000:05d}"
        for i in range(0, len(head), GROUP_BYTES)
    ]


def fingerprint(kind: str, key_text: str) -> str:
    """E.g. "04213 88120 55409 91230 00017 61544"."""
    return " ".join(fingerprint_groups(kind, key_text))
