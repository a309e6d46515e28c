# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of training packs.

No user text here (desktop.messages chooses the sentence). A pack is untrusted input until its
signature is checked, and even then it is only as good as its author: errors carry file paths
inside the pack (already checked against the name rules, or replaced by "?"), line numbers,
codes and version numbers, never the pack's text. Signature failures are desktop.signing's
own errors (UnknownKeyError, BadSignatureError, MalformedSignatureError); they pass through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.errors import BastionError


class PackError(BastionError):
    """Base class for training pack errors."""


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack's content: the file, the line (0 when unknown) and a code.

    `field` names the key concerned (`quiz.questions[2].choices`), "" for the file itself.
    Codes: missing-file, unexpected-file, bad-name, not-utf8, syntax, yaml-feature, too-deep,
    required, unknown, type, empty, too-long, too-many, too-few, duplicate, invalid,
    out-of-range, language, no-correct, several-correct, link, image, format, mismatch,
    future (a `checked` date after the build day); and for translations: markdown (a block
    no longer one block), links (link targets or {fields} not those of the English),
    unknown-context (a msgctxt that is not in the pack).
    """

    file: str
    line: int
    code: str
    field: str = ""


class PackInvalidError(PackError):
    """The pack's files do not make a valid pack; `problems` lists every one found."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems = tuple(p for p in problems if isinstance(p, PackProblem))
        super().__init__([f"{p.file}:{p.line}:{p.code}:{p.field}" for p in self.problems])


class PackArchiveError(PackError):
    """The archive itself is refused before its content is read.

    `reason`: not-a-pack (not a zip), too-large, too-many-files, file-too-large, traversal,
    absolute, link, not-a-file, duplicate, bad-name, encrypted, compression, damaged.
    `member` is the offending name when it is safe to show (else "").
    """

    def __init__(self, reason: str, member: str = "") -> None:
        super().__init__(reason, member)
        self.reason = reason
        self.member = member


class PackManifestError(PackError):
    """manifest.json does not match the files: `reason` is missing, unlisted, size, hash,
    or malformed (the manifest itself cannot be read), with the file concerned."""

    def __init__(self, reason: str, member: str = "") -> None:
        super().__init__(reason, member)
        self.reason = reason
        self.member = member


class PackUnreadableError(PackError):
    """The pack file (or its signature) could not be read: gone, unreadable, stick pulled."""


class PackSignatureMissingError(PackError):
    """No `.minisig` file beside the pack, and the pack does not come from the installation."""


class PackUntrustedError(PackError):
    """Signed, but by a key that is neither bundled nor in a confirmed organisation profile."""


class PackRollbackError(PackError):
    """The pack is older than the one already in use: refused."""

    def __init__(self, installed: int, offered: int) -> None:
        super().__init__(installed, offered)
        self.installed = installed
        self.offered = offered


class PackSameVersionError(PackRollbackError):
    """This version (or a different pack with the same version number) is already in use."""


class PackTooNewError(PackError):
    """The pack needs a newer Bastion (`min_app_version`) or a newer pack format."""

    def __init__(self, needed: str) -> None:
        super().__init__(needed)
        self.needed = needed


class PackNotFoundError(PackError):
    """No installed pack with this id (or no such pathway, module or lesson)."""


class TranslationLanguageError(PackError):
    """`bastion pack po` was given English (`reason` "source", the language translated
    from) or a language not in pack.yaml's `languages` ("unlisted")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TranslationImportError(PackError):
    """Translated catalogs were refused; `problems` lists every one (file, line, code and the
    message's msgctxt as `field`). Nothing was written."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems = tuple(p for p in problems if isinstance(p, PackProblem))
        super().__init__([f"{p.file}:{p.line}:{p.code}:{p.field}" for p in self.problems])
