# SPDX-License-Identifier: GPL-3.0-or-later
"""Only prehashed "ED" minisign signatures are accepted for packs and profiles: the stock
minisign's default (`-S`) is taken, its legacy `-S -l` is refused in one line that says so."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from desktop.training.archive import build_archive, source_files
from desktop.training.validate import load_pack
from tests.cli.test_hostile import bastion
from tests.cli.test_main import assert_one_line_failure
from tests.profiles.builders import StockKey, document, encode
from tests.training.sample import write_sample_pack

LEGACY = "old format"


def stock_sign(key: StockKey, path: Path, *options: str) -> None:
    subprocess.run(
        ["minisign", "-S", *options, "-s", str(key.secret_path), "-m", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


@pytest.fixture
def stock(tmp_path: Path) -> StockKey:
    return StockKey.generate(tmp_path)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    source = write_sample_pack(tmp_path / "source")
    path = tmp_path / "sample.bastionpack"
    path.write_bytes(build_archive(load_pack(source_files(source)), "2026-01-01T00:00:00Z"))
    return path


@pytest.fixture
def profile(tmp_path: Path, stock: StockKey) -> Path:
    path = tmp_path / "org.json"
    path.write_bytes(encode(document(stock.line)))
    return path


@pytest.mark.parametrize(("options", "accepted"), [((), True), (("-l",), False)])
def test_pack_verify(stock: StockKey, pack: Path, options: tuple[str, ...], accepted: bool) -> None:
    stock_sign(stock, pack, *options)
    result = bastion("pack", "verify", str(pack), "--key", str(stock.public_path))
    if accepted:
        assert result.returncode == 0, result.stderr
    else:
        assert_one_line_failure(result)
        assert LEGACY in result.stderr
        assert "-l" in result.stderr


@pytest.mark.parametrize(("options", "accepted"), [((), True), (("-l",), False)])
def test_profile_verify(
    stock: StockKey, profile: Path, options: tuple[str, ...], accepted: bool
) -> None:
    stock_sign(stock, profile, *options)
    result = bastion("profile", "verify", str(profile))
    if accepted:
        assert result.returncode == 0, result.stderr
    else:
        assert_one_line_failure(result)
        assert LEGACY in result.stderr
