# SPDX-License-Identifier: GPL-3.0-or-later
"""minisign-compatible Ed25519 signatures (keys, .minisig files) and key fingerprints. Qt-free.

Organisation profiles and training packs are signed in minisign's format so that anyone can
check them with the stock `minisign -V`, and teams can sign with stock `minisign -S`. The
format is small enough to implement here on PyNaCl (libsodium: Ed25519, BLAKE2b, scrypt),
which Bastion already ships: `cryptography` and py-minisign are deliberately not used, to
keep the frozen app small and its dependency list short. keys.py and signatures.py describe
the byte layouts; docs/keys.md describes the files `bastion keygen` writes.

Names are loaded on first use (PEP 562): `desktop.messages` imports the errors at start-up,
and the rest is not needed to show the unlock screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.lazy import lazy_names

# A signed file's signature sits beside it, named like it with this added (minisign's own
# convention), for packs, profiles and kits alike.
SIGNATURE_SUFFIX = ".minisig"


def signature_path(path: Path) -> Path:
    """Where the signature of `path` is."""
    return path.with_name(path.name + SIGNATURE_SUFFIX)


def signed_path(chosen: Path) -> Path:
    """The file a chosen file stands for: choosing a signature means the file it signs."""
    name = chosen.name
    if name.endswith(SIGNATURE_SUFFIX) and len(name) > len(SIGNATURE_SUFFIX):
        return chosen.with_name(name[: -len(SIGNATURE_SUFFIX)])
    return chosen


_WHERE = {
    "BadSignatureError": "errors",
    "LegacySignatureError": "errors",
    "MalformedKeyError": "errors",
    "MalformedSignatureError": "errors",
    "PublicKey": "keys",
    "SecretKey": "keys",
    "Signature": "signatures",
    "SigningError": "errors",
    "UnknownKeyError": "errors",
    "WrongKeyPasswordError": "errors",
    "fingerprint": "fingerprints",
    "fingerprint_groups": "fingerprints",
    "secret_key_is_encrypted": "keys",
    "sign": "signatures",
    "verify": "signatures",
}

__all__ = [
    "SIGNATURE_SUFFIX",
    "signature_path",
    "signed_path",
    "BadSignatureError",
    "LegacySignatureError",
    "MalformedKeyError",
    "MalformedSignatureError",
    "PublicKey",
    "SecretKey",
    "Signature",
    "SigningError",
    "UnknownKeyError",
    "WrongKeyPasswordError",
    "fingerprint",
    "fingerprint_groups",
    "secret_key_is_encrypted",
    "sign",
    "verify",
]


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from desktop.signing.errors import (
        BadSignatureError,
        LegacySignatureError,
        MalformedKeyError,
        MalformedSignatureError,
        SigningError,
        UnknownKeyError,
        WrongKeyPasswordError,
    )
    from desktop.signing.fingerprints import fingerprint, fingerprint_groups
    from desktop.signing.keys import PublicKey, SecretKey, secret_key_is_encrypted
    from desktop.signing.signatures import Signature, sign, verify
