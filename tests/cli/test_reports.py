# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion report …` against the stock `age` and `tar` commands, and a really full disk."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.journal import AttachmentSource, Journal
from desktop.vault import FLOOR, Vault
from tests.cli.test_main import REPO, assert_one_line_failure, bastion
from tests.conftest import PASSPHRASE
from tests.journal.conftest import sample
from tests.reports import hostile

AGE = shutil.which("age")
pytestmark = pytest.mark.skipif(AGE is None, reason="the stock age command is not installed")


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "vault"
    vault = Vault(directory)
    vault.create(PASSPHRASE, FLOOR)
    journal = Journal(vault)
    journal.add(
        sample(narrative="Ils ont publié mon adresse. نشروا عنواني."),
        [
            AttachmentSource(data=os.urandom(2 * 1024 * 1024 + 3), name="screen.bin"),
            AttachmentSource(data=b"log line\n", name="notes.txt"),
        ],
    )
    journal.add(sample(title="Second incident", place="Lagos"))
    vault.lock()
    return directory


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, str]:
    """A team identity made by the stock age-keygen."""
    path = tmp_path / "team.key"
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    public = next(
        line.split(": ", 1)[1] for line in path.read_text().splitlines() if "public key" in line
    )
    return path, public


def export(vault_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return bastion("report", "export", *args, stdin=PASSPHRASE + "\n", data_dir=vault_dir)


def opened_with_stock_tools(report: Path, identity: Path, tmp_path: Path) -> Path:
    """The report's folder as the stock `age` and `tar` unpack it."""
    plain = tmp_path / "plain.tar"
    subprocess.run([AGE, "-d", "-i", str(identity), "-o", str(plain), str(report)], check=True)
    extracted = tmp_path / "x"
    extracted.mkdir()
    subprocess.run(["tar", "-xf", str(plain), "-C", str(extracted)], check=True)
    (top,) = extracted.iterdir()
    return top


def journal_state(vault_dir: Path) -> dict[str, object]:
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    try:
        journal = Journal(vault)
        entries = [journal.get(s.uid) for s in journal.page()]
        attachments = {}
        for entry in entries:
            for info in entry.attachments:
                _info, chunks = journal.open_attachment(info.uid)
                attachments[info.uid] = b"".join(chunks)
        return {
            "entries": {e.uid: e for e in entries},
            "attachments": attachments,
            "verify": journal.verify().ok,
        }
    finally:
        vault.lock()


def test_stock_age_and_tar_open_an_exported_report(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    identity, public = team
    out = tmp_path / "report.age"
    result = export(vault_dir, "--all", "--recipient", public, "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entries"] == 2
    top = opened_with_stock_tools(out, identity, tmp_path)
    manifest = json.loads((top / "manifest.json").read_text())
    for item in manifest["files"]:
        data = (top / item["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
    state = journal_state(vault_dir)
    entries = json.loads((top / "entries.json").read_text())["entries"]
    for record in entries:
        entry = state["entries"][record["id"]]  # type: ignore[index]
        assert record["title"] == entry.content.title
        assert record["narrative"] == entry.content.narrative
        assert record["revision"] == entry.revision
        for att in record["attachments"]:
            assert (top / att["path"]).read_bytes() == state["attachments"][att["id"]]  # type: ignore[index]
    assert sum(len(r["attachments"]) for r in entries) == 2
    html = (top / "report.html").read_text()
    assert "نشروا عنواني" in html
    assert "Content-Security-Policy" in html


def test_report_open_reads_what_stock_age_and_tar_write(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    identity, public = team
    out = tmp_path / "report.age"
    assert export(vault_dir, "--all", "--recipient", public, "-o", str(out)).returncode == 0
    extracted = tmp_path / "x"
    extracted.mkdir()
    decrypted = subprocess.run(
        [AGE, "-d", "-i", str(identity), str(out)], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(extracted)], input=decrypted, check=True)
    (top,) = extracted.iterdir()

    def repack_and_open(name: str) -> subprocess.CompletedProcess[str]:
        tar = subprocess.run(
            ["tar", "-c", "-C", str(extracted), top.name], check=True, capture_output=True
        ).stdout
        bundle = tmp_path / name
        subprocess.run([AGE, "-r", public, "-o", str(bundle)], input=tar, check=True)
        return bastion("report", "open", str(bundle), "-i", str(identity), "--json")

    good = repack_and_open("by-age.age")
    assert good.returncode == 0, good.stderr
    document = json.loads(good.stdout)
    assert document["ok"] is True
    assert document["files_checked"] == 5
    assert document["extracted"] is None  # no --out
    attachment = next((top / "attachments").rglob("*notes.txt"))
    # Shorter than the manifest says: named as a problem. (Longer is refused outright, with
    # nothing written: test_report_open_refuses_hostile_archives.)
    attachment.write_bytes(b"log\n")
    bad = repack_and_open("changed.age")
    assert bad.returncode == 1
    problems = json.loads(bad.stdout)["problems"]
    assert problems == [{"path": attachment.relative_to(top).as_posix(), "code": "size"}]
    # With --out, a report that is not what was sent is not extracted at all.
    out_dir = tmp_path / "o"
    changed = str(tmp_path / "changed.age")
    bad_out = bastion("report", "open", changed, "-i", str(identity), "--out", str(out_dir))
    assert bad_out.returncode == 1
    assert "Nothing was extracted." in bad_out.stdout
    assert not out_dir.exists()


def test_one_changed_byte_wrong_identity_and_extraction(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    identity, public = team
    out = tmp_path / "report.age"
    assert export(vault_dir, "--all", "--recipient", public, "-o", str(out)).returncode == 0
    opened = bastion("report", "open", str(out), "-i", str(identity), "--out", str(tmp_path / "o"))
    assert opened.returncode == 0, opened.stderr
    assert "Every file matches the manifest." in opened.stdout
    assert len([p for p in (tmp_path / "o").rglob("*") if p.is_file()]) == 5

    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x40
    tampered = tmp_path / "tampered.age"
    tampered.write_bytes(bytes(data))
    result = bastion("report", "open", str(tampered), "-i", str(identity))
    assert result.returncode == 1
    assert "damaged" in result.stderr

    other = tmp_path / "other.key"
    subprocess.run(["age-keygen", "-o", str(other)], check=True, capture_output=True)
    result = bastion("report", "open", str(out), "-i", str(other))
    assert result.returncode == 1
    assert "not encrypted to that key" in result.stderr


def test_export_refuses_bad_input_before_the_passphrase(vault_dir: Path, tmp_path: Path) -> None:
    result = bastion(
        "report",
        "export",
        "--all",
        "--recipient",
        "age1nope",
        "-o",
        str(tmp_path / "r.age"),
        data_dir=vault_dir,
    )
    assert result.returncode == 1
    assert "not an age public key" in result.stderr
    assert "Passphrase" not in result.stderr
    result = bastion("report", "export", "--all", "-o", str(tmp_path / "r.age"), data_dir=vault_dir)
    assert result.returncode == 2


def test_list_shows_exports(vault_dir: Path, team: tuple[Path, str], tmp_path: Path) -> None:
    _identity, public = team
    assert export(vault_dir, "--all", "--recipient", public, "--outbox").returncode == 0
    listed = bastion("report", "list", "--json", stdin=PASSPHRASE + "\n", data_dir=vault_dir)
    (record,) = json.loads(listed.stdout)
    assert record["status"] == "queued"
    assert Path(record["path"]).parent == vault_dir / "outbox"
    ciphertext = Path(record["path"]).read_bytes()
    assert b"Second incident" not in ciphertext


# ---------------------------------------------------------------------- a full disk
def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m none /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_tmpfs = pytest.mark.skipif(
    not _unshare_works(),
    reason="mounting a small tmpfs needs user and mount namespaces, which this kernel refuses",
)

_IN_NAMESPACE = """
import sys
from pathlib import Path
from desktop.journal import Journal
from desktop.reports.document import ReportRequest
from desktop.reports.exports import export_report
from desktop.messages import describe
from desktop.vault import Vault

class Who:
    label, source = "team", "manual"
    def __init__(self, key): self.public_key = key

vault = Vault(Path(sys.argv[1]))
vault.unlock(sys.stdin.readline().rstrip("\\n"))
journal = Journal(vault)
uids = tuple(s.uid for s in journal.page())
try:
    export_report(journal, ReportRequest(uids), [Who(sys.argv[2])], Path(sys.argv[3]),
                  language="en", check_space=False)
    print("WRITTEN")
except Exception as exc:
    print(type(exc).__name__)
    print(describe(exc))
finally:
    vault.lock()
"""


def _in_small_disk(command: list[str], mount: Path, stdin: str) -> str:
    """Run `command` with a 1 MiB tmpfs at `mount`; returns its output and `ls -A mount`."""
    script = 'mount -t tmpfs -o size=1m none "$0" && "$@"; echo "LISTING:$(ls -A "$0")"'
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, str(mount), *command],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        timeout=90,
        check=False,
    )
    return result.stdout + result.stderr


def _listing(output: str) -> str:
    """What was left on the small disk after the command (nothing, hidden files included)."""
    found = re.search(r"^LISTING:(.*)$", output, re.MULTILINE)
    assert found is not None, output
    return found.group(1)


@needs_tmpfs
def test_a_stick_too_small_is_refused_before_writing(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    _identity, public = team
    mount = tmp_path / "stick"
    mount.mkdir()
    before = journal_state(vault_dir)
    argv = [sys.executable, "-m", "desktop", "--data-dir", str(vault_dir), "report", "export"]
    argv += ["--all", "--recipient", public, "-o", str(mount / "r.age")]
    output = _in_small_disk(argv, mount, PASSPHRASE + "\n")
    assert "There is not enough room there" in output
    assert _listing(output) == ""
    after = journal_state(vault_dir)
    assert after["verify"] is True
    assert after["attachments"] == before["attachments"]


@needs_tmpfs
def test_the_disk_filling_up_mid_write_leaves_nothing(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    _identity, public = team
    mount = tmp_path / "stick"
    mount.mkdir()
    argv = [sys.executable, "-c", _IN_NAMESPACE, str(vault_dir), public, str(mount / "r.age")]
    output = _in_small_disk(argv, mount, PASSPHRASE + "\n")
    assert "DiskFullError" in output, output
    assert "The disk is full" in output
    assert _listing(output) == ""
    state = journal_state(vault_dir)
    assert state["verify"] is True
    assert len(state["entries"]) == 2  # type: ignore[arg-type]


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Children started inside cannot write a file larger than `limit` (a bomb that got
    through would fail there instead of filling the disk)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.parametrize("case", sorted(hostile.HOSTILE))
def test_report_open_refuses_hostile_archives(
    case: str, team: tuple[Path, str], tmp_path: Path
) -> None:
    identity, public = team
    bundle = tmp_path / "hostile.age"
    subprocess.run(
        [AGE, "-r", public, "-o", str(bundle)], input=hostile.HOSTILE[case](), check=True
    )
    dest = tmp_path / "dest"
    (dest / "out").mkdir(parents=True)
    started = time.monotonic()
    with file_size_limit(64 << 20):
        result = bastion(
            "report", "open", str(bundle), "-i", str(identity), "--out", str(dest / "out")
        )
    assert time.monotonic() - started < 30
    assert_one_line_failure(result)
    assert "refused" in result.stderr
    assert [p.name for p in dest.rglob("*")] == ["out"]  # no file, no temp folder


def test_report_open_with_a_new_out_folder_leaves_nothing(
    team: tuple[Path, str], tmp_path: Path
) -> None:
    identity, public = team
    bundle = tmp_path / "hostile.age"
    subprocess.run([AGE, "-r", public, "-o", str(bundle)], input=hostile.bigger(), check=True)
    dest = tmp_path / "dest"
    dest.mkdir()
    out = dest / "new" / "out"
    result = bastion("report", "open", str(bundle), "-i", str(identity), "--out", str(out))
    assert_one_line_failure(result)
    assert list(dest.iterdir()) == []  # --out and its parent were not left behind


def test_report_open_refuses_a_fifo_as_the_report(team: tuple[Path, str], tmp_path: Path) -> None:
    identity, _public = team
    fifo = tmp_path / "report.age"
    os.mkfifo(fifo)
    result = bastion("report", "open", str(fifo), "-i", str(identity))
    assert_one_line_failure(result)
    assert "could not be read" in result.stderr


def test_report_proof_opens_the_commitments_of_exactly_the_revisions_reported(
    vault_dir: Path, team: tuple[Path, str], tmp_path: Path
) -> None:
    """The manifest's commitments mean nothing without their salt; `report proof` gives it,
    with the hashes of the revisions the report covered (and not of later edits)."""
    identity, public = team
    out = tmp_path / "report.age"
    made = export(vault_dir, "--all", "--recipient", public, "-o", str(out), "--json")
    assert made.returncode == 0, made.stderr
    report_id = json.loads(made.stdout)["report_id"]
    top = opened_with_stock_tools(out, identity, tmp_path)
    manifest = json.loads((top / "manifest.json").read_text())
    # An edit after the report: not part of what it covered.
    time.sleep(1.1)
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    journal = Journal(vault)
    edited = manifest["entries"][0]["id"]
    journal.update(edited, sample(title="Changed after the report"))
    vault.lock()

    result = bastion("report", "proof", report_id, stdin=PASSPHRASE + "\n", data_dir=vault_dir)
    assert result.returncode == 0, result.stderr
    proof = json.loads(result.stdout)
    assert (proof["format"], proof["format_version"]) == ("bastion-report-proof", 1)
    assert proof["report_id"] == manifest["report_id"] == report_id
    assert proof["commitment_scheme"] == manifest["commitment_scheme"]
    salt = bytes.fromhex(proof["salt"])
    by_id = {e["id"]: e for e in proof["entries"]}
    for entry in manifest["entries"]:
        revisions = by_id[entry["id"]]["revisions"]
        # Anyone can recompute each commitment from the salt and the revision hash.
        recomputed = [
            hashlib.sha256(salt + r["hash"].encode("ascii")).hexdigest() for r in revisions
        ]
        assert recomputed == [r["commitment"] for r in revisions]
        assert recomputed == entry["revision_commitments"]
        assert revisions[-1]["revision"] == entry["revision"]

    unknown = bastion("report", "proof", "0" * 16, stdin=PASSPHRASE + "\n", data_dir=vault_dir)
    assert_one_line_failure(unknown)
    assert "no report with that id" in unknown.stderr
    malformed = bastion("report", "proof", "../x", stdin="", data_dir=vault_dir)
    assert_one_line_failure(malformed)  # refused before the passphrase is asked for


def test_export_hold_keeps_a_report_in_the_outbox_until_report_send(
    vault_dir: Path, team: tuple[Path, str]
) -> None:
    from desktop.reports.exports import STATUS_HELD, STATUS_QUEUED, get_export

    _identity, public = team
    refused = export(vault_dir, "--all", "--recipient", public, "-o", "x.age", "--hold")
    assert_one_line_failure(refused)  # --hold is for the outbox only
    held = export(vault_dir, "--all", "--recipient", public, "--outbox", "--hold", "--json")
    assert held.returncode == 0, held.stderr
    made = json.loads(held.stdout)
    assert made["status"] == STATUS_HELD
    listed = bastion("report", "list", stdin=PASSPHRASE + "\n", data_dir=vault_dir)
    assert "kept in the outbox, not sent" in listed.stdout
    sent = bastion("report", "send", made["report_id"], stdin=PASSPHRASE + "\n", data_dir=vault_dir)
    assert sent.returncode == 0, sent.stderr
    again = bastion(
        "report", "send", made["report_id"], stdin=PASSPHRASE + "\n", data_dir=vault_dir
    )
    assert_one_line_failure(again)  # no longer kept: nothing to release
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    try:
        record = get_export(vault, made["report_id"])
        assert record is not None
        assert record.status == STATUS_QUEUED
    finally:
        vault.lock()
