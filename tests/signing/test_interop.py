# SPDX-License-Identifier: GPL-3.0-or-later
"""Interoperability with the stock minisign (0.11, /usr/bin): both directions, all key kinds.

Every key is made here, in tmp_path. Encrypted keys use libsodium's minimum scrypt limits
(`fast_kdf`): minisign reads the limits from the key file, so the code paths are the real ones.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from desktop.signing import (
    BadSignatureError,
    LegacySignatureError,
    PublicKey,
    SecretKey,
    WrongKeyPasswordError,
    secret_key_is_encrypted,
    sign,
    signatures,
    verify,
)
from tests.signing.helpers import minisign, minisign_keypair

PASSWORD = "orbit lantern kettle vivid meadow"
DATA = b'{"format": "bastion-profile"}\n' + bytes(range(256)) * 300


@pytest.fixture
def message(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_bytes(DATA)
    return path


def minisign_verifies(public: Path, message: Path, signature: str) -> str:
    """minisign -V on `signature`; returns the trusted comment minisign reports."""
    sig_file = message.with_name(message.name + ".minisig")
    sig_file.write_text(signature, encoding="utf-8")
    result = minisign("-V", "-p", str(public), "-m", str(message), "-x", str(sig_file))
    assert result.returncode == 0, result.stderr
    assert "Signature and comment signature verified" in result.stdout
    found = re.search(r"^Trusted comment: (.*)$", result.stdout, re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_minisign_signature_verifies_here(tmp_path: Path, message: Path) -> None:
    public_file, secret_file = minisign_keypair(tmp_path)
    comment = "bastion-profile wmf v3\tsigned with stock minisign"
    result = minisign("-S", "-s", str(secret_file), "-m", str(message), "-t", comment)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "profile.json.minisig").read_text(encoding="utf-8")
    public = PublicKey.parse(public_file.read_text(encoding="utf-8"))
    assert verify(DATA, text, [public]).trusted_comment == comment
    with message.open("rb") as handle:
        assert verify(handle, text, [public]).key_id == public.key_id
    flipped = bytearray(DATA)
    flipped[1000] ^= 0x01
    with pytest.raises(BadSignatureError):
        verify(bytes(flipped), text, [public])


def _algorithm(signature_text: str) -> bytes:
    return base64.b64decode(signature_text.splitlines()[1])[:2]


def test_minisign_signs_prehashed_by_default_and_that_is_accepted(
    tmp_path: Path, message: Path
) -> None:
    public_file, secret_file = minisign_keypair(tmp_path)
    result = minisign("-S", "-s", str(secret_file), "-m", str(message), "-t", "default")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "profile.json.minisig").read_text(encoding="utf-8")
    assert _algorithm(text) == b"ED"
    public = PublicKey.parse(public_file.read_text(encoding="utf-8"))
    assert verify(DATA, text, [public]).trusted_comment == "default"


def test_minisign_legacy_signature_is_refused(tmp_path: Path, message: Path) -> None:
    public_file, secret_file = minisign_keypair(tmp_path)
    result = minisign("-S", "-l", "-s", str(secret_file), "-m", str(message), "-t", "legacy")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "profile.json.minisig").read_text(encoding="utf-8")
    assert _algorithm(text) == b"Ed"
    # minisign itself still accepts it: the refusal is Bastion's rule, not damage.
    assert minisign_verifies(public_file, message, text) == "legacy"
    public = PublicKey.parse(public_file.read_text(encoding="utf-8"))
    with pytest.raises(LegacySignatureError):
        verify(DATA, text, [public])


def test_minisign_public_key_file_matches_ours(tmp_path: Path) -> None:
    public_file, secret_file = minisign_keypair(tmp_path)
    text = public_file.read_text(encoding="utf-8")
    public = PublicKey.parse(text)
    assert public.line() == text.splitlines()[1]
    # 0.11 prints the key id without leading zeros; 0.12+ and we pad it to 16 digits.
    printed = text.splitlines()[0].removeprefix("untrusted comment: minisign public key ")
    assert int(printed, 16) == int(public.key_id_hex(), 16)
    assert len(public.key_id_hex()) == 16
    secret = SecretKey.parse(secret_file.read_bytes(), None)  # minisign -W: zero checksum
    assert secret.public_key() == public


def test_our_signature_verifies_with_minisign(tmp_path: Path, message: Path) -> None:
    secret = SecretKey.generate()
    public_file = tmp_path / "ours.pub"
    public_file.write_text(secret.public_key().to_text(), encoding="utf-8")
    comment = "bastion-profile wmf-trust-and-safety v3"
    text = sign(DATA, secret, trusted_comment=comment)
    assert minisign_verifies(public_file, message, text) == comment


def test_minisign_refuses_our_signature_of_other_data(tmp_path: Path, message: Path) -> None:
    # Guards the test above: minisign -V really checks something.
    secret = SecretKey.generate()
    public_file = tmp_path / "ours.pub"
    public_file.write_text(secret.public_key().to_text(), encoding="utf-8")
    sig_file = tmp_path / "profile.json.minisig"
    sig_file.write_text(sign(DATA + b"x", secret, trusted_comment="c"), encoding="utf-8")
    result = minisign("-V", "-p", str(public_file), "-m", str(message))
    assert result.returncode != 0
    assert "Signature verification failed" in result.stderr


def test_longest_trusted_comment_is_read_by_minisign(tmp_path: Path, message: Path) -> None:
    secret = SecretKey.generate()
    public_file = tmp_path / "ours.pub"
    public_file.write_text(secret.public_key().to_text(), encoding="utf-8")
    longest = "c" * signatures.MAX_TRUSTED_COMMENT
    text = sign(DATA, secret, trusted_comment=longest, untrusted_comment="u" * 1003)
    assert minisign_verifies(public_file, message, text) == longest


def test_minisign_secret_key_parsed_here_signs_for_minisign(tmp_path: Path, message: Path) -> None:
    public_file, secret_file = minisign_keypair(tmp_path)
    secret = SecretKey.parse(secret_file.read_bytes(), None)
    assert not secret_key_is_encrypted(secret_file.read_bytes())
    with message.open("rb") as handle:
        text = sign(handle, secret, trusted_comment="parsed here")
    assert minisign_verifies(public_file, message, text) == "parsed here"


def test_minisign_recreates_our_public_key_from_our_secret_key(tmp_path: Path) -> None:
    secret = SecretKey.generate()
    secret_file = tmp_path / "ours.key"
    secret_file.write_bytes(secret.to_bytes(None))
    public_file = tmp_path / "recreated.pub"
    result = minisign("-R", "-s", str(secret_file), "-p", str(public_file))
    assert result.returncode == 0, result.stderr
    assert PublicKey.parse(public_file.read_text(encoding="utf-8")) == secret.public_key()


def test_encrypted_key_written_here_is_used_by_minisign(
    fast_kdf: None, tmp_path: Path, message: Path
) -> None:
    secret = SecretKey.generate()
    secret_file = tmp_path / "ours.key"
    secret_file.write_bytes(secret.to_bytes(PASSWORD))
    public_file = tmp_path / "ours.pub"
    public_file.write_text(secret.public_key().to_text(), encoding="utf-8")
    # minisign 0.11 reads the password with fgets() from standard input, which works piped.
    result = minisign(
        "-S", "-s", str(secret_file), "-m", str(message), "-t", "by minisign", stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "profile.json.minisig").read_text(encoding="utf-8")
    assert verify(DATA, text, [secret.public_key()]).trusted_comment == "by minisign"
    assert minisign_verifies(public_file, message, text) == "by minisign"
    wrong = minisign("-S", "-s", str(secret_file), "-m", str(message), stdin="not it\n")
    assert wrong.returncode != 0
    assert "Wrong password for that key" in wrong.stderr
    with pytest.raises(WrongKeyPasswordError):
        SecretKey.parse(secret_file.read_bytes(), "not it")


def test_our_encrypted_key_decrypted_by_minisign_is_read_here(
    fast_kdf: None, tmp_path: Path, message: Path
) -> None:
    # minisign -C -W decrypts our key with the piped password and writes it back without
    # encryption, leaving our salt and limits in place (it ignores them then). A key encrypted
    # by `minisign -G` itself takes 1 GiB of scrypt, ~3 s to write and as long to read: too
    # slow for this suite, so that direction was checked by hand (it works).
    secret = SecretKey.generate()
    secret_file = tmp_path / "ours.key"
    secret_file.write_bytes(secret.to_bytes(PASSWORD))
    result = minisign("-C", "-W", "-s", str(secret_file), stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "Password removed" in result.stdout
    rewritten = secret_file.read_bytes()
    assert not secret_key_is_encrypted(rewritten)
    assert SecretKey.parse(rewritten, None).public_key() == secret.public_key()
