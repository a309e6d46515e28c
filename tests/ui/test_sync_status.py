# SPDX-License-Identifier: GPL-3.0-or-later
"""The sync status, worked out without Qt for every state, and the header's button that shows
it; the line each upload gets in the Reports area."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.messages import describe
from desktop.sync.errors import NetworkError, TooLargeError, error_for_code
from desktop.sync.outbox import (
    STATE_FAILED,
    STATE_QUEUED,
    STATE_UPLOADED,
    STATE_UPLOADING,
    OutboxItem,
    OutboxSummary,
)
from desktop.sync.results import PassProgress
from desktop.sync.settings import SyncSettings
from desktop.ui.reports.past import upload_line
from desktop.ui.sync import status as st

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ON = SyncSettings()


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC here, so the times in the texts are known."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def summary(**fields: Any) -> OutboxSummary:
    values: dict[str, Any] = dict(
        pending=0, paused=0, failed=0, uploaded=0, bytes_total=0, bytes_done=0, next_attempt_at=None
    )
    values.update(fields)
    return OutboxSummary(**values)


def state(s: OutboxSummary | None, settings: SyncSettings = ON, **kw: Any) -> st.SyncStatus:
    options: dict[str, Any] = dict(
        running=False, progress=None, offline=False, metered=False, now=NOW
    )
    options.update(kw)
    return st.status_for(s, settings, **options)


def progress(done: int, total: int) -> PassProgress:
    return PassProgress("r", "o", done, total, done, total)


# ---------------------------------------------------------------- every state
@pytest.mark.parametrize(
    ("s", "settings", "options", "kind", "text"),
    [
        (summary(pending=2), SyncSettings(enabled=False), {}, st.OFF, "Sending is paused"),
        (summary(), SyncSettings(enabled=False), {}, st.OFF, "Sending is paused"),
        (
            summary(pending=1),
            ON,
            {"running": True, "progress": progress(40, 100)},
            st.SENDING,
            "Sending 40%",
        ),
        (
            summary(pending=3),
            ON,
            {"running": True, "progress": progress(1, 3)},
            st.SENDING,
            "Sending 33%",
        ),
        (summary(pending=1), ON, {"running": True}, st.CHECKING, "Connecting…"),
        (summary(), ON, {"running": True}, st.CHECKING, "Connecting…"),
        (summary(pending=1, paused=1), ON, {}, st.PAUSED, "1 report paused"),
        (summary(pending=2, paused=2), ON, {"offline": True}, st.PAUSED, "2 reports paused"),
        (summary(pending=1), ON, {"offline": True}, st.OFFLINE, "Offline · 1 report waiting"),
        (summary(pending=2), ON, {"offline": True}, st.OFFLINE, "Offline · 2 reports waiting"),
        (
            summary(pending=1),
            ON,
            {"metered": True},
            st.METERED,
            "Metered connection · 1 report waiting",
        ),
        (
            summary(pending=1),
            SyncSettings(metered_caution=False),
            {"metered": True},
            st.QUEUED,
            "1 report waiting",
        ),
        (
            summary(pending=1, next_attempt_at=NOW + timedelta(minutes=20)),
            ON,
            {},
            st.WAITING,
            "Waiting until 12:20\u202fPM to try again",
        ),
        (
            summary(pending=2, paused=1, next_attempt_at=NOW - timedelta(minutes=1)),
            ON,
            {},
            st.QUEUED,
            "2 reports waiting",
        ),
        (summary(failed=1), ON, {}, st.FAILED, "1 report could not be sent"),
        (summary(failed=2, uploaded=5), ON, {}, st.FAILED, "2 reports could not be sent"),
        (summary(uploaded=3), ON, {}, st.ALL_SENT, "All reports sent"),
        (summary(), ON, {}, st.NOTHING, "Nothing to send"),
        (None, ON, {}, st.NOTHING, "Nothing to send"),
    ],
)
def test_every_state_has_its_own_honest_text(
    s: OutboxSummary | None, settings: SyncSettings, options: dict[str, Any], kind: str, text: str
) -> None:
    got = state(s, settings, **options)
    assert (got.kind, got.text) == (kind, text)


def test_the_detail_says_what_happens_next() -> None:
    assert "resume" in state(summary(pending=1), SyncSettings(enabled=False)).detail
    assert state(summary(), SyncSettings(enabled=False)).detail == ""
    assert state(summary(pending=2), running=True, progress=progress(1, 2)).detail == (
        "2 reports waiting"
    )
    assert "connection is back" in state(summary(pending=1), offline=True).detail
    assert "Send now" in state(summary(pending=1), metered=True).detail
    assert "Reports area" in state(summary(pending=1, paused=1)).detail
    assert "Send now" not in state(summary(pending=1, paused=1)).detail  # it skips paused ones
    assert "Reports area" in state(summary(failed=1)).detail


def test_a_wait_that_ends_tomorrow_shows_the_date() -> None:
    late = datetime(2026, 11, 22, 23, 50, tzinfo=UTC)
    got = state(summary(pending=1, next_attempt_at=late + timedelta(hours=2)), now=late)
    assert got.kind == st.WAITING
    assert "11/23/26" in got.text


def test_only_failures_and_offline_ask_for_attention() -> None:
    assert frozenset({st.FAILED, st.OFFLINE}) == st.ATTENTION


# ---------------------------------------------------------------- upload lines
def item(**fields: Any) -> OutboxItem:
    values: dict[str, Any] = dict(
        id=1,
        upload_id="u",
        report_uid="r",
        org_id="org",
        org_name="Safety team",
        state=STATE_QUEUED,
        paused=False,
        offset=0,
        size=100,
        attempts=0,
        next_attempt_at=None,
        last_error=None,
        sent_at=None,
    )
    values.update(fields)
    return OutboxItem(**values)


def test_each_upload_says_where_it_stands() -> None:
    line = upload_line  # the Reports area's, shown per upload of a queued report
    assert line(item(), NOW) == "Waiting to be sent to Safety team"
    assert line(item(state=STATE_UPLOADING, offset=40), NOW) == "40% sent to Safety team"
    assert line(item(paused=True, offset=40), NOW) == "Paused at 40% · for Safety team"
    waiting = line(
        item(
            offset=10,
            last_error=NetworkError.code,
            next_attempt_at=NOW + timedelta(minutes=5),
        ),
        NOW,
    )
    assert waiting.startswith("10% sent to Safety team · trying again at 12:05\u202fPM: ")
    assert waiting.endswith(describe(error_for_code(NetworkError.code)))
    assert (
        line(item(state=STATE_UPLOADED, offset=100, sent_at=NOW - timedelta(hours=1)), NOW)
        == "Sent to Safety team at 11:00\u202fAM"
    )
    last_week = line(item(state=STATE_UPLOADED, sent_at=NOW - timedelta(days=6)), NOW)
    assert "11/16/26" in last_week
    failed = line(item(state=STATE_FAILED, last_error=TooLargeError.code), NOW)
    assert failed == "Could not be sent to Safety team: " + describe(TooLargeError())


# ---------------------------------------------------------------- the button
def test_the_button_shows_the_state_to_eyes_and_screen_readers(qtbot: Any) -> None:
    button = st.SyncStatusButton()
    qtbot.addWidget(button)
    button.show_status(state(summary(failed=1)))
    assert button.objectName() == "syncStatus"
    assert button.text() == "1 report could not be sent"
    assert button.toolTip().startswith("1 report could not be sent\n")
    assert button.accessibleName() == "Sending: 1 report could not be sent"
    assert "Reports area" in button.accessibleDescription()
    assert button.property("attention") is True
    button.show_status(state(summary(uploaded=1)))
    assert button.toolTip() == "All reports sent"
    assert button.property("attention") is False


def test_the_menu_sends_pauses_and_opens_the_settings(qtbot: Any) -> None:
    button = st.SyncStatusButton()
    qtbot.addWidget(button)
    menu = button.menu()
    assert [a.text() for a in menu.actions()] == ["Send now", "Pause sending", "Sync settings…"]
    button.show_status(state(summary(pending=1)))
    with qtbot.waitSignal(button.send_requested):
        button.send_action.trigger()
    with qtbot.waitSignal(button.settings_requested):
        button.settings_action.trigger()
    with qtbot.waitSignal(button.pause_toggled) as paused:
        button.pause_action.trigger()
    assert paused.args == [True]
    # While sending, or with sending paused, Send now has nothing to add.
    button.show_status(state(summary(pending=1), running=True, progress=progress(1, 2)))
    assert not button.send_action.isEnabled()
    button.show_status(state(summary(pending=1), SyncSettings(enabled=False)))
    assert not button.send_action.isEnabled()
    assert button.pause_action.text() == "Resume sending"
    with qtbot.waitSignal(button.pause_toggled) as resumed:
        button.pause_action.trigger()
    assert resumed.args == [False]
