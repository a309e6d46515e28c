# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion keygen`: key files the stock age and minisign use, never overwritten, never shown.

Runs without a passphrase go through a child process like a person's would (`bastion()`).
With a passphrase the signing key is scrypt-encrypted with minisign's 1 GiB limits (~3 s), so
those runs are in-process with the fast limits of tests/signing (the format is the same).
"""

from __future__ import annotations

import io
import re
import stat
import subprocess
from pathlib import Path

import pytest

from desktop.cli import common, main
from desktop.cli import keys as cli_keys
from desktop.errors import DiskFullError
from desktop.signing import (
    PublicKey,
    SecretKey,
    WrongKeyPasswordError,
    fingerprint,
    secret_key_is_encrypted,
    sign,
)
from tests.cli.test_main import assert_no_secret, assert_one_line_failure, bastion, lines
from tests.conftest import PASSPHRASE, WRONG_PASSPHRASE, snapshot
from tests.signing.helpers import minisign, use_fast_kdf

FILES = ["age-identity.txt", "age-recipient.txt", "signing.key", "signing.pub"]
IDENTITY = re.compile(
    r"# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n"
    r"# public key: (age1[0-9a-z]{58})\n"
    r"(AGE-SECRET-KEY-1[0-9A-Z]{58})\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_in_process(directory: Path, stdin: str, *options: str) -> int:
    args = main.parse(["keygen", "-o", str(directory), *options])
    return main.run(args, common.PassphraseReader(io.StringIO(stdin)))


def minisign_verifies(keys: Path, secret: SecretKey, tmp_path: Path) -> None:
    message = tmp_path / "profile.json"
    message.write_bytes(b'{"format": "bastion-profile"}\n')
    signature = tmp_path / "profile.json.minisig"
    signature.write_text(sign(message.read_bytes(), secret, trusted_comment="keygen test"))
    result = minisign("-V", "-p", str(keys / "signing.pub"), "-m", str(message))
    assert result.returncode == 0, result.stderr
    assert "Trusted comment: keygen test" in result.stdout


def test_keygen_writes_keys_the_stock_tools_use(tmp_path: Path) -> None:
    keys = tmp_path / "team-keys"
    result = bastion("keygen", "-o", str(keys), "--no-password")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in keys.iterdir()) == FILES
    assert mode(keys) == 0o700
    assert mode(keys / "age-identity.txt") == mode(keys / "signing.key") == 0o600
    # age: the identity file is age-keygen's format, and age itself uses it.
    identity = (keys / "age-identity.txt").read_text()
    match = IDENTITY.fullmatch(identity)
    assert match is not None, "not age-keygen's format"
    recipient = (keys / "age-recipient.txt").read_text()
    assert recipient == match.group(1) + "\n"
    derived = subprocess.run(
        ["age-keygen", "-y", str(keys / "age-identity.txt")],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert derived.stdout == recipient
    encrypted = subprocess.run(
        ["age", "-r", recipient.strip()], input=b"report", capture_output=True, check=True
    ).stdout
    decrypted = subprocess.run(
        ["age", "-d", "-i", str(keys / "age-identity.txt")],
        input=encrypted,
        capture_output=True,
        check=True,
    ).stdout
    assert decrypted == b"report"
    # minisign: an unencrypted secret key (like minisign -W), and its public key file.
    secret_file = (keys / "signing.key").read_bytes()
    assert not secret_key_is_encrypted(secret_file)
    secret = SecretKey.parse(secret_file, None)
    public = PublicKey.parse((keys / "signing.pub").read_text())
    assert secret.public_key() == public
    minisign_verifies(keys, secret, tmp_path)
    # Public halves and fingerprints are shown; secret halves never.
    output = result.stdout + result.stderr
    assert recipient.strip() in result.stdout
    assert public.line() in result.stdout
    assert public.key_id_hex() in result.stdout
    assert fingerprint("age", recipient.strip()) in result.stdout
    assert fingerprint("minisign", public.line()) in result.stdout
    assert str(keys) in result.stdout
    assert "AGE-SECRET-KEY" not in output
    assert match.group(2)[20:40] not in output
    assert secret_file.splitlines()[1].decode()[60:90] not in output
    # Without a passphrase: one warning line on stderr.
    assert result.stderr.count("\n") == 1
    assert "not protected by a passphrase" in result.stderr


def test_keygen_encrypts_the_signing_key_with_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fast_kdf(monkeypatch)
    keys = tmp_path / "keys"
    assert run_in_process(keys, lines(PASSPHRASE)) == common.EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    assert_no_secret(captured.out)
    assert mode(keys / "signing.key") == 0o600
    data = (keys / "signing.key").read_bytes()
    assert secret_key_is_encrypted(data)
    with pytest.raises(WrongKeyPasswordError):
        SecretKey.parse(data, WRONG_PASSPHRASE)
    minisign_verifies(keys, SecretKey.parse(data, PASSPHRASE), tmp_path)
    # The stock minisign signs with it, the passphrase piped.
    message = tmp_path / "pack.zip"
    message.write_bytes(b"training pack")
    signed = minisign(
        "-S", "-s", str(keys / "signing.key"), "-m", str(message), stdin=lines(PASSPHRASE)
    )
    assert signed.returncode == 0, signed.stderr
    checked = minisign("-V", "-p", str(keys / "signing.pub"), "-m", str(message))
    assert checked.returncode == 0, checked.stderr


def test_weak_passphrase_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    result = bastion("keygen", "-o", str(keys), stdin=lines("password1"))
    assert_one_line_failure(result)
    assert "passphrase" in result.stderr
    assert not keys.exists()


def test_missing_passphrase_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    result = bastion("keygen", "-o", str(keys))
    assert_one_line_failure(result)
    assert "Standard input ended" in result.stderr
    assert not keys.exists()


def test_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "signing.key").write_text("the team's real key")
    (keys / "notes").mkdir()
    before = snapshot(keys)
    # Refused before the passphrase is asked: stdin is empty, and that is not the complaint.
    result = bastion("keygen", "-o", str(keys))
    assert_one_line_failure(result)
    assert "not empty" in result.stderr
    assert str(keys) not in result.stderr
    assert snapshot(keys) == before
    assert sorted(p.name for p in keys.iterdir()) == ["notes", "signing.key"]


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "keys"
    target.write_text("not a folder")
    result = bastion("keygen", "-o", str(target), "--no-password")
    assert_one_line_failure(result)
    assert target.read_text() == "not a folder"


def test_an_empty_folder_is_used_and_keeps_its_mode(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o755)
    keys.chmod(0o755)
    result = bastion("keygen", "-o", str(keys), "--no-password")
    assert result.returncode == 0, result.stderr
    # Bastion changes the mode only of folders it creates; the key files are private anyway.
    assert mode(keys) == 0o755
    assert sorted(p.name for p in keys.iterdir()) == FILES


def test_a_failed_write_leaves_no_half_made_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_write = cli_keys.atomic_write
    calls: list[str] = []

    def fail_third(path: Path, data: bytes, *, exclusive: bool = False) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise DiskFullError()
        real_write(path, data, exclusive=exclusive)

    monkeypatch.setattr(cli_keys, "atomic_write", fail_third)
    keys = tmp_path / "keys"
    assert run_in_process(keys, "", "--no-password") == common.EXIT_FAILED
    assert len(calls) == 3
    assert not keys.exists()
    err = capsys.readouterr().err
    assert err.startswith("bastion: ")
    assert err.count("\n") == 1


def test_a_key_file_appearing_meanwhile_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another program writes into the folder between the check and the writes.
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "signing.pub").write_text("someone else's key")
    monkeypatch.setattr(cli_keys, "_check_free", lambda _directory: None)
    assert run_in_process(keys, "", "--no-password") == common.EXIT_FAILED
    assert "appeared in the output folder" in capsys.readouterr().err
    # Untouched, and what this run wrote before it noticed was removed again.
    assert snapshot(keys) == {"signing.pub": b"someone else's key"}


def test_keygen_is_listed_in_the_help() -> None:
    result = bastion("keygen", "--help")
    assert result.returncode == 0
    assert "--no-password" in result.stdout
    assert "-o DIR" in result.stdout
