# SPDX-License-Identifier: GPL-3.0-or-later
"""minisign key files: layout, encryption, and refusal of anything malformed (typed errors)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import random

import nacl.exceptions
import pytest
from nacl.pwhash import scrypt

from desktop.signing import (
    MalformedKeyError,
    PublicKey,
    SecretKey,
    WrongKeyPasswordError,
    keys,
    secret_key_is_encrypted,
)
from tests.signing.helpers import FAST_LIMITS

PASSWORD = "orbit lantern kettle vivid meadow"
KEY_LINE = "RWQDAwMDAwMDAwABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"


def struct(data: bytes) -> bytes:
    return base64.b64decode(data.splitlines()[1])


def with_struct(raw: bytes, comment: bytes = b"untrusted comment: test") -> bytes:
    return comment + b"\n" + base64.b64encode(raw) + b"\n"


# ---------------------------------------------------------------- public keys
def test_public_key_parses_a_line_and_a_file_alike() -> None:
    key = PublicKey.parse(KEY_LINE)
    assert key.key_id == bytes([3] * 8)
    assert key.key == bytes(range(32))
    assert key.line() == KEY_LINE
    text = key.to_text()
    assert text == f"untrusted comment: minisign public key 0303030303030303\n{KEY_LINE}\n"
    assert PublicKey.parse(text) == key
    assert PublicKey.parse(text.replace("\n", "\r\n") + "\n\n") == key
    assert PublicKey.parse(f"  {KEY_LINE}\n") == key


def test_key_id_is_printed_like_minisign_little_endian_and_zero_padded() -> None:
    key = PublicKey(bytes.fromhex("0123456789abcd00"), bytes(32))
    # The bytes read as a little-endian integer; its top byte is 00, kept as "00".
    assert key.key_id_hex() == "00CDAB8967452301"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "RWQ",
        KEY_LINE[:-1],
        KEY_LINE + "A",
        KEY_LINE + "====",
        KEY_LINE.replace("R", "é", 1),
        KEY_LINE[:20] + " " + KEY_LINE[20:],
        base64.b64encode(b"XX" + bytes(40)).decode(),  # not Ed25519
        f"minisign public key\n{KEY_LINE}\n",  # no "untrusted comment:"
        f"untrusted comment: x\n{KEY_LINE}\nmore\n",
        "untrusted comment: x\n",
        "A" * 100_000,
    ],
)
def test_malformed_public_keys_are_refused(text: str) -> None:
    with pytest.raises(MalformedKeyError):
        PublicKey.parse(text)


def test_public_key_fields_are_checked() -> None:
    with pytest.raises(MalformedKeyError):
        PublicKey(b"short", bytes(32))
    with pytest.raises(MalformedKeyError):
        PublicKey(bytes(8), bytes(31))


# ---------------------------------------------------------------- unencrypted secret keys
def test_unencrypted_key_round_trips_in_minisigns_layout() -> None:
    secret = SecretKey.generate()
    data = secret.to_bytes(None)
    assert not secret_key_is_encrypted(data)
    comment, line = data.decode("ascii").splitlines()
    assert comment.startswith("untrusted comment: ")
    raw = struct(data)
    assert len(raw) == 158
    assert raw[:6] == b"Ed\x00\x00B2"
    assert raw[6:54] == bytes(48)  # no salt, no limits, as minisign -W
    assert raw[54:62] == secret.key_id
    assert raw[94:126] == secret.public_key().key  # sk = seed + public key
    checksum = hashlib.blake2b(b"Ed" + raw[54:126], digest_size=32).digest()
    assert raw[126:] == checksum
    parsed = SecretKey.parse(data, None)
    assert parsed.public_key() == secret.public_key()
    # A password given for an unencrypted key is not needed, and not an error.
    assert SecretKey.parse(data, "anything").public_key() == secret.public_key()


def test_unencrypted_key_with_minisigns_zero_checksum_is_accepted() -> None:
    raw = bytearray(struct(SecretKey.generate().to_bytes(None)))
    raw[126:] = bytes(32)  # what minisign 0.11 -W writes
    assert SecretKey.parse(with_struct(bytes(raw)), None)


def test_damaged_unencrypted_keys_are_refused() -> None:
    raw = struct(SecretKey.generate().to_bytes(None))
    flipped = bytearray(raw)
    flipped[70] ^= 1  # inside sk: the checksum no longer matches
    with pytest.raises(MalformedKeyError) as caught:
        SecretKey.parse(with_struct(bytes(flipped)), None)
    assert caught.value.reason == "checksum"
    # Zero checksum (no protection), and the stored public half does not match the seed.
    forged = bytearray(raw)
    forged[126:] = bytes(32)
    forged[100] ^= 1
    with pytest.raises(MalformedKeyError) as caught:
        SecretKey.parse(with_struct(bytes(forged)), None)
    assert caught.value.reason == "public-half"


def test_secret_key_repr_shows_the_key_id_only() -> None:
    secret = SecretKey.generate()
    data = secret.to_bytes(None)
    seed = struct(data)[62:94]
    text = repr(secret)
    assert secret.public_key().key_id_hex() in text
    assert seed.hex() not in text.lower()
    assert base64.b64encode(seed).decode() not in text


# ---------------------------------------------------------------- encrypted secret keys
def test_encrypted_key_round_trips(fast_kdf: None) -> None:
    secret = SecretKey.generate()
    data = secret.to_bytes(PASSWORD)
    assert secret_key_is_encrypted(data)
    assert data.startswith(b"untrusted comment: minisign encrypted secret key\n")
    raw = struct(data)
    assert raw[:6] == b"EdScB2"
    assert int.from_bytes(raw[38:46], "little") == FAST_LIMITS[0]
    assert int.from_bytes(raw[46:54], "little") == FAST_LIMITS[1]
    assert secret.key_id not in raw[54:]  # the key id is encrypted too
    assert SecretKey.parse(data, PASSWORD).public_key() == secret.public_key()
    again = secret.to_bytes(PASSWORD)
    assert struct(again)[6:38] != raw[6:38]  # a fresh salt each time


@pytest.mark.parametrize("password", [PASSWORD + " ", PASSWORD.upper(), "", None])
def test_wrong_password_is_refused(fast_kdf: None, password: str | None) -> None:
    data = SecretKey.generate().to_bytes(PASSWORD)
    with pytest.raises(WrongKeyPasswordError):
        SecretKey.parse(data, password)


def test_damaged_encrypted_key_reads_as_a_wrong_password(fast_kdf: None) -> None:
    raw = bytearray(struct(SecretKey.generate().to_bytes(PASSWORD)))
    raw[80] ^= 0x40
    with pytest.raises(WrongKeyPasswordError):
        SecretKey.parse(with_struct(bytes(raw)), PASSWORD)


@pytest.mark.parametrize("password", ["x" * 1024, "a\nb", "nul\x00inside"])
def test_passwords_minisign_cannot_read_back_are_refused(password: str) -> None:
    with pytest.raises(ValueError, match="password"):
        SecretKey.generate().to_bytes(password)


def test_new_keys_use_minisigns_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limits cost 1 GiB and ~3 s, so scrypt is replaced by a recorder here; the
    # interoperability tests run the real scrypt (at the minimum limits) through minisign.
    assert keys.KDF_LIMITS == (33554432, 1073741824)  # libsodium's *_SENSITIVE: minisign's
    calls: list[tuple[int, int]] = []

    def recorder(size: int, password: bytes, salt: bytes, ops: int, mem: int) -> bytes:
        calls.append((ops, mem))
        return bytes(size)

    monkeypatch.setattr(scrypt, "kdf", recorder)
    raw = struct(SecretKey.generate().to_bytes(PASSWORD))
    assert calls == [(33554432, 1073741824)]
    assert int.from_bytes(raw[38:46], "little") == 33554432
    assert int.from_bytes(raw[46:54], "little") == 1073741824


def test_limits_are_halved_when_memory_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    real_kdf = scrypt.kdf
    calls: list[int] = []

    def short_of_memory(size: int, password: bytes, salt: bytes, ops: int, mem: int) -> bytes:
        calls.append(mem)
        if mem > FAST_LIMITS[1] * 2:
            raise nacl.exceptions.RuntimeError("Unexpected failure in key derivation")
        return real_kdf(size, password, salt, ops, mem)

    monkeypatch.setattr(keys, "KDF_LIMITS", (FAST_LIMITS[0] * 4, FAST_LIMITS[1] * 4))
    monkeypatch.setattr(scrypt, "kdf", short_of_memory)
    secret = SecretKey.generate()
    data = secret.to_bytes(PASSWORD)
    assert calls[:2] == [FAST_LIMITS[1] * 4, FAST_LIMITS[1] * 2]
    assert int.from_bytes(struct(data)[46:54], "little") == FAST_LIMITS[1] * 2
    assert SecretKey.parse(data, PASSWORD).public_key() == secret.public_key()


@pytest.mark.parametrize(
    ("ops", "mem"),
    [
        (33554432, 1073741824 * 2),  # more memory than minisign ever asks for
        (33554432 * 2, 1073741824),
        (0, 0),
        (2**64 - 1, 2**64 - 1),
    ],
)
def test_kdf_limits_outside_minisigns_are_refused(ops: int, mem: int) -> None:
    raw = bytearray(struct(SecretKey.generate().to_bytes(None)))
    raw[2:4] = b"Sc"
    raw[38:54] = ops.to_bytes(8, "little") + mem.to_bytes(8, "little")
    with pytest.raises(MalformedKeyError) as caught:
        SecretKey.parse(with_struct(bytes(raw)), PASSWORD)
    assert caught.value.reason == "kdf-limits"


# ---------------------------------------------------------------- malformed secret keys
def _variants() -> list[bytes]:
    raw = struct(SecretKey.generate().to_bytes(None))
    good = with_struct(raw)
    return [
        b"",
        b"\n",
        b"garbage",
        good.splitlines()[1],  # the key line without its comment line
        good + b"extra line\n",
        with_struct(raw[:-1]),
        with_struct(raw + b"\x00"),
        with_struct(b"XX" + raw[2:]),  # signature algorithm
        with_struct(raw[:2] + b"Zz" + raw[4:]),  # key derivation
        with_struct(raw[:4] + b"XX" + raw[6:]),  # checksum algorithm
        good.split(b"\n")[0] + b"\n\xc3\xa9" + good.split(b"\n")[1][1:] + b"\n",
        good[:-20] + b"!" + good[-19:],
        with_struct(raw, comment=b"untrusted comment: a\nb"),
        b"untrusted comment: x\n" + b"A" * 70_000,
        PublicKey(bytes(8), bytes(32)).to_text().encode(),
    ]


@pytest.mark.parametrize("data", _variants())
def test_malformed_secret_keys_are_refused(data: bytes) -> None:
    with pytest.raises(MalformedKeyError):
        SecretKey.parse(data, PASSWORD)
    with pytest.raises(MalformedKeyError):
        secret_key_is_encrypted(data)


def test_truncated_and_garbled_secret_keys_raise_only_typed_errors(
    fast_kdf: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)  # noqa: S311 - reproducible damage
    files = [SecretKey.generate().to_bytes(password) for password in (None, PASSWORD)]
    # A garbled memlimit may still be a valid one, up to 1 GiB: parsing is what is tested here,
    # so scrypt is replaced by something instant (every password is then wrong).
    monkeypatch.setattr(scrypt, "kdf", lambda size, *_args: bytes(size))
    for data in files:
        samples = [data[:n] for n in range(len(data))]
        for _ in range(200):
            garbled = bytearray(data)
            garbled[rng.randrange(len(data))] = rng.randrange(256)
            samples.append(bytes(garbled))
        for sample in samples:
            with contextlib.suppress(MalformedKeyError, WrongKeyPasswordError):
                SecretKey.parse(sample, PASSWORD)
