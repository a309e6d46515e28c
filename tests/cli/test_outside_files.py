# SPDX-License-Identifier: GPL-3.0-or-later
"""Files from outside (packs, signatures, profiles, keys, identities, text files) are checked
on the opened file before any byte is read: a folder, a device or a pipe is refused as not a
file, anything over its cap as too large, in one line, in bounded time and memory.

Children run with a capped address space (tests/cli/test_hostile.py): reading a 2 GiB sparse
signature whole would need more than is left under the cap.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.signing import SecretKey, sign
from desktop.training.archive import build_archive
from desktop.training.validate import load_pack
from tests.cli.test_hostile import bastion
from tests.cli.test_main import assert_one_line_failure
from tests.profiles.builders import OrgKey, document, encode
from tests.training.sample import write_sample_pack

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, sparse files, rlimits")

TOO_LARGE = "too large"
NOT_A_FILE = "not a file"
SECONDS = 20  # each run takes about one; reading 2 GiB would take far longer, or fail


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)  # what `truncate -s 2G` makes: no blocks on disk


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "sparse-2-gib": (_sparse, TOO_LARGE),
    "fifo": (_fifo, NOT_A_FILE),
    "folder": (_folder, NOT_A_FILE),
}


def refused(*args: str, expected: str, data_dir: Path | None = None) -> None:
    started = time.monotonic()
    result = bastion(*args, data_dir=data_dir)
    assert time.monotonic() - started < SECONDS
    assert_one_line_failure(result)
    assert expected in result.stderr, result.stderr


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    source = write_sample_pack(tmp_path / "source")
    from desktop.training.archive import source_files

    archive = build_archive(load_pack(source_files(source)), "2026-01-01T00:00:00Z")
    path = tmp_path / "sample.bastionpack"
    path.write_bytes(archive)
    return path


@pytest.fixture
def key(tmp_path: Path) -> SecretKey:
    return SecretKey.generate()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_pack_signature(pack: Path, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    maker(pack.with_name(pack.name + ".minisig"))
    refused("pack", "verify", str(pack), expected=expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_pack_archive(tmp_path: Path, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    path = tmp_path / "sample.bastionpack"
    maker(path)
    # Over its cap, the archive has its own refusal; the shared one for the rest.
    refused("pack", "verify", str(path), expected="larger" if expected == TOO_LARGE else expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_pack_secret_key(pack: Path, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    secret = pack.with_name("trainer.key")
    maker(secret)
    refused("pack", "sign", str(pack), "-k", str(secret), expected=expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_public_key_file(pack: Path, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    public = pack.with_name("trainer.pub")
    maker(public)
    refused("pack", "verify", str(pack), "--key", str(public), expected=expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("part", ["document", "signature"])
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_profile_files(tmp_path: Path, part: str, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    org = OrgKey.generate()
    path = tmp_path / "org.json"
    data = encode(document(org.line))
    if part == "signature":
        path.write_bytes(data)
        maker(tmp_path / "org.json.minisig")
    else:
        (tmp_path / "org.json.minisig").write_text(org.sign(data))
        maker(path)
    refused("profile", "verify", str(path), expected=expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_report_identity_file(tmp_path: Path, make: tuple[Callable[[Path], None], str]) -> None:
    maker, expected = make
    identity = tmp_path / "team.txt"
    maker(identity)
    bundle = tmp_path / "report.age"
    bundle.write_bytes(b"age-encryption.org/v1\n")
    refused("report", "open", str(bundle), "-i", str(identity), expected=expected)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", [_fifo, _folder], ids=["fifo", "folder"])
def test_report_note_file(tmp_path: Path, make: Callable[[Path], None]) -> None:
    note = tmp_path / "note.txt"
    make(note)
    from pyrage import x25519

    recipient = str(x25519.Identity.generate().to_public())
    args = ("report", "export", "--all", "--recipient", recipient, "--note-file", str(note))
    refused(*args, "-o", str(tmp_path / "r.age"), expected=NOT_A_FILE, data_dir=tmp_path / "d")


def test_a_sparse_report_note_is_too_long(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    with open(note, "wb") as handle:
        handle.truncate(4 * 1024**3)  # more than the child's whole address space
    from pyrage import x25519

    recipient = str(x25519.Identity.generate().to_public())
    args = ("report", "export", "--all", "--recipient", recipient, "--note-file", str(note))
    refused(*args, "-o", str(tmp_path / "r.age"), expected="too long", data_dir=tmp_path / "d")


def test_a_signature_at_its_cap_is_still_read(pack: Path, key: SecretKey) -> None:
    """The checks refuse only what they should: a real pack, signature and key pass."""
    signature = sign(pack.read_bytes(), key, trusted_comment="x")
    pack.with_name(pack.name + ".minisig").write_text(signature)
    public = pack.with_name("trainer.pub")
    public.write_text(key.public_key().to_text())
    result = bastion("pack", "verify", str(pack), "--key", str(public), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
