# SPDX-License-Identifier: GPL-3.0-or-later
"""A command-line run killed mid-write leaves debris; the next command that opens the vault
removes it, as the window does at unlock, and never what the vault refers to.

The kills are real: `python -m desktop` in a child process, SIGKILLed once its temporary
file has appeared.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest

from desktop.fsutil import writing_into
from desktop.journal import AttachmentSource, Journal
from desktop.vault import Vault, kdf
from tests.cli.test_main import REPO, bastion, lines
from tests.conftest import PASSPHRASE
from tests.journal.conftest import sample

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")

BIG = 768 * 1024 * 1024  # sparse: long enough to encrypt that the kill lands mid-write


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """A vault with one committed entry and its attachment (FLOOR parameters), locked."""
    directory = tmp_path / "data"
    vault = Vault(directory)
    vault.create(PASSPHRASE, kdf.FLOOR)
    Journal(vault).add(sample(title="Kept"), [AttachmentSource(data=b"kept", name="k.txt")])
    vault.lock()
    return directory


def state(directory: Path) -> tuple[dict[str, bytes], bool]:
    """Every entry's title and attachments, and whether verify passes."""
    vault = Vault(directory)
    vault.unlock(PASSPHRASE)
    try:
        journal = Journal(vault)
        found = {}
        for summary in journal.page():
            entry = journal.get(summary.uid)
            for info in entry.attachments:
                found[entry.content.title + "/" + info.name] = b"".join(
                    journal.open_attachment(info.uid)[1]
                )
        return found, journal.verify().ok
    finally:
        vault.lock()


def killed_when(argv: list[str], stdin: str, appeared: Callable[[], bool]) -> None:
    """Run the CLI in a child, SIGKILL it as soon as `appeared()` (its temp file is there)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=env,
    )
    assert child.stdin is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    deadline = time.monotonic() + 60
    try:
        while not appeared():
            assert child.poll() is None, "the command ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
    finally:
        child.send_signal(signal.SIGKILL)  # no clean-up of any kind
        child.wait(10)


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def info(directory: Path) -> None:
    result = bastion("info", "--json", stdin=lines(PASSPHRASE), data_dir=directory)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_killed_journal_add_leaves_nothing_after_the_next_command(
    vault_dir: Path, tmp_path: Path
) -> None:
    before = state(vault_dir)
    attachments = vault_dir / "attachments"
    committed = names(attachments)
    big = tmp_path / "evidence.bin"
    with big.open("wb") as handle:
        handle.truncate(BIG)
    argv = ["--data-dir", str(vault_dir), "journal", "add", "--json-input", "-"]
    killed_when(
        [*argv, "--attach", str(big)],
        lines(PASSPHRASE) + json.dumps({"title": "Interrupted", "category": "other"}),
        lambda: any(n.startswith(".tmp-") for n in names(attachments)),
    )
    assert names(attachments) - committed  # the debris is there

    info(vault_dir)

    assert names(attachments) == committed
    assert state(vault_dir) == before  # committed entries intact, verify passes
    assert before[1]
    result = bastion("journal", "verify", stdin=lines(PASSPHRASE), data_dir=vault_dir)
    assert result.returncode == 0, result.stderr


def add_large_entry(vault_dir: Path, tmp_path: Path) -> None:
    """An entry with 128 MiB of (sparse) evidence: an export long enough to be killed mid-way."""
    big = tmp_path / "evidence.bin"
    with big.open("wb") as handle:
        handle.truncate(128 * 1024 * 1024)
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    Journal(vault).add(sample(title="Large"), [AttachmentSource(path=big)])
    vault.lock()


def test_a_killed_export_to_the_outbox_leaves_nothing_after_the_next_command(
    vault_dir: Path, tmp_path: Path
) -> None:
    add_large_entry(vault_dir, tmp_path)
    before = state(vault_dir)
    outbox = vault_dir / "outbox"
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    killed_when(
        ["--data-dir", str(vault_dir), "report", "export", "--all", "--outbox"]
        + ["--recipient", recipient],
        lines(PASSPHRASE),
        lambda: any(n.endswith(".part") for n in names(outbox)),
    )
    assert any(n.endswith(".part") for n in names(outbox))

    info(vault_dir)

    assert names(outbox) == set()
    assert state(vault_dir) == before
    listing = bastion("report", "list", "--json", stdin=lines(PASSPHRASE), data_dir=vault_dir)
    assert listing.returncode == 0, listing.stderr
    assert json.loads(listing.stdout) == []


def test_a_killed_export_to_a_file_is_tidied_by_the_next_export_there(
    vault_dir: Path, tmp_path: Path
) -> None:
    """`report export -o` writes beside its destination (a USB stick, outside the vault): the
    next export into that folder removes what a killed one left, and nothing else."""
    add_large_entry(vault_dir, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "holiday.part").write_bytes(b"not ours")
    (stick / ".bastion-report-notours.part.txt").write_bytes(b"not ours either")
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    export = ["--data-dir", str(vault_dir), "report", "export", "--all"]
    killed_when(
        [*export, "--recipient", recipient, "-o", str(stick / "first.age")],
        lines(PASSPHRASE),
        lambda: any(n.startswith(".bastion-report-") and n.endswith(".part") for n in names(stick)),
    )
    assert "first.age" not in names(stick)

    done = bastion(
        "report",
        "export",
        "--all",
        "--recipient",
        recipient,
        "-o",
        str(stick / "second.age"),
        stdin=lines(PASSPHRASE),
        data_dir=vault_dir,
    )
    assert done.returncode == 0, done.stderr
    assert names(stick) == {"holiday.part", ".bastion-report-notours.part.txt", "second.age"}


def test_tidying_keeps_what_the_vault_refers_to_and_what_is_not_ours(vault_dir: Path) -> None:
    before = state(vault_dir)
    attachments, outbox = vault_dir / "attachments", vault_dir / "outbox"
    committed = names(attachments)
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    queued = bastion(
        "report",
        "export",
        "--all",
        "--outbox",
        "--recipient",
        recipient,
        stdin=lines(PASSPHRASE),
        data_dir=vault_dir,
    )
    assert queued.returncode == 0, queued.stderr
    [finished] = list(outbox.iterdir())  # queued, recorded: kept until it is sent
    # Finished but never recorded (killed between the rename and the record): the export
    # never said it was done, and nothing would ever send it. Removed.
    (outbox / "0123456789abcdef.age").write_bytes(b"age")
    before = state(vault_dir)
    others = {"notes.txt", ".bastion-report-x.part", "bastion-report-abcd1234.part"}
    for name in others:
        (outbox / name).write_bytes(b"not ours")
    (attachments / ".tmp-0123456789abcdef0123456789abcdef").write_bytes(b"partial")
    (attachments / ("f" * 32)).write_bytes(b"encrypted, key never saved")
    (outbox / ".bastion-report-ab_cd123.part").write_bytes(b"partial report")

    info(vault_dir)
    assert names(attachments) == committed
    assert names(outbox) == {finished.name, *others}
    info(vault_dir)  # idempotent
    assert names(outbox) == {finished.name, *others}
    assert state(vault_dir) == before


def test_nothing_is_tidied_while_another_process_writes(vault_dir: Path) -> None:
    attachments = vault_dir / "attachments"
    stored = attachments / ("e" * 32)  # written, about to be recorded by an import under way
    stored.write_bytes(b"encrypted")
    temp = attachments / ".tmp-0123456789abcdef0123456789abcdef"
    temp.write_bytes(b"being written")
    with writing_into(attachments):
        info(vault_dir)
        assert stored.exists()
        assert temp.exists()
    info(vault_dir)
    assert not stored.exists()
    assert not temp.exists()


def test_a_killed_report_open_leaves_no_decrypted_files_after_the_next_open(
    vault_dir: Path, tmp_path: Path
) -> None:
    from desktop.reports.document import ReportRequest
    from desktop.reports.exports import export_report
    from tests.reports.conftest import Who

    big = tmp_path / "evidence.bin"
    with big.open("wb") as handle:
        handle.truncate(128 * 1024 * 1024)
    identity = pyrage.x25519.Identity.generate()
    identity_file = tmp_path / "team.key"
    identity_file.write_text(f"{identity}\n")
    bundle = tmp_path / "report.age"
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    journal = Journal(vault)
    uid = journal.add(sample(title="Large"), [AttachmentSource(path=big)])
    recipient = Who("T&S", str(identity.to_public()))
    export_report(journal, ReportRequest((uid,)), [recipient], bundle, language="en")  # type: ignore[list-item]
    vault.lock()
    out = tmp_path / "out"
    out.mkdir()
    argv = ["report", "open", str(bundle), "-i", str(identity_file), "--out", str(out)]
    killed_when(argv, "", lambda: any(n.startswith(".bastion-open-") for n in names(out)))
    assert any(n.startswith(".bastion-open-") for n in names(out))  # decrypted files, left

    result = bastion(*argv, "--json")
    assert result.returncode == 0, result.stderr
    extracted = Path(json.loads(result.stdout)["extracted"])
    assert names(out) == {extracted.name}
