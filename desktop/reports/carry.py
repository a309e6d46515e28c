# SPDX-License-Identifier: GPL-3.0-or-later
"""Carrying a sealed report for someone else.

In a shut-down region one volunteer may have no connection while another will have one
later. The first exports a report to a file (encrypted to the organisation's keys); the second,
a trusted courier, brings that file into their own outbox for the same organisation, and their
Bastion uploads it when it is connected. The courier cannot read it: it is an age file
encrypted to keys the courier does not hold, and it stays exactly as received (sync checks its
SHA-256 before the first byte goes out, as for every queued report).

What is checked before it is taken: the file is a regular file holding a binary age header
(`age-encryption.org/v1`, stanzas, the `---` MAC line) followed by a payload at least as long
as the smallest age payload; an armoured (`-----BEGIN AGE`) or plaintext file is refused, so a
courier cannot send something readable by mistake. Which keys it was encrypted to cannot be
checked (age's X25519 stanzas do not name their recipient, on purpose): the courier chooses the
organisation, and the organisation's server receives what it cannot open only if the sender
chose other keys.

The copy is written like an export into the outbox: a `.part` file, fsynced, then renamed,
and the record (status queued or held, `carried` = 1, no entries and no commitment salt)
written while the outbox is marked busy, so `tidy_outbox` never takes it for a leftover.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop.errors import NotAFileError
from desktop.fsutil import (
    FileRefusedError,
    ensure_private_dir,
    fsync_dir,
    open_regular_file,
    os_error,
    writing_into,
)
from desktop.profiles.errors import ProfileNotVerifiedError
from desktop.reports.errors import (
    NoIntakeServerError,
    NotEnoughSpaceError,
    NotSealedReportError,
)
from desktop.reports.export import SPARE_BYTES
from desktop.reports.exports import (
    STATUS_HELD,
    STATUS_QUEUED,
    ExportRecord,
    insert_record,
    outbox_dir,
)

if TYPE_CHECKING:
    from desktop.profiles import Profiles
    from desktop.vault import Vault

AGE_MAGIC = b"age-encryption.org/v1\n"
# age's header is a few hundred bytes per recipient; a profile has at most a handful of keys.
# A "header" that runs on for longer than this is not one Bastion or age would write.
MAX_HEADER = 64 * 1024
# The payload: a 16-byte nonce, then at least one (possibly empty) 64 KiB STREAM chunk with
# its 16-byte tag.
MIN_PAYLOAD = 16 + 16
# The largest report file the courier's outbox takes (the export side makes reports of a
# few GiB at most; a file larger than this is more likely a mistake than a report).
MAX_CARRIED = 16 * 1024**3


def check_sealed(handle: BinaryIO, size: int) -> None:
    """NotSealedReportError unless `handle` starts with a well-formed binary age header and a
    payload could follow it. Reads only the header; leaves the position at the start."""
    if size > MAX_CARRIED:
        raise NotSealedReportError("size")
    handle.seek(0)
    head = handle.read(MAX_HEADER)
    handle.seek(0)
    if not head.startswith(AGE_MAGIC):
        raise NotSealedReportError("not-age")
    lines = head[len(AGE_MAGIC) :].split(b"\n")
    consumed = len(AGE_MAGIC)
    stanzas = 0
    # Every line but the last is complete; the MAC line must be among them.
    for line in lines[:-1]:
        consumed += len(line) + 1
        if line.startswith(b"--- "):
            if stanzas == 0 or len(line) != 4 + 43:  # base64 of a 32-byte HMAC, no padding
                raise NotSealedReportError("header")
            if size - consumed < MIN_PAYLOAD:
                raise NotSealedReportError("truncated")
            return
        if line.startswith(b"-> "):
            stanzas += 1
        elif stanzas == 0 or len(line) > 64 or not _is_base64(line):
            # A stanza's body: base64 lines of at most 64 characters.
            raise NotSealedReportError("header")
    raise NotSealedReportError("header")


def _is_base64(line: bytes) -> bool:
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return all(byte in alphabet for byte in line)


def carry_report(
    vault: Vault, profiles: Profiles, source: Path, org_id: str, *, hold: bool = False
) -> ExportRecord:
    """Copy the sealed report at `source` into the outbox, to be uploaded to `org_id`'s server
    (kept back with `hold`). The organisation must be confirmed and have a server.

    ProfileNotFoundError, ProfileNotVerifiedError, NoIntakeServerError, NotAFileError,
    NotSealedReportError, NotEnoughSpaceError, DiskFullError/StorageError; OSError when the
    file cannot be opened. Nothing is left in the outbox on any failure.
    """
    stored = profiles.get(org_id)
    if stored.verified_at is None:
        raise ProfileNotVerifiedError(org_id)
    if stored.profile.intake_url is None:
        raise NoIntakeServerError()
    try:
        handle = open_regular_file(source)
    except FileRefusedError:
        raise NotAFileError() from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        check_sealed(handle, size)
        folder = outbox_dir(vault)
        ensure_private_dir(folder)
        uid = secrets.token_hex(8)
        target = folder / f"{uid}.age"
        with writing_into(folder):
            _check_space(folder, size)
            digest, written = _copy(handle, folder, target)
            record = ExportRecord(
                uid=uid,
                created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                status=STATUS_HELD if hold else STATUS_QUEUED,
                destination="outbox",
                location=str(target),
                recipients=((stored.profile.name, "", org_id),),
                entry_uids=(),
                entries=0,
                attachments=0,
                size=written,
                sha256=digest,
                carried=True,
            )
            try:
                insert_record(vault, record, b"")
            except BaseException:
                with contextlib.suppress(OSError):
                    target.unlink()
                raise
    return record


def _check_space(folder: Path, size: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise os_error(exc) from None
    if free < size + SPARE_BYTES:
        raise NotEnoughSpaceError(size + SPARE_BYTES, free)


def _copy(handle: BinaryIO, folder: Path, target: Path) -> tuple[str, int]:
    """The file copied to `target` (temp, fsync, rename); its SHA-256 and size as copied."""
    digest = hashlib.sha256()
    written = 0
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".bastion-report-", suffix=".part", dir=folder)
    except OSError as exc:
        raise os_error(exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while piece := handle.read(1 << 20):
                digest.update(piece)
                out.write(piece)
                written += len(piece)
            out.flush()
            os.fsync(out.fileno())
        # Checked again on the copy itself: the source may have changed while it was read.
        with tmp.open("rb") as copied:
            check_sealed(copied, written)
        os.replace(tmp, target)  # a fresh random name: nothing to overwrite
        fsync_dir(folder)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise os_error(exc) from None
        raise
    return digest.hexdigest(), written
