# SPDX-License-Identifier: GPL-3.0-or-later
"""The sync controller with a stand-in for the engine's pass: one pass at a time on its own
thread, never while locked, stopped before the lock, automatic passes held back when sync is
off, offline or on a metered network, and progress delivered on the UI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtNetwork import QNetworkInformation

from desktop.sync import engine
from desktop.sync.results import PassProgress, SyncReport
from desktop.sync.settings import (
    PROXY_SOCKS5,
    TOR_SERVICE,
    SyncSettings,
    load_settings,
    save_settings,
)
from desktop.ui.session import Session
from desktop.ui.sync import status as st
from desktop.ui.sync.controller import SyncController
from desktop.vault import Vault


@dataclass
class FakePass:
    """Stands in for engine.run_pass; each pass runs until released or asked to stop."""

    hold: bool = True
    calls: list[dict[str, Any]] = field(default_factory=list)
    active: int = 0
    most_at_once: int = 0
    stopped_while_unlocked: list[bool] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(
        self,
        vault: Vault,
        *,
        settings: SyncSettings | None = None,
        force: bool = False,
        progress: Callable[[PassProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        **_: Any,
    ) -> SyncReport:
        assert should_stop is not None
        with self.lock:
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
            self.calls.append(
                {
                    "force": force,
                    "unlocked": vault.is_unlocked,
                    "ui_thread": threading.current_thread() is threading.main_thread(),
                    "settings": settings,
                }
            )
        started = datetime.now(UTC)
        if progress is not None:
            progress(PassProgress("r", "o", 50, 100, 50, 100))
        while self.hold and not self.release.is_set():
            if should_stop():
                self.stopped_while_unlocked.append(vault.is_unlocked)
                break
            time.sleep(0.005)
        with self.lock:
            self.active -= 1
        return SyncReport(started, datetime.now(UTC), (), (), should_stop(), False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePass]:
    stand_in = FakePass()
    monkeypatch.setattr(engine, "run_pass", stand_in)
    yield stand_in
    stand_in.release.set()


@pytest.fixture
def controller(qtbot: Any, vault: Vault, fake: FakePass) -> Iterator[SyncController]:
    made = SyncController(vault)
    made.online = None  # whatever this machine's network says, the tests decide
    made.metered = False
    yield made
    made.stop()
    made.deleteLater()


def started(qtbot: Any, controller: SyncController) -> None:
    with qtbot.waitSignal(controller.settings_changed, timeout=5000):
        controller.start()


def test_the_pass_stops_before_the_lock_and_none_starts_after(
    qtbot: Any, vault: Vault, fake: FakePass, controller: SyncController
) -> None:
    session = Session(vault)
    session.lock_started.connect(controller.stop)
    started(qtbot, controller)
    qtbot.waitUntil(lambda: fake.active == 1, timeout=5000)
    assert controller.running
    assert fake.calls[0]["unlocked"]
    assert not fake.calls[0]["ui_thread"]
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert fake.stopped_while_unlocked == [True]  # it saw the stop before the key went
    assert fake.active == 0
    controller.trigger()
    controller.send_now()
    controller.timer.timeout.emit()
    controller.wake.timeout.emit()
    qtbot.wait(100)
    assert len(fake.calls) == 1
    assert not controller.timer.isActive()


def test_one_pass_at_a_time_and_a_send_now_meanwhile_runs_next(
    qtbot: Any, fake: FakePass, controller: SyncController
) -> None:
    started(qtbot, controller)
    qtbot.waitUntil(lambda: fake.active == 1, timeout=5000)
    controller.send_now()
    controller.send_now()
    controller.trigger()
    qtbot.wait(50)
    assert len(fake.calls) == 1
    fake.hold = False
    fake.release.set()
    qtbot.waitUntil(lambda: len(fake.calls) == 2 and not controller.running, timeout=5000)
    qtbot.wait(100)
    assert len(fake.calls) == 2  # the three requests made one more pass, not three
    assert fake.calls[1]["force"] is True
    assert fake.most_at_once == 1


def test_progress_arrives_on_the_ui_thread(
    qtbot: Any, fake: FakePass, controller: SyncController
) -> None:
    seen: list[tuple[str, bool]] = []
    controller.status_changed.connect(
        lambda s: seen.append((s.text, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(controller.progressed, timeout=5000) as got:
        started(qtbot, controller)
    assert got.args[0].done == 50
    qtbot.waitUntil(lambda: ("Sending 50%", True) in seen, timeout=5000)
    fake.release.set()
    with qtbot.waitSignal(controller.pass_finished, timeout=5000) as finished:
        pass
    assert isinstance(finished.args[0], SyncReport)
    qtbot.waitUntil(lambda: not controller.running)
    assert controller.status().kind == st.NOTHING


def test_automatic_passes_wait_for_sync_on_a_network_and_no_meter(
    qtbot: Any, vault: Vault, fake: FakePass, controller: SyncController
) -> None:
    fake.hold = False
    save_settings(vault, SyncSettings(enabled=False))
    started(qtbot, controller)
    qtbot.wait(100)
    assert fake.calls == []
    assert controller.status().kind == st.OFF
    with qtbot.waitSignal(controller.pass_finished, timeout=5000):
        controller.set_paused(False)  # "Resume sending": on, and a pass at once
    assert load_settings(vault).enabled

    reachability = QNetworkInformation.Reachability
    controller._on_reachability(reachability.Disconnected)
    controller.trigger()
    controller.timer.timeout.emit()
    qtbot.wait(100)
    assert len(fake.calls) == 1
    with qtbot.waitSignal(controller.pass_finished, timeout=5000):
        controller._on_reachability(reachability.Online)  # the network is back: a pass
    assert len(fake.calls) == 2

    controller._on_metered(True)
    controller.trigger()
    qtbot.wait(100)
    assert len(fake.calls) == 2
    with qtbot.waitSignal(controller.pass_finished, timeout=5000):
        controller.send_now()  # Send now sends anyway
    assert fake.calls[-1]["force"] is True
    controller.settings = SyncSettings(metered_caution=False)
    with qtbot.waitSignal(controller.pass_finished, timeout=5000):
        controller.trigger()
    assert len(fake.calls) == 4


def test_pausing_changes_only_the_stored_switch(
    qtbot: Any, vault: Vault, fake: FakePass, controller: SyncController
) -> None:
    fake.hold = False
    started(qtbot, controller)
    # The Settings panel has just saved Tor; the controller has not read it back yet.
    tor = SyncSettings(proxy=PROXY_SOCKS5, socks_host=TOR_SERVICE[0], socks_port=TOR_SERVICE[1])
    save_settings(vault, tor)
    with qtbot.waitSignal(controller.settings_changed, timeout=5000) as changed:
        controller.set_paused(True)
    assert changed.args[0] == load_settings(vault)
    assert load_settings(vault) == SyncSettings(
        enabled=False, proxy=PROXY_SOCKS5, socks_port=TOR_SERVICE[1]
    )
    assert controller.status().text == "Sending is paused"
