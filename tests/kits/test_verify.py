# SPDX-License-Identifier: GPL-3.0-or-later
"""A kit verifies; every kind of tampering is refused by `kit verify` and by the stock tools.

The stock check is the one README.html prints for the volunteer, run as written (bash):
`minisign -Vm`, `sha256sum -c --strict`, and the listing of the folder against SHA256SUMS.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.errors import BastionError
from desktop.kits import sums
from desktop.kits.errors import KitContentError, KitKeyChangedError, KitNotFoundError
from desktop.kits.verify import SUMS_SIGNATURE, find_kit_near, verify_kit
from desktop.profiles.errors import ProfileInvalidError
from desktop.signing import (
    BadSignatureError,
    MalformedSignatureError,
    SecretKey,
    UnknownKeyError,
    sign,
)
from tests.kits.builders import Inputs, make_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return make_inputs(tmp_path_factory.mktemp("kit-inputs"))


@pytest.fixture(scope="module")
def pristine(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit-built") / "kit"
    inputs.build(out)
    return out


@pytest.fixture
def kit(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "stick" / "kit"
    shutil.copytree(pristine, copy)
    return copy


def stock_commands(kit: Path) -> str:
    """The volunteer's stock check, as README.html gives it."""
    text = (kit / "README.html").read_text(encoding="utf-8")
    blocks = [html.unescape(b) for b in re.findall(r'<pre dir="ltr">(.*?)</pre>', text, re.S)]
    return next(b for b in blocks if b.startswith("minisign "))


def stock_verdict(kit: Path, commands: str) -> bool:
    """True when every documented command succeeds and the last two print nothing."""
    lines = commands.split("\n")
    assert len(lines) == 4
    for n, command in enumerate(lines):
        done = subprocess.run(
            ["bash", "-c", command], cwd=kit, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0 or (n >= 2 and done.stdout):
            return False
    return True


def every_file(kit: Path) -> list[str]:
    return sorted(str(p.relative_to(kit)) for p in kit.rglob("*") if p.is_file())


def test_a_fresh_kit_verifies_with_bastion_and_with_the_stock_tools(
    kit: Path, inputs: Inputs
) -> None:
    checked = verify_kit(kit)
    assert checked.profile.signing_key == inputs.key.line
    assert len(checked.packs) == 1
    assert checked.files == len(every_file(kit)) - 2  # all but the sums and their signature
    assert verify_kit(kit, expected_key=inputs.key.line).files == checked.files
    commands = stock_commands(kit)
    assert inputs.key.line in commands  # the README names the key the card also prints
    assert stock_verdict(kit, commands)


def test_every_file_with_one_byte_changed_is_refused_by_all_three(
    pristine: Path, tmp_path: Path
) -> None:
    commands = stock_commands(pristine)
    names = every_file(pristine)
    assert len(names) == 10
    for n, name in enumerate(names):
        kit = tmp_path / str(n)
        shutil.copytree(pristine, kit)
        path = kit / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
        with pytest.raises(BastionError) as info:
            verify_kit(kit)
        assert not stock_verdict(kit, commands), name
        if name in (sums.SUMS, SUMS_SIGNATURE) or name.startswith("profile/"):
            # Caught by a signature: the sums' own, or the profile's.
            refusals = (BadSignatureError, MalformedSignatureError, ProfileInvalidError)
            assert isinstance(info.value, refusals), name
        else:
            assert isinstance(info.value, KitContentError), name
            assert [(p.kind, p.path) for p in info.value.problems] == [("changed", name)]


def test_a_missing_file_is_refused(pristine: Path, tmp_path: Path) -> None:
    commands = stock_commands(pristine)
    for n, name in enumerate(every_file(pristine)):
        kit = tmp_path / str(n)
        shutil.copytree(pristine, kit)
        (kit / name).unlink()
        with pytest.raises(BastionError) as info:
            verify_kit(kit)
        assert not stock_verdict(kit, commands), name
        if name.startswith(("installers/", "packs/")) or name in ("kit.json", "README.html"):
            assert isinstance(info.value, KitContentError), name
            assert [(p.kind, p.path) for p in info.value.problems] == [("missing", name)]
        elif name in (sums.SUMS, SUMS_SIGNATURE) or name == "profile/wmf.json":
            assert isinstance(info.value, KitNotFoundError), name


@pytest.mark.parametrize(
    "added",
    ["installers/bastion-setup.exe", "evil.sh", "packs/more.bastionpack", "SHA256SUMS.txt"],
)
def test_an_added_file_is_refused(kit: Path, added: str) -> None:
    commands = stock_commands(kit)
    (kit / added).write_bytes(b"#!/bin/sh\necho pwned\n")
    with pytest.raises(KitContentError) as info:
        verify_kit(kit)
    assert [(p.kind, p.path) for p in info.value.problems] == [("added", added)]
    assert not stock_verdict(kit, commands)


def test_a_link_or_a_folder_added_is_refused(kit: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.exe"
    outside.write_bytes(b"x")
    (kit / "installers" / "link.exe").symlink_to(outside)
    (kit / "extra").mkdir()
    with pytest.raises(KitContentError) as info:
        verify_kit(kit)
    assert {(p.kind, p.path) for p in info.value.problems} == {
        ("added", "extra/"),
        ("added", "installers/link.exe"),
    }
    assert not stock_verdict(kit, stock_commands(kit))


def test_a_listed_file_replaced_by_a_link_is_refused(kit: Path) -> None:
    target = kit / "installers" / "bastion_0.1.0_amd64.deb"
    moved = kit.parent / "moved.deb"
    target.rename(moved)
    target.symlink_to(moved)  # same bytes, but not a file of the kit
    with pytest.raises(KitContentError) as info:
        verify_kit(kit)
    assert [(p.kind, p.path) for p in info.value.problems] == [
        ("not-a-file", "installers/bastion_0.1.0_amd64.deb")
    ]
    assert not stock_verdict(kit, stock_commands(kit))


def test_sums_signed_by_another_key_are_refused(kit: Path, inputs: Inputs) -> None:
    commands = stock_commands(kit)
    other = SecretKey.generate()
    listing = (kit / sums.SUMS).read_bytes()
    (kit / SUMS_SIGNATURE).write_text(sign(listing, other, trusted_comment="bastion-kit x"))
    with pytest.raises(UnknownKeyError):
        verify_kit(kit)
    assert not stock_verdict(kit, commands)


def test_a_whole_kit_made_with_another_key_is_refused_when_the_key_is_pinned(
    tmp_path: Path, inputs: Inputs
) -> None:
    """A forged kit is consistent in itself: the card's key (or --key) is what refuses it."""
    forged_inputs = make_inputs(tmp_path / "forger")
    forged = tmp_path / "forged"
    forged_inputs.build(forged)
    assert verify_kit(forged).profile.signing_key != inputs.key.line
    with pytest.raises(KitKeyChangedError):
        verify_kit(forged, expected_key=inputs.key.line)
    genuine_commands = stock_commands_for_key(inputs.key.line, forged)
    assert not stock_verdict(forged, genuine_commands)


def stock_commands_for_key(key: str, kit: Path) -> str:
    commands = stock_commands(kit)
    _first, rest = commands.split("\n", 1)
    return f"minisign -Vm SHA256SUMS -P {key}\n{rest}"


def test_a_folder_that_is_not_a_kit(tmp_path: Path) -> None:
    with pytest.raises(KitNotFoundError):
        verify_kit(tmp_path / "absent")
    with pytest.raises(KitNotFoundError):
        verify_kit(tmp_path)


def test_the_kit_a_program_was_started_from_is_found(kit: Path) -> None:
    program = kit / "installers" / "bastion" / "bastion"
    program.parent.mkdir()
    assert find_kit_near(program.parent) == kit
    assert find_kit_near(kit.parent) is None


def test_a_pack_swapped_after_the_sums_were_checked_is_refused(
    kit: Path, inputs: Inputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stick written to while it is checked: the pack read for installing is another one
    the organisation signed (validly), not the one SHA256SUMS lists."""
    from desktop.kits import verify as verify_module
    from desktop.kits.errors import KitManifestError
    from desktop.training.packs import read_pack_file
    from tests.training.builders import sample_archive

    other = tmp_path / "other.bastionpack"
    other.write_bytes(sample_archive(tmp_path / "other-source", version=99))
    inputs.key.sign_file(other)
    assert verify_kit(kit).packs  # as built, it verifies
    monkeypatch.setattr(verify_module, "read_pack_file", lambda _path: read_pack_file(other))
    with pytest.raises(KitManifestError) as raised:
        verify_kit(kit)
    assert raised.value.field == "pack"
