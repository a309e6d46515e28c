# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion pack …`: build, sign, verify, install and list, and the stock minisign both ways."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from desktop.cli import common, main
from desktop.signing import PublicKey, SecretKey
from desktop.training import packs
from desktop.training.archive import MANIFEST
from desktop.vault import Vault, kdf
from tests.cli.test_main import bastion
from tests.conftest import PASSPHRASE
from tests.profiles.builders import StockKey
from tests.training.builders import members_of, with_manifest
from tests.training.sample import PACK_ID, write_sample_pack

KEY_PASSWORD = "walrus harbor sketch"


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    code = main.run(main.parse(list(argv)), common.PassphraseReader(io.StringIO(stdin)))
    out = capsys.readouterr()
    assert PASSPHRASE not in out.out + out.err
    assert KEY_PASSWORD not in out.out + out.err
    return subprocess.CompletedProcess(argv, code, out.out, out.err)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_sample_pack(tmp_path / "source")


def key_files(folder: Path, password: str | None = None) -> tuple[Path, Path]:
    """A secret key (with a password if given) and its public key, as files (made by Bastion)."""
    secret = SecretKey.generate()
    secret_path, public_path = folder / "trainer.key", folder / "trainer.pub"
    secret_path.write_bytes(secret.to_bytes(password))
    public_path.write_text(secret.public_key().to_text())
    return secret_path, public_path


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    # No password: minisign's scrypt parameters cost seconds per use; one test covers it.
    return key_files(tmp_path)


def built(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> Path:
    pack = tmp_path / "out" / f"{PACK_ID}.bastionpack"
    pack.parent.mkdir(exist_ok=True)
    result = run(capsys, "pack", "build", str(source), "-o", str(pack))
    assert result.returncode == 0, result.stderr
    return pack


def test_build_sign_verify(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    pack = built(capsys, source, tmp_path)
    secret_path, public_path = key_files(tmp_path, KEY_PASSWORD)
    result = run(capsys, "pack", "sign", str(pack), "-k", str(secret_path), stdin=KEY_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert pack.with_name(pack.name + ".minisig").is_file()
    result = run(capsys, "pack", "verify", str(pack), "--key", str(public_path), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["id"], summary["version"], summary["lessons"]) == (PACK_ID, 3, 4)
    assert summary["signer"] == PublicKey.parse(public_path.read_text()).line()
    # Without --key only the installation's pinned keys count, and this one is not pinned.
    result = run(capsys, "pack", "verify", str(pack))
    assert result.returncode == 1
    assert "does not trust" in result.stderr


def test_build_lists_every_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    module = source / "pathways/basics/accounts/module.yaml"
    module.write_text(module.read_text().replace("minutes: 4", "minutes: many"))
    (source / "pathways/basics/pathway.yaml").write_text(
        (source / "pathways/basics/pathway.yaml").read_text().replace("beginner", "novice")
    )
    out = tmp_path / "never.bastionpack"
    result = run(capsys, "pack", "build", str(source), "-o", str(out))
    assert result.returncode == 1
    assert "pathways/basics/accounts/module.yaml, line 7: lessons[0].minutes:" in result.stdout
    assert "pathways/basics/pathway.yaml, line 4: level:" in result.stdout
    assert "2 problems" in result.stderr
    assert not out.exists()


def test_install_and_list(
    capsys: pytest.CaptureFixture[str],
    source: Path,
    tmp_path: Path,
    keys: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    Vault(data_dir).create(PASSPHRASE, kdf.FLOOR)
    pack = built(capsys, source, tmp_path)
    secret_path, public_path = keys
    # Unsigned: refused before the passphrase is asked for.
    result = run(capsys, "--data-dir", str(data_dir), "pack", "install", str(pack))
    assert result.returncode == 1
    assert "signature was not found" in result.stderr
    run(capsys, "pack", "sign", str(pack), "-k", str(secret_path))
    # Signed, but by a key nobody pinned.
    result = run(
        capsys, "--data-dir", str(data_dir), "pack", "install", str(pack), stdin=PASSPHRASE
    )
    assert result.returncode == 1
    assert "does not trust" in result.stderr
    pinned = tmp_path / "resources" / "training"
    pinned.mkdir(parents=True)
    (pinned / "pack-keys.txt").write_text("# test\n" + public_path.read_text().splitlines()[1])
    real = packs.resource_path

    def resource_path(*parts: str) -> Path:
        return pinned.joinpath(parts[-1]) if parts[-1] == "pack-keys.txt" else real(*parts)

    monkeypatch.setattr(packs, "resource_path", resource_path)
    result = run(
        capsys, "--data-dir", str(data_dir), "pack", "install", str(pack), stdin=PASSPHRASE
    )
    assert result.returncode == 0, result.stderr
    assert "Pack installed." in result.stdout
    result = run(
        capsys, "--data-dir", str(data_dir), "pack", "install", str(pack), stdin=PASSPHRASE
    )
    assert result.returncode == 1
    assert "already have version 3" in result.stderr
    monkeypatch.undo()
    result = run(capsys, "--data-dir", str(data_dir), "pack", "list", "--json", stdin=PASSPHRASE)
    listed = {item["id"]: item for item in json.loads(result.stdout)}
    assert listed[PACK_ID]["origin"] == "installed"
    assert listed["bastion-default"]["origin"] == "bundled"
    assert listed[PACK_ID]["done"] == 0


def test_a_tampered_pack_is_refused(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    pack = built(capsys, source, tmp_path)
    secret_path, public_path = keys
    run(capsys, "pack", "sign", str(pack), "-k", str(secret_path))
    files = members_of(pack.read_bytes())
    files.pop(MANIFEST)
    files["pathways/basics/devices/updates.en.md"] = b"Never install updates.\n"
    pack.write_bytes(with_manifest(files, []))
    result = run(capsys, "pack", "verify", str(pack), "--key", str(public_path))
    assert result.returncode == 1
    assert "signature does not match" in result.stderr


@pytest.mark.parametrize("direction", ["minisign signs", "bastion signs"])
def test_stock_minisign_interoperates(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path, direction: str
) -> None:
    stock = StockKey.generate(tmp_path)
    pack = built(capsys, source, tmp_path)
    if direction == "minisign signs":
        stock.sign_file(pack)
        result = bastion("pack", "verify", str(pack), "--key", str(stock.public_path))
        assert result.returncode == 0, result.stderr
        assert stock.line in result.stdout
    else:
        result = run(capsys, "pack", "sign", str(pack), "-k", str(stock.secret_path))
        assert result.returncode == 0, result.stderr
        checked = subprocess.run(
            ["minisign", "-V", "-p", str(stock.public_path), "-m", str(pack)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert checked.returncode == 0, checked.stderr
        assert f"bastion-pack {PACK_ID} v3" in checked.stdout
        # And minisign refuses it once a byte changes.
        data = bytearray(pack.read_bytes())
        data[-30] ^= 0x01
        pack.write_bytes(bytes(data))
        checked = subprocess.run(
            ["minisign", "-V", "-p", str(stock.public_path), "-m", str(pack)],
            capture_output=True,
            timeout=30,
            check=False,
        )
        assert checked.returncode != 0
