# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of trainer kits. No user text: desktop/messages/kits.py words them."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.errors import BastionError


class KitError(BastionError):
    """Base of the kit errors."""


class KitOutputExistsError(KitError):
    """`kit build -o DIR`: DIR exists and is not an empty folder. Nothing was written."""


class KitInputError(KitError):
    """A file given to `kit build` is unusable: `reason` is "unreadable", "not-a-file",
    "name" (a name a kit cannot carry: see names.py) or "duplicate" (two files would have
    the same name in the kit). `role` is "profile", "pack" or "installer"."""

    def __init__(self, role: str, reason: str) -> None:
        super().__init__(role, reason)
        self.role = role
        self.reason = reason


class KitKeyMismatchError(KitError):
    """The secret key given to `kit build` is not the profile's signing key."""


class KitLanguageError(KitError):
    """`kit build --language CODE`: Bastion has no translation for CODE."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class KitNotFoundError(KitError):
    """The folder is not a kit: it is missing, or lacks SHA256SUMS, its signature, or one
    organisation profile (with its signature) in profile/. `what` says which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class KitProblem:
    """One file that does not match SHA256SUMS: `kind` is "changed", "missing", "added"
    (a file the sums do not list), "not-a-file" (a link, a device, a pipe, a
    folder). `path` is relative to the kit, as in
    SHA256SUMS; it names a file on the stick, never anything from a vault."""

    kind: str
    path: str


class KitContentError(KitError):
    """The kit's files do not match its signed SHA256SUMS: every problem is listed."""

    def __init__(self, problems: list[KitProblem]) -> None:
        super().__init__(len(problems))
        self.problems = problems


class KitManifestError(KitError):
    """SHA256SUMS or kit.json is signed but not well formed, or kit.json names files or an
    organisation the kit does not hold; `field` names the part."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


class KitTooNewError(KitError):
    """kit.json has a format_version this Bastion does not know: made by a newer Bastion."""


class KitKeyChangedError(KitError):
    """`kit verify --key KEY`: the kit is signed correctly, but by another key than KEY."""
