# SPDX-License-Identifier: GPL-3.0-or-later
"""A trainer's inputs for kit tests: an organisation key made by the stock minisign, its signed
profile (which names the same key as its pack key), a pack it signed, and installers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.kits.build import BuiltKit, KitSource, build_kit
from desktop.signing import SecretKey
from desktop.training.archive import source_files
from desktop.training.validate import load_pack
from tests.profiles.builders import StockKey, document, encode
from tests.training.builders import pack_file_name, sample_archive

TODAY = date(2026, 12, 7)
INSTALLER_SIZE = 3 * 1024 * 1024 + 17  # more than one copy chunk


@dataclass(frozen=True)
class Inputs:
    key: StockKey
    secret: SecretKey
    profile: Path
    packs: list[Path]
    installers: list[Path]

    def source(self, languages: tuple[str, ...] = ("en", "ar", "hi")) -> KitSource:
        return KitSource(self.profile, self.packs, self.installers, languages)

    def build(self, out: Path, languages: tuple[str, ...] = ("en", "ar", "hi")) -> BuiltKit:
        return build_kit(out, self.source(languages), self.secret, TODAY, ["en", "ar", "hi"])


def make_inputs(folder: Path, name: str = "Wikimedia Foundation Trust & Safety") -> Inputs:
    folder.mkdir(parents=True, exist_ok=True)
    key = StockKey.generate(folder)
    secret = SecretKey.parse(key.secret_path.read_bytes(), None)
    profile = folder / "wmf.json"
    profile.write_bytes(encode(document(key.line, name=name, pack_keys=[key.line])))
    key.sign_file(profile)
    archive = sample_archive(folder / "pack-source")
    pack = folder / pack_file_name(load_pack(source_files(folder / "pack-source")))
    pack.write_bytes(archive)
    key.sign_file(pack)
    tarball = folder / "bastion-0.1.0-linux-x86_64.tar.gz"
    tarball.write_bytes(os.urandom(INSTALLER_SIZE))
    deb = folder / "bastion_0.1.0_amd64.deb"
    deb.write_bytes(os.urandom(4096))
    return Inputs(key, secret, profile, [pack], [tarball, deb])
