# SPDX-License-Identifier: GPL-3.0-or-later
"""minisign signature files (.minisig): four lines, byte for byte as minisign 0.11 writes them.

    untrusted comment: <free text, not signed>
    base64("ED" | key id (8) | Ed25519 signature (64) of BLAKE2b-512(data))
    trusted comment: <text, signed>
    base64(Ed25519 signature (64) of the signature above (64 bytes) + the trusted comment)

"Ed" (legacy, minisign -l) signs the data itself instead of its hash: verify() refuses it
(LegacySignatureError) and sign() writes only "ED", which streams files of any size. One
algorithm means one code path to trust, and no verifier that must hold a whole pack in memory
to check it; minisign writes "ED" unless told -l. The trusted comment is what a
verifier may show (which organisation, which version): its own signature stops anyone from
moving a valid signature under a different comment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

import nacl.exceptions
import nacl.signing

from desktop.signing.errors import (
    BadSignatureError,
    LegacySignatureError,
    MalformedSignatureError,
    UnknownKeyError,
)
from desktop.signing.keys import (
    COMMENT_PREFIX,
    KEY_ID_BYTES,
    PublicKey,
    SecretKey,
    b64decode,
    b64encode,
)

SIG_ALG_LEGACY = b"Ed"
SIG_ALG_HASHED = b"ED"
TRUSTED_PREFIX = "trusted comment: "
DEFAULT_UNTRUSTED_COMMENT = "signature from bastion secret key"
CHUNK = 64 * 1024
_SIGNATURE_BYTES = 64
_SIG_STRUCT_BYTES = 2 + KEY_ID_BYTES + _SIGNATURE_BYTES
# minisign reads each comment line with fgets() into 1024 and 8192 bytes, newline included;
# longer lines make it fail, so they are neither written nor accepted.
MAX_UNTRUSTED_COMMENT = 1024 - len(COMMENT_PREFIX) - 2
MAX_TRUSTED_COMMENT = 8192 - len(TRUSTED_PREFIX) - 2
MAX_SIGNATURE_TEXT = 16 * 1024

Data = bytes | bytearray | memoryview | BinaryIO


@dataclass(frozen=True)
class Signature:
    """A verified signature: which key made it, and its trusted comment."""

    key_id: bytes
    trusted_comment: str


@dataclass(frozen=True)
class _Parsed:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    comment_bytes: bytes
    global_signature: bytes


def sign(
    data: Data,
    secret: SecretKey,
    *,
    trusted_comment: str,
    untrusted_comment: str = DEFAULT_UNTRUSTED_COMMENT,
) -> str:
    """The .minisig text for `data` (bytes, or a binary file object read to its end).

    Raises ValueError for comments minisign could not read back (line breaks, control
    characters, too long): they come from code, not from people.
    """
    untrusted = _utf8(untrusted_comment)
    if (
        untrusted is None
        or len(untrusted) > MAX_UNTRUSTED_COMMENT
        or any(c in untrusted for c in b"\r\n\x00")
    ):
        raise ValueError("untrusted comment minisign cannot read")
    trusted = _utf8(trusted_comment)
    if trusted is None or len(trusted) > MAX_TRUSTED_COMMENT or not _printable(trusted_comment):
        raise ValueError("trusted comment minisign cannot read")
    signature = secret._detached(_prehash(data))
    global_signature = secret._detached(signature + trusted)
    return (
        f"{COMMENT_PREFIX}{untrusted_comment}\n"
        f"{b64encode(SIG_ALG_HASHED + secret.key_id + signature)}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n"
        f"{b64encode(global_signature)}\n"
    )


def verify(data: Data, signature_text: str, trusted: Sequence[PublicKey]) -> Signature:
    """Check `signature_text` over `data` against the trusted keys; returns what it says.

    Raises MalformedSignatureError (not a minisign signature), LegacySignatureError (a
    legacy "Ed" signature: `data` is not read), UnknownKeyError (made by none of `trusted`:
    `data` is not read) or BadSignatureError (data or trusted comment altered).
    """
    parsed = _parse(signature_text)
    candidates = [key for key in trusted if key.key_id == parsed.key_id]
    if not candidates:
        raise UnknownKeyError()
    message = _prehash(data)
    reason = "data"
    # Key ids are random 8-byte labels, not a security boundary: two trusted keys may share
    # one, so each is tried.
    for key in candidates:
        verifier = nacl.signing.VerifyKey(key.key)
        if not _valid(verifier, message, parsed.signature):
            continue
        if _valid(verifier, parsed.signature + parsed.comment_bytes, parsed.global_signature):
            return Signature(key_id=parsed.key_id, trusted_comment=parsed.trusted_comment)
        reason = "comment"
    raise BadSignatureError(reason)


def _parse(text: str) -> _Parsed:
    if not isinstance(text, str) or len(text) > MAX_SIGNATURE_TEXT:
        raise MalformedSignatureError("size")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 4:
        raise MalformedSignatureError("lines")
    untrusted_line, signature_line, trusted_line, global_line = lines
    untrusted = _utf8(untrusted_line)
    if not untrusted_line.startswith(COMMENT_PREFIX) or untrusted is None:
        raise MalformedSignatureError("untrusted-comment")
    if len(untrusted) > len(COMMENT_PREFIX) + MAX_UNTRUSTED_COMMENT:
        raise MalformedSignatureError("untrusted-comment")
    raw = b64decode(signature_line, _SIG_STRUCT_BYTES)
    if raw is None:
        raise MalformedSignatureError("base64")
    algorithm = raw[:2]
    if algorithm not in (SIG_ALG_LEGACY, SIG_ALG_HASHED):
        raise MalformedSignatureError("algorithm")
    if not trusted_line.startswith(TRUSTED_PREFIX):
        raise MalformedSignatureError("trusted-comment")
    comment = trusted_line[len(TRUSTED_PREFIX) :]
    comment_bytes = _utf8(comment)
    # Unprintable comments are refused like minisign 0.12+ does: a verifier shows this text.
    if comment_bytes is None or len(comment_bytes) > MAX_TRUSTED_COMMENT:
        raise MalformedSignatureError("trusted-comment")
    if not _printable(comment):
        raise MalformedSignatureError("trusted-comment")
    global_signature = b64decode(global_line, _SIGNATURE_BYTES)
    if global_signature is None:
        raise MalformedSignatureError("base64")
    # Well-formed, so the person is told what is wrong with it: its kind, not damage.
    if algorithm == SIG_ALG_LEGACY:
        raise LegacySignatureError()
    return _Parsed(
        algorithm=algorithm,
        key_id=raw[2 : 2 + KEY_ID_BYTES],
        signature=raw[2 + KEY_ID_BYTES :],
        trusted_comment=comment,
        comment_bytes=comment_bytes,
        global_signature=global_signature,
    )


def _valid(verifier: nacl.signing.VerifyKey, message: bytes, signature: bytes) -> bool:
    try:
        verifier.verify(message, signature)
    except nacl.exceptions.CryptoError:  # BadSignatureError, and libsodium's refusal of keys
        return False
    return True


def _prehash(data: Data) -> bytes:
    """BLAKE2b-512 of the data (libsodium's generichash with 64 bytes, no key)."""
    digest = hashlib.blake2b(digest_size=64)
    if isinstance(data, bytes | bytearray | memoryview):
        digest.update(data)
        return digest.digest()
    while chunk := data.read(CHUNK):
        digest.update(chunk)
    return digest.digest()


def _utf8(text: str) -> bytes | None:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return None


def _printable(text: str) -> bool:
    """minisign 0.12's is_printable: no C0/C1 control characters or DEL; tab is allowed."""
    return all(c == "\t" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in text)
