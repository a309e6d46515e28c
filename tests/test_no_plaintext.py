# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing a volunteer writes reaches the disk in the clear: not the vault folder, not the
temporary folder, not the home folder, not a USB stick a report was written to.

Entries carry a random marker in every text field and an attachment of random bytes; after
writing, reading, searching and verifying them (through the CLI, and in-process with the
vault still open so the write-ahead log is live), every file under those folders is searched
for the marker (UTF-8 and UTF-16-LE) and for three 64-byte windows of the attachment. A
control plants a plaintext file first and checks that the scanner finds it, so the test can
fail.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pyrage
import pytest

from desktop.journal import AttachmentSource, EntryContent, Filter, Journal, Occurred, Person
from tests.cli.test_main import bastion as run_cli
from tests.cli.test_main import lines
from tests.conftest import PASSPHRASE, MakeVault

WINDOW = 64


def needles(marker: str, payload: bytes) -> dict[str, bytes]:
    middle = len(payload) // 2
    return {
        "marker (UTF-8)": marker.encode("utf-8"),
        "marker (UTF-16-LE)": marker.encode("utf-16-le"),
        "attachment start": payload[:WINDOW],
        "attachment middle": payload[middle : middle + WINDOW],
        "attachment end": payload[-WINDOW:],
    }


def scan(roots: Iterable[Path], wanted: dict[str, bytes]) -> list[str]:
    """Every (needle, file) pair found, over every regular file under `roots` (-wal, -shm…)."""
    found: list[str] = []
    for root in roots:
        for directory, _dirs, names in os.walk(root):
            for name in names:
                path = Path(directory, name)
                if path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                found.extend(f"{label} in {path}" for label, n in wanted.items() if n in data)
    return found


def assert_scanner_works(roots: list[Path], wanted: dict[str, bytes]) -> None:
    """The control: plaintext planted in the scanned tree is found, for every needle."""
    for label, needle in wanted.items():
        planted = roots[-1] / f"planted-{secrets.token_hex(4)}.bin"
        planted.write_bytes(os.urandom(100) + needle + os.urandom(100))
        try:
            assert any(label in hit for hit in scan(roots, wanted)), label
        finally:
            planted.unlink()


@pytest.fixture
def sources(tmp_path: Path) -> tuple[str, bytes, Path, Path]:
    """A marker, the attachment's bytes, and where the plaintext inputs live (not scanned)."""
    marker = secrets.token_hex(16)
    payload = os.urandom(150 * 1024) + marker.encode() + os.urandom(150 * 1024)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    attachment = inbox / f"evidence-{marker}.bin"
    attachment.write_bytes(payload)
    body = inbox / "body.txt"
    body.write_text(f"What happened, with the marker {marker} inside.\n", encoding="utf-8")
    return marker, payload, attachment, body


def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    temp = tmp_path / "temp"
    temp.mkdir()
    for name in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() looks again
    return temp


def test_cli_leaves_no_plaintext_on_disk(
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    sources: tuple[str, bytes, Path, Path],
) -> None:
    marker, payload, attachment, body = sources
    temp = private_temp(tmp_path, monkeypatch)
    data = tmp_path / "data"

    def bastion(*args: str, stdin: str = lines(PASSPHRASE)) -> str:
        result = run_cli(*args, stdin=stdin, data_dir=data)
        assert result.returncode == 0, result.stderr
        return result.stdout

    bastion("init", "--kdf-seconds", "0")
    document = {
        "title": f"Threat {marker}",
        "place": f"Talk page {marker}",
        "people": [f"{marker}@en.wikipedia.org"],
        "links": [f"https://example.org/{marker}"],
        "tags": [marker],
    }
    uid = bastion(
        "journal",
        "add",
        *("--json-input", "-", "--category", "intimidation", "--severity", "high"),
        *("--body-file", str(body), "--attach", str(attachment)),
        stdin=lines(PASSPHRASE) + json.dumps(document),
    ).strip()
    assert marker in bastion("journal", "show", uid, "--json")  # it went in
    assert uid in bastion("journal", "search", stdin=lines(PASSPHRASE, marker))
    assert uid in bastion("journal", "list", "--tag-input", stdin=lines(PASSPHRASE, marker))
    bastion("journal", "show", uid)
    bastion("journal", "history", uid)
    bastion("journal", "verify")
    # Reports: one to a "USB stick" folder, one queued in the outbox; both encrypted.
    stick = tmp_path / "stick"
    stick.mkdir()
    team = pyrage.x25519.Identity.generate()
    recipient = str(team.to_public())
    bastion("report", "export", "--all", "--recipient", recipient, "-o", str(stick / "r.age"))
    bastion("report", "export", "--entry", uid, "--recipient", recipient, "--outbox")
    opened = pyrage.decrypt((stick / "r.age").read_bytes(), [team])
    assert marker.encode() in opened
    assert payload[:WINDOW] in opened

    roots = [data, temp, isolated_home, stick]
    wanted = needles(marker, payload)
    assert_scanner_works(roots, wanted)
    assert scan(roots, wanted) == []


def test_an_open_journal_leaves_no_plaintext_on_disk(
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_vault: MakeVault,
    data_dir: Path,
    sources: tuple[str, bytes, Path, Path],
) -> None:
    marker, payload, attachment, _body = sources
    temp = private_temp(tmp_path, monkeypatch)
    roots = [data_dir, temp, isolated_home]
    wanted = needles(marker, payload)
    content = EntryContent(
        title=f"Threat {marker}",
        occurred=Occurred(date(2026, 5, 1)),
        category="intimidation",
        place=f"Talk page {marker}",
        people=(Person(marker, "en.wikipedia.org"),),
        links=(f"https://example.org/{marker}",),
        narrative=f"What happened, with the marker {marker} inside.",
        tags=(marker,),
    )
    vault = make_vault()
    try:
        book = Journal(vault)
        kept = book.add(content, [AttachmentSource(path=attachment)])
        gone = book.add(content, [AttachmentSource(data=payload, name=f"copy-{marker}.bin")])
        book.update(kept, dataclasses.replace(content, narrative=f"{marker} again"))
        book.attach(kept, [AttachmentSource(path=attachment)])
        assert {item.uid for item in book.page(Filter(text=marker))} == {kept, gone}
        [first, *_] = book.get(kept).attachments
        assert book.read_attachment(first.uid, limit=1 << 20)[1] == payload
        assert book.verify().ok
        # The WAL holds the recent pages now: it must be encrypted too.
        wal = data_dir / "vault.db-wal"
        assert wal.exists()
        assert wal.stat().st_size > 0
        assert_scanner_works(roots, wanted)
        assert scan(roots, wanted) == []

        book.delete(gone)
        assert scan(roots, wanted) == []
    finally:
        vault.lock()
    assert scan(roots, wanted) == []
