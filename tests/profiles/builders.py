# SPDX-License-Identifier: GPL-3.0-or-later
"""Profile documents and keys for tests: valid by default, changed one field at a time."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyrage import x25519

from desktop.signing import PublicKey, SecretKey, sign


def age_key() -> str:
    return str(x25519.Identity.generate().to_public())


@dataclass(frozen=True)
class OrgKey:
    """An organisation's minisign key pair, made by us (fast, in memory)."""

    secret: SecretKey

    @classmethod
    def generate(cls) -> OrgKey:
        return cls(SecretKey.generate())

    @property
    def line(self) -> str:
        return self.secret.public_key().line()

    def sign(self, document: bytes, comment: str = "bastion-profile test") -> str:
        return sign(document, self.secret, trusted_comment=comment)


@dataclass(frozen=True)
class StockKey:
    """A key pair made by the stock `minisign -G -W` (no password), as files."""

    public_path: Path
    secret_path: Path

    @classmethod
    def generate(cls, folder: Path, name: str = "org") -> StockKey:
        pub, key = folder / f"{name}.pub", folder / f"{name}.key"
        subprocess.run(
            ["minisign", "-G", "-W", "-p", str(pub), "-s", str(key)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return cls(pub, key)

    @property
    def line(self) -> str:
        return PublicKey.parse(self.public_path.read_text()).line()

    def sign_file(self, path: Path) -> Path:
        """`minisign -S`: writes path.minisig, with minisign's own trusted comment."""
        subprocess.run(
            ["minisign", "-S", "-s", str(self.secret_path), "-m", str(path)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return path.with_name(path.name + ".minisig")


def document(signing_key: str, /, **changes: Any) -> dict[str, Any]:
    """A complete, valid profile; `changes` replace fields (a value of `...` removes one)."""
    fields: dict[str, Any] = {
        "format": "bastion-profile",
        "format_version": 1,
        "id": "wmf-trust-and-safety",
        "name": "Wikimedia Foundation Trust & Safety",
        "version": 3,
        "issued": "2026-11-01",
        "expires": "2099-11-01",
        "signing_key": signing_key,
        "recipients": [
            {"label": "T&S on-call", "key": age_key()},
            {"label": "Équipe de permanence", "key": age_key()},
        ],
        "intake_url": "https://intake.example.org/v1/reports",
        "update_url": "https://example.org/profiles/wmf.json",
        "pack_keys": [],
        "contacts": [
            {"label": "Emergency", "kind": "email", "value": "emergency@example.org"},
            {"label": "Phone", "kind": "phone", "value": "+1 (415) 555-0100"},
            {"label": "Help page", "kind": "url", "value": "https://example.org/help"},
        ],
    }
    for key, value in changes.items():
        if value is ...:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


def encode(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, indent=2).encode("utf-8")
