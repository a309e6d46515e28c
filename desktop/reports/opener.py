# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening a report on the receiving side: decrypt, walk the archive, check every hash.

Decryption runs on a thread that writes into a pipe; this thread reads the tar stream from
the other end, so nothing but the files asked for (`out_dir`) is ever written. The whole age
stream is read to its end, padding included, so damage anywhere in the file is found.

A bundle is untrusted input even after it decrypts: anyone who has the team's public key can
make one. Paths are checked (one top folder, no absolute or `..` parts); only plain files and
folders are accepted (no links, devices, FIFOs or sparse members); every member is capped by
its manifest entry and all of them by the encrypted file's size, on the headers, before any
data is read (docs/report-format.md). Files go to a private temp folder that becomes the
report's folder only when every check passed (desktop/reports/extract.py).
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
    BundleUnsafeError,
    IdentityInvalidError,
    ReportError,
    WrongIdentityError,
)
from desktop.reports.extract import Extraction

MAX_MEMBERS = 100_000
MAX_JSON = 64 * 1024 * 1024
# entries.json and the manifest nest five deep (document, entries, entry, a list such as
# attachments, an item). Room to spare for later versions, none for a stack-exhausting bomb.
MAX_JSON_DEPTH = 16
CHUNK = 1 << 20
# Plain files and folders: what Bastion writes, and all a report may hold.
_PLAIN = frozenset({tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE})


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
    extracted: Path | None = None  # where the files are, when they were extracted

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
        except (pyrage.IdentityError, ValueError):  # ValueError: lone surrogates
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
    """Decrypt and check a report; with `out_dir`, also extract it there.

    `bundle` must be seekable (a regular file or bytes in memory): its size bounds what the
    archive may hold. The files reach `out_dir` only when the report is whole (`ok`); a
    refusal, damage or any problem leaves `out_dir` as it was (desktop/reports/extract.py).
    """
    budget = _ciphertext_size(bundle)
    extraction = Extraction(out_dir, budget) if out_dir is not None else None
    try:
        if extraction is not None:
            extraction.prepare()  # room checked before a byte is decrypted or written
        result = _decrypt(bundle, identities, extraction, budget)
        if extraction is not None and result.ok:
            result.extracted = extraction.commit(result.top)
        return result
    finally:
        if extraction is not None:
            extraction.discard()


def _ciphertext_size(bundle: BinaryIO) -> int:
    if not bundle.seekable():
        raise ValueError("the bundle must be seekable")  # a caller's mistake, not the input's
    here = bundle.tell()
    end = bundle.seek(0, os.SEEK_END)
    bundle.seek(here)
    return max(end - here, 0)


def _decrypt(
    bundle: BinaryIO, identities: list[Any], extraction: Extraction | None, budget: int
) -> OpenedReport:
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb")
    decrypter = _Decrypter(bundle, os.fdopen(write_fd, "wb"), identities)
    decrypter.start()
    result: OpenedReport | None = None
    refusal: ReportError | None = None
    try:
        try:
            result = _walk(reader, extraction, budget)
        except ReportError as exc:
            refusal = exc
        except (tarfile.TarError, UnicodeError, EOFError, ValueError, OverflowError):
            # ValueError and OverflowError: tarfile's own parsing of hostile sparse maps
            # and numbers; the archive is not one a report holds.
            refusal = BundleFormatError()
        # The padding and the final authentication tag; after a refusal too (it is at most
        # the encrypted file's size), so that damage anywhere is reported as damage.
        while reader.read(CHUNK):
            pass
    finally:
        # Closing our end stops a decrypter still writing (BrokenPipeError), so join returns.
        with contextlib.suppress(OSError):
            reader.close()
        decrypter.join()
    _check_error(decrypter.error)
    if refusal is not None:
        raise refusal
    if result is None or not result.manifest:
        raise BundleFormatError()
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


def _refuse_unsafe(member: tarfile.TarInfo, archive: tarfile.TarFile, cap: int) -> None:
    """Only plain files and folders, none declaring more than `cap` bytes.

    Checked on the header, before tarfile reads or skips a byte of the member's data: a
    sparse member expands its holes into as many zeros as it declares (terabytes from a few
    bytes), and skipping a member declaring terabytes takes hours in a stream.
    """
    if member.type not in _PLAIN or member.sparse is not None:
        raise BundleUnsafeError()  # links, devices, FIFOs, GNU sparse and contiguous files
    pax = (*archive.pax_headers, *member.pax_headers)
    if any(key.startswith("GNU.sparse") for key in pax):
        raise BundleUnsafeError()  # PAX sparse files (formats 0.0, 0.1, 1.0)
    if member.size < 0 or member.size > cap or (member.isdir() and member.size):
        raise BundleUnsafeError()  # sizes from PAX or base-256 GNU headers included


def _walk(stream: BinaryIO, extraction: Extraction | None, budget: int) -> OpenedReport:
    """Every member checked against the manifest's sizes once it is known, and all of them
    together against `budget` (the encrypted file's size: no archive it holds is larger).

    The manifest comes first in what Bastion writes, but other tar writers reorder (GNU tar
    follows the folder's order): members before it are bounded by what is left of the
    budget, and checked against their manifest entry the moment the manifest arrives.
    """
    result = OpenedReport(manifest={}, entries=None)
    listed: dict[str, int] | None = None
    remaining = budget
    count = 0
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            count += 1
            if count > MAX_MEMBERS:
                raise BundleFormatError()
            parts = _safe_parts(member.name)
            relative = "/".join(parts[1:]) if parts else ""
            cap = remaining
            if listed is not None and relative in listed:
                cap = min(cap, listed[relative])
            _refuse_unsafe(member, archive, cap)
            remaining -= member.size
            if parts is None or (result.top and parts[0] != result.top):
                result.problems.append(BundleProblem(member.name, "unsafe-path"))
                continue
            result.top = parts[0]
            if member.isdir():
                continue
            if not relative:
                result.problems.append(BundleProblem(member.name, "not-a-file"))
                continue
            if relative in result.files:
                result.problems.append(BundleProblem(relative, "duplicate"))
                continue
            keep = relative in ("manifest.json", "entries.json")
            if keep and member.size > MAX_JSON:
                raise BundleFormatError()
            kept = _read_member(archive, member, parts[1:], extraction, keep, result)
            if relative == "manifest.json":
                # Parsed now, not at the end, so that its sizes cap what follows.
                result.manifest = _load(kept, FORMAT)
                listed = _listed(result.manifest, budget)
                if any(size > listed.get(path, size) for path, (size, _h) in result.files.items()):
                    raise BundleUnsafeError()  # a member before it was larger than declared
            elif keep:
                result.raw[relative] = kept
    return result


def _read_member(
    archive: tarfile.TarFile,
    member: tarfile.TarInfo,
    parts: tuple[str, ...],
    extraction: Extraction | None,
    keep: bool,
    result: OpenedReport,
) -> bytes:
    data = archive.extractfile(member)
    assert data is not None  # a regular file always has data
    digest, kept = hashlib.sha256(), bytearray()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(extraction.file(parts)) if extraction is not None else None
        while chunk := data.read(CHUNK):
            digest.update(chunk)
            if keep:
                kept += chunk
            if out is not None:
                out.write(chunk)
    result.files["/".join(parts)] = (member.size, digest.hexdigest())
    return bytes(kept)


def _listed(manifest: dict[str, Any], budget: int) -> dict[str, int]:
    """path → size from the manifest's `files`; a manifest whose files could not fit in the
    encrypted file is refused before any of them is read."""
    listed: dict[str, int] = {}
    try:
        for item in manifest["files"]:
            size = item["size"]
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise BundleFormatError()
            listed[str(item["path"])] = size
    except (KeyError, TypeError):
        raise BundleFormatError() from None
    if sum(listed.values()) > budget:
        raise BundleUnsafeError()
    return listed


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
