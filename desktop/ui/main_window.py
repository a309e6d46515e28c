# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: first run, unlock screen, or the unlocked shell; auto-lock; quick exit.

It composes the areas (journal, learn, reports, settings with profiles and sync), which never
import each other. Only what the unlock screen needs is imported at start: each area, the
settings page and the header's sync button are imported when the vault is first unlocked,
and the first-run view only on a first run (bench/startup.py measures the difference).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import config
from desktop.i18n import current_language
from desktop.ui import fonts
from desktop.ui.application import follow_preferences
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.guard import IdleLock, QuickExit
from desktop.ui.header import Header
from desktop.ui.kit.first_paint import soon_after_first_paint
from desktop.ui.kit.geometry import default_size
from desktop.ui.session import Session
from desktop.ui.tasks import run_in_thread
from desktop.ui.unlock_view import UnlockView
from desktop.vault import HeaderMissingError, VaultState

if TYPE_CHECKING:
    from desktop.ui.learn.area import LearnArea
    from desktop.ui.profiles.panel import ProfilesPanel
    from desktop.ui.reports.area import ReportsArea
    from desktop.ui.settings_view import SettingsView
    from desktop.ui.setup_view import SetupView
    from desktop.ui.shell import ShellView
    from desktop.ui.sync.controller import SyncController
    from desktop.ui.sync.settings_panel import SyncSettingsPanel
    from desktop.ui.sync.status import SyncStatusButton

AUTOLOCK_KEY = "autolock_minutes"


def _leave_application() -> None:
    QApplication.exit(0)


class MainWindow(QMainWindow):
    """Owns the session; the unlock screen covers everything whenever the vault is locked."""

    screen_changed = Signal(str)  # "setup", "unlock" or "shell"
    quick_exited = Signal()

    def __init__(
        self,
        session: Session,
        data_dir: Path,
        prefs: config.Preferences | None = None,
        leave: Callable[[], None] = _leave_application,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.data_dir = data_dir
        self.prefs = prefs or config.Preferences()
        self.clipboard = ClipboardGuard()
        self.shell: ShellView | None = None
        self.settings_view: SettingsView | None = None
        self.help_dialog: QWidget | None = None
        self.sync: SyncController | None = None
        self._sync_button: SyncStatusButton | None = None
        self._kit_offered = False
        self.setWindowTitle("Bastion")
        self.setMinimumSize(720, 520)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        header = Header()
        self._header_row = header.row
        self.lock_button, self.quick_exit_button = header.lock_button, header.quick_exit_button
        column.addWidget(header)
        self.stack = QStackedWidget()
        # Built when first needed: a start shows only one of them (start-up time).
        self._setup_view: SetupView | None = None
        self._unlock_view: UnlockView | None = None
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.idle_lock = IdleLock(config.AUTOLOCK_DEFAULT * 60_000, self)
        self.quick_exit = QuickExit(
            self, cleanup=self._quick_exit_cleanup, leave=leave, parent=self
        )
        self.quick_exit.triggered.connect(self.quick_exited)
        # The other scripts' fonts, once the first screen (in the interface's own script) is up.
        soon_after_first_paint(self, fonts.register_rest)

        self.session.create_failed.connect(lambda message: self.setup_view.show_failure(message))
        self.session.erased.connect(lambda message: self._on_session_unlock_failed(message, 0))
        self.session.unlock_failed.connect(self._on_session_unlock_failed)
        self.session.unlocked.connect(self._on_session_unlocked)
        self.session.lock_started.connect(self._on_session_lock_started)
        self.session.locked.connect(self._on_session_locked)
        self.idle_lock.idle_timed_out.connect(self.session.lock)
        self.lock_button.clicked.connect(self.session.lock)
        self.quick_exit_button.clicked.connect(self.quick_exit.trigger)

        self._restore_geometry()
        self._show_entry_screen()

    # ------------------------------------------------------------------ building
    @property
    def sync_button(self) -> SyncStatusButton:
        """The header's sync status, made on first use (after unlocking): its module belongs
        to the sync area, which the unlock screen does not load."""
        if self._sync_button is None:
            from desktop.ui.sync.status import SyncStatusButton

            button = SyncStatusButton()
            button.setVisible(False)
            self._header_row.insertWidget(self._header_row.indexOf(self.lock_button), button)
            self._sync_button = button
        return self._sync_button

    @property
    def setup_view(self) -> SetupView:
        if self._setup_view is None:
            from desktop.ui.setup_view import SetupView  # a first run only

            self._setup_view = SetupView()
            self._setup_view.create_requested.connect(self.session.create)
            self.stack.addWidget(self._setup_view)
        return self._setup_view

    @property
    def unlock_view(self) -> UnlockView:
        if self._unlock_view is None:
            self._unlock_view = UnlockView()
            self._unlock_view.unlock_requested.connect(self.session.unlock)
            self.stack.addWidget(self._unlock_view)
        return self._unlock_view

    def _on_session_unlock_failed(self, message: str, wait_seconds: int) -> None:
        if self.session.state() is VaultState.ABSENT:
            # Erased by the volunteer's own rule after too many wrong passphrases: the next
            # step is a new vault, and the first-run screen says what happened.
            self._switch_to(self.setup_view)
            self.setup_view.show_failure(message)
            return
        self.unlock_view.show_failure(message, wait_seconds)

    @property
    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        if widget is not None and widget is self._setup_view:
            return "setup"
        if widget is not None and widget is self._unlock_view:
            return "unlock"
        return "shell"

    def _switch_to(self, widget: QWidget) -> None:
        self.stack.setCurrentWidget(widget)
        self.lock_button.setVisible(widget is self.shell)
        self.screen_changed.emit(self.current_screen)

    def _show_entry_screen(self) -> None:
        state = self.session.state()
        if state is VaultState.ABSENT:
            self._switch_to(self.setup_view)
            self.setup_view.passphrase.setFocus()
            return
        self.unlock_view.reset()
        # A wait after wrong passphrases outlives a restart: show it before anyone types.
        wait = self.session.vault.attempts.seconds_to_wait()
        if wait:
            self.unlock_view.show_failure("", wait)
        if state is VaultState.DAMAGED:
            from desktop.messages import describe  # every area's errors: not needed otherwise

            self.unlock_view.show_unusable(describe(HeaderMissingError()))
        self._switch_to(self.unlock_view)

    # ------------------------------------------------------------------ session events
    def _on_session_unlocked(self) -> None:
        if self._setup_view is not None:
            self._setup_view.wipe()
        if self._unlock_view is not None:
            self._unlock_view.reset()
        minutes = config.AUTOLOCK_DEFAULT
        stored = self.session.settings.get(AUTOLOCK_KEY, "")
        # A bad stored value must not keep the vault from opening: fall back to the default.
        if stored.isdigit() and int(stored) in config.AUTOLOCK_CHOICES:
            minutes = int(stored)
        # Imported at first unlock, not at start: the unlock screen does not need them.
        from desktop.ui.erase_panel import EraseAfterPanel
        from desktop.ui.profiles.panel import ProfilesPanel
        from desktop.ui.security.panel import SecurityPanel
        from desktop.ui.settings_view import SettingsView
        from desktop.ui.shell import ShellView
        from desktop.ui.sync.settings_panel import SyncSettingsPanel

        sync_panel = SyncSettingsPanel(self.session.vault)
        profiles = ProfilesPanel(self.session.vault)
        security = SecurityPanel(self.session, current_language())
        settings = SettingsView(
            minutes,
            current_language(),
            self.data_dir,
            organisations=profiles,
            sync=sync_panel,
            erase=EraseAfterPanel(self.session.vault.attempts),
            security=security,
        )
        settings.autolock_changed.connect(self._on_settings_autolock_changed)
        follow_preferences(settings, self.prefs, self.data_dir)  # language, text size
        self.settings_view = settings
        reports, learn = self._build_reports_area(), self._build_learn_area()
        self.shell = ShellView(settings, self._build_journal_area(), reports, learn)
        security.packs_changed.connect(learn.reload)
        profiles.packs_installed.connect(learn.reload)
        reports.settings_requested.connect(self._on_reports_settings_requested)
        self.shell.help_requested.connect(self._show_help)
        # The wizard sends people to Settings to confirm an organisation: when they come
        # back, its list of recipients must already show it.
        profiles.changed.connect(reports.profiles_changed)
        self.stack.addWidget(self.shell)
        self._start_sync(reports, sync_panel)
        self._switch_to(self.shell)
        self.shell.navigation.setFocus()
        self.idle_lock.set_interval_ms(minutes * 60_000)
        self.idle_lock.start()
        if self._setup_view is not None and not self._kit_offered:  # the first run
            self._offer_kit(profiles)

    def _offer_kit(self, profiles: ProfilesPanel) -> None:
        """Started from a trainer's kit (the program inside it): offer its organisation and
        training, once, in Settings, where the fingerprint check happens."""
        from desktop.kits.verify import kit_near_program

        self._kit_offered = True
        folder = kit_near_program()
        if folder is not None and self.shell is not None:
            self.shell.show_area(self.shell.SETTINGS)
            profiles.kits.open(folder, ask=True)

    def _build_journal_area(self) -> QWidget:
        from desktop.journal.store import Journal
        from desktop.ui.journal.area import JournalArea

        return JournalArea(Journal(self.session.vault), self.clipboard)

    def _build_reports_area(self) -> ReportsArea:
        from desktop.journal.store import Journal
        from desktop.ui.reports.area import ReportsArea

        return ReportsArea(Journal(self.session.vault))

    def _build_learn_area(self) -> LearnArea:
        from desktop.training.store import Training
        from desktop.ui.learn.area import TEXT_SIZE_SETTING, LearnArea

        stored = self.session.settings.get(TEXT_SIZE_SETTING, "")
        # A bad stored size must not keep the area from opening: the default is used then.
        size = int(stored) if stored.isdigit() else 0
        return LearnArea(Training(self.session.vault), text_size=size)

    def _show_help(self) -> None:
        from desktop.ui.help.dialog import HelpDialog  # first use only (start-up time)

        dialog = HelpDialog(self.session.vault, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session.lock_started.connect(dialog.close)  # nothing of the vault stays shown
        self.help_dialog = dialog
        dialog.show()

    def _on_reports_settings_requested(self) -> None:
        if self.shell is not None:
            self.shell.show_area(self.shell.SETTINGS)
            if self.settings_view is not None and self.settings_view.organisations is not None:
                self.settings_view.scroll_area.ensureWidgetVisible(self.settings_view.organisations)

    def _start_sync(self, reports: ReportsArea, panel: SyncSettingsPanel) -> None:
        from desktop.ui.sync.controller import SyncController

        sync = SyncController(self.session.vault, self)
        button = self.sync_button
        # Made after the header, the button would come after the shell in Tab's order: put
        # it back before Lock (Qt does nothing when it already is). The shell must be in the
        # window by now, or it would land between the button and Lock.
        QWidget.setTabOrder(button, self.lock_button)
        QWidget.setTabOrder(self.lock_button, self.quick_exit_button)
        sync.status_changed.connect(button.show_status)
        sync.items_changed.connect(reports.past.reload)
        sync.progressed.connect(reports.past.show_progress)
        # A pause from the header's menu must show in Settings, or its next save undoes it.
        sync.settings_changed.connect(panel.show_sending)
        button.send_requested.connect(sync.send_now)
        button.pause_toggled.connect(sync.set_paused)
        button.settings_requested.connect(self._show_sync_settings)
        panel.changed.connect(sync.reload_settings)
        reports.past.changed.connect(sync.refresh)
        reports.report_written.connect(sync.refresh)
        button.setVisible(True)
        self.sync = sync
        sync.start()

    def _show_sync_settings(self) -> None:
        if self.shell is not None and self.settings_view is not None:
            self.shell.show_area(self.shell.SETTINGS)
            if self.settings_view.sync is not None:
                self.settings_view.scroll_area.ensureWidgetVisible(self.settings_view.sync)

    def _on_session_lock_started(self) -> None:
        # Before the key is dropped: the pass stops between two pieces of a chunk, with the
        # offset stored, instead of failing on a closed vault.
        button = self._sync_button
        if button is None:  # never unlocked: no sync has run
            return
        if self.sync is not None:
            for signal in (button.send_requested, button.pause_toggled, button.settings_requested):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect()
            self.sync.stop()
            self.sync.deleteLater()
            self.sync = None
        button.setVisible(False)

    def _on_session_locked(self) -> None:
        self.idle_lock.stop()
        self.clipboard.clear_if_ours()
        # Dialogs and other windows opened while unlocked must not stay over the lock screen.
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible():
                widget.close()
        if self.shell is not None:
            self.stack.removeWidget(self.shell)
            self.shell.deleteLater()
            self.shell = None
        self._show_entry_screen()

    def _on_settings_autolock_changed(self, minutes: int) -> None:
        self.idle_lock.set_interval_ms(minutes * 60_000)
        self.session.settings[AUTOLOCK_KEY] = str(minutes)
        vault = self.session.vault

        def save() -> None:  # runs on a worker thread
            with vault.worker_scope():
                vault.set_setting(AUTOLOCK_KEY, str(minutes))

        run_in_thread(save)

    # ------------------------------------------------------------------ exit
    def _quick_exit_cleanup(self) -> None:
        self.session.lock()
        self.clipboard.clear_if_ours()

    def _restore_geometry(self) -> None:
        if self.prefs.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.prefs.window_geometry.encode()))
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            room = screen.availableGeometry().size() if screen is not None else QSize()
            self.resize(default_size(room))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_lock.stop()
        self.quick_exit.detach()
        self.session.lock()
        self.prefs.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        # Geometry is a nicety: closing must never fail because it could not be saved. The
        # file is rewritten (and fsynced) only when it holds something else: a language chosen
        # just before closing may not have been written by its worker yet.
        with contextlib.suppress(Exception):
            if config.Preferences.load(self.data_dir) != self.prefs:
                self.prefs.save(self.data_dir)
        event.accept()
        super().closeEvent(event)

    def set_right_to_left(self, rtl: bool) -> None:
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
