# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion sync status|retry`, and what a `sync run` that sends nothing says is waiting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_FAILED, STATE_QUEUED, Outbox
from desktop.sync.settings import PROXY_NONE, SyncSettings, save_settings
from desktop.vault import Vault
from tests.cli.test_main import bastion
from tests.conftest import PASSPHRASE
from tests.sync.support import add_org, queue_bytes, random_report

DIRECT = SyncSettings(proxy=PROXY_NONE)
TOKEN = "s3cret-token-for-tests-only"


def sync(data_dir: Path, *args: str) -> Any:
    return bastion("sync", *args, stdin=PASSPHRASE + "\n", data_dir=data_dir)


def test_a_failed_upload_shows_why_and_can_be_tried_again(
    vault: Vault, tus_server_factory: Any, data_dir: Path
) -> None:
    server = tus_server_factory(token=TOKEN)
    add_org(vault, server.url, intake_token="wrong-token-but-well-formed")
    uid = queue_bytes(vault, random_report(1000))
    save_settings(vault, DIRECT)
    assert run_pass(vault, settings=DIRECT, updates=False).uploads[0].state == STATE_FAILED
    vault.lock()

    status = sync(data_dir, "status", "--json")
    assert status.returncode == 0, status.stderr
    (shown,) = json.loads(status.stdout)["uploads"]
    assert (shown["report"], shown["state"], shown["error"]) == (uid, "failed", "unauthorized")
    text = sync(data_dir, "status")
    assert uid in text.stdout
    assert "Could not be sent" in text.stdout
    assert "refused the upload" in text.stdout  # the reason, in the error's own words
    assert TOKEN not in text.stdout
    assert "127.0.0.1" not in text.stdout

    # A run has nothing to do, and says so instead of "Nothing was due." and success.
    quiet = sync(data_dir, "run", "--no-updates")
    assert quiet.returncode == 1
    assert "sync retry" in quiet.stdout
    assert json.loads(sync(data_dir, "run", "--json", "--no-updates").stdout)["waiting"] == {
        "uploads": 0,
        "next_attempt_at": None,
        "paused": 0,
        "failed": 1,
    }

    assert sync(data_dir, "retry", "0123456789abcdef").returncode == 1
    again = sync(data_dir, "retry", uid)
    assert again.returncode == 0, again.stderr
    assert "back in the queue" in again.stdout
    nothing = sync(data_dir, "retry", "--all")
    assert nothing.returncode == 1
    assert "No failed upload" in nothing.stdout
    vault.unlock(PASSPHRASE)
    item = Outbox(vault).items()[0]
    assert (item.state, item.attempts, item.last_error) == (STATE_QUEUED, 0, None)


def test_retry_needs_an_id_or_all(data_dir: Path, vault: Vault) -> None:
    vault.lock()
    assert sync(data_dir, "retry").returncode == 2
    assert sync(data_dir, "retry", "abc", "--all").returncode == 2


def test_a_run_with_nothing_due_says_what_waits_and_until_when(
    vault: Vault, tus_server: Any, data_dir: Path
) -> None:
    add_org(vault, tus_server.url)
    uid = queue_bytes(vault, random_report(1000))
    save_settings(vault, DIRECT)
    tus_server.stop()
    run_pass(vault, settings=DIRECT, updates=False, force=True)  # offline: backoff
    when = Outbox(vault).items()[0].next_attempt_at
    assert when is not None
    vault.lock()
    result = sync(data_dir, "run", "--no-updates")
    assert result.returncode == 0, result.stderr  # nothing failed; it waits its turn
    assert "Nothing was due: 1 upload waits until" in result.stdout
    assert "--now" in result.stdout
    shown = json.loads(sync(data_dir, "run", "--json", "--no-updates").stdout)["waiting"]
    assert shown["uploads"] == 1
    assert shown["next_attempt_at"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")
    status = json.loads(sync(data_dir, "status", "--json").stdout)["uploads"]
    assert [(u["report"], u["state"], u["error"]) for u in status] == [(uid, "queued", "network")]
    assert status[0]["next_attempt_at"] == shown["next_attempt_at"]
    assert "trying again at" in sync(data_dir, "status").stdout


def test_status_of_an_empty_outbox(vault: Vault, data_dir: Path) -> None:
    vault.lock()
    result = sync(data_dir, "status")
    assert result.returncode == 0, result.stderr
    assert "The outbox is empty." in result.stdout
