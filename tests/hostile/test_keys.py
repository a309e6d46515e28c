# SPDX-License-Identifier: GPL-3.0-or-later
"""Key files from outside: minisign public keys (.pub files and their lines, profile
`signing_key`, pack keys), minisign secret keys (`-k`), age identity files (`report open -i`)
and age recipient keys (`--recipient`, profiles, keys added by hand).

Refusals: MalformedKeyError / WrongKeyPasswordError, IdentityInvalidError,
RecipientKeyInvalidError, or a problem code from the profile rules. What is accepted must be
the canonical form: parsed again, it gives the same key.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyrage import x25519

from desktop.profiles.checks import age_key_problem, canonical_age_key
from desktop.profiles.errors import RecipientKeyInvalidError
from desktop.reports.errors import IdentityInvalidError
from desktop.reports.export import parse_recipients
from desktop.reports.opener import read_identities
from desktop.signing import MalformedKeyError, PublicKey, SecretKey, WrongKeyPasswordError
from desktop.signing import keys as signing_keys
from desktop.signing.keys import secret_key_is_encrypted
from tests.hostile.support import NASTY, mutated, nasty_text, run
from tests.signing.helpers import FAST_LIMITS

PUBLIC = "minisign public key"
SECRET = "minisign secret key"
IDENTITY = "age identity file"
RECIPIENT = "age recipient key"
KEY = SecretKey.generate()
PUB_FILE = KEY.public_key().to_text()
PASSWORD = "correct horse"
AGE = x25519.Identity.generate()
IDENTITY_FILE = f"# created: 2026-11-22T10:00:00Z\n# public key: {AGE.to_public()}\n{AGE}\n"
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(autouse=True, scope="module")
def cheap_kdf() -> Iterator[None]:
    """Secret keys are written with libsodium's minimum scrypt limits, and reading accepts no
    more than four times those: a mutated key must not make a test derive with 1 GiB. (The
    real ceiling, minisign's own 1 GiB, is by design: docs/keys.md.)"""
    saved = (signing_keys.KDF_LIMITS, signing_keys._OPSLIMIT_RANGE, signing_keys._MEMLIMIT_RANGE)
    signing_keys.KDF_LIMITS = FAST_LIMITS
    signing_keys._OPSLIMIT_RANGE = (FAST_LIMITS[0], FAST_LIMITS[0] * 4)
    signing_keys._MEMLIMIT_RANGE = (FAST_LIMITS[1], FAST_LIMITS[1] * 4)
    yield
    signing_keys.KDF_LIMITS, signing_keys._OPSLIMIT_RANGE, signing_keys._MEMLIMIT_RANGE = saved


# ---------------------------------------------------------------------- minisign public
def parse_public(text: str) -> str:
    line = PublicKey.parse(text).line()
    assert PublicKey.parse(line).line() == line
    return line


@given(text=st.one_of(mutated(PUB_FILE.encode(), 3), mutated(PUB_FILE.encode().split(b"\n")[1], 3)))
def test_mutated_public_keys(text: bytes) -> None:
    decoded = text.decode("utf-8", errors="replace")
    run(PUBLIC, lambda: parse_public(decoded), (MalformedKeyError,))


@given(text=nasty_text)
def test_random_public_keys(text: str) -> None:
    run(PUBLIC, lambda: parse_public(text), (MalformedKeyError,))


LINE = KEY.public_key().line()
PUBLIC_CORPUS = {
    "empty": "",
    "only-comment": "untrusted comment: x\n",
    "crlf": PUB_FILE.replace("\n", "\r\n"),
    "three-lines": PUB_FILE + "extra\n",
    "blank-line-between": PUB_FILE.replace("\n", "\n\n", 1),
    "leading-space": " " + LINE,
    "non-canonical-padding": LINE[:-1] + "=",
    "base64url": LINE.replace("+", "-").replace("/", "_") + "-_",
    "secret-key-instead": KEY.to_bytes(None).decode(),
    "legacy-algorithm-bytes": "RWQ" + LINE[3:],
    "nul-inside": LINE[:10] + "\x00" + LINE[10:],
    "surrogate-inside": LINE[:10] + "\ud800" + LINE[11:],
    "fullwidth": LINE.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
    "overlong-line": "R" * 70_000,
    "many-lines": "x\n" * 40_000,
    "bidi-comment": "untrusted comment: \u202e\n" + LINE,
}


@pytest.mark.parametrize("text", PUBLIC_CORPUS.values(), ids=PUBLIC_CORPUS.keys())
def test_hostile_public_keys(text: str) -> None:
    run(PUBLIC, lambda: parse_public(text), (MalformedKeyError,), corpus=True)


# ---------------------------------------------------------------------- minisign secret
def parse_secret(data: bytes, password: str | None) -> object:
    secret_key_is_encrypted(data)
    return SecretKey.parse(data, password)


@pytest.fixture(scope="module")
def encrypted() -> bytes:
    return KEY.to_bytes(PASSWORD)


@given(data=st.data(), password=st.sampled_from([None, PASSWORD, "", "\x00", "x" * 2000]))
def test_mutated_secret_keys(data: st.DataObject, password: str | None, encrypted: bytes) -> None:
    sample = data.draw(st.sampled_from([encrypted, KEY.to_bytes(None)]))
    mutation = data.draw(mutated(sample, 3))
    run(
        SECRET, lambda: parse_secret(mutation, password), (MalformedKeyError, WrongKeyPasswordError)
    )


@given(data=st.binary(max_size=400))
def test_random_secret_keys(data: bytes) -> None:
    run(SECRET, lambda: parse_secret(data, PASSWORD), (MalformedKeyError, WrongKeyPasswordError))


def _with_limits(opslimit: int, memlimit: int) -> bytes:
    import base64

    comment, line = KEY.to_bytes(PASSWORD).split(b"\n")[:2]
    raw = bytearray(base64.b64decode(line))
    raw[38:46] = opslimit.to_bytes(8, "little")
    raw[46:54] = memlimit.to_bytes(8, "little")
    return comment + b"\n" + base64.b64encode(bytes(raw)) + b"\n"


SECRET_CORPUS = {
    "limits-2-64": lambda: _with_limits(2**64 - 1, 2**64 - 1),
    "limits-zero": lambda: _with_limits(0, 0),
    "memlimit-1-tib": lambda: _with_limits(FAST_LIMITS[0], 2**40),
    "empty": lambda: b"",
    "comment-only": lambda: b"untrusted comment: x\n",
    "comment-not-utf8": lambda: b"\xff\xfe\n" + KEY.to_bytes(None).split(b"\n")[1] + b"\n",
    "key-line-not-ascii": lambda: b"untrusted comment: x\n\xc3\xa9\n",
    "public-key-instead": lambda: PUB_FILE.encode(),
    "over-the-cap": lambda: b"x" * (64 * 1024 + 1),
    "crlf": lambda: KEY.to_bytes(None).replace(b"\n", b"\r\n"),
}


@pytest.mark.parametrize("make", SECRET_CORPUS.values(), ids=SECRET_CORPUS.keys())
def test_hostile_secret_keys(make: object) -> None:
    data = make()  # type: ignore[operator]
    run(
        SECRET,
        lambda: parse_secret(data, PASSWORD),
        (MalformedKeyError, WrongKeyPasswordError),
        corpus=True,
    )


# ---------------------------------------------------------------------- age identities
@given(data=mutated(IDENTITY_FILE.encode(), 4))
def test_mutated_identity_files(data: bytes) -> None:
    # `report open -i` reads the file as strict UTF-8 first (desktop/cli/reports/__init__.py).
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    run(IDENTITY, lambda: read_identities(text), (IdentityInvalidError,))


@given(
    text=nasty_text
    | mutated(IDENTITY_FILE.encode(), 4).map(lambda b: b.decode("utf-8", "surrogateescape"))
)
def test_random_identity_text(text: str) -> None:
    run(IDENTITY, lambda: read_identities(text), (IdentityInvalidError,))


IDENTITY_CORPUS = {
    "empty": "",
    "comments-only": "# created: x\n# public key: age1x\n",
    "recipient-instead": f"{AGE.to_public()}\n",
    "lower-case-secret": str(AGE).lower(),
    "two-identities": IDENTITY_FILE + str(x25519.Identity.generate()) + "\n",
    "one-good-one-bad": IDENTITY_FILE + "AGE-SECRET-KEY-1XXXX\n",
    "crlf": IDENTITY_FILE.replace("\n", "\r\n"),
    "nul-lines": "\x00\n" * 1000,
    "overlong-line": "A" * 1_000_000,
    "many-blank-lines": "\n" * 100_000 + str(AGE),
    "plugin-identity": "AGE-PLUGIN-YUBIKEY-1QQQQQQ\n",
    "ssh-key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
    "bidi-comment": "# \u202e\n" + str(AGE),
}


@pytest.mark.parametrize("text", IDENTITY_CORPUS.values(), ids=IDENTITY_CORPUS.keys())
def test_hostile_identity_files(text: str) -> None:
    run(IDENTITY, lambda: read_identities(text), (IdentityInvalidError,), corpus=True)


# ---------------------------------------------------------------------- age recipients
class KeyProblem(Exception):
    """The profile rules' problem code for a recipient key, as an exception to count."""


def recipient(text: str) -> str:
    """Each way a recipient key comes in: --recipient, a profile, a key added by hand."""
    parse_recipients([text])
    if (problem := age_key_problem(text)) is not None:
        raise KeyProblem(problem)
    canonical = canonical_age_key(text)
    assert canonical == text
    return text


RECIPIENT_KEY = str(AGE.to_public())


@given(
    text=st.one_of(
        mutated(RECIPIENT_KEY.encode(), 3).map(lambda b: b.decode("utf-8", "surrogateescape")),
        nasty_text,
    )
)
def test_generated_recipients(text: str) -> None:
    run(RECIPIENT, lambda: recipient(text), (RecipientKeyInvalidError, KeyProblem))


RECIPIENT_CORPUS = {
    "upper-case": RECIPIENT_KEY.upper(),
    "mixed-case": RECIPIENT_KEY[:10].upper() + RECIPIENT_KEY[10:],
    "spaces-around": f"  {RECIPIENT_KEY}\n",
    "secret-key-instead": str(AGE),
    "ssh-key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "plugin-recipient": "age1yubikey1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
    "argv-not-utf8": "age1\udcff\udcfe",  # what Python makes of argv bytes that are not UTF-8
    "lone-surrogate": "\ud800",
    "nul": RECIPIENT_KEY + "\x00",
    "overlong": "age1" + "q" * 100_000,
    **{f"nasty-{i}": text for i, text in enumerate(NASTY)},
}


@pytest.mark.parametrize("text", RECIPIENT_CORPUS.values(), ids=RECIPIENT_CORPUS.keys())
def test_hostile_recipients(text: str) -> None:
    run(RECIPIENT, lambda: recipient(text), (RecipientKeyInvalidError, KeyProblem), corpus=True)
