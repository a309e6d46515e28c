# SPDX-License-Identifier: GPL-3.0-or-later
"""The key header: a small versioned JSON file beside the database.

It holds nothing secret: the Argon2id parameters and salt, and the database key wrapped
(XChaCha20-Poly1305) with the key derived from the passphrase. Every other field is bound to
the wrapped key as associated data, so changing any of them makes unwrapping fail.
Destroying this file destroys the only wrapped copy of the database key (crypto-erase).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, replace
from typing import Any

from desktop import bounded
from desktop.vault.errors import (
    HeaderCorruptError,
    VaultNeedsMoreMemoryError,
    VaultTooNewError,
    WrongPassphraseError,
)
from desktop.vault.kdf import KEY_BYTES, SALT_BYTES, KdfParams, affordable

FORMAT = "bastion-vault-key"
VERSION = 1
NONCE_BYTES = 24
WRAPPED_BYTES = KEY_BYTES + 16  # key + Poly1305 tag
MAX_HEADER_BYTES = 64 * 1024
# The document nests three deep (document, "kdf" or "wrap", value); a little room to spare.
MAX_DEPTH = 4


@dataclass(frozen=True)
class KeyHeader:
    version: int
    vault_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def associated_data(self) -> bytes:
        """Everything but the nonce and ciphertext, canonically encoded."""
        fields = {
            "format": FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "kdf": _kdf_fields(self.kdf),
            "salt": _b64(self.salt),
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kdf_fields(params: KdfParams) -> dict[str, Any]:
    return {
        "algorithm": "argon2id",
        "memory_kib": params.memory_kib,
        "time_cost": params.time_cost,
        "parallelism": params.parallelism,
    }


def seal(
    kek: bytearray,
    database_key: bytearray,
    kdf: KdfParams,
    salt: bytes,
    vault_id: str | None = None,
) -> KeyHeader:
    """Wrap `database_key` under `kek` into a new header (fresh nonce)."""
    import uuid  # here, like nacl: uuid loads platform, not needed to show the unlock screen

    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt  # at first use: start-up

    header = KeyHeader(
        version=VERSION,
        vault_id=vault_id or uuid.uuid4().hex,
        kdf=kdf,
        salt=salt,
        nonce=os.urandom(NONCE_BYTES),
        wrapped_key=b"",
    )
    wrapped = crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes(database_key), header.associated_data(), header.nonce, bytes(kek)
    )
    return replace(header, wrapped_key=wrapped)


def unseal(header: KeyHeader, kek: bytearray) -> bytearray:
    """Unwrap the database key; WrongPassphraseError if `kek` (or the header) is not right."""
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt  # at first use
    from nacl.exceptions import CryptoError

    try:
        key = crypto_aead_xchacha20poly1305_ietf_decrypt(
            header.wrapped_key, header.associated_data(), header.nonce, bytes(kek)
        )
    except CryptoError:
        raise WrongPassphraseError() from None
    return bytearray(key)


def encode(header: KeyHeader) -> bytes:
    document = {
        "format": FORMAT,
        "version": header.version,
        "vault_id": header.vault_id,
        "kdf": _kdf_fields(header.kdf),
        "salt": _b64(header.salt),
        "wrap": {
            "algorithm": "xchacha20poly1305",
            "nonce": _b64(header.nonce),
            "wrapped_key": _b64(header.wrapped_key),
        },
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("ascii")


def _field(mapping: Any, name: str, kind: type) -> Any:
    if not isinstance(mapping, dict) or name not in mapping:
        raise HeaderCorruptError("field")
    value = mapping[name]
    # bool is an int in Python; a header with `true` for a number is corrupt.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise HeaderCorruptError("field")
    return value


def _bytes_field(mapping: Any, name: str, length: int) -> bytes:
    try:
        value = base64.b64decode(_field(mapping, name, str), validate=True)
    except (binascii.Error, ValueError):
        raise HeaderCorruptError("encoding") from None
    if len(value) != length:
        raise HeaderCorruptError("length")
    return value


def decode(data: bytes) -> KeyHeader:
    """Parse and validate a header; HeaderCorruptError or VaultTooNewError on anything odd."""
    if len(data) > MAX_HEADER_BYTES:
        raise HeaderCorruptError("size")
    try:
        text = data.decode("utf-8")
        document = bounded.loads(text, max_length=MAX_HEADER_BYTES, max_depth=MAX_DEPTH)
    except bounded.TooComplexError as exc:
        raise HeaderCorruptError(exc.reason) from None  # "size", "depth" or "number"
    except ValueError:  # not UTF-8, not JSON
        raise HeaderCorruptError("json") from None
    if _field(document, "format", str) != FORMAT:
        raise HeaderCorruptError("format")
    version = _field(document, "version", int)
    if version > VERSION:
        raise VaultTooNewError(version, VERSION)
    if version < 1:
        raise HeaderCorruptError("version")
    kdf_doc = _field(document, "kdf", dict)
    if _field(kdf_doc, "algorithm", str) != "argon2id":
        raise HeaderCorruptError("kdf")
    kdf = KdfParams(
        memory_kib=_field(kdf_doc, "memory_kib", int),
        time_cost=_field(kdf_doc, "time_cost", int),
        parallelism=_field(kdf_doc, "parallelism", int),
    )
    if not kdf.is_allowed():
        raise HeaderCorruptError("kdf")
    if not affordable(kdf):
        # Within the fixed ceiling but more memory than this machine can give one unlock:
        # a tampered header must not make every attempt swap or get the process killed.
        raise VaultNeedsMoreMemoryError(kdf.memory_kib)
    wrap = _field(document, "wrap", dict)
    if _field(wrap, "algorithm", str) != "xchacha20poly1305":
        raise HeaderCorruptError("wrap")
    vault_id = _field(document, "vault_id", str)
    if len(vault_id) != 32 or any(c not in "0123456789abcdef" for c in vault_id):
        raise HeaderCorruptError("vault_id")
    return KeyHeader(
        version=version,
        vault_id=vault_id,
        kdf=kdf,
        salt=_bytes_field(document, "salt", SALT_BYTES),
        nonce=_bytes_field(wrap, "nonce", NONCE_BYTES),
        wrapped_key=_bytes_field(wrap, "wrapped_key", WRAPPED_BYTES),
    )
