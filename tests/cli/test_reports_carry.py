# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion report carry`: a courier queues someone else's sealed report without reading it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from desktop.reports.exports import outbox_dir
from desktop.vault import FLOOR, Vault
from tests.cli.test_main import assert_one_line_failure, bastion
from tests.conftest import PASSPHRASE
from tests.sync.support import ORG, add_org


@pytest.fixture
def courier(tmp_path: Path) -> Path:
    directory = tmp_path / "courier"
    vault = Vault(directory)
    vault.create(PASSPHRASE, FLOOR)
    add_org(vault, "https://intake.example.org/files/")
    vault.lock()
    return directory


def sealed(tmp_path: Path) -> Path:
    out = tmp_path / "5e1f0a9c.age"
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k")], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(tmp_path / "k")], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run(["age", "-r", public, "-o", str(out)], input=b"report", check=True)
    return out


def carry(courier: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return bastion("report", "carry", *args, stdin=PASSPHRASE + "\n", data_dir=courier)


def test_carry_queues_a_sealed_file_and_lists_it_as_carried(courier: Path, tmp_path: Path) -> None:
    made = sealed(tmp_path)
    done = carry(courier, str(made), "--to", ORG, "--json")
    assert done.returncode == 0, done.stderr
    uid = json.loads(done.stdout)["report_id"]
    listed = bastion("report", "list", "--json", stdin=PASSPHRASE + "\n", data_dir=courier)
    (record,) = json.loads(listed.stdout)
    assert (record["report_id"], record["status"], record["carried"]) == (uid, "queued", True)
    assert (outbox_dir(Vault(courier)) / f"{uid}.age").read_bytes() == made.read_bytes()
    plain = bastion("report", "list", stdin=PASSPHRASE + "\n", data_dir=courier)
    assert "carried for someone else" in plain.stdout
    proof = bastion("report", "proof", uid, stdin=PASSPHRASE + "\n", data_dir=courier)
    assert_one_line_failure(proof)
    assert "only the person who made it" in proof.stderr.lower()


def test_carry_hold_keeps_it_until_report_send(courier: Path, tmp_path: Path) -> None:
    done = carry(courier, str(sealed(tmp_path)), "--to", ORG, "--hold", "--json")
    assert json.loads(done.stdout)["status"] == "held"


def test_carry_refuses_a_readable_file_and_an_unknown_organisation(
    courier: Path, tmp_path: Path
) -> None:
    readable = tmp_path / "report.txt"
    readable.write_text("They published my address.")
    refused = carry(courier, str(readable), "--to", ORG)
    assert_one_line_failure(refused)
    assert "not a sealed report" in refused.stderr
    assert "They published" not in refused.stderr + refused.stdout
    unknown = carry(courier, str(sealed(tmp_path)), "--to", "nobody-we-know")
    assert_one_line_failure(unknown)
    missing = carry(courier, str(tmp_path / "absent.age"), "--to", ORG)
    assert_one_line_failure(missing)
    assert not outbox_dir(Vault(courier)).exists() or not any(outbox_dir(Vault(courier)).iterdir())
