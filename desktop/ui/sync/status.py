# SPDX-License-Identifier: GPL-3.0-or-later
"""What the sync status button says, worked out without Qt, and the button itself.

(The line each upload gets in the Reports area is that area's: reports/past.py.)

The status must be honest: "All reports sent" only when the outbox is empty of waiting
reports; "Offline" only when the last try reached nothing; a wait shows its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_percent
from desktop.ui.kit.text import clock_time

if TYPE_CHECKING:
    # Types only: the outbox brings the report format and the vault's tables with it.
    from desktop.sync.outbox import OutboxSummary
    from desktop.sync.results import PassProgress
    from desktop.sync.settings import SyncSettings

OFF, SENDING, CHECKING, PAUSED, OFFLINE, METERED, WAITING, QUEUED, FAILED, ALL_SENT, NOTHING = (
    "off",
    "sending",
    "checking",
    "paused",
    "offline",
    "metered",
    "waiting",
    "queued",
    "failed",
    "all-sent",
    "nothing",
)
# Kinds that need the volunteer's attention get the attention style.
ATTENTION = frozenset({FAILED, OFFLINE})


@dataclass(frozen=True)
class SyncStatus:
    kind: str
    text: str
    detail: str


def status_for(
    summary: OutboxSummary | None,
    settings: SyncSettings,
    *,
    running: bool,
    progress: PassProgress | None,
    offline: bool,
    metered: bool,
    now: datetime,
) -> SyncStatus:
    waiting = summary.pending if summary else 0
    failed = summary.failed if summary else 0
    count = ngettext("{count} report waiting", "{count} reports waiting", waiting).format(
        count=waiting
    )
    if not settings.enabled:
        return SyncStatus(
            OFF,
            _("Sending is paused"),
            _("Reports stay in the outbox until you resume sending.") if waiting else "",
        )
    if running and progress is not None and progress.total:
        percent = int(100 * progress.done / progress.total)
        return SyncStatus(
            SENDING,
            # Translators: {percent} is already formatted, e.g. "40 %" or "٤٠٪".
            _("Sending {percent}").format(percent=format_percent(percent)),
            count,
        )
    if running:
        return SyncStatus(CHECKING, _("Connecting…"), count if waiting else "")
    if waiting and summary is not None and summary.paused >= waiting:
        # Send now skips paused uploads, so it is not offered as the way out here.
        return SyncStatus(
            PAUSED,
            ngettext("{count} report paused", "{count} reports paused", waiting).format(
                count=waiting
            ),
            ngettext("Resume it in the Reports area.", "Resume them in the Reports area.", waiting),
        )
    if waiting:
        if offline:
            # Translators: "{waiting}" is e.g. "2 reports waiting".
            return SyncStatus(
                OFFLINE,
                _("Offline · {waiting}").format(waiting=count),
                _("Sending continues by itself when a connection is back."),
            )
        if metered and settings.metered_caution:
            return SyncStatus(
                METERED,
                _("Metered connection · {waiting}").format(waiting=count),
                _("Choose Send now to send anyway."),
            )
        upcoming = summary.next_attempt_at if summary else None
        if upcoming is not None and upcoming > now:
            return SyncStatus(
                WAITING,
                _("Waiting until {time} to try again").format(time=clock_time(upcoming, now)),
                count,
            )
        return SyncStatus(QUEUED, count, _("Choose Send now to send at once."))
    if failed:
        return SyncStatus(
            FAILED,
            ngettext(
                "{count} report could not be sent",
                "{count} reports could not be sent",
                failed,
            ).format(count=failed),
            _("The Reports area says why and lets you try again."),
        )
    if summary is not None and summary.uploaded:
        return SyncStatus(ALL_SENT, _("All reports sent"), "")
    return SyncStatus(NOTHING, _("Nothing to send"), "")


class SyncStatusButton(QToolButton):
    """Always visible while unlocked; its menu sends now, pauses, or opens the settings."""

    send_requested = Signal()
    pause_toggled = Signal(bool)  # True: pause sending
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.send_action = QAction(_("Send now"), self)
        self.pause_action = QAction(_("Pause sending"), self)
        self.settings_action = QAction(_("Sync settings…"), self)
        for action in (self.send_action, self.pause_action, self.settings_action):
            menu.addAction(action)
        self.setMenu(menu)
        self.send_action.triggered.connect(self.send_requested)
        self.pause_action.triggered.connect(self._on_pause_triggered)
        self.settings_action.triggered.connect(self.settings_requested)
        self._paused = False
        self.status = SyncStatus(NOTHING, "", "")

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self._paused = status.kind == OFF
        self.pause_action.setText(_("Resume sending") if self._paused else _("Pause sending"))
        self.send_action.setEnabled(status.kind not in (OFF, SENDING, CHECKING))
        self.setText(status.text)
        tip = f"{status.text}\n{status.detail}" if status.detail else status.text
        self.setToolTip(tip)
        # Translators: screen-reader name of the sync status button, e.g. "Sending: Offline".
        self.setAccessibleName(_("Sending: {status}").format(status=status.text))
        self.setAccessibleDescription(status.detail)
        self.setProperty("attention", status.kind in ATTENTION)
        self.style().unpolish(self)
        self.style().polish(self)

    def _on_pause_triggered(self) -> None:
        self.pause_toggled.emit(not self._paused)
