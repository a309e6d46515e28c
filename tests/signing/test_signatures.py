# SPDX-License-Identifier: GPL-3.0-or-later
"""Signing and verifying .minisig text: layout, tampering, key ids, malformed input."""

from __future__ import annotations

import base64
import hashlib
import io
import random
from pathlib import Path

import nacl.signing
import pytest

from desktop.messages import is_known
from desktop.signing import (
    BadSignatureError,
    LegacySignatureError,
    MalformedSignatureError,
    PublicKey,
    SecretKey,
    Signature,
    UnknownKeyError,
    sign,
    signatures,
    verify,
)

DATA = b"format: bastion-profile\n" * 100
COMMENT = "bastion-profile wmf-trust-and-safety v3"


@pytest.fixture(scope="module")
def secret() -> SecretKey:
    return SecretKey.generate()


@pytest.fixture(scope="module")
def signed(secret: SecretKey) -> str:
    return sign(DATA, secret, trusted_comment=COMMENT)


class Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the data was read")


def replace_line(text: str, index: int, line: str) -> str:
    lines = text.splitlines()
    lines[index] = line
    return "\n".join(lines) + "\n"


def test_signature_has_minisigns_four_lines(secret: SecretKey, signed: str) -> None:
    lines = signed.split("\n")
    assert len(lines) == 5
    assert lines[4] == ""
    assert lines[0] == "untrusted comment: signature from bastion secret key"
    raw = base64.b64decode(lines[1])
    assert raw[:2] == b"ED"  # prehashed, the only kind sign() writes
    assert raw[2:10] == secret.key_id
    assert lines[2] == f"trusted comment: {COMMENT}"
    # The data signature covers BLAKE2b-512 of the data; the global one the comment too.
    public = nacl.signing.VerifyKey(secret.public_key().key)
    public.verify(hashlib.blake2b(DATA, digest_size=64).digest(), raw[10:])
    public.verify(raw[10:] + COMMENT.encode(), base64.b64decode(lines[3]))


def test_verify_returns_the_key_id_and_trusted_comment(secret: SecretKey, signed: str) -> None:
    result = verify(DATA, signed, [secret.public_key()])
    assert result == Signature(key_id=secret.key_id, trusted_comment=COMMENT)


def test_files_are_streamed_in_chunks(secret: SecretKey, tmp_path: Path) -> None:
    data = random.Random(1).randbytes(3 * signatures.CHUNK + 17)  # noqa: S311 - test data
    reads: list[int] = []

    class Recording(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(-1 if size is None else size)
            return super().read(size)

    text = sign(Recording(data), secret, trusted_comment="file")
    assert set(reads) == {signatures.CHUNK}
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    with path.open("rb") as handle:
        assert verify(handle, text, [secret.public_key()]).trusted_comment == "file"
    assert verify(bytearray(data), text, [secret.public_key()])
    assert verify(
        memoryview(data), sign(data, secret, trusted_comment="file"), [secret.public_key()]
    )


def test_altered_data_is_refused(secret: SecretKey, signed: str) -> None:
    altered = bytearray(DATA)
    altered[len(altered) // 2] ^= 1
    with pytest.raises(BadSignatureError) as caught:
        verify(bytes(altered), signed, [secret.public_key()])
    assert caught.value.reason == "data"
    with pytest.raises(BadSignatureError):
        verify(DATA + b"\n", signed, [secret.public_key()])


def test_altered_trusted_comment_is_refused(secret: SecretKey, signed: str) -> None:
    altered = replace_line(signed, 2, "trusted comment: bastion-profile evil-org v99")
    with pytest.raises(BadSignatureError) as caught:
        verify(DATA, altered, [secret.public_key()])
    assert caught.value.reason == "comment"


def test_untrusted_comment_is_not_covered(secret: SecretKey, signed: str) -> None:
    altered = replace_line(signed, 0, "untrusted comment: anything at all")
    assert verify(DATA, altered, [secret.public_key()]).trusted_comment == COMMENT


def test_signature_moved_under_another_comment_is_refused(secret: SecretKey) -> None:
    first = sign(DATA, secret, trusted_comment="version 1").splitlines()
    second = sign(DATA, secret, trusted_comment="version 2").splitlines()
    mixed = "\n".join([first[0], first[1], second[2], first[3]]) + "\n"
    with pytest.raises(BadSignatureError):
        verify(DATA, mixed, [secret.public_key()])


def test_unknown_key_is_refused_without_reading_the_data(signed: str) -> None:
    others = [SecretKey.generate().public_key() for _ in range(3)]
    with pytest.raises(UnknownKeyError):
        verify(Unreadable(), signed, others)
    with pytest.raises(UnknownKeyError):
        verify(DATA, signed, [])


def test_the_key_with_the_signatures_id_is_used(secret: SecretKey, signed: str) -> None:
    impostor = PublicKey(secret.key_id, SecretKey.generate().public_key().key)
    trusted = [SecretKey.generate().public_key(), impostor, secret.public_key()]
    # Same key id, different key: tried, then the right one is found.
    assert verify(DATA, signed, trusted).key_id == secret.key_id
    with pytest.raises(BadSignatureError):
        verify(DATA, signed, [impostor])


def _legacy(secret: SecretKey, data: bytes) -> str:
    """A valid legacy "Ed" signature of `data` (the data itself signed, not its hash)."""
    signing_key = nacl.signing.SigningKey(
        base64.b64decode(secret.to_bytes(None).split(b"\n")[1])[62:94]
    )
    signature = signing_key.sign(data).signature
    global_signature = signing_key.sign(signature + b"legacy").signature
    return (
        "untrusted comment: legacy\n"
        + base64.b64encode(b"Ed" + secret.key_id + signature).decode()
        + "\ntrusted comment: legacy\n"
        + base64.b64encode(global_signature).decode()
        + "\n"
    )


def test_legacy_unhashed_signatures_are_refused_unread(secret: SecretKey) -> None:
    text = _legacy(secret, DATA)
    stream = io.BytesIO(DATA)
    with pytest.raises(LegacySignatureError):
        verify(stream, text, [secret.public_key()])
    assert stream.tell() == 0  # refused from the signature alone; not one byte of data read
    with pytest.raises(LegacySignatureError):
        verify(DATA, text, [secret.public_key()])
    assert is_known(LegacySignatureError())


def test_a_damaged_legacy_signature_is_damaged_not_legacy(secret: SecretKey) -> None:
    text = _legacy(secret, DATA).replace("trusted comment: legacy", "trusted: legacy")
    with pytest.raises(MalformedSignatureError):
        verify(DATA, text, [secret.public_key()])


def test_crlf_and_trailing_blank_lines_are_accepted(secret: SecretKey, signed: str) -> None:
    text = signed.replace("\n", "\r\n") + "\r\n\n"
    assert verify(DATA, text, [secret.public_key()]).trusted_comment == COMMENT


def test_trusted_comment_may_hold_any_printable_text_and_tabs(secret: SecretKey) -> None:
    comment = "timestamp:1\tfile:профиль.json\tعربى\t😀"
    text = sign(DATA, secret, trusted_comment=comment)
    assert verify(DATA, text, [secret.public_key()]).trusted_comment == comment
    assert verify(DATA, sign(DATA, secret, trusted_comment=""), [secret.public_key()])


@pytest.mark.parametrize(
    "comment",
    ["two\nlines", "carriage\rreturn", "escape \x1b[31m", "del\x7f", "c1 \x85", "lone \ud800"],
)
def test_unprintable_trusted_comments_are_not_signed(secret: SecretKey, comment: str) -> None:
    with pytest.raises(ValueError, match="trusted comment"):
        sign(DATA, secret, trusted_comment=comment)


def test_comment_lengths_are_minisigns(secret: SecretKey) -> None:
    longest = "é" * (signatures.MAX_TRUSTED_COMMENT // 2) + "x"
    assert len(longest.encode()) == signatures.MAX_TRUSTED_COMMENT
    assert verify(DATA, sign(DATA, secret, trusted_comment=longest), [secret.public_key()])
    with pytest.raises(ValueError, match="trusted comment"):
        sign(DATA, secret, trusted_comment=longest + "x")
    untrusted = "u" * signatures.MAX_UNTRUSTED_COMMENT
    assert sign(DATA, secret, trusted_comment="", untrusted_comment=untrusted)
    for bad in (untrusted + "u", "two\nlines"):
        with pytest.raises(ValueError, match="untrusted comment"):
            sign(DATA, secret, trusted_comment="", untrusted_comment=bad)


def _malformed(signed: str) -> list[str]:
    lines = signed.splitlines()
    raw = base64.b64decode(lines[1])
    return [
        "",
        "garbage",
        "\n".join(lines[:3]),
        signed + "fifth line\n",
        replace_line(signed, 0, "comment without the prefix"),
        replace_line(signed, 2, "comment without the prefix"),
        replace_line(signed, 1, lines[1][:-4]),
        replace_line(signed, 1, lines[1] + "AAAA"),
        replace_line(signed, 1, lines[1][:10] + "*" + lines[1][11:]),
        replace_line(signed, 1, base64.b64encode(b"XX" + raw[2:]).decode()),
        replace_line(signed, 3, lines[3][:-3]),
        replace_line(signed, 3, lines[3] + "=="),
        replace_line(signed, 2, "trusted comment: bell\x07"),
        replace_line(signed, 2, "trusted comment: lone \ud800"),
        replace_line(signed, 2, "trusted comment: " + "x" * 8200),
        replace_line(signed, 0, "untrusted comment: " + "x" * 1100),
        signed * 3,
        PublicKey(bytes(8), bytes(32)).to_text(),
        "x" * 20_000,
    ]


def test_malformed_signatures_are_refused(secret: SecretKey, signed: str) -> None:
    for text in _malformed(signed):
        with pytest.raises(MalformedSignatureError):
            verify(DATA, text, [secret.public_key()])


def test_truncated_and_garbled_signatures_raise_only_typed_errors(
    secret: SecretKey, signed: str
) -> None:
    rng = random.Random(7)  # noqa: S311 - reproducible damage
    samples = [signed[:n] for n in range(len(signed))]
    for _ in range(300):
        garbled = list(signed)
        garbled[rng.randrange(len(signed))] = chr(rng.choice([rng.randrange(32, 127), 0, 10, 0xE9]))
        samples.append("".join(garbled))
    outcomes: set[str] = set()
    for sample in samples:
        try:
            verify(DATA, sample, [secret.public_key()])
            outcomes.add("ok")
        except (MalformedSignatureError, BadSignatureError, UnknownKeyError) as exc:
            outcomes.add(type(exc).__name__)
    # The garbling reached every kind of check (and unchanged samples still verify).
    assert {"MalformedSignatureError", "BadSignatureError", "UnknownKeyError"} <= outcomes
