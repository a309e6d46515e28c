# SPDX-License-Identifier: GPL-3.0-or-later
"""Every path the commands read from outside, pointed at a device that never ends
(/dev/zero, /dev/urandom), a pipe or a link that goes nowhere.

tests/cli/test_outside_files.py has a sparse 2 GiB file, a FIFO and a folder for each of
these; the devices and links are what it does not try. Each command runs as a child whose
address space is capped at 3 GiB (tests/cli/test_hostile.py), under a wall-clock limit:
reading /dev/zero to its end would fail either. The answer must be one line, no traceback.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.signing import SecretKey, sign
from tests.cli.test_hostile import bastion
from tests.cli.test_main import assert_one_line_failure
from tests.hostile.support import FIGURES
from tests.profiles.builders import OrgKey, document, encode
from tests.training.builders import sample_archive

PARSER = "files from outside (FIFO, /dev/zero …)"
SECONDS = 20  # each run takes about one second
pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="devices, FIFOs, rlimits"),
    pytest.mark.timeout(120),
]


def _device(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("/nonexistent/bastion-test")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A good pack, profile, key pair and identity, each with what signs or opens it."""
    key = SecretKey.generate()
    pack = tmp_path / "p.bastionpack"
    pack.write_bytes(sample_archive(tmp_path / "src"))
    (tmp_path / "p.bastionpack.minisig").write_text(
        sign(pack.read_bytes(), key, trusted_comment="x")
    )
    (tmp_path / "trainer.pub").write_text(key.public_key().to_text())
    (tmp_path / "trainer.key").write_bytes(key.to_bytes(None))
    org = OrgKey.generate()
    profile = tmp_path / "org.json"
    profile.write_bytes(encode(document(org.line)))
    (tmp_path / "org.json.minisig").write_text(org.sign(profile.read_bytes()))
    from pyrage import x25519

    identity = x25519.Identity.generate()
    (tmp_path / "team.txt").write_text(f"{identity}\n")
    (tmp_path / "report.age").write_bytes(b"age-encryption.org/v1\n")
    return {p.name: p for p in tmp_path.iterdir()}


# (the file replaced, the command that reads it)
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pack": ("p.bastionpack", ("pack", "verify", "{p.bastionpack}")),
    "pack-signature": ("p.bastionpack.minisig", ("pack", "verify", "{p.bastionpack}")),
    "public-key": (
        "trainer.pub",
        ("pack", "verify", "{p.bastionpack}", "--key", "{trainer.pub}"),
    ),
    "secret-key": ("trainer.key", ("pack", "sign", "{p.bastionpack}", "-k", "{trainer.key}")),
    "profile": ("org.json", ("profile", "verify", "{org.json}")),
    "profile-signature": ("org.json.minisig", ("profile", "verify", "{org.json}")),
    "identity": ("team.txt", ("report", "open", "{report.age}", "-i", "{team.txt}")),
    "report-bundle": ("report.age", ("report", "open", "{report.age}", "-i", "{team.txt}")),
}
MAKERS: dict[str, Callable[[Path], None]] = {
    "dev-zero": _device("/dev/zero"),
    "dev-urandom": _device("/dev/urandom"),
    "link-loop": _loop,
    "dangling-link": _dangling,
}
CASES = [(c, m) for c in COMMANDS for m in ("dev-zero",)]
CASES += [("report-bundle", "dev-urandom"), ("pack", "link-loop"), ("profile", "dangling-link")]
CASES += [("report-bundle", "fifo"), ("identity", "dev-urandom"), ("secret-key", "link-loop")]
MAKERS["fifo"] = _fifo


@pytest.mark.parametrize(("command", "maker"), CASES, ids=[f"{c}-{m}" for c, m in CASES])
def test_commands_refuse_devices_pipes_and_links(
    command: str, maker: str, files: dict[str, Path]
) -> None:
    replaced, argv = COMMANDS[command]
    target = files[replaced]
    target.unlink()
    MAKERS[maker](target)
    args = [str(files[a[1:-1]]) if a.startswith("{") else a for a in argv]
    started = time.monotonic()
    result = bastion(*args)
    assert time.monotonic() - started < SECONDS
    assert_one_line_failure(result)
    tally = FIGURES[PARSER]
    tally.corpus += 1
    tally.refused += 1
