# SPDX-License-Identifier: GPL-3.0-or-later
"""What a sync pass reports: progress while it runs, then one result per upload and update.

Plain data, apart from the pass itself: `engine` makes these, `updates` makes UpdateResult,
and the window and `bastion sync` read them, so none of them has to import the engine (and
its HTTP stack) to know the shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class PassProgress:
    report_uid: str
    org_id: str
    sent: int  # bytes of this upload the server has, plus those in flight
    size: int
    done: int  # the same over every upload of this pass
    total: int


@dataclass(frozen=True)
class UploadResult:
    item_id: int
    report_uid: str
    org_id: str
    state: str
    offset: int
    size: int
    error: str | None  # an error code (desktop.sync.errors), None when it went well


@dataclass(frozen=True)
class UpdateResult:
    org_id: str
    kind: str  # "profile" or "pack"
    name: str  # the file name in the update index
    outcome: str  # installed, unchanged, not-newer, refused, failed
    version: int | None
    error: str | None  # a code, or the name of the refusing error's class
    exception: BaseException | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SyncReport:
    started_at: datetime
    finished_at: datetime
    uploads: tuple[UploadResult, ...]
    updates: tuple[UpdateResult, ...]
    stopped: bool
    offline: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "stopped": self.stopped,
            "offline": self.offline,
            "uploads": [
                {
                    "report": u.report_uid,
                    "organisation": u.org_id or None,
                    "state": u.state,
                    "offset": u.offset,
                    "size": u.size,
                    "error": u.error,
                }
                for u in self.uploads
            ],
            "updates": [
                {
                    "organisation": u.org_id,
                    "kind": u.kind,
                    "file": u.name,
                    "outcome": u.outcome,
                    "version": u.version,
                    "error": u.error,
                }
                for u in self.updates
            ],
        }


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
