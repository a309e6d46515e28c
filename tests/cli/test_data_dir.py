# SPDX-License-Identifier: GPL-3.0-or-later
"""`--data-dir` never takes over someone else's folder, and Bastion never changes the mode of a
folder it did not create (`--data-dir /tmp` once turned a shared 1777 folder into 0700).

A new folder is created private; an existing Bastion data folder is used as it is; an empty
folder only its owner can write to is used; a folder that holds other things, or that others
can write to, is refused in one line with nothing in it read, written or changed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop import config
from desktop.errors import DataFolderRefusedError
from tests.cli.test_hostile import bastion
from tests.cli.test_main import assert_one_line_failure, lines
from tests.conftest import PASSPHRASE, snapshot

pytestmark = pytest.mark.skipif(os.name != "posix", reason="folder modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def init(data_dir: Path) -> object:
    return bastion("init", "--kdf-seconds", "0", stdin=lines(PASSPHRASE), data_dir=data_dir)


def _shared_with_files(path: Path) -> None:
    path.mkdir()
    path.chmod(0o1777)
    (path / "someone-elses.txt").write_text("not Bastion's")


def _shared_empty(path: Path) -> None:
    path.mkdir()
    path.chmod(0o1777)


def _private_with_files(path: Path) -> None:
    path.mkdir(mode=0o755)
    path.chmod(0o755)
    (path / "notes.txt").write_text("mine, not Bastion's")


REFUSED = {
    "shared-1777-with-files": (_shared_with_files, "Other users"),
    "shared-1777-empty": (_shared_empty, "Other users"),
    "not-empty": (_private_with_files, "already holds other files"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize(
    "argv", [["init", "--kdf-seconds", "0"], ["info"], []], ids=["init", "info", "window"]
)
def test_someone_elses_folder_is_refused_unchanged(
    tmp_path: Path, make: tuple[object, str], argv: list[str]
) -> None:
    maker, expected = make
    folder = tmp_path / "shared"
    maker(folder)  # type: ignore[operator]
    before_mode, before = mode(folder), snapshot(folder)
    args = argv or ["--exit-when-shown"]
    result = bastion(*args, stdin=lines(PASSPHRASE), data_dir=folder)
    assert_one_line_failure(result)
    assert expected in result.stderr, result.stderr
    assert mode(folder) == before_mode
    assert snapshot(folder) == before


def test_a_new_folder_is_created_private(tmp_path: Path) -> None:
    folder = tmp_path / "stick" / "Bastion"
    result = init(folder)
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert mode(folder) == 0o700
    assert (folder / "vault.key").is_file()


def test_a_new_folder_inside_a_shared_one_is_fine(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    _shared_with_files(shared)
    result = init(shared / "Bastion")
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert mode(shared) == 0o1777
    assert mode(shared / "Bastion") == 0o700


def test_an_empty_private_folder_is_used_and_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "made-by-me"
    folder.mkdir()
    folder.chmod(0o750)
    result = init(folder)
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert (folder / "vault.key").is_file()
    assert mode(folder) == 0o750  # not Bastion's folder: its files are private, it is not


def test_an_existing_data_folder_is_used_and_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert init(folder).returncode == 0  # type: ignore[attr-defined]
    (folder / "left-by-someone.txt").write_text("x")
    folder.chmod(0o770)  # a data folder that is Bastion's is still used, and not re-moded
    result = bastion("info", stdin=lines(PASSPHRASE), data_dir=folder)
    assert result.returncode == 0, result.stderr
    assert mode(folder) == 0o770


def test_the_check_itself(tmp_path: Path) -> None:
    config.check_data_dir(tmp_path / "absent")
    shared = tmp_path / "shared"
    _shared_empty(shared)
    with pytest.raises(DataFolderRefusedError) as caught:
        config.resolve_data_dir(shared)
    assert caught.value.reason == "shared"
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataFolderRefusedError) as caught:
        config.resolve_data_dir(tmp_path)
    assert caught.value.reason == "not-empty"
