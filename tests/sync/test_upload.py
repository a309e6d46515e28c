# SPDX-License-Identifier: GPL-3.0-or-later
"""Uploads against the official @tus/server on loopback: complete, resumed, never re-sent."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.journal import Journal
from desktop.profiles import Recipient
from desktop.reports.document import ReportRequest
from desktop.reports.exports import STATUS_SENT, export_report, list_exports
from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_FAILED, STATE_UPLOADED, STATE_UPLOADING, Outbox, report_path
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.vault import Vault
from tests.journal.conftest import sample
from tests.sync.support import ORG, add_org, queue_bytes, random_report

DIRECT = SyncSettings(proxy=PROXY_NONE)
MiB = 1024 * 1024


def sent_once(vault: Vault, **kwargs: Any) -> Any:
    return run_pass(vault, settings=DIRECT, updates=False, **kwargs)


def upload_bytes_on_server(server: Any) -> int:
    return sum(
        int(r.get("content-length") or 0) for r in server.requests() if r["method"] == "PATCH"
    )


def test_a_queued_report_is_uploaded_byte_for_byte(vault: Vault, tus_server: Any) -> None:
    add_org(vault, tus_server.url)
    data = random_report(3 * MiB + 11)
    uid = queue_bytes(vault, data)
    item = Outbox(vault).items()[0]
    report = sent_once(vault)
    assert [(u.state, u.error) for u in report.uploads] == [(STATE_UPLOADED, None)]
    (upload,) = tus_server.uploads()
    assert tus_server.stored(upload["id"]) == data
    # The only metadata is the random id; nothing of the report, volunteer or language.
    assert upload["metadata"] == {"id": item.upload_id}
    done = Outbox(vault).items()[0]
    assert done.state == STATE_UPLOADED
    assert done.sent_at is not None
    assert next(r for r in list_exports(vault) if r.uid == uid).status == STATUS_SENT
    assert not report_path(vault, uid).exists()  # the ciphertext is not kept once delivered
    assert sent_once(vault).uploads == ()  # nothing more to do


def test_a_real_report_arrives_and_the_team_can_open_it(
    vault: Vault, tus_server: Any, tmp_path: Path
) -> None:
    import pyrage

    add_org(vault, tus_server.url)
    identity = pyrage.x25519.Identity.generate()
    journal = Journal(vault)
    entry = journal.add(sample(title="Threat on my talk page"))
    record = export_report(
        journal,
        ReportRequest(entry_uids=(entry,)),
        [Recipient("Team", str(identity.to_public()), ORG)],
        None,
        language="en",
    )
    assert sent_once(vault).uploads[0].state == STATE_UPLOADED
    stored = tus_server.stored(tus_server.uploads()[0]["id"])
    assert hashlib.sha256(stored).hexdigest() == record.sha256
    key = tmp_path / "identity.txt"
    key.write_text(f"{identity}\n")
    plain = subprocess.run(
        ["age", "-d", "-i", str(key)], input=stored, capture_output=True, check=True
    ).stdout
    assert b"Threat on my talk page" in plain


def test_resumes_after_the_server_is_killed_mid_upload(vault: Vault, tus_server: Any) -> None:
    add_org(vault, tus_server.url)
    data = random_report(24 * MiB)
    queue_bytes(vault, data)

    def kill_halfway(progress: Any) -> None:
        if progress.sent > 10 * MiB and tus_server.running:
            tus_server.kill()

    first = sent_once(vault, progress=kill_halfway)
    assert first.uploads[0].state == STATE_UPLOADING
    assert first.uploads[0].error in ("network", "timeout")
    kept = Outbox(vault).items()[0]
    assert 0 < kept.offset < len(data)
    assert kept.next_attempt_at is not None  # backoff until then
    tus_server.start()
    # Not due yet: an unforced pass leaves it alone.
    assert sent_once(vault).uploads == ()
    second = sent_once(vault, force=True)
    assert second.uploads[0].state == STATE_UPLOADED
    (upload,) = tus_server.uploads()
    assert tus_server.stored(upload["id"]) == data
    # The resume started where the server was: it asked (HEAD) before sending.
    after_restart = [r for r in tus_server.requests() if r["method"] in ("HEAD", "PATCH")]
    assert after_restart[0]["method"] == "HEAD" or any(r["method"] == "HEAD" for r in after_restart)
    patches = [int(r["upload-offset"]) for r in tus_server.requests() if r["method"] == "PATCH"]
    assert patches == sorted(patches)
    assert upload_bytes_on_server(tus_server) <= len(data) + 8 * MiB


def test_resumes_after_the_app_is_killed_mid_upload(
    vault: Vault, tus_server: Any, fault_proxy: Any, data_dir: Path
) -> None:
    from tests.conftest import PASSPHRASE

    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    data = random_report(12 * MiB)
    queue_bytes(vault, data)
    from desktop.sync.settings import save_settings

    save_settings(vault, DIRECT)
    vault.lock()
    proxy.throttle(2 * MiB)  # about six seconds for the whole file
    argv = [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "sync", "run", "--json"]
    child = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdin is not None
    child.stdin.write(f"{PASSPHRASE}\n".encode())
    child.stdin.close()
    import time

    deadline = time.monotonic() + 30
    while proxy.bytes_up < 4 * MiB and time.monotonic() < deadline:
        time.sleep(0.05)
    child.kill()  # SIGKILL: no clean-up of any kind
    child.wait(10)
    assert proxy.bytes_up < len(data)
    proxy.throttle(None)
    vault.unlock(PASSPHRASE)
    assert Outbox(vault).items()[0].upload_url is not None
    report = sent_once(vault, force=True)
    assert report.uploads[0].state == STATE_UPLOADED
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data
    assert proxy.bytes_up < len(data) * 1.15 + 1 * MiB


def test_completes_through_a_proxy_that_cuts_the_connection(
    vault: Vault, tus_server: Any, fault_proxy: Any
) -> None:
    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    data = random_report(16 * MiB)
    queue_bytes(vault, data)
    for n in (3 * MiB, 1 * MiB, 5 * MiB):
        proxy.cut_after(n)
    passes = 0
    while Outbox(vault).items()[0].state != STATE_UPLOADED and passes < 10:
        sent_once(vault, force=True)
        passes += 1
    assert Outbox(vault).items()[0].state == STATE_UPLOADED
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data
    assert proxy.bytes_up / len(data) < 1.3


def test_a_stall_times_out_and_resumes(
    vault: Vault, tus_server: Any, fault_proxy: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.sync import http

    monkeypatch.setattr(http, "READ_TIMEOUT", 1.0)
    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    data = random_report(2 * MiB)
    queue_bytes(vault, data)
    proxy.stall_after(512 * 1024, 30)
    report = sent_once(vault, force=True)
    if report.uploads[0].state != STATE_UPLOADED:
        report = sent_once(vault, force=True)
    assert report.uploads[0].state == STATE_UPLOADED
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data


def test_stops_promptly_and_keeps_its_place(
    vault: Vault, tus_server: Any, fault_proxy: Any
) -> None:
    import time

    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    queue_bytes(vault, random_report(8 * MiB))
    proxy.throttle(1 * MiB)
    asked: list[float] = []

    def stop() -> bool:
        if proxy.bytes_up > 1 * MiB and not asked:
            asked.append(time.monotonic())
        return bool(asked)

    report = sent_once(vault, should_stop=stop)
    assert time.monotonic() - asked[0] < 1.5
    assert report.stopped
    item = Outbox(vault).items()[0]
    assert item.state == STATE_UPLOADING
    assert item.upload_url is not None


def test_permanent_errors_stop_the_retries(vault: Vault, tus_server_factory: Any) -> None:
    server = tus_server_factory(token="s3cret-token-for-tests-only")
    add_org(vault, server.url, intake_token="wrong-token-but-well-formed")
    queue_bytes(vault, random_report(1000))
    report = sent_once(vault, force=True)
    assert [(u.state, u.error) for u in report.uploads] == [(STATE_FAILED, "unauthorized")]
    before = len(server.requests())
    assert sent_once(vault, force=True).uploads == ()  # failed items wait for "Try again"
    assert len(server.requests()) == before
    assert all(not r["authorized"] for r in server.requests())


def test_the_organisation_token_is_sent(vault: Vault, tus_server_factory: Any) -> None:
    token = "s3cret-token-for-tests-only"
    server = tus_server_factory(token=token)
    add_org(vault, server.url, intake_token=token)
    data = random_report(100_000)
    queue_bytes(vault, data)
    assert sent_once(vault).uploads[0].state == STATE_UPLOADED
    assert server.stored(server.uploads()[0]["id"]) == data
    assert token not in server.log_path.read_text()  # the server log never had it either


def test_a_removed_report_is_cancelled_on_the_server(vault: Vault, tus_server: Any) -> None:
    add_org(vault, tus_server.url)
    uid = queue_bytes(vault, random_report(6 * MiB))
    calls = {"n": 0}

    def stop_after_some() -> bool:
        calls["n"] += 1
        return calls["n"] > 40

    sent_once(vault, should_stop=stop_after_some)
    assert Outbox(vault).items()[0].upload_url is not None
    assert len(tus_server.uploads()) == 1
    assert Outbox(vault).remove_report(uid)
    sent_once(vault)
    assert any(r["method"] == "DELETE" for r in tus_server.requests())
    assert tus_server.uploads() == []
    assert vault.connection().execute("SELECT COUNT(*) FROM sync_uploads").fetchone()[0] == 0


def test_an_unconfirmed_profile_holds_its_uploads(vault: Vault, tus_server: Any) -> None:
    add_org(vault, tus_server.url, verified=False)
    queue_bytes(vault, random_report(1000))
    report = sent_once(vault, force=True)
    assert [(u.state, u.error) for u in report.uploads] == [("queued", "unconfirmed")]
    assert tus_server.requests() == []


def test_offline_is_reported_and_backs_off(vault: Vault, tus_server: Any) -> None:
    add_org(vault, tus_server.url)
    queue_bytes(vault, random_report(1000))
    tus_server.stop()
    report = sent_once(vault, force=True)
    assert report.offline
    item = Outbox(vault).items()[0]
    assert (item.attempts, item.last_error) == (1, "network")
    assert item.next_attempt_at is not None
    sent_once(vault, force=True)
    assert Outbox(vault).items()[0].attempts == 2


def test_pausing_an_upload_being_sent_stops_it_between_chunks(
    vault: Vault, tus_server: Any, fault_proxy: Any
) -> None:
    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    queue_bytes(vault, random_report(8 * MiB))
    proxy.throttle(2 * MiB)
    item = Outbox(vault).items()[0]
    paused: list[int] = []

    def pause_once(progress: Any) -> None:
        if progress.sent > 1 * MiB and not paused:
            paused.append(progress.sent)
            Outbox(vault).pause(item.id)

    report = sent_once(vault, progress=pause_once)
    assert paused
    stored = Outbox(vault).items()[0]
    assert stored.paused
    assert stored.state == STATE_UPLOADING
    assert stored.offset < 8 * MiB
    assert report.uploads[0].state == STATE_UPLOADING
    assert sent_once(vault, force=True).uploads == ()  # a paused upload waits for Resume
