# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input from outside, run as a person would: one line, a non-zero exit, nothing changed.

Children run with a cap on their address space, so that a regression (reading /dev/zero
whole, deriving with a tampered 4 GiB header) fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path

import pyrage
import pytest

from desktop.cli import common
from tests.cli.test_main import assert_one_line_failure, lines
from tests.cli.test_main import bastion as run_cli
from tests.conftest import PASSPHRASE, snapshot
from tests.test_hostile_input import encrypted_report
from tests.training.sample import write_sample_pack

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero, rlimits")

REPO = Path(__file__).resolve().parents[2]
ADDRESS_SPACE = 3 * 1024**3  # Python, SQLCipher and one floor derivation fit well within


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def bastion(
    *args: str, stdin: str = "", data_dir: Path | None = None, stdout: int | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process whose address space is capped, so a hostile input that
    asks for gigabytes fails there instead of swapping the machine."""
    return run_cli(*args, stdin=stdin, data_dir=data_dir, stdout=stdout, preexec_fn=_limit_memory)


@pytest.fixture
def initialized(data_dir: Path) -> Path:
    result = bastion("init", "--kdf-seconds", "0", stdin=lines(PASSPHRASE), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


# ---------------------------------------------------------------- --kdf-seconds
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "1e400", "61", "soon"])
@pytest.mark.parametrize("command", ["init", "passwd"])
def test_kdf_seconds_must_be_a_finite_number_in_range(
    command: str, value: str, data_dir: Path
) -> None:
    result = bastion(command, f"--kdf-seconds={value}", stdin=lines(PASSPHRASE), data_dir=data_dir)
    assert result.returncode == common.EXIT_USAGE
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    # argparse's usage line, then the one line that says what is wrong.
    assert result.stderr.splitlines()[-1].endswith(
        "argument --kdf-seconds: must be a number of seconds from 0 to 60"
    )
    assert not data_dir.exists()


@pytest.mark.parametrize("value", ["0", "0.5", "60"])
def test_kdf_seconds_in_range_are_taken(value: str) -> None:
    from desktop.cli import main

    assert main.parse(["init", "--kdf-seconds", value]).kdf_seconds == float(value)


# ---------------------------------------------------------------- a closed standard output
def closed_stdout(*args: str, stdin: str = "", data_dir: Path | None = None) -> str:
    """Run with standard output a pipe nobody reads (`bastion … | head -0`); stderr back."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = bastion(*args, stdin=stdin, data_dir=data_dir, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode in (common.EXIT_OK, common.EXIT_FAILED), result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["journal", "categories"], ["journal", "categories", "--json"]],
    ids=["version", "help", "categories", "categories-json"],
)
def test_a_closed_pipe_ends_quietly_without_a_vault(argv: list[str], data_dir: Path) -> None:
    assert closed_stdout(*argv, data_dir=data_dir) == ""


@pytest.mark.parametrize(
    "argv",
    [["info", "--json"], ["info"], ["journal", "list"], ["report", "list", "--json"]],
    ids=["info-json", "info", "journal-list", "report-list"],
)
def test_a_closed_pipe_ends_quietly_after_unlocking(argv: list[str], initialized: Path) -> None:
    before = sorted(snapshot(initialized))  # an unlock rewrites pages, so names only
    assert closed_stdout(*argv, stdin=lines(PASSPHRASE), data_dir=initialized) == ""
    assert sorted(snapshot(initialized)) == before  # locked: no -wal or -shm left behind


def test_a_closed_pipe_ends_self_test_quietly(data_dir: Path) -> None:
    assert closed_stdout("self-test", data_dir=data_dir) == ""


def test_the_journal_no_longer_handles_the_pipe_itself() -> None:
    # One place handles it for every command (desktop/cli/main.py).
    source = (REPO / "desktop" / "cli" / "journal" / "__init__.py").read_text(encoding="utf-8")
    assert "BrokenPipeError" not in source


# ---------------------------------------------------------------- a tampered vault.key
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _huge(path: Path) -> None:
    path.write_bytes(b" " * (1024 * 1024))


def _nested(path: Path) -> None:
    path.write_bytes(b"[" * 30_000 + b"]" * 30_000)


def _greedy(path: Path) -> None:
    # A valid header in every other way, asking for 4 GiB per attempt.
    document = json.loads(path.read_text())
    document["kdf"]["memory_kib"] = 4 * 1024 * 1024
    path.write_text(json.dumps(document))


TAMPERED = {
    "fifo": _fifo,
    "dev-zero": _zero,
    "folder": _folder,
    "huge": _huge,
    "nested": _nested,
    "4-gib": _greedy,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_key_file_is_refused_as_damaged(initialized: Path, tamper: object) -> None:
    key = initialized / "vault.key"
    keep = key.read_bytes()
    if tamper in (_fifo, _zero, _folder, _huge, _nested):
        key.unlink()
    tamper(key)  # type: ignore[operator]
    result = bastion("info", stdin=lines(PASSPHRASE), data_dir=initialized)
    assert_one_line_failure(result)
    assert "key file (vault.key) is damaged" in result.stderr
    if key.is_dir():
        key.rmdir()
    else:
        key.unlink()
    key.write_bytes(keep)
    assert bastion("info", stdin=lines(PASSPHRASE), data_dir=initialized).returncode == 0


# ---------------------------------------------------------------- packs and reports
def test_a_deeply_nested_pack_file_is_one_problem_not_a_crash(tmp_path: Path) -> None:
    source = write_sample_pack(tmp_path / "source")
    (source / "pathways" / "basics" / "pathway.yaml").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = bastion("pack", "build", str(source), "-o", str(tmp_path / "pack.bastionpack"))
    assert result.returncode == common.EXIT_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    assert "pathways/basics/pathway.yaml, line 1: lists and sections are nested too deeply" in (
        result.stdout
    )
    assert not (tmp_path / "pack.bastionpack").exists()


MANIFEST = b'{"format": "bastion-report", "format_version": 1, "files": [], "entries": []}'
ENTRIES_HEAD = '{"format": "bastion-report-entries", "format_version": 1, "entries": '
SHAPES = {
    "entries-a-number": "5",
    "entries-a-text": '"abc"',
    "entry-a-number": "[1, 2]",
    "title-a-list": '[{"id": "a", "title": ["x"]}]',
    "id-an-object": '[{"id": {"x": 1}, "title": "t"}]',
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_report_open_refuses_a_wrongly_shaped_entries_file(shape: str, tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "team.txt").write_text(f"{identity}\n")
    entries = (ENTRIES_HEAD + shape + "}").encode()
    bundle = tmp_path / "report.age"
    bundle.write_bytes(
        encrypted_report({"manifest.json": MANIFEST, "entries.json": entries}, identity)
    )
    for extra in ([], ["--json"]):
        result = bastion("report", "open", str(bundle), "-i", str(tmp_path / "team.txt"), *extra)
        assert_one_line_failure(result)
        assert "it is not a Bastion report" in result.stderr
