# SPDX-License-Identifier: GPL-3.0-or-later
"""The key header format: sealing, binding of every field, strict decoding. No Argon2 here."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from desktop.messages import describe
from desktop.vault import header, kdf
from desktop.vault.errors import (
    HeaderCorruptError,
    VaultNeedsMoreMemoryError,
    VaultTooNewError,
    WrongPassphraseError,
)
from desktop.vault.kdf import CEILING, FLOOR, KEY_BYTES, SALT_BYTES, KdfParams

Document = dict[str, Any]


def random_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


@pytest.fixture
def kek() -> bytearray:
    # Any 32 bytes stand in for a derived key: the header code never derives.
    return random_key()


@pytest.fixture
def database_key() -> bytearray:
    return random_key()


@pytest.fixture
def sealed(kek: bytearray, database_key: bytearray) -> header.KeyHeader:
    return header.seal(kek, database_key, FLOOR, os.urandom(SALT_BYTES))


@pytest.fixture
def document(sealed: header.KeyHeader) -> Document:
    parsed: Document = json.loads(header.encode(sealed))
    return parsed


def encode_document(document: Document) -> bytes:
    return json.dumps(document).encode("utf-8")


def test_seal_then_unseal_returns_the_database_key(
    sealed: header.KeyHeader, kek: bytearray, database_key: bytearray
) -> None:
    assert header.unseal(sealed, kek) == database_key


def test_encode_then_decode_is_lossless(sealed: header.KeyHeader) -> None:
    assert header.decode(header.encode(sealed)) == sealed


def test_encoded_header_holds_no_key_material(
    sealed: header.KeyHeader, kek: bytearray, database_key: bytearray
) -> None:
    encoded = header.encode(sealed)
    for secret in (bytes(kek), bytes(database_key)):
        assert secret not in encoded
        assert secret.hex().encode() not in encoded
        assert base64.b64encode(secret) not in encoded


def test_each_seal_uses_a_fresh_nonce_and_id(kek: bytearray, database_key: bytearray) -> None:
    salt = os.urandom(SALT_BYTES)
    first = header.seal(kek, database_key, FLOOR, salt)
    second = header.seal(kek, database_key, FLOOR, salt)
    assert first.nonce != second.nonce
    assert first.wrapped_key != second.wrapped_key
    assert first.vault_id != second.vault_id
    assert len(first.vault_id) == 32


def test_seal_keeps_a_given_vault_id(kek: bytearray, database_key: bytearray) -> None:
    resealed = header.seal(kek, database_key, FLOOR, os.urandom(SALT_BYTES), "ab" * 16)
    assert resealed.vault_id == "ab" * 16


def test_unseal_with_another_key_is_a_wrong_passphrase(sealed: header.KeyHeader) -> None:
    with pytest.raises(WrongPassphraseError):
        header.unseal(sealed, random_key())


def _flip_first(data: bytes) -> bytes:
    return bytes([data[0] ^ 1]) + data[1:]


BOUND_FIELDS: dict[str, Callable[[header.KeyHeader], header.KeyHeader]] = {
    "vault_id": lambda h: dataclasses.replace(h, vault_id="f" * 32),
    "version": lambda h: dataclasses.replace(h, version=2),
    "memory": lambda h: dataclasses.replace(
        h, kdf=dataclasses.replace(h.kdf, memory_kib=h.kdf.memory_kib * 2)
    ),
    "time_cost": lambda h: dataclasses.replace(
        h, kdf=dataclasses.replace(h.kdf, time_cost=h.kdf.time_cost + 1)
    ),
    "parallelism": lambda h: dataclasses.replace(h, kdf=dataclasses.replace(h.kdf, parallelism=1)),
    "salt": lambda h: dataclasses.replace(h, salt=_flip_first(h.salt)),
    "nonce": lambda h: dataclasses.replace(h, nonce=_flip_first(h.nonce)),
    "wrapped_key": lambda h: dataclasses.replace(h, wrapped_key=_flip_first(h.wrapped_key)),
}


@pytest.mark.parametrize("change", BOUND_FIELDS.values(), ids=BOUND_FIELDS.keys())
def test_every_field_is_bound_to_the_wrapped_key(
    sealed: header.KeyHeader, kek: bytearray, change: Callable[[header.KeyHeader], header.KeyHeader]
) -> None:
    # Even with the right key-encryption key, any edited field makes unwrapping fail.
    with pytest.raises(WrongPassphraseError):
        header.unseal(change(sealed), kek)


CORRUPTIONS: dict[str, tuple[Callable[[Document], None], str]] = {
    "format": (lambda d: d.update(format="age-encryption.org/v1"), "format"),
    "format missing": (lambda d: d.pop("format"), "field"),
    "version as string": (lambda d: d.update(version="1"), "field"),
    "version true": (lambda d: d.update(version=True), "field"),
    "version negative": (lambda d: d.update(version=-1), "version"),
    "kdf not an object": (lambda d: d.update(kdf=[65536, 3, 4]), "field"),
    "kdf algorithm": (lambda d: d["kdf"].update(algorithm="argon2i"), "kdf"),
    "memory below floor": (lambda d: d["kdf"].update(memory_kib=1024), "kdf"),
    "memory above ceiling": (
        lambda d: d["kdf"].update(memory_kib=CEILING.memory_kib + 1),
        "kdf",
    ),
    "memory as float": (lambda d: d["kdf"].update(memory_kib=65536.0), "field"),
    "time cost above ceiling": (
        lambda d: d["kdf"].update(time_cost=CEILING.time_cost + 1),
        "kdf",
    ),
    "zero lanes": (lambda d: d["kdf"].update(parallelism=0), "kdf"),
    "lanes true": (lambda d: d["kdf"].update(parallelism=True), "field"),
    "wrap algorithm": (lambda d: d["wrap"].update(algorithm="aes-gcm"), "wrap"),
    "vault id uppercase": (lambda d: d.update(vault_id="A" * 32), "vault_id"),
    "vault id short": (lambda d: d.update(vault_id="abc"), "vault_id"),
    "salt not base64": (lambda d: d.update(salt="%%%%"), "encoding"),
    "salt too long": (lambda d: d.update(salt=base64.b64encode(bytes(32)).decode()), "length"),
    "nonce too short": (
        lambda d: d["wrap"].update(nonce=base64.b64encode(bytes(12)).decode()),
        "length",
    ),
    "wrapped key truncated": (
        lambda d: d["wrap"].update(wrapped_key=base64.b64encode(bytes(32)).decode()),
        "length",
    ),
    "salt as number": (lambda d: d.update(salt=12345), "field"),
}


@pytest.mark.parametrize("case", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_decode_rejects_a_corrupt_document(
    document: Document, case: tuple[Callable[[Document], None], str]
) -> None:
    corrupt, reason = case
    corrupt(document)
    with pytest.raises(HeaderCorruptError) as caught:
        header.decode(encode_document(document))
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "data",
    [b"", b"null", b"[]", b'"bastion-vault-key"', b"\xff\xfe\x00garbage", b"{", b"{}"],
    ids=["empty", "null", "list", "string", "not utf-8", "truncated", "empty object"],
)
def test_decode_rejects_what_is_not_a_header(data: bytes) -> None:
    with pytest.raises(HeaderCorruptError):
        header.decode(data)


def test_decode_rejects_an_oversized_file(document: Document) -> None:
    document["padding"] = "x" * header.MAX_HEADER_BYTES
    with pytest.raises(HeaderCorruptError) as caught:
        header.decode(encode_document(document))
    assert caught.value.reason == "size"


def test_decode_reports_a_newer_version(document: Document) -> None:
    document["version"] = 99
    with pytest.raises(VaultTooNewError) as caught:
        header.decode(encode_document(document))
    assert caught.value.found == 99
    assert caught.value.supported == header.VERSION


def test_decode_accepts_params_at_the_ceiling(
    kek: bytearray, database_key: bytearray, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a machine with memory enough for it (the machine's own cap is tested below).
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: 2 * CEILING.memory_kib)
    at_ceiling = KdfParams(CEILING.memory_kib, CEILING.time_cost, CEILING.parallelism)
    sealed = header.seal(kek, database_key, at_ceiling, os.urandom(SALT_BYTES))
    assert header.decode(header.encode(sealed)).kdf == at_ceiling


def test_a_header_cannot_ask_for_gigabytes_per_attempt(document: Document) -> None:
    # Before the cap, a tampered header could make every unlock attempt allocate 4 GiB.
    document["kdf"]["memory_kib"] = 4 * 1024 * 1024
    with pytest.raises(HeaderCorruptError) as caught:
        header.decode(encode_document(document))
    assert caught.value.reason == "kdf"
    assert CEILING.memory_kib == kdf.MAX_MEMORY_KIB  # no more than calibration ever picks


def test_a_header_asking_for_more_than_half_the_machine_is_refused(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: 1024 * 1024)  # a 1 GiB machine
    document["kdf"]["memory_kib"] = 512 * 1024
    assert header.decode(encode_document(document)).kdf.memory_kib == 512 * 1024
    document["kdf"]["memory_kib"] = 512 * 1024 + 1024
    with pytest.raises(VaultNeedsMoreMemoryError) as caught:
        header.decode(encode_document(document))
    assert caught.value.reason == "kdf-memory"
    assert caught.value.needed_kib == 512 * 1024 + 1024
    # Said as it is, not as damage: the vault may be fine on a bigger machine.
    text = describe(caught.value)
    assert "vault.key" not in text
    assert "537.9 MB" in text


def test_memory_is_only_capped_by_the_ceiling_where_the_machine_size_is_unknown(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: None)
    document["kdf"]["memory_kib"] = CEILING.memory_kib
    assert header.decode(encode_document(document)).kdf.memory_kib == CEILING.memory_kib


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"a": ' * 10 + b"1" + b"}" * 10, "depth"),
        (b'{"format": "bastion-vault-key", "version": 1e400}', "number"),
        (b'{"format": "bastion-vault-key", "version": ' + b"1" * 30 + b"}", "number"),
        (b'{"format": "bastion-vault-key", "version": Infinity}', "json"),
    ],
    ids=["nested", "1e400", "long-int", "infinity"],
)
def test_nesting_and_numbers_are_bounded_before_parsing(raw: bytes, reason: str) -> None:
    with pytest.raises(HeaderCorruptError) as caught:
        header.decode(raw)
    assert caught.value.reason == reason
