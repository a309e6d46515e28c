# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of sync for scripts/screenshots.py: the header's status in every state, and
Settings › Sending and updates with the Tor preset chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.sync.outbox import OutboxSummary
from desktop.sync.results import PassProgress
from desktop.sync.settings import PROXY_SOCKS5, TOR_BROWSER, SyncSettings
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.status import status_for


def _summary(**fields: object) -> OutboxSummary:
    values: dict[str, object] = dict(
        pending=0,
        paused=0,
        failed=0,
        uploaded=0,
        bytes_total=0,
        bytes_done=0,
        next_attempt_at=None,
    )
    values.update(fields)
    return OutboxSummary(**values)  # type: ignore[arg-type]


def render_sync(window: MainWindow, outdir: Path, tag: str, until: Callable[..., None]) -> None:
    assert window.shell is not None
    assert window.settings_view is not None
    if window.sync is not None:
        window.sync.stop()  # the states below are shown one by one, not by a live pass
    now = datetime.now(UTC)
    on, off = SyncSettings(), SyncSettings(enabled=False)
    states = [
        (_summary(pending=2), off, {}),
        (
            _summary(pending=1),
            on,
            {"running": True, "progress": PassProgress("r", "o", 40, 100, 40, 100)},
        ),
        (_summary(pending=2), on, {"offline": True}),
        (_summary(pending=1), on, {"metered": True}),
        (_summary(pending=1, next_attempt_at=now + timedelta(minutes=25)), on, {}),
        (_summary(failed=1), on, {}),
        (_summary(uploaded=3), on, {}),
    ]
    header = window.findChild(QWidget, "header")
    assert header is not None
    grabs = []
    for summary, settings, extra in states:
        options: dict[str, object] = {
            "running": False,
            "progress": None,
            "offline": False,
            "metered": False,
        }
        options.update(extra)
        window.sync_button.show_status(status_for(summary, settings, now=now, **options))  # type: ignore[arg-type]
        QApplication.processEvents()
        grabs.append(header.grab())
    sheet = QPixmap(grabs[0].width(), sum(g.height() for g in grabs))
    painter = QPainter(sheet)
    y = 0
    for grab in grabs:
        painter.drawPixmap(0, y, grab)
        y += grab.height()
    painter.end()
    sheet.save(str(outdir / f"{tag}-22-sync-status.png"))
    print(outdir / f"{tag}-22-sync-status.png")

    panel = window.settings_view.sync
    assert panel is not None
    window.shell.show_area(window.shell.SETTINGS)
    until(lambda: panel.isEnabled())
    panel.show_settings(
        SyncSettings(proxy=PROXY_SOCKS5, socks_host=TOR_BROWSER[0], socks_port=TOR_BROWSER[1])
    )  # type: ignore[attr-defined]
    window.settings_view.scroll_area.ensureWidgetVisible(panel, 0, 0)
    until(lambda: False, 300)
    QApplication.processEvents()
    window.grab().save(str(outdir / f"{tag}-23-sync-settings.png"))
    print(outdir / f"{tag}-23-sync-settings.png")
