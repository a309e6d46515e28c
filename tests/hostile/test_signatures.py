# SPDX-License-Identifier: GPL-3.0-or-later
"""minisign signatures (.minisig) from outside, through `verify` (desktop/signing/): the
gate of every pack and profile. Mutated signatures of a real file, random text, and the
line tricks a hand-edited file can play. Refusals are MalformedSignatureError,
LegacySignatureError, UnknownKeyError and BadSignatureError; a mutation may only be
accepted when it left the signature and its trusted comment meaning the same.
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import given

from desktop.signing import (
    BadSignatureError,
    LegacySignatureError,
    MalformedSignatureError,
    SecretKey,
    UnknownKeyError,
    sign,
    verify,
)
from desktop.signing.signatures import _SIG_STRUCT_BYTES
from tests.hostile.support import mutated, nasty_text, run

PARSER = "minisign signature (.minisig)"
REFUSALS = (BadSignatureError, LegacySignatureError, MalformedSignatureError, UnknownKeyError)
KEY = SecretKey.generate()
DATA = b'{"format": "bastion-profile"}\n'
GOOD = sign(DATA, KEY, trusted_comment="bastion-profile wmf v3")
pytestmark = pytest.mark.timeout(300)


def check(text: str, *, corpus: bool = False) -> None:
    outcome = run(PARSER, lambda: verify(DATA, text, [KEY.public_key()]), REFUSALS, corpus=corpus)
    if outcome.accepted:
        # Only the untrusted comment, line endings or blank lines at the end may differ.
        assert outcome.value.trusted_comment == "bastion-profile wmf v3"


@given(data=mutated(GOOD.encode(), 4))
def test_mutated_signatures(data: bytes) -> None:
    # Signature files are read as UTF-8 with replacement (desktop/training/packs.py).
    check(data.decode("utf-8", errors="replace"))


@given(text=nasty_text)
def test_random_signatures(text: str) -> None:
    check(text)


LINES = GOOD.split("\n")
OTHER = SecretKey.generate()


def _lines(*replaced: tuple[int, str]) -> str:
    lines = list(LINES)
    for index, text in replaced:
        lines[index] = text
    return "\n".join(lines)


def _legacy() -> str:
    raw = bytearray(base64.b64decode(LINES[1]))
    raw[:2] = b"Ed"
    return _lines((1, base64.b64encode(bytes(raw)).decode()))


CORPUS = {
    "empty": "",
    "crlf": GOOD.replace("\n", "\r\n"),
    "cr-only": GOOD.replace("\n", "\r"),
    "no-final-newline": GOOD.rstrip("\n"),
    "blank-lines-at-end": GOOD + "\n\n \n",
    "blank-line-inside": GOOD.replace("\n", "\n\n", 1),
    "five-lines": GOOD + "extra\n",
    "legacy-ed": _legacy(),
    "unknown-algorithm": _lines(
        (1, base64.b64encode(b"XX" + bytes(_SIG_STRUCT_BYTES - 2)).decode())
    ),
    "other-key": sign(DATA, OTHER, trusted_comment="bastion-profile wmf v3"),
    "other-data": sign(b"other", KEY, trusted_comment="bastion-profile wmf v3"),
    "comment-changed": _lines((2, "trusted comment: bastion-profile wmf v4")),
    "comment-bidi": _lines((2, "trusted comment: bastion-profile \u202e3v fmw")),
    "comment-escape-sequence": _lines((2, "trusted comment: \x1b[2J\x1b[31mok")),
    "comment-nul": _lines((2, "trusted comment: a\x00b")),
    "comment-surrogate": _lines((2, "trusted comment: \ud800")),
    "comment-overlong": _lines((2, "trusted comment: " + "c" * 9000)),
    "untrusted-overlong": _lines((0, "untrusted comment: " + "u" * 2000)),
    "untrusted-prefix-missing": _lines((0, "comment: x")),
    "trusted-prefix-missing": _lines((2, "bastion-profile wmf v3")),
    "base64-padding-changed": _lines((1, LINES[1] + "==")),
    "base64-with-spaces": _lines((1, " ".join(LINES[1]))),
    "base64-url-alphabet": _lines((1, LINES[1].replace("+", "-").replace("/", "_"))),
    "global-signature-short": _lines((3, LINES[3][:-8])),
    "signature-line-swapped": _lines((1, LINES[3]), (3, LINES[1])),
    "replacement-characters": GOOD.replace("a", "\ufffd"),
    "over-the-cap": GOOD + "x" * 20_000,
    "many-lines": "\n" * 100_000,
}


@pytest.mark.parametrize("text", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_signatures(text: str) -> None:
    check(text, corpus=True)
