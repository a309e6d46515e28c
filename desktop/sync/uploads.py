# SPDX-License-Identifier: GPL-3.0-or-later
"""Uploading one queued report to one organisation's intake server, resumably.

The vault is written after every step (upload created, each chunk accepted), so a crash or
a lock at any moment leaves a state the next pass resumes from. A resume always asks the
server for its offset first; bytes the server has are never sent again.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from desktop.reports.exports import STATUS_QUEUED, STATUS_SENT
from desktop.sync import policy
from desktop.sync.errors import (
    NoIntakeError,
    OutboxFileError,
    ProfileUnconfirmedError,
    ServerReplyError,
    SyncError,
    TooLargeError,
)
from desktop.sync.http import open_client, translated
from desktop.sync.outbox import (
    STATE_FAILED,
    STATE_QUEUED,
    STATE_UPLOADED,
    STATE_UPLOADING,
    Outbox,
    OutboxItem,
    remove_file,
    report_path,
    stamp,
)
from desktop.sync.settings import SyncSettings
from desktop.sync.tus import ChecksumRejected, Features, Stopped, TusClient, UploadGone

if TYPE_CHECKING:
    import httpx2

    from desktop.profiles import StoredProfile
    from desktop.vault import Vault
    from desktop.vault.database import Connection

# A link that broke while data was moving is resumed at once, within the same pass; an
# attempt that moved nothing waits a moment (policy.quick_delay) before the next. This many
# attempts in a row without progress end the pass for that upload, and backoff between passes
# takes over: the second failure in a row, one of them after a pause, means the link is down
# rather than blipped, and each further attempt would cost every waiting upload up to the
# connect timeout (45 s, for Tor) on a dead link, and add to a burst a watcher can see.
QUICK_RETRIES = 2
# Server-side losses (upload expired, checksum refused) restart at most this often a pass.
RESTARTS = 3


class Intake:
    """One organisation's intake server for the length of a pass."""

    def __init__(self, profile: StoredProfile, settings: SyncSettings) -> None:
        p = profile.profile
        assert p.intake_url is not None
        self.settings = settings
        self.client: httpx2.Client = open_client(
            settings, certificates=p.intake_certificates, token=p.intake_token
        )
        self.tus = TusClient(self.client, p.intake_url)
        self._features: Features | None = None

    def features(self) -> Features:
        if self._features is None:
            with translated(self.settings):
                self._features = self.tus.features()
        return self._features


class Intakes:
    """Clients per organisation, opened when first needed and closed at the end of a pass."""

    def __init__(self, vault: Vault, settings: SyncSettings) -> None:
        from desktop.profiles import Profiles

        self.vault = vault
        self.settings = settings
        self.profiles = {s.profile.org_id: s for s in Profiles(vault).all()}
        self._open: dict[str, Intake] = {}

    def __enter__(self) -> Intakes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for intake in self._open.values():
            intake.client.close()

    def for_org(self, org_id: str) -> Intake:
        """The intake of an organisation, or the reason there is none to use."""
        stored = self.profiles.get(org_id)
        if stored is None or stored.profile.intake_url is None:
            raise NoIntakeError()
        # An update fetched by sync is stored unconfirmed (docs/profiles.md, rule 5); its
        # intake URL and token are not used until the volunteer compares fingerprints again.
        if stored.verified_at is None:
            raise ProfileUnconfirmedError()
        if org_id not in self._open:
            self._open[org_id] = Intake(stored, self.settings)
        return self._open[org_id]

    def cancel_removed(self, stop: Callable[[], bool]) -> None:
        """Ask servers to delete uploads of reports the volunteer removed, then forget them."""
        rows = (
            self.vault.connection()
            .execute("SELECT id, org_id, upload_url FROM sync_uploads WHERE cancel = 1")
            .fetchall()
        )
        for row_id, org_id, url in rows:
            if stop():
                return
            try:
                intake = self.for_org(org_id)
                if url and "termination" in intake.features().extensions:
                    with translated(self.settings):
                        if not intake.tus.terminate(url):
                            continue
            except ProfileUnconfirmedError:
                continue
            except NoIntakeError:
                pass
            except SyncError:
                continue  # not reachable now: try again at the next pass
            with self.vault.transaction() as conn:
                conn.execute("DELETE FROM sync_uploads WHERE id = ?", (row_id,))


class _Removed(Exception):
    """The volunteer removed the report while it was being sent."""


class UploadJob:
    def __init__(
        self,
        vault: Vault,
        intakes: Intakes,
        item: OutboxItem,
        stop: Callable[[], bool],
        clock: Callable[[], datetime],
        report: Callable[[int, bool], None],
    ) -> None:
        self.vault = vault
        self.intakes = intakes
        self.item = item
        self.stop = stop
        self.clock = clock
        self.report = report
        self.url = item.upload_url
        self.sizer = policy.ChunkSizer()
        self.moved = False  # did the server's offset grow during the current attempt?
        self.confirmed = item.offset  # the offset last stored in the vault

    def run(self) -> OutboxItem:
        """Send what is left; returns the item as stored afterwards."""
        with contextlib.suppress(_Removed):
            self._run()
        return Outbox(self.vault).get(self.item.id) or self.item

    def _run(self) -> None:
        quick = restarts = 0
        while True:
            self.moved = False
            try:
                intake = self.intakes.for_org(self.item.org_id)
                self._send(intake)
                return
            except Stopped:
                return
            except (UploadGone, ChecksumRejected):
                restarts += 1
                self._forget_upload()
                if restarts > RESTARTS:
                    self._failed(ServerReplyError())
                    return
            except SyncError as exc:
                if exc.permanent:
                    self._failed(exc, permanent=True)
                    return
                self.sizer.failed()
                if self.moved:
                    # Data was moving until the cut: reconnect at once. Waiting here cost
                    # most of the time of an upload cut often (ten cuts, 14 s of 16 s).
                    quick = 0
                    if self.stop():
                        return
                    continue
                quick += 1
                if quick >= QUICK_RETRIES or not self._pause(policy.quick_delay()):
                    self._failed(exc)
                    return

    def _send(self, intake: Intake) -> None:
        size = self.item.size
        path = report_path(self.vault, self.item.report_uid)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise OutboxFileError() from exc
        with handle:
            if _file_size(handle) != size:
                raise OutboxFileError()
            features = intake.features()
            if features.max_size is not None and size > features.max_size:
                raise TooLargeError()
            offset = self._start(intake, handle)
            self._set("state = ?", STATE_UPLOADING)
            while offset < size:
                if self.stop():
                    raise Stopped()
                handle.seek(offset)
                data = handle.read(min(self.sizer.size, size - offset))
                began = time.monotonic()
                base = offset

                def sent(n: int, base: int = base) -> None:
                    self.report(base + n, False)

                with translated(intake.settings):
                    new = intake.tus.append(
                        self.url or "", offset, data, features.checksum, sent, self.stop
                    )
                if not offset < new <= offset + len(data):
                    raise ServerReplyError()
                self.sizer.observe(new - offset, time.monotonic() - began)
                offset = new
                self.moved = True
                self._stored_offset(offset, len(data))
        self._uploaded()

    def _start(self, intake: Intake, handle: object) -> int:
        """The offset to continue from: the server's, for an upload it already has."""
        if self.url is not None:
            try:
                with translated(intake.settings):
                    offset, length = intake.tus.offset(self.url)
            except UploadGone:
                self._forget_upload()
            else:
                if length is not None and length != self.item.size:
                    raise UploadGone()
                if offset > self.item.size:
                    raise ServerReplyError()
                if offset > self.confirmed:
                    # A chunk got through though its answer was lost: that is progress.
                    self.moved = True
                    self._stored_offset(offset, 0)
                else:
                    # An answered HEAD alone is no progress: if every PATCH after it fails,
                    # the attempts must keep counting, or backoff never grows.
                    self._set("upload_offset = ?", offset)
                    self.confirmed = offset
                return offset
        self._check_file(handle)
        with translated(intake.settings):
            url = intake.tus.create(self.item.size, self.item.upload_id)
        self.url = url
        self._set("upload_url = ?, upload_offset = 0", url)
        self.confirmed = 0
        return 0

    def _check_file(self, handle: object) -> None:
        """Before the first byte goes out: the file is the report the vault recorded."""
        import io

        assert isinstance(handle, io.BufferedReader)
        row = (
            self.vault.connection()
            .execute("SELECT sha256 FROM report_exports WHERE uid = ?", (self.item.report_uid,))
            .fetchone()
        )
        if row is None:
            raise _Removed()
        digest = hashlib.sha256()
        handle.seek(0)
        while piece := handle.read(1 << 20):
            digest.update(piece)
        if digest.hexdigest() != row[0]:
            raise OutboxFileError()

    # ---------------------------------------------------------------- vault writes
    def _set(self, assignment: str, *values: object) -> None:
        with self.vault.transaction() as conn:
            self._update(conn, assignment, *values)

    def _update(self, conn: Connection, assignment: str, *values: object) -> None:
        changed = conn.execute(
            f"UPDATE sync_uploads SET {assignment}, updated_at = ? WHERE id = ? AND cancel = 0",
            (*values, stamp(self.clock()), self.item.id),
        ).rowcount
        if changed == 0:
            raise _Removed()

    def _stored_offset(self, offset: int, sent: int) -> None:
        # Progress resets the attempt count: a link that keeps moving is not failing.
        self._set(
            "upload_offset = ?, bytes_sent = bytes_sent + ?, attempts = 0, last_error = NULL",
            offset,
            sent,
        )
        self.confirmed = offset
        self.report(offset, True)
        paused = (
            self.vault.connection()
            .execute("SELECT paused FROM sync_uploads WHERE id = ?", (self.item.id,))
            .fetchone()
        )
        if paused is not None and paused[0]:
            # Paused by the volunteer while it was being sent: stop here, between chunks,
            # with the offset stored, as "Paused" in the list promises.
            raise Stopped()

    def _forget_upload(self) -> None:
        self.url = None
        self.confirmed = 0
        self._set("upload_url = NULL, upload_offset = 0")

    def _failed(self, exc: SyncError, *, permanent: bool = False) -> None:
        if permanent:
            self._set("state = ?, last_error = ?, next_attempt_at = NULL", STATE_FAILED, exc.code)
            return
        # Counted from the vault: a chunk accepted during this attempt reset it to 0.
        current = Outbox(self.vault).get(self.item.id)
        attempts = (current.attempts if current is not None else self.item.attempts) + 1
        when = policy.next_attempt(self.clock(), attempts)
        state = STATE_UPLOADING if self.url else STATE_QUEUED
        self._set(
            "state = ?, attempts = ?, next_attempt_at = ?, last_error = ?",
            state,
            attempts,
            stamp(when),
            exc.code,
        )

    def _uploaded(self) -> None:
        now = stamp(self.clock())
        uid = self.item.report_uid
        # One transaction: killed between "uploaded" and "sent", a report stayed queued for
        # ever (no pending upload was left to finish it) with its copy in the outbox.
        with self.vault.transaction() as conn:
            self._update(
                conn,
                "state = ?, sent_at = ?, last_error = NULL, next_attempt_at = NULL",
                STATE_UPLOADED,
                now,
            )
            left = conn.execute(
                "SELECT COUNT(*) FROM sync_uploads WHERE report_uid = ? AND state != ? "
                "AND cancel = 0",
                (uid, STATE_UPLOADED),
            ).fetchone()[0]
            if left == 0:
                conn.execute(
                    "UPDATE report_exports SET status = ? WHERE uid = ? AND status = ?",
                    (STATUS_SENT, uid, STATUS_QUEUED),
                )
        if left == 0:
            # Every organisation has it: the local ciphertext is no longer needed, and a
            # file in the outbox would only tell that a report had been waiting. (Killed
            # before this, the next opening removes it: tidy_outbox keeps queued reports only.)
            remove_file(self.vault, uid)

    def _pause(self, seconds: float) -> bool:
        """Sleep up to `seconds`; False if asked to stop meanwhile."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.stop():
                return False
            time.sleep(0.05)
        return True


def _file_size(handle: object) -> int:
    import os

    return os.fstat(handle.fileno()).st_size  # type: ignore[attr-defined]
