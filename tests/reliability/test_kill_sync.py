# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL during `bastion sync run`, uploading to the official @tus/server on loopback
(through a throttling proxy, so the upload lasts long enough to be cut anywhere).

After each kill: an upload the vault calls complete is complete on the server, byte for byte,
and its report is marked sent with its outbox copy gone; one under way holds on the server a
prefix of the report, at least as long as the offset the vault stored. The next run resumes:
it never sends again a byte the vault knew the server had, and finishes with the right bytes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.reports.exports import STATUS_QUEUED, STATUS_SENT, list_exports
from desktop.sync.outbox import STATE_UPLOADED, Outbox, OutboxItem
from desktop.sync.settings import PROXY_NONE, SyncSettings, save_settings
from desktop.vault import Vault, kdf
from tests.conftest import PASSPHRASE
from tests.reliability.checks import reopened
from tests.reliability.harness import (
    KILL_TEST_MARKS,
    Child,
    Figures,
    Replay,
    Timing,
    bastion_argv,
    operation_rng,
)
from tests.reliability.series import count_kill, count_tidied
from tests.servers.harness import FaultProxy, TusServer
from tests.sizes import size
from tests.sync.support import add_org, queue_bytes

pytestmark = KILL_TEST_MARKS

UPLOAD_KILLS = size(20, 200)
REPORT_BYTES = 768 * 1024 + 7
RATE = 3 * 1024 * 1024  # bytes a second through the proxy: a third of a second a report
KILLS_PER_REPORT = 4  # then a run is left to finish, and the next report is queued


def test_killed_uploads(
    tmp_path: Path,
    kill_figures: Figures,
    tus_server: TusServer,
    fault_proxy: Callable[[int], FaultProxy],
) -> None:
    tally = kill_figures.tally("upload")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    proxy = fault_proxy(tus_server.port)
    proxy.throttle(RATE)
    data = tmp_path / "data"
    vault = Vault(data)
    vault.create(PASSPHRASE, kdf.FLOOR)
    add_org(vault, proxy.url("/files/"))
    save_settings(vault, SyncSettings(proxy=PROXY_NONE))
    vault.lock()
    timing = Timing()
    reports: dict[str, bytes] = {}  # report id → its bytes, for every report queued
    current = ""
    kills_on_current = 0
    before: dict[str, int] = {}  # the offset the vault stored, by the server's upload id
    while tally.kills < UPLOAD_KILLS:
        if not current:
            current = queue_report(data, reports)
            kills_on_current = 0
        seen = len(tus_server.requests())
        sent = proxy.bytes_up
        argv = bastion_argv(data, "sync", "run", "--now", "--no-updates", "--json")
        child = Child(argv, f"{PASSPHRASE}\n".encode())
        if kills_on_current >= KILLS_PER_REPORT:
            child.finish()  # this one resumes and finishes
        else:
            timing.run(
                child,
                rng,
                writing=functools.partial(moved, proxy, sent + 64 * 1024),
                finished=functools.partial(complete_on_server, tus_server, whole(tus_server)),
            )
        killed = count_kill(tally, child, replay)
        kills_on_current += int(killed)
        if not killed:
            assert child.process.returncode == 0, f"{child.stderr} {replay}"
        for request in tus_server.requests()[seen:]:
            if request["method"] == "PATCH":
                start = int(request["upload-offset"])
                known = before.get(request["path"].rsplit("/", 1)[-1], 0)
                assert start >= known, f"re-sent from {start}, the vault had {known} {replay}"
        with reopened(data, replay) as opening:
            count_tidied(tally, opening)
            items = {item.report_uid: item for item in Outbox(opening.vault).items()}
            records = {r.uid: r for r in list_exports(opening.vault, limit=100_000)}
            item = items[current]
            on_server = server_bytes(tus_server, item)
            if item.state == STATE_UPLOADED:
                assert on_server == reports[current], f"marked uploaded, is not {replay}"
                assert records[current].status == STATUS_SENT, f"delivered, not sent {replay}"
                if killed:
                    tally.unreported += 1
                else:
                    tally.verified += 1
                current = ""
            else:
                assert killed, f"a run that ended by itself left the upload unfinished {replay}"
                assert records[current].status == STATUS_QUEUED, replay
                assert reports[current].startswith(on_server), f"wrong bytes on server {replay}"
                assert item.offset <= len(on_server), f"offset ahead of the server {replay}"
                if 0 < len(on_server) < len(reports[current]):
                    tally.mid_write += 1  # cut in the middle of the transfer
            for uid, earlier in items.items():
                if uid != current and earlier.state == STATE_UPLOADED:
                    assert server_bytes(tus_server, earlier) == reports[uid], replay
            before = {
                entry.upload_url.rsplit("/", 1)[-1]: entry.offset
                for entry in items.values()
                if entry.upload_url
            }
    if current:  # the last report, cut: the next run resumes it and finishes
        finished = Child(
            bastion_argv(data, "sync", "run", "--now", "--no-updates"), f"{PASSPHRASE}\n".encode()
        )
        assert finished.finish() == 0, f"{finished.stderr} {replay}"
        with reopened(data, replay) as opening:
            item = {i.report_uid: i for i in Outbox(opening.vault).items()}[current]
            assert item.state == STATE_UPLOADED, replay
            assert server_bytes(tus_server, item) == reports[current], replay
    payload = sum(len(data) for data in reports.values())
    tally.note = (
        f"{len(reports)} reports of {REPORT_BYTES:,} bytes, all delivered byte for byte in the "
        f"end; {proxy.bytes_up / payload:.2f} × their size went up, resumes and the requests "
        "the kills cut off included (a resume never sent again what the vault knew had "
        "arrived)."
    )
    tally.complete = True


def queue_report(data: Path, reports: dict[str, bytes]) -> str:
    vault = Vault(data)
    vault.unlock(PASSPHRASE)
    try:
        content = os.urandom(REPORT_BYTES)
        uid = queue_bytes(vault, content)
    finally:
        vault.lock()
    reports[uid] = content
    return uid


def moved(proxy: FaultProxy, beyond: int) -> bool:
    return proxy.bytes_up > beyond


def whole(server: TusServer) -> int:
    """How many uploads the server holds in full."""
    return sum(1 for p in server.directory.iterdir() if p.stat().st_size == REPORT_BYTES)


def complete_on_server(server: TusServer, before: int) -> bool:
    # The last byte is in: what follows is the client recording it (state, report, file).
    return whole(server) > before


def server_bytes(server: TusServer, item: OutboxItem) -> bytes:
    if not item.upload_url:
        return b""
    path: Any = server.directory / item.upload_url.rsplit("/", 1)[-1]
    return path.read_bytes() if path.exists() else b""
