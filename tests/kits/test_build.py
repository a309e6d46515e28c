# SPDX-License-Identifier: GPL-3.0-or-later
"""`kit build` checks everything before writing, writes nothing on refusal, and says the right
things in the README and on the card, in every language asked for."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop.i18n import translator_for
from desktop.kits.build import build_kit
from desktop.kits.errors import (
    KitInputError,
    KitKeyMismatchError,
    KitLanguageError,
    KitOutputExistsError,
)
from desktop.kits.verify import verify_kit
from desktop.signing import SecretKey
from desktop.signing.fingerprints import fingerprint
from desktop.training.errors import PackUntrustedError
from tests.kits.builders import TODAY, Inputs, make_inputs
from tests.profiles.builders import StockKey
from tests.training.builders import sample_archive


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return make_inputs(tmp_path_factory.mktemp("kit-inputs"), name="<b>Org</b> & Co")


def build(inputs: Inputs, out: Path, **changes: Any) -> None:
    """`inputs` built into `out`, with fields of the source (or `secret`) replaced."""
    secret = changes.pop("secret", inputs.secret)
    build_kit(out, replace(inputs.source(), **changes), secret, TODAY, ["en", "ar", "hi"])


def nothing_beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_an_existing_folder_with_content_is_never_written_into(
    inputs: Inputs, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(KitOutputExistsError):
        inputs.build(out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    inputs.build(empty)  # an empty folder made for the kit is fine
    assert verify_kit(empty).files == 8


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"languages": ["en", "xx"]}, KitLanguageError),
        ({"secret": "other"}, KitKeyMismatchError),
        ({"installers": ["bad name.exe"]}, KitInputError),
        ({"installers": ["absent.exe"]}, KitInputError),
        ({"installers": ["dup"]}, KitInputError),
        ({"packs": ["unknown-key"]}, PackUntrustedError),
    ],
)
def test_refusals_leave_nothing_behind(
    inputs: Inputs, tmp_path: Path, changes: dict[str, object], error: type[Exception]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    if changes.get("secret") == "other":
        changes = {"secret": SecretKey.generate()}
    elif changes.get("installers") == ["bad name.exe"]:
        bad = work / "bad name.exe"
        bad.write_bytes(b"x")
        changes = {"installers": [bad]}
    elif changes.get("installers") == ["absent.exe"]:
        changes = {"installers": [work / "absent.exe"]}
    elif changes.get("installers") == ["dup"]:
        changes = {"installers": [inputs.installers[0], inputs.installers[0]]}
    elif changes.get("packs") == ["unknown-key"]:
        stranger = StockKey.generate(work, "stranger")
        pack = work / "other-1.bastionpack"
        pack.write_bytes(sample_archive(work / "src"))
        stranger.sign_file(pack)
        changes = {"packs": [pack]}
    out = tmp_path / "out" / "kit"
    out.parent.mkdir()
    with pytest.raises(error):
        build(inputs, out, **changes)
    assert nothing_beside(out) == []  # no kit, no partial folder


def test_the_readme_speaks_each_language_in_its_direction_and_loads_nothing(
    inputs: Inputs, tmp_path: Path
) -> None:
    out = tmp_path / "kit"
    built = inputs.build(out)
    readme = (out / "README.html").read_text(encoding="utf-8")
    assert '<section lang="ar" dir="rtl">' in readme
    assert '<section lang="hi" dir="ltr">' in readme
    for code in ("ar", "hi"):  # the button the README sends them to, as their Bastion says it
        assert translator_for(code)("Open a kit…") in readme
        assert translator_for(code)("Open a kit…") != "Open a kit…"
    assert "<bdi>&lt;b&gt;Org&lt;/b&gt; &amp; Co</bdi>" in readme  # escaped, isolated
    for text in (readme, built.card.decode("utf-8")):
        assert "<b>" not in text
        assert "<script" not in text.lower()
        assert not re.search(r"(src|href)=", text)
        assert "default-src 'none'" in text
    assert "sudo apt install ./installers/bastion_0.1.0_amd64.deb" in readme
    assert "tar -xzf installers/bastion-0.1.0-linux-x86_64.tar.gz" in readme


def test_the_card_lists_every_fingerprint_the_check_shows(inputs: Inputs, tmp_path: Path) -> None:
    built = inputs.build(tmp_path / "kit", languages=("ar", "en"))
    card = built.card.decode("utf-8")
    assert card.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    profile = built.profile
    keys = [("minisign", profile.signing_key), *[("age", r.key) for r in profile.recipients]]
    keys += [("minisign", key) for key in profile.pack_keys]
    for kind, key in keys:
        assert f'<span class="fp" dir="ltr">{fingerprint(kind, key)}</span>' in card
    assert profile.signing_key in card  # for `minisign -P`


def test_kit_json_records_what_the_kit_holds(inputs: Inputs, tmp_path: Path) -> None:
    out = tmp_path / "kit"
    inputs.build(out, languages=("hi",))
    document = json.loads((out / "kit.json").read_text())
    assert document["format"] == "bastion-kit"
    assert document["format_version"] == 1
    assert document["languages"] == ["hi"]
    assert document["created"] == TODAY.isoformat()
    assert document["installers"] == [f"installers/{p.name}" for p in inputs.installers]
