# SPDX-License-Identifier: GPL-3.0-or-later
"""One sync pass: send what is due in the outbox, cancel what was removed, fetch updates.

`run_pass` is a plain blocking function (a worker thread in the app, `bastion sync run` in a
terminal). It never raises for the network: what happened to each upload and update is in
the report it returns, and each upload's state is in the vault after every step, so a pass
cut short (lock, quit, power loss) loses nothing and the next one resumes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from desktop.sync.errors import (
    InterceptedError,
    NetworkError,
    ProxyUnreachableError,
    TimedOutError,
)
from desktop.sync.outbox import STATE_UPLOADED, Outbox, OutboxItem
from desktop.sync.results import PassProgress, SyncReport, UploadResult
from desktop.sync.settings import SyncSettings, load_settings
from desktop.sync.uploads import Intakes, UploadJob

if TYPE_CHECKING:
    from desktop.vault import Vault

Clock = Callable[[], datetime]
_UNREACHABLE = (
    NetworkError.code,
    TimedOutError.code,
    ProxyUnreachableError.code,
    InterceptedError.code,
)


def _now() -> datetime:
    return datetime.now(UTC)


def due_items(outbox: Outbox, now: datetime, force: bool) -> list[OutboxItem]:
    return [
        item
        for item in outbox.items()
        if item.pending
        and not item.paused
        and (force or item.next_attempt_at is None or item.next_attempt_at <= now)
    ]


def run_pass(
    vault: Vault,
    *,
    settings: SyncSettings | None = None,
    force: bool = False,
    updates: bool = True,
    progress: Callable[[PassProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    clock: Clock = _now,
) -> SyncReport:
    """Upload what is due (everything waiting with `force`, as "Send now" does), then fetch
    updates from the organisations' update URLs. Returns soon after `should_stop()` is true."""
    from desktop.sync.updates import fetch_updates  # only when a pass fetches updates

    settings = settings or load_settings(vault)
    stop = should_stop or (lambda: False)
    started = clock()
    outbox = Outbox(vault)
    items = due_items(outbox, started, force)
    meter = _Meter(items, progress)
    results: list[UploadResult] = []
    with Intakes(vault, settings) as intakes:
        intakes.cancel_removed(stop)
        for item in items:
            if stop():
                break
            job = UploadJob(vault, intakes, item, stop, clock, meter.for_item(item))
            results.append(_result(job.run()))
        intakes.cancel_removed(stop)
    stopped = stop()
    fetched = fetch_updates(vault, settings, stop) if updates and not stopped else []
    tried = [r.error for r in results if r.state != STATE_UPLOADED] + [
        u.error for u in fetched if u.outcome == "failed"
    ]
    reached = any(r.state == STATE_UPLOADED for r in results) or any(
        u.outcome != "failed" for u in fetched
    )
    offline = bool(tried) and not reached and all(code in _UNREACHABLE for code in tried)
    return SyncReport(started, clock(), tuple(results), tuple(fetched), stop(), offline)


def _result(item: OutboxItem) -> UploadResult:
    return UploadResult(
        item.id, item.report_uid, item.org_id, item.state, item.offset, item.size, item.last_error
    )


class _Meter:
    """Progress over the pass, reported at most ten times a second (and at each item's end)."""

    def __init__(
        self, items: list[OutboxItem], callback: Callable[[PassProgress], None] | None
    ) -> None:
        self.callback = callback
        self.total = sum(i.size for i in items)
        self.before = {i.id: i.offset for i in items}
        self.current = dict(self.before)
        self.last = 0.0

    def for_item(self, item: OutboxItem) -> Callable[[int, bool], None]:
        def report(sent: int, final: bool) -> None:
            self.current[item.id] = sent
            now = time.monotonic()
            if self.callback is None or (not final and now - self.last < 0.1):
                return
            self.last = now
            done = sum(self.current.values())
            self.callback(
                PassProgress(item.report_uid, item.org_id, sent, item.size, done, self.total)
            )

        return report
