# SPDX-License-Identifier: GPL-3.0-or-later
"""minisign public and secret keys, byte for byte as minisign 0.11 reads and writes them.

Public key: base64 of "Ed" + key id (8 random bytes) + Ed25519 public key (32), 56 characters,
after an "untrusted comment:" line in a .pub file.

Secret key: base64 of 158 bytes after a comment line:
    sig_alg "Ed" | kdf_alg "Sc" (scrypt) or 00 00 (none) | chk_alg "B2" | salt (32) |
    opslimit (8, little-endian) | memlimit (8, little-endian) | key id (8) | sk (64) | chk (32)
chk is BLAKE2b-256 over sig_alg + key id + sk. With "Sc" the last 104 bytes (key id, sk, chk)
are XORed with 104 bytes of scrypt(password, salt, opslimit, memlimit): a wrong password shows
up as a checksum that does not match. minisign -W writes kdf 00 00, a zero salt and limits,
and a zero checksum (it never computes one for unencrypted keys); we write the real checksum,
which minisign ignores, and accept either when reading.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing
from nacl.pwhash import scrypt

from desktop.signing.errors import MalformedKeyError, WrongKeyPasswordError

SIG_ALG = b"Ed"
KDF_SCRYPT = b"Sc"
KDF_NONE = b"\x00\x00"
CHK_ALG = b"B2"
KEY_ID_BYTES = 8
PUBLIC_KEY_BYTES = 32
SECRET_KEY_BYTES = 64  # libsodium's form: the 32-byte seed, then the public key
CHECKSUM_BYTES = 32
SALT_BYTES = scrypt.SALTBYTES
_KEYNUM_SK_BYTES = KEY_ID_BYTES + SECRET_KEY_BYTES + CHECKSUM_BYTES  # the encrypted part
_PUBLIC_STRUCT_BYTES = 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES
_SECRET_STRUCT_BYTES = 6 + SALT_BYTES + 16 + _KEYNUM_SK_BYTES

# minisign's parameters: libsodium's scryptsalsa208sha256 "sensitive" limits (N=2^20, r=8,
# p=1, 1 GiB, about 3 s). Like minisign, key creation halves both while the machine cannot
# afford them. Tests lower these; reading always uses the limits stored in the file.
KDF_LIMITS = (scrypt.OPSLIMIT_SENSITIVE, scrypt.MEMLIMIT_SENSITIVE)
# A file asking for more than minisign ever writes is refused: it could only be meant to
# exhaust memory.
_OPSLIMIT_RANGE = (scrypt.OPSLIMIT_MIN, scrypt.OPSLIMIT_SENSITIVE)
_MEMLIMIT_RANGE = (scrypt.MEMLIMIT_MIN, scrypt.MEMLIMIT_SENSITIVE)
# minisign reads a password with fgets() into 1024 bytes and cuts it at the first CR, LF or
# NUL, so a longer password, or one containing those, could never be typed into it.
MAX_PASSWORD_BYTES = 1023
MAX_KEY_FILE = 64 * 1024

COMMENT_PREFIX = "untrusted comment: "
PUBLIC_COMMENT = "minisign public key {key_id}"
ENCRYPTED_COMMENT = "minisign encrypted secret key"
UNENCRYPTED_COMMENT = "minisign unencrypted secret key"


def b64decode(text: str, size: int) -> bytes | None:
    """Canonical base64 of exactly `size` bytes, or None (never a binascii.Error).

    Canonical (what minisign writes, nothing else) so that one key has one text form, which
    fingerprints and key comparisons rely on.
    """
    try:
        raw = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except ValueError:  # binascii.Error and UnicodeEncodeError are both ValueErrors
        return None
    if len(raw) != size or b64encode(raw) != text:
        return None
    return raw


def b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def format_key_id(key_id: bytes) -> str:
    """The key id as minisign prints it: the 8 bytes read as a little-endian integer, in hex.

    Zero-padded to 16 digits like minisign 0.12+ (0.11 drops leading zeros).
    """
    return f"{int.from_bytes(key_id, 'little'):016X}"


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes

    def __post_init__(self) -> None:
        if not (
            isinstance(self.key_id, bytes)
            and isinstance(self.key, bytes)
            and len(self.key_id) == KEY_ID_BYTES
            and len(self.key) == PUBLIC_KEY_BYTES
        ):
            raise MalformedKeyError("length")

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """A whole .pub file, or only its base64 line ("RWQ…")."""
        if len(text) > MAX_KEY_FILE:
            raise MalformedKeyError("size")
        lines = _lines(text)
        if len(lines) == 2 and lines[0].startswith(COMMENT_PREFIX.rstrip()):
            line = lines[1].strip()
        elif len(lines) == 1:
            line = lines[0].strip()
        else:
            raise MalformedKeyError("lines")
        raw = b64decode(line, _PUBLIC_STRUCT_BYTES)
        if raw is None:
            raise MalformedKeyError("base64")
        if raw[:2] != SIG_ALG:
            raise MalformedKeyError("algorithm")
        return cls(raw[2 : 2 + KEY_ID_BYTES], raw[2 + KEY_ID_BYTES :])

    def line(self) -> str:
        return b64encode(SIG_ALG + self.key_id + self.key)

    def to_text(self) -> str:
        comment = PUBLIC_COMMENT.format(key_id=self.key_id_hex())
        return f"{COMMENT_PREFIX}{comment}\n{self.line()}\n"

    def key_id_hex(self) -> str:
        return format_key_id(self.key_id)


class SecretKey:
    """An Ed25519 signing key with its minisign key id. Its repr shows the key id only.

    Python cannot wipe memory reliably, so the key stays in memory until garbage-collected;
    keep SecretKey objects short-lived.
    """

    __slots__ = ("_key_id", "_signing_key")

    def __init__(self, key_id: bytes, seed: bytes) -> None:
        if len(key_id) != KEY_ID_BYTES or len(seed) != 32:
            raise MalformedKeyError("length")
        self._key_id = bytes(key_id)
        self._signing_key = nacl.signing.SigningKey(bytes(seed))

    def __repr__(self) -> str:
        return f"SecretKey(key_id={format_key_id(self._key_id)})"

    @property
    def key_id(self) -> bytes:
        return self._key_id

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(secrets.token_bytes(KEY_ID_BYTES), secrets.token_bytes(32))

    @classmethod
    def parse(cls, data: bytes, password: str | None) -> SecretKey:
        """A minisign secret key file. `password` is ignored when the key is not encrypted.

        Raises MalformedKeyError, or WrongKeyPasswordError when an encrypted key does not
        decrypt with `password` (or `password` is None).
        """
        raw = _secret_struct(data)
        kdf_alg, salt = raw[2:4], raw[6 : 6 + SALT_BYTES]
        limits = raw[6 + SALT_BYTES : 6 + SALT_BYTES + 16]
        keynum_sk = raw[-_KEYNUM_SK_BYTES:]
        if kdf_alg == KDF_SCRYPT:
            if password is None:
                raise WrongKeyPasswordError()
            opslimit = int.from_bytes(limits[:8], "little")
            memlimit = int.from_bytes(limits[8:], "little")
            if not (
                _OPSLIMIT_RANGE[0] <= opslimit <= _OPSLIMIT_RANGE[1]
                and _MEMLIMIT_RANGE[0] <= memlimit <= _MEMLIMIT_RANGE[1]
            ):
                raise MalformedKeyError("kdf-limits")
            try:
                secret = _encode_password(password)
            except ValueError:
                raise WrongKeyPasswordError() from None
            stream = scrypt.kdf(_KEYNUM_SK_BYTES, secret, salt, opslimit, memlimit)
            keynum_sk = _xor(keynum_sk, stream)
            if not hmac.compare_digest(keynum_sk[-CHECKSUM_BYTES:], _checksum(keynum_sk)):
                raise WrongKeyPasswordError()
        elif kdf_alg == KDF_NONE:
            stored = keynum_sk[-CHECKSUM_BYTES:]
            if stored != bytes(CHECKSUM_BYTES) and not hmac.compare_digest(
                stored, _checksum(keynum_sk)
            ):
                raise MalformedKeyError("checksum")
        else:
            raise MalformedKeyError("kdf")
        key_id = keynum_sk[:KEY_ID_BYTES]
        sk = keynum_sk[KEY_ID_BYTES : KEY_ID_BYTES + SECRET_KEY_BYTES]
        key = cls(key_id, sk[:32])
        # The public half is stored too; a mismatch means a damaged or forged file.
        if not hmac.compare_digest(key.public_key().key, sk[32:]):
            raise MalformedKeyError("public-half")
        return key

    def to_bytes(self, password: str | None) -> bytes:
        """The minisign secret key file; scrypt-encrypted with minisign's limits if `password`.

        Raises ValueError for a password minisign could not read back (see MAX_PASSWORD_BYTES).
        """
        keynum_sk = self._key_id + self._sk()
        keynum_sk += _checksum(keynum_sk)
        if password is None:
            header = SIG_ALG + KDF_NONE + CHK_ALG + bytes(SALT_BYTES + 16)
            body, comment = keynum_sk, UNENCRYPTED_COMMENT
        else:
            secret = _encode_password(password)
            salt = secrets.token_bytes(SALT_BYTES)
            stream, opslimit, memlimit = _derive_for_new_key(secret, salt)
            limits = opslimit.to_bytes(8, "little") + memlimit.to_bytes(8, "little")
            header = SIG_ALG + KDF_SCRYPT + CHK_ALG + salt + limits
            body, comment = _xor(keynum_sk, stream), ENCRYPTED_COMMENT
        return f"{COMMENT_PREFIX}{comment}\n{b64encode(header + body)}\n".encode("ascii")

    def public_key(self) -> PublicKey:
        return PublicKey(self._key_id, bytes(self._signing_key.verify_key))

    def _sk(self) -> bytes:
        return bytes(self._signing_key) + bytes(self._signing_key.verify_key)

    def _detached(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of `message` (for desktop.signing.signatures)."""
        return self._signing_key.sign(message).signature


def secret_key_is_encrypted(data: bytes) -> bool:
    """Whether a secret key file needs a password (MalformedKeyError if it is not one)."""
    kdf_alg = _secret_struct(data)[2:4]
    if kdf_alg not in (KDF_SCRYPT, KDF_NONE):
        raise MalformedKeyError("kdf")
    return kdf_alg == KDF_SCRYPT


def _lines(text: str) -> list[str]:
    """Lines without their CR/LF, trailing empty lines dropped (minisign ignores them)."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _secret_struct(data: bytes) -> bytes:
    """The 158 bytes of a secret key file, with its algorithm bytes checked."""
    if not isinstance(data, bytes | bytearray) or len(data) > MAX_KEY_FILE:
        raise MalformedKeyError("size")
    # The comment line is free text (minisign does not read it); only the key line must be
    # ASCII, so the file is split as bytes.
    lines = [line.removesuffix(b"\r") for line in bytes(data).split(b"\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 2:
        raise MalformedKeyError("lines")
    try:
        line = lines[1].decode("ascii")
    except UnicodeDecodeError:
        raise MalformedKeyError("base64") from None
    raw = b64decode(line, _SECRET_STRUCT_BYTES)
    if raw is None:
        raise MalformedKeyError("base64")
    if raw[:2] != SIG_ALG:
        raise MalformedKeyError("algorithm")
    if raw[4:6] != CHK_ALG:
        raise MalformedKeyError("checksum-algorithm")
    return raw


def _checksum(keynum_sk: bytes) -> bytes:
    """BLAKE2b-256 over sig_alg + key id + sk, as minisign's seckey_compute_chk."""
    covered = keynum_sk[: KEY_ID_BYTES + SECRET_KEY_BYTES]
    return hashlib.blake2b(SIG_ALG + covered, digest_size=CHECKSUM_BYTES).digest()


def _encode_password(password: str) -> bytes:
    # surrogateescape gives back the exact bytes a non-UTF-8 terminal sent, which is what
    # minisign would hash; no Unicode normalisation, for the same reason.
    secret = password.encode("utf-8", "surrogateescape")
    if len(secret) > MAX_PASSWORD_BYTES or any(c in secret for c in b"\r\n\x00"):
        raise ValueError("password minisign cannot read")
    return secret


def _derive_for_new_key(secret: bytes, salt: bytes) -> tuple[bytes, int, int]:
    """scrypt stream with KDF_LIMITS, halved while memory runs out (minisign's encrypt_key)."""
    opslimit, memlimit = KDF_LIMITS
    while True:
        try:
            stream = scrypt.kdf(_KEYNUM_SK_BYTES, secret, salt, opslimit, memlimit)
        except (nacl.exceptions.RuntimeError, MemoryError):
            opslimit, memlimit = opslimit // 2, memlimit // 2
            if opslimit < scrypt.OPSLIMIT_MIN or memlimit < scrypt.MEMLIMIT_MIN:
                raise
            continue
        return stream, opslimit, memlimit


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))
