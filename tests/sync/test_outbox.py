# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload queue in the vault: planned from queued reports, paused, retried, removed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from desktop.reports.exports import STATUS_SENT, list_exports
from desktop.sync.outbox import (
    STATE_FAILED,
    STATE_QUEUED,
    STATE_UPLOADED,
    Outbox,
    report_path,
    stamp,
    summary,
)
from desktop.vault import Vault
from tests.sync.support import ORG, add_org, queue_bytes


def _set(vault: Vault, item_id: int, **values: object) -> None:
    assignments = ", ".join(f"{k} = ?" for k in values)
    with vault.transaction() as conn:
        conn.execute(
            f"UPDATE sync_uploads SET {assignments} WHERE id = ?", (*values.values(), item_id)
        )


def test_a_queued_report_becomes_one_upload_per_organisation(vault: Vault) -> None:
    add_org(vault, "https://intake.example.org/files/")
    uid = queue_bytes(vault, b"x" * 1000)
    items = Outbox(vault).items()
    assert [(i.report_uid, i.org_id, i.state, i.size, i.offset) for i in items] == [
        (uid, ORG, STATE_QUEUED, 1000, 0)
    ]
    assert items[0].org_name == "Wikimedia Foundation Trust & Safety"
    # A random id, unrelated to the report's own id: it is all the server learns.
    assert len(items[0].upload_id) == 32
    assert uid not in items[0].upload_id
    assert Outbox(vault).items() == items  # planning twice adds nothing


def test_a_report_for_two_organisations_and_one_for_nobody(vault: Vault) -> None:
    uid = queue_bytes(vault, b"a" * 10)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE report_exports SET recipients = ? WHERE uid = ?",
            (
                json.dumps(
                    [["A", "age1a", "org-a"], ["B", "age1b", "org-b"], ["Me", "age1c", "own"]]
                ),
                uid,
            ),
        )
    manual = queue_bytes(vault, b"b" * 10, org_id="manual")
    items = Outbox(vault).items()
    assert sorted((i.report_uid, i.org_id) for i in items) == sorted(
        [(uid, "org-a"), (uid, "org-b"), (manual, "")]
    )


def test_pause_resume_and_retry(vault: Vault) -> None:
    queue_bytes(vault, b"x" * 10)
    outbox = Outbox(vault)
    item = outbox.items()[0]
    outbox.pause(item.id)
    assert outbox.items()[0].paused
    assert summary(vault).paused == 1
    _set(vault, item.id, next_attempt_at=stamp(datetime.now(UTC) + timedelta(hours=1)))
    outbox.resume(item.id)
    resumed = outbox.items()[0]
    assert not resumed.paused
    assert resumed.next_attempt_at is None
    _set(vault, item.id, state=STATE_FAILED, attempts=7, last_error="unauthorized")
    assert summary(vault).failed == 1
    outbox.retry(item.id)
    again = outbox.items()[0]
    assert (again.state, again.attempts, again.last_error) == (STATE_QUEUED, 0, None)


def test_summary_counts_and_next_attempt(vault: Vault) -> None:
    queue_bytes(vault, b"x" * 100)
    queue_bytes(vault, b"y" * 300)
    outbox = Outbox(vault)
    first, second = outbox.items()
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
    _set(vault, first.id, upload_offset=40, next_attempt_at=stamp(later))
    _set(vault, second.id, next_attempt_at=stamp(later + timedelta(minutes=5)))
    s = summary(vault)
    assert (s.pending, s.bytes_total, s.bytes_done) == (2, 400, 40)
    assert s.next_attempt_at == later
    _set(vault, second.id, next_attempt_at=None)
    assert summary(vault).next_attempt_at is None  # something is due now


def test_removing_a_report_not_begun_drops_it_and_its_file(vault: Vault) -> None:
    uid = queue_bytes(vault, b"x" * 10)
    outbox = Outbox(vault)
    outbox.items()
    assert outbox.remove_report(uid)
    assert outbox.items() == []
    assert not report_path(vault, uid).exists()
    assert [r for r in list_exports(vault) if r.uid == uid] == []
    rows = vault.connection().execute("SELECT COUNT(*) FROM sync_uploads").fetchone()[0]
    assert rows == 0


def test_removing_a_begun_upload_marks_it_for_cancelling_on_the_server(vault: Vault) -> None:
    uid = queue_bytes(vault, b"x" * 10)
    outbox = Outbox(vault)
    item = outbox.items()[0]
    _set(vault, item.id, upload_url="https://intake.example.org/files/abc", upload_offset=5)
    assert outbox.remove_report(uid)
    assert outbox.items() == []  # hidden from the volunteer at once
    row = vault.connection().execute("SELECT cancel, upload_url FROM sync_uploads").fetchone()
    assert row == (1, "https://intake.example.org/files/abc")


def test_removing_a_report_one_organisation_already_has_keeps_it_as_sent(vault: Vault) -> None:
    uid = queue_bytes(vault, b"x" * 10)
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE report_exports SET recipients = ? WHERE uid = ?",
            (json.dumps([["A", "age1a", "org-a"], ["B", "age1b", "org-b"]]), uid),
        )
    outbox = Outbox(vault)
    a, b = sorted(outbox.items(), key=lambda i: i.org_id)
    _set(vault, a.id, state=STATE_UPLOADED)
    assert outbox.remove_report(uid)
    assert [(i.org_id, i.state) for i in outbox.items()] == [("org-a", STATE_UPLOADED)]
    assert next(r for r in list_exports(vault) if r.uid == uid).status == STATUS_SENT
    assert not report_path(vault, uid).exists()
