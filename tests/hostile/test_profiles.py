# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisation profiles (desktop/profiles/model.py): documents edited field by field,
mutated byte by byte or made from nothing, each signed by its own key so the document
parser, not the signature, is what decides.

Refusals are ProfileInvalidError (every problem as a path and a code), ProfileTooNewError,
or desktop.signing's errors. Besides never crashing, a refusal must carry nothing of the
document but key names that look like key names: problem paths go onto screens and into
logs. tests/profiles/test_model.py has the format's ordinary mistakes and
tests/test_hostile_input.py the nesting and number bombs; these are not repeated.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.profiles.errors import ProfileError, ProfileInvalidError
from desktop.profiles.model import MAX_DOCUMENT, verify_profile
from desktop.signing import SigningError
from tests.hostile.support import NASTY, edited_json, mutated, run
from tests.profiles.builders import OrgKey, document, encode

PARSER = "organisation profile (+ signature)"
REFUSALS = (ProfileError, SigningError)
ORG = OrgKey.generate()
VALID = document(ORG.line)
# A problem path: key names of the format, list indexes, and "?" for any other key.
SAFE_PATH = re.compile(r"(?:[A-Za-z0-9_-]{1,64}|\?)(?:\[\d+\])?(?:\.(?:[A-Za-z0-9_-]{1,64}|\?))?")
pytestmark = pytest.mark.timeout(300)


def verify(data: bytes, *, corpus: bool = False) -> None:
    outcome = run(PARSER, lambda: verify_profile(data, ORG.sign(data)), REFUSALS, corpus=corpus)
    if isinstance(outcome.error, ProfileInvalidError):
        assert outcome.error.problems, "refused without saying why"
        for problem in outcome.error.problems:
            assert problem.path == "" or SAFE_PATH.fullmatch(problem.path), problem.path


@given(data=edited_json(VALID))
def test_edited_documents(data: bytes) -> None:
    verify(data)


@given(data=mutated(encode(VALID), max_edits=6))
def test_mutated_documents(data: bytes) -> None:
    verify(data)


@given(data=st.binary(max_size=1024))
def test_random_bytes(data: bytes) -> None:
    verify(data)


# ---------------------------------------------------------------------- corpus
def _with(**changes: Any) -> bytes:
    # ensure_ascii: lone surrogates become \ud800 escapes, as a hostile writer would send.
    return json.dumps(document(ORG.line, **changes), ensure_ascii=True).encode()


def _text(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


GOOD = encode(VALID).decode()
RECIPIENT = VALID["recipients"][0]
CORPUS: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b" \n\t",
    "null": b"null",
    "a-list": b"[]",
    "a-string": b'"bastion-profile"',
    "bom-then-document": b"\xef\xbb\xbf" + encode(VALID),
    "two-boms": b"\xef\xbb\xbf\xef\xbb\xbf" + encode(VALID),
    "utf16": GOOD.encode("utf-16"),
    "invalid-utf8": encode(VALID).replace(b"Wikimedia", b"Wiki\xffmedia"),
    "overlong-utf8-quote": encode(VALID).replace(b'"Wikimedia', b'"\xc0\xa2Wikimedia'),
    "over-the-cap": b'{"name": "' + b"x" * MAX_DOCUMENT + b'"}',
    "trailing-garbage": encode(VALID) + b"\x00garbage",
    "two-documents": encode(VALID) + encode(VALID),
    "duplicate-top-key": _text(GOOD[:-2] + ',\n  "version": 4\n}'),
    "duplicate-nested-key": _text(
        GOOD.replace('"label": "T&S on-call"', '"label": "a", "label": "b"')
    ),
    "unknown-non-ascii-key": _with(**{"ключ\u202e": 1}),
    "unknown-key-with-nul": _with(**{"a\x00b": 1}),
    "nan-version": _text(GOOD.replace('"version": 3', '"version": NaN')),
    "version-float": _with(version=3.0),
    "version-true": _with(version=True),
    "version-2-53": _with(version=2**53),
    "version-text": _with(version="3"),
    "format-version-huge": _with(format_version=10**19),
    "format-version-negative": _with(format_version=-1),
    "name-bidi-override": _with(name="\u202eytefaS & tsurT"),
    "name-lone-surrogate": _text(GOOD.replace("Wikimedia", "Wiki\\ud800media")),
    "name-nul": _with(name="Wiki\x00media"),
    "name-line-separator": _with(name="Wiki\u2028media"),
    "name-overlong": _with(name="W" * 100_000),
    "name-a-list": _with(name=["W"]),
    "label-fullwidth-key": _with(recipients=[{**RECIPIENT, "label": "ａｇｅ１ｘ"}]),
    "label-arabic-fingerprint": _with(recipients=[{**RECIPIENT, "label": "١٢٣ ٤٥٦ ٧٨٩"}]),
    "recipient-key-upper-case": _with(recipients=[{**RECIPIENT, "key": RECIPIENT["key"].upper()}]),
    "recipient-key-surrogate": _with(recipients=[{**RECIPIENT, "key": "age1\ud800"}]),
    "recipient-key-a-number": _with(recipients=[{**RECIPIENT, "key": 1}]),
    "recipients-twenty-one": _with(recipients=[{**RECIPIENT}] * 21),
    "recipients-an-object": _with(recipients={"a": RECIPIENT}),
    "recipients-strings": _with(recipients=["age1"]),
    "signing-key-pub-file": _with(signing_key="untrusted comment: x\n" + ORG.line),
    "signing-key-surrogate": _with(signing_key=ORG.line[:-1] + "\ud800"),
    "url-non-ascii": _with(intake_url="https://intäke.example.org/"),
    "url-bad-port": _with(intake_url="https://intake.example.org:99999/"),
    "url-broken-ipv6": _with(intake_url="https://[::1/"),
    "url-credentials": _with(update_url="https://a:b@example.org/"),
    "url-javascript": _with(update_url="javascript:alert(1)"),
    "url-overlong": _with(intake_url="https://example.org/" + "a" * 100_000),
    "token-with-space": _with(intake_token="a b" * 10),
    "token-nul": _with(intake_token="a" * 20 + "\x00"),
    "certificate-garbage": _with(
        intake_certificates=["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]
    ),
    "certificate-not-pem": _with(intake_certificates=["x" * 9000]),
    "certificates-five": _with(intake_certificates=["x"] * 5),
    "contact-phone-arabic-digits": _with(
        contacts=[{"label": "P", "kind": "phone", "value": "١٢٣٤"}]
    ),
    "contact-kind-unknown": _with(contacts=[{"label": "P", "kind": "sms", "value": "1"}]),
    "contact-value-nul": _with(contacts=[{"label": "P", "kind": "other", "value": "a\x00"}]),
    "dates-impossible": _with(issued="2026-02-30", expires="0000-00-00"),
    "dates-week-form": _with(issued="2026-W01-1"),
    "dates-basic-form": _with(issued="20261101"),
    "expires-before-issued": _with(expires="2000-01-01"),
    "nasty-everywhere": json.dumps({k: NASTY for k in VALID}).encode(),
}


@pytest.mark.parametrize("data", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_profiles(data: bytes) -> None:
    verify(data, corpus=True)
