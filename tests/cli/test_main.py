# SPDX-License-Identifier: GPL-3.0-or-later
"""Headless commands, run as a person would: `python -m desktop …` with piped input.

Every run is checked for the contract in desktop/cli/: bad input gives one line on stderr
and a non-zero exit, and no passphrase ever appears in the output.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import desktop
from desktop.cli import common, main
from desktop.vault import kdf
from desktop.vault.errors import (
    PassphraseMismatchError,
    PassphraseTooShortError,
    PassphraseTooWeakError,
)
from desktop.vault.migrations import LATEST
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, WRONG_PASSPHRASE, snapshot

REPO = Path(__file__).resolve().parent.parent
SECRETS = (PASSPHRASE, NEW_PASSPHRASE, WRONG_PASSPHRASE)


def bastion(
    *args: str,
    stdin: str = "",
    data_dir: Path | None = None,
    stdout: int | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process; the autouse fixture already isolated HOME and XDG.

    `stdout` replaces the captured pipe (a closed one, say); `preexec_fn` runs in the child
    before Bastion starts (a memory limit)."""
    argv: list[str] = [sys.executable, "-m", "desktop"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    result = subprocess.run(
        [*argv, *args],
        input=stdin,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
        timeout=90,
        check=False,
        preexec_fn=preexec_fn,
    )
    assert_no_secret((result.stdout or "") + result.stderr)
    return result


def assert_no_secret(output: str) -> None:
    for secret in SECRETS:
        assert secret not in output
        for word in secret.split():
            assert word not in output, word


def assert_one_line_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bastion: ")
    assert "Traceback" not in result.stderr


def lines(*entries: str) -> str:
    return "".join(entry + "\n" for entry in entries)


@pytest.fixture
def initialized(data_dir: Path) -> Path:
    """A data folder with a vault made by `bastion init` (FLOOR parameters)."""
    result = bastion("init", "--kdf-seconds", "0", stdin=lines(PASSPHRASE), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


# ---------------------------------------------------------------- version, self-test
def test_version_prints_the_version() -> None:
    result = bastion("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Bastion {desktop.__version__}"


def test_self_test_checks_qt_sqlcipher_and_a_vault() -> None:
    result = bastion("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout.splitlines()
    assert any(re.match(r"Qt \d+\.\d+", line) for line in output), result.stdout
    assert any(re.match(r"SQLCipher \d+\.\d+", line) for line in output), result.stdout
    assert "vault: ok" in output
    assert output[-1] == "self-test: ok"
    assert "FAILED" not in result.stdout


# ---------------------------------------------------------------- init
def test_init_creates_a_vault_from_one_piped_line(initialized: Path) -> None:
    assert sorted(p.name for p in initialized.iterdir()) == ["vault.db", "vault.key"]
    header = json.loads((initialized / "vault.key").read_text())
    # --kdf-seconds 0 means the floor, never less.
    assert header["kdf"]["memory_kib"] == kdf.FLOOR.memory_kib
    assert header["kdf"]["time_cost"] == kdf.FLOOR.time_cost


def test_init_uses_the_platform_data_folder_by_default(isolated_home: Path) -> None:
    result = bastion("init", "--kdf-seconds", "0", stdin=lines(PASSPHRASE))
    assert result.returncode == 0, result.stderr
    # The autouse fixture pointed XDG_DATA_HOME into tmp_path: the vault went there.
    created = sorted(isolated_home.rglob("vault.key"))
    assert len(created) == 1
    assert created[0].parent.name == "Bastion"
    assert created[0].is_relative_to(Path(os.environ["XDG_DATA_HOME"]))


def test_init_again_refuses_and_changes_nothing(initialized: Path) -> None:
    before = snapshot(initialized)
    result = bastion(
        "init", "--kdf-seconds", "0", stdin=lines(NEW_PASSPHRASE), data_dir=initialized
    )
    assert_one_line_failure(result)
    assert snapshot(initialized) == before


def test_init_with_empty_input_fails_and_creates_nothing(data_dir: Path) -> None:
    result = bastion("init", "--kdf-seconds", "0", stdin="", data_dir=data_dir)
    assert_one_line_failure(result)
    assert not (data_dir / "vault.key").exists()


@pytest.mark.parametrize("weak", ["short", "password1234"])
def test_init_with_a_weak_passphrase_fails_and_creates_nothing(data_dir: Path, weak: str) -> None:
    result = bastion("init", "--kdf-seconds", "0", stdin=lines(weak), data_dir=data_dir)
    assert_one_line_failure(result)
    assert weak not in result.stderr
    assert not (data_dir / "vault.key").exists()


def test_a_passphrase_on_the_command_line_is_refused(data_dir: Path) -> None:
    # Not through bastion(): argparse quotes the rejected argument in its usage error. The
    # point here is that no command accepts one, so nothing is created.
    for command in (["init", PASSPHRASE], ["info", PASSPHRASE], ["passwd", PASSPHRASE]):
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *command],
            input="",
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
            check=False,
        )
        assert result.returncode == common.EXIT_USAGE, command
        assert result.stdout == ""
    assert not data_dir.exists() or not any(data_dir.iterdir())


# ---------------------------------------------------------------- info
def test_info_json_shows_format_only(initialized: Path) -> None:
    result = bastion("info", "--json", stdin=lines(PASSPHRASE), data_dir=initialized)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["schema_version"] == LATEST
    assert document["latest_schema_version"] == LATEST
    assert document["header_version"] == 1
    assert document["kdf"]["algorithm"] == "argon2id"
    assert document["kdf"]["memory_kib"] >= 64 * 1024
    assert document["kdf"]["time_cost"] >= 3
    assert document["vault_id"] == json.loads((initialized / "vault.key").read_text())["vault_id"]
    assert document["app_version"] == desktop.__version__


def test_info_text_describes_the_key_derivation(initialized: Path) -> None:
    result = bastion("info", stdin=lines(PASSPHRASE), data_dir=initialized)
    assert result.returncode == 0, result.stderr
    assert "Argon2id, 64 MiB, 3 passes, 4 lanes" in result.stdout


def test_info_with_a_wrong_passphrase_fails_with_one_line(initialized: Path) -> None:
    before = snapshot(initialized)
    result = bastion("info", stdin=lines(WRONG_PASSPHRASE), data_dir=initialized)
    assert_one_line_failure(result)
    assert snapshot(initialized) == before


def test_wrong_passphrases_make_the_command_line_wait_too(initialized: Path) -> None:
    """The count is kept beside the key header, so each new process sees it."""
    for _ in range(2):
        assert_one_line_failure(
            bastion("info", stdin=lines(WRONG_PASSPHRASE), data_dir=initialized)
        )
    third = bastion("info", stdin=lines(WRONG_PASSPHRASE), data_dir=initialized)
    assert_one_line_failure(third)
    assert "You can try again in 5 seconds." in third.stderr
    right = bastion("info", stdin=lines(PASSPHRASE), data_dir=initialized)
    assert_one_line_failure(right)
    assert "Too many wrong passphrases in a row" in right.stderr
    assert "Nothing was changed." in right.stderr


def test_info_with_empty_input_fails_with_one_line(initialized: Path) -> None:
    assert_one_line_failure(bastion("info", stdin="", data_dir=initialized))


def test_info_without_a_vault_fails_with_one_line(data_dir: Path) -> None:
    assert_one_line_failure(bastion("info", stdin=lines(PASSPHRASE), data_dir=data_dir))


# ---------------------------------------------------------------- passwd
def test_passwd_reads_old_and_one_new_line(initialized: Path) -> None:
    database_before = (initialized / "vault.db").read_bytes()
    result = bastion(
        "passwd",
        "--kdf-seconds",
        "0",
        stdin=lines(PASSPHRASE, NEW_PASSPHRASE),
        data_dir=initialized,
    )
    assert result.returncode == 0, result.stderr
    assert (initialized / "vault.db").read_bytes() == database_before
    assert_one_line_failure(bastion("info", stdin=lines(PASSPHRASE), data_dir=initialized))
    ok = bastion("info", "--json", stdin=lines(NEW_PASSPHRASE), data_dir=initialized)
    assert ok.returncode == 0, ok.stderr


def test_passwd_with_a_wrong_old_passphrase_changes_nothing(initialized: Path) -> None:
    header_before = (initialized / "vault.key").read_bytes()
    result = bastion(
        "passwd",
        "--kdf-seconds",
        "0",
        stdin=lines(WRONG_PASSPHRASE, NEW_PASSPHRASE),
        data_dir=initialized,
    )
    assert_one_line_failure(result)
    assert (initialized / "vault.key").read_bytes() == header_before


def test_passwd_without_the_new_line_changes_nothing(initialized: Path) -> None:
    header_before = (initialized / "vault.key").read_bytes()
    result = bastion("passwd", "--kdf-seconds", "0", stdin=lines(PASSPHRASE), data_dir=initialized)
    assert_one_line_failure(result)
    assert (initialized / "vault.key").read_bytes() == header_before


# ---------------------------------------------------------------- PassphraseReader
class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reader_takes_one_line_per_passphrase_when_piped() -> None:
    reader = common.PassphraseReader(io.StringIO(f"{PASSPHRASE}\r\n{NEW_PASSPHRASE}\nleft over\n"))
    assert not reader.interactive
    assert reader.read("Passphrase: ") == PASSPHRASE  # CRLF from Windows pipes is stripped
    # Piped: a new passphrase is one line, not two (no confirmation line is consumed).
    assert reader.read_new("New: ", "Again: ") == NEW_PASSPHRASE
    assert reader.read("Next: ") == "left over"
    with pytest.raises(common.InputEndedError):
        reader.read("Passphrase: ")


def test_reader_keeps_inner_and_trailing_spaces() -> None:
    reader = common.PassphraseReader(io.StringIO(f"  {PASSPHRASE}  \n"))
    assert reader.read("Passphrase: ") == f"  {PASSPHRASE}  "


@pytest.mark.parametrize(
    ("line", "error"),
    [("short", PassphraseTooShortError), ("password1234", PassphraseTooWeakError)],
)
def test_reader_checks_a_new_passphrase(line: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        common.PassphraseReader(io.StringIO(line + "\n")).read_new("New: ", "Again: ")


def test_reader_on_a_terminal_asks_twice_without_echo(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([PASSPHRASE, PASSPHRASE + "!"])
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    reader = common.PassphraseReader(FakeTerminal())
    assert reader.interactive
    with pytest.raises(PassphraseMismatchError):
        reader.read_new("New: ", "Again: ")
    assert prompts == ["New: ", "Again: "]


def test_run_reports_errors_as_one_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = main.parse(["--data-dir", str(data_dir), "info"])
    code = main.run(args, common.PassphraseReader(io.StringIO(lines(PASSPHRASE))))
    captured = capsys.readouterr()
    assert code == common.EXIT_FAILED
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert str(data_dir) not in captured.err
