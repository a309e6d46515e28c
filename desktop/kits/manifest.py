# SPDX-License-Identifier: GPL-3.0-or-later
"""kit.json: what a kit holds, for whom, in which languages. Versioned like every format.

    {"format": "bastion-kit", "format_version": 1, "organisation": "wmf-ts",
     "profile": "profile/wmf.json", "packs": ["packs/x.bastionpack"],
     "installers": ["installers/bastion-0.1.0-linux-x86_64.tar.gz"],
     "languages": ["en", "ar"], "created": "2026-12-07", "app_version": "0.1.0"}

It is listed in SHA256SUMS like every other file, so it is trusted only after the signature
and the sums were checked (verify.py); parsing is strict all the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.kits.errors import KitManifestError, KitTooNewError
from desktop.kits.names import safe_relative

MANIFEST = "kit.json"
FORMAT = "bastion-kit"
FORMAT_VERSION = 1
MAX_MANIFEST = 64 * 1024
_KEYS = {
    "format",
    "format_version",
    "organisation",
    "profile",
    "packs",
    "installers",
    "languages",
    "created",
    "app_version",
}


@dataclass(frozen=True)
class KitManifest:
    organisation: str
    profile: str
    packs: tuple[str, ...]
    installers: tuple[str, ...]
    languages: tuple[str, ...]
    created: date
    app_version: str

    def files(self) -> tuple[str, ...]:
        """Every file the manifest names, with the signatures beside profile and packs."""
        signed = (self.profile, *self.packs)
        return (*signed, *(name + ".minisig" for name in signed), *self.installers)


def render(manifest: KitManifest) -> bytes:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "organisation": manifest.organisation,
        "profile": manifest.profile,
        "packs": list(manifest.packs),
        "installers": list(manifest.installers),
        "languages": list(manifest.languages),
        "created": manifest.created.isoformat(),
        "app_version": manifest.app_version,
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def parse(data: bytes) -> KitManifest:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KitManifestError("kit.json") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise KitManifestError("kit.json")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise KitManifestError("format_version")
    if version > FORMAT_VERSION:
        raise KitTooNewError()
    if version != FORMAT_VERSION or set(document) != _KEYS:
        raise KitManifestError("kit.json")
    try:
        created = date.fromisoformat(_text(document, "created"))
    except ValueError:
        raise KitManifestError("created") from None
    manifest = KitManifest(
        organisation=_text(document, "organisation"),
        profile=_text(document, "profile"),
        packs=_texts(document, "packs"),
        installers=_texts(document, "installers"),
        languages=_texts(document, "languages"),
        created=created,
        app_version=_text(document, "app_version"),
    )
    in_folder = (
        [("profile", manifest.profile)]
        + [("packs", name) for name in manifest.packs]
        + [("installers", name) for name in manifest.installers]
    )
    for folder, name in in_folder:
        if not safe_relative(name) or not name.startswith(folder + "/"):
            raise KitManifestError(folder)
    return manifest


def _text(document: dict[str, Any], key: str) -> str:
    value = document[key]
    if not isinstance(value, str) or not value or len(value) > 200:
        raise KitManifestError(key)
    return value


def _texts(document: dict[str, Any], key: str) -> tuple[str, ...]:
    value = document[key]
    if not isinstance(value, list) or len(value) > 100:
        raise KitManifestError(key)
    if not all(isinstance(item, str) and item for item in value) or len(set(value)) != len(value):
        raise KitManifestError(key)
    return tuple(value)
