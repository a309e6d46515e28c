# SPDX-License-Identifier: GPL-3.0-or-later
"""Files chosen in the window go through the same checked readers as the command line: a
pipe or a folder is refused as not a file, a 2 GiB sparse signature as too large, before any
byte is read (tests/cli/test_outside_files.py runs the same cases as commands)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.errors import FileTooLargeError, NotAFileError
from desktop.messages import is_known
from desktop.ui.learn import jobs as learn_jobs
from desktop.ui.profiles import jobs as profile_jobs

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and sparse files")


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)


@pytest.mark.parametrize(
    ("make", "error"),
    [(_sparse, FileTooLargeError), (os.mkfifo, NotAFileError), (Path.mkdir, NotAFileError)],
    ids=["sparse-2-gib", "fifo", "folder"],
)
@pytest.mark.parametrize("part", ["document", "signature"])
def test_a_picked_profile(tmp_path: Path, part: str, make: object, error: type) -> None:
    profile = tmp_path / "org.json"
    signature = tmp_path / "org.json.minisig"
    (signature if part == "document" else profile).write_bytes(b"{}")
    make(profile if part == "document" else signature)  # type: ignore[operator]
    with pytest.raises(error) as caught:
        profile_jobs.read_files(profile)
    assert is_known(caught.value)


@pytest.mark.parametrize(
    ("make", "error"),
    [(_sparse, FileTooLargeError), (os.mkfifo, NotAFileError), (Path.mkdir, NotAFileError)],
    ids=["sparse-2-gib", "fifo", "folder"],
)
def test_a_picked_pack_signature(tmp_path: Path, make: object, error: type) -> None:
    pack = tmp_path / "sample.bastionpack"
    pack.write_bytes(b"PK")
    make(tmp_path / "sample.bastionpack.minisig")  # type: ignore[operator]
    with pytest.raises(error) as caught:
        learn_jobs.read_pack_file(pack)  # what the window's check_file reads with
    assert is_known(caught.value)
