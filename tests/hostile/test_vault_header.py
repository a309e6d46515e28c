# SPDX-License-Identifier: GPL-3.0-or-later
"""The vault key header (vault.key, desktop/vault/header.py `decode`): what someone with
write access to the data folder, a damaged USB stick or a half-copied backup can leave
there. Refusals are HeaderCorruptError (VaultNeedsMoreMemoryError among them) and
VaultTooNewError; nothing is derived from a header, so no Argon2 runs here.

tests/test_hostile_input.py has the nesting and number bombs, tests/cli/test_hostile.py the
header as a FIFO, /dev/zero, a folder or a 4 GiB demand; these add edited and mutated
headers and the encodings a hand edit produces.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.vault import header
from desktop.vault.errors import HeaderCorruptError, VaultTooNewError
from desktop.vault.kdf import CEILING, FLOOR, KEY_BYTES, SALT_BYTES
from tests.hostile.support import edited_json, mutated, run

PARSER = "vault key header (vault.key)"
REFUSALS = (HeaderCorruptError, VaultTooNewError)
SEALED = header.seal(
    bytearray(os.urandom(KEY_BYTES)),
    bytearray(os.urandom(KEY_BYTES)),
    FLOOR,
    os.urandom(SALT_BYTES),
)
GOOD = header.encode(SEALED)
DOCUMENT = json.loads(GOOD)
pytestmark = pytest.mark.timeout(300)


def decode(data: bytes, *, corpus: bool = False) -> None:
    outcome = run(PARSER, lambda: header.decode(data), REFUSALS, corpus=corpus)
    if outcome.accepted:
        # What is accepted is a header that round-trips; the wrap binds all of it.
        assert header.decode(header.encode(outcome.value)) == outcome.value


@given(data=st.one_of(edited_json(DOCUMENT), mutated(GOOD, 4), st.binary(max_size=600)))
def test_generated_headers(data: bytes) -> None:
    decode(data)


def _with(**changes: object) -> bytes:
    return json.dumps({**DOCUMENT, **changes}).encode()


def _kdf(**changes: object) -> bytes:
    return _with(kdf={**DOCUMENT["kdf"], **changes})


def _wrap(**changes: object) -> bytes:
    return _with(wrap={**DOCUMENT["wrap"], **changes})


TEXT = GOOD.decode()
CORPUS = {
    "empty": b"",
    "null": b"null",
    "a-list": b"[]",
    "bom": b"\xef\xbb\xbf" + GOOD,
    "utf16": TEXT.encode("utf-16"),
    "invalid-utf8": GOOD.replace(b"argon2id", b"argon2\xff"),
    "nul-padding": GOOD + b"\x00" * 4096,
    "truncated": GOOD[: len(GOOD) // 2],
    "duplicate-version": TEXT.replace('"version": 1', '"version": 1, "version": 2').encode(),
    "version-zero": _with(version=0),
    "version-huge": _with(version=10**19),
    "version-float": _with(version=1.0),
    "version-true": _with(version=True),
    "format-other": _with(format="bastion-vault"),
    "vault-id-upper-case": _with(vault_id=DOCUMENT["vault_id"].upper()),
    "vault-id-non-ascii-digits": _with(vault_id="٣" * 32),
    "vault-id-a-number": _with(vault_id=1),
    "kdf-a-list": _with(kdf=[1, 2, 3]),
    "kdf-scrypt": _kdf(algorithm="scrypt"),
    "memory-over-ceiling": _kdf(memory_kib=CEILING.memory_kib + 1),
    "memory-under-floor": _kdf(memory_kib=FLOOR.memory_kib - 1),
    "memory-negative": _kdf(memory_kib=-1),
    "memory-float": _kdf(memory_kib=65536.0),
    "memory-text": _kdf(memory_kib="65536"),
    "time-cost-huge": _kdf(time_cost=2**62),
    "parallelism-zero": _kdf(parallelism=0),
    "salt-missing": _with(salt=None),
    "salt-urlsafe": _with(salt=DOCUMENT["salt"].replace("+", "-").replace("/", "_") + "-_"),
    "salt-with-newline": _with(salt=DOCUMENT["salt"][:4] + "\n" + DOCUMENT["salt"][4:]),
    "salt-no-padding": _with(salt=DOCUMENT["salt"].rstrip("=")),
    "salt-too-long": _with(salt=DOCUMENT["salt"] * 2),
    "salt-non-ascii": _with(salt="é" * 24),
    "wrap-other-algorithm": _wrap(algorithm="aes-gcm"),
    "nonce-short": _wrap(nonce="AAAA"),
    "wrapped-key-huge": _wrap(wrapped_key="A" * 60_000),
    "extra-keys": _with(comment="\u202e" * 100, extra={"a": [1]}),
    "over-the-cap": b" " * (header.MAX_HEADER_BYTES + 1),
}


@pytest.mark.parametrize("data", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_headers(data: bytes) -> None:
    decode(data, corpus=True)
