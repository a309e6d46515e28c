# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening a report on the receiving side: decrypt, walk the archive, check every hash.

Decryption runs on a thread that writes into a pipe; this thread reads the tar stream from
the other end, so nothing but the files asked for (`out_dir`) is ever written. The whole age
stream is read to its end, padding included, so damage anywhere in the file is found.

A bundle is untrusted input even after it decrypts: anyone who has the team's public key can
make one. Paths are checked (one top folder, no absolute or `..` parts, regular files and
folders only), sizes are bounded, and files are written with exclusive creation.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tarfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from desktop import bounded
from desktop.reports.document import ENTRIES_FORMAT, FORMAT, FORMAT_VERSION
from desktop.reports.errors import (
    BundleDamagedError,
    BundleFormatError,
    BundleTooNewError,
    IdentityInvalidError,
    WrongIdentityError,
)

MAX_MEMBERS = 100_000
MAX_JSON = 64 * 1024 * 1024
# entries.json and the manifest nest five deep (document, entries, entry, a list such as
# attachments, an item). Room to spare for later versions, none for a stack-exhausting bomb.
MAX_JSON_DEPTH = 16
CHUNK = 1 << 20


@dataclass(frozen=True)
class BundleProblem:
    path: str
    code: str  # missing, hash, size, unexpected, unsafe-path, duplicate, not-a-file


@dataclass
class OpenedReport:
    manifest: dict[str, Any]
    entries: dict[str, Any] | None
    files: dict[str, tuple[int, str]] = field(default_factory=dict)  # path → (size, sha256)
    problems: list[BundleProblem] = field(default_factory=list)
    top: str = ""
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_identities(text: str) -> list[Any]:
    """age identities from an identity file (age-keygen's format; comments allowed)."""
    import pyrage

    identities = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise IdentityInvalidError() from None
    if not identities:
        raise IdentityInvalidError()
    return identities


class _Decrypter(threading.Thread):
    def __init__(self, source: BinaryIO, sink: BinaryIO, identities: list[Any]) -> None:
        super().__init__(name="bastion-report-decrypt", daemon=True)
        self.source, self.sink, self.identities = source, sink, identities
        self.error: BaseException | None = None

    def run(self) -> None:
        import pyrage

        try:
            pyrage.decrypt_io(self.source, self.sink, self.identities)
        except BaseException as exc:  # reported to the reading thread
            self.error = exc
        finally:
            with contextlib.suppress(OSError):
                self.sink.close()


def _check_error(error: BaseException | None) -> None:
    if error is None:
        return
    import pyrage

    if isinstance(error, pyrage.DecryptError) and "No matching keys" in str(error):
        raise WrongIdentityError()
    if isinstance(error, BrokenPipeError):
        return  # we stopped reading on purpose; the reason was raised already
    raise BundleDamagedError()


def open_report(
    bundle: BinaryIO, identities: list[Any], out_dir: Path | None = None
) -> OpenedReport:
    """Decrypt and check a report; with `out_dir`, also extract it there."""
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb")
    decrypter = _Decrypter(bundle, os.fdopen(write_fd, "wb"), identities)
    decrypter.start()
    result: OpenedReport | None = None
    try:
        result = _walk(reader, out_dir)
        while reader.read(CHUNK):  # padding, and the final authentication tag
            pass
    except (tarfile.TarError, UnicodeError, EOFError):
        result = None
    finally:
        # Closing our end stops a decrypter still writing (BrokenPipeError), so join returns.
        with contextlib.suppress(OSError):
            reader.close()
        decrypter.join()
    _check_error(decrypter.error)
    # Parsed only once the whole file has decrypted: damage is reported as damage.
    if result is None or "manifest.json" not in result.raw:
        raise BundleFormatError()
    result.manifest = _load(result.raw.pop("manifest.json"), FORMAT)
    if "entries.json" in result.raw:
        result.entries = _load(result.raw.pop("entries.json"), ENTRIES_FORMAT)
    _compare(result)
    return result


def _safe_parts(name: str) -> tuple[str, ...] | None:
    path = PurePosixPath(name)
    parts = tuple(p for p in path.parts if p not in ("", "."))
    if path.is_absolute() or not parts or any(p == ".." or "\\" in p for p in parts):
        return None
    return parts


def _walk(stream: BinaryIO, out_dir: Path | None) -> OpenedReport:
    result = OpenedReport(manifest={}, entries=None)
    count = 0
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            count += 1
            if count > MAX_MEMBERS:
                raise BundleFormatError()
            parts = _safe_parts(member.name)
            if parts is None or (result.top and parts[0] != result.top):
                result.problems.append(BundleProblem(member.name, "unsafe-path"))
                continue
            result.top = parts[0]
            if member.isdir():
                continue
            relative = "/".join(parts[1:])
            if not member.isfile() or not relative:
                result.problems.append(BundleProblem(relative or member.name, "not-a-file"))
                continue
            if relative in result.files:
                result.problems.append(BundleProblem(relative, "duplicate"))
                continue
            keep = relative in ("manifest.json", "entries.json")
            if keep and member.size > MAX_JSON:
                raise BundleFormatError()
            data = archive.extractfile(member)
            assert data is not None  # a regular file always has data
            digest, kept = hashlib.sha256(), bytearray()
            with _output(out_dir, parts) as out:
                while chunk := data.read(CHUNK):
                    digest.update(chunk)
                    if keep:
                        kept += chunk
                    if out is not None:
                        out.write(chunk)
            result.files[relative] = (member.size, digest.hexdigest())
            if keep:
                result.raw[relative] = bytes(kept)
    return result


@contextlib.contextmanager
def _output(out_dir: Path | None, parts: tuple[str, ...]) -> Any:
    if out_dir is None:
        yield None
        return
    target = out_dir.joinpath(*parts)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _load(data: bytes, expected_format: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
        # Depth and numbers bounded before json.loads sees it (desktop/bounded.py).
        document = bounded.loads(text, max_length=MAX_JSON, max_depth=MAX_JSON_DEPTH)
    except ValueError:  # not UTF-8, not JSON, too deep, a number such as 1e400
        raise BundleFormatError() from None
    if not isinstance(document, dict) or document.get("format") != expected_format:
        raise BundleFormatError()
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleFormatError()
    if version > FORMAT_VERSION:
        raise BundleTooNewError()
    if expected_format == ENTRIES_FORMAT:
        _check_entries_shape(document)
    return document


def _check_entries_shape(document: dict[str, Any]) -> None:
    """What readers of an opened report rely on: `entries` a list of objects, each with a
    text id and title when it has them. Anything else is not a report this Bastion made."""
    entries = document.get("entries", [])
    if not isinstance(entries, list):
        raise BundleFormatError()
    for entry in entries:
        if not isinstance(entry, dict):
            raise BundleFormatError()
        if not all(isinstance(entry.get(key, ""), str) for key in ("id", "title")):
            raise BundleFormatError()


def _compare(result: OpenedReport) -> None:
    """Every file the manifest lists is there with its size and hash, and nothing else is."""
    listed: dict[str, tuple[int, str]] = {}
    try:
        for item in result.manifest["files"]:
            listed[str(item["path"])] = (int(item["size"]), str(item["sha256"]))
        for entry in result.manifest["entries"]:
            for att in entry["attachments"]:
                if listed.get(str(att["path"]), (0, ""))[1] != att["sha256"]:
                    result.problems.append(BundleProblem(str(att["path"]), "hash"))
    except (KeyError, TypeError, ValueError, OverflowError):
        raise BundleFormatError() from None
    for path, (size, sha256) in listed.items():
        found = result.files.get(path)
        if found is None:
            result.problems.append(BundleProblem(path, "missing"))
        elif found[0] != size:
            result.problems.append(BundleProblem(path, "size"))
        elif found[1] != sha256:
            result.problems.append(BundleProblem(path, "hash"))
    for path in result.files:
        if path not in listed and path != "manifest.json":
            result.problems.append(BundleProblem(path, "unexpected"))
