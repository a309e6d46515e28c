# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Sending and updates: sync on or off, the proxy (Tor), metered networks.

Saved in the vault on a worker; a bad host or port is said beside the field and nothing is
saved. `changed` tells the sync controller to read the settings again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.messages import describe
from desktop.sync.settings import (
    PROXY_NONE,
    PROXY_SOCKS5,
    PROXY_SYSTEM,
    TOR_BROWSER,
    TOR_SERVICE,
    SyncSettings,
)
from desktop.ui.kit.factories import hint
from desktop.ui.kit.work import goes_unsaid, log_crash
from desktop.ui.tasks import Task
from desktop.ui.widgets import ErrorLabel, SafeLabel
from desktop.vault import Vault


class SyncSettingsPanel(QGroupBox):
    changed = Signal()  # saved; the controller reloads

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(_("Sending and updates"), parent)
        self.setObjectName("syncSettings")
        self.vault = vault
        column = QVBoxLayout(self)
        self.enabled = QCheckBox(_("Send reports and fetch updates automatically"))
        column.addWidget(self.enabled)
        column.addWidget(SafeLabel(_("How to connect")))
        self.none = QRadioButton(_("No proxy"))
        self.system = QRadioButton(_("Use the system's proxy settings"))
        self.socks = QRadioButton(_("SOCKS5 proxy (for Tor)"))
        self.modes = QButtonGroup(self)
        for mode, radio in (
            (PROXY_NONE, self.none),
            (PROXY_SYSTEM, self.system),
            (PROXY_SOCKS5, self.socks),
        ):
            radio.setProperty("mode", mode)
            self.modes.addButton(radio)
            column.addWidget(radio)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        self.host = QLineEdit()
        self.host.setAccessibleName(_("Proxy address"))
        self.host.setPlaceholderText("127.0.0.1")
        self.host.setMaximumWidth(220)
        self.port = QSpinBox()
        self.port.setAccessibleName(_("Proxy port"))
        self.port.setRange(1, 65535)
        self.port.setGroupSeparatorShown(False)
        # Port numbers are written as Tor and every other program writes them (ASCII digits),
        # so the number here matches the one in Tor Browser's settings and on the buttons.
        self.port.setLocale(QLocale.c())
        row.addWidget(SafeLabel(_("Address")))
        row.addWidget(self.host)
        row.addWidget(SafeLabel(_("Port")))
        row.addWidget(self.port)
        row.addStretch(1)
        column.addLayout(row)
        presets = QHBoxLayout()
        presets.setContentsMargins(24, 0, 0, 0)
        self.tor_browser = QPushButton(_("Tor Browser (port {port})").format(port=TOR_BROWSER[1]))
        self.tor_service = QPushButton(_("Tor service (port {port})").format(port=TOR_SERVICE[1]))
        presets.addWidget(self.tor_browser)
        presets.addWidget(self.tor_service)
        presets.addStretch(1)
        column.addLayout(presets)
        self.socks_hint = hint(
            _(
                "With a SOCKS5 proxy, nothing is sent any other way, and addresses are looked "
                "up by the proxy, not by this computer. Tor Browser or the Tor service must be "
                "running."
            )
        )
        column.addWidget(self.socks_hint)
        self.metered = QCheckBox(_("On metered connections, wait until I choose Send now"))
        column.addWidget(self.metered)
        self.saved = SafeLabel()
        self.saved.setObjectName("hint")
        self.saved.setVisible(False)
        column.addWidget(self.saved)
        self.error = ErrorLabel()
        column.addWidget(self.error)
        self._loading = True
        self.setEnabled(False)  # until the stored settings are read

        self.enabled.toggled.connect(self._save)
        self.metered.toggled.connect(self._save)
        self.modes.buttonClicked.connect(self._on_mode_clicked)
        self.host.editingFinished.connect(self._save)
        self.port.editingFinished.connect(self._save)
        self.tor_browser.clicked.connect(lambda: self._preset(*TOR_BROWSER))
        self.tor_service.clicked.connect(lambda: self._preset(*TOR_SERVICE))
        self._run(self._read, self._on_read)

    # ------------------------------------------------------------------ values
    def chosen(self) -> SyncSettings:
        button = self.modes.checkedButton()
        mode = str(button.property("mode")) if button is not None else PROXY_SYSTEM
        return SyncSettings(
            enabled=self.enabled.isChecked(),
            proxy=mode,
            socks_host=self.host.text().strip(),
            socks_port=self.port.value(),
            metered_caution=self.metered.isChecked(),
        )

    def show_settings(self, settings: SyncSettings) -> None:
        self._loading = True
        self.enabled.setChecked(settings.enabled)
        for radio in (self.none, self.system, self.socks):
            radio.setChecked(radio.property("mode") == settings.proxy)
        self.host.setText(settings.socks_host)
        self.port.setValue(settings.socks_port)
        self.metered.setChecked(settings.metered_caution)
        self._loading = False
        self._update_enabled()

    def show_sending(self, settings: SyncSettings) -> None:
        """Follow a pause or resume made elsewhere (the header's menu). Only the check box:
        the proxy fields may hold an address being typed. Without this, the next change here
        would save the old check mark and quietly undo the pause."""
        if not self._loading and self.enabled.isChecked() != settings.enabled:
            self._loading = True
            self.enabled.setChecked(settings.enabled)
            self._loading = False

    def _update_enabled(self) -> None:
        socks = self.socks.isChecked()
        for widget in (self.host, self.port, self.tor_browser, self.tor_service, self.socks_hint):
            widget.setEnabled(socks)

    def _on_mode_clicked(self, _button: Any) -> None:
        self._update_enabled()
        self._save()

    def _preset(self, host: str, port: int) -> None:
        self.host.setText(host)
        self.port.setValue(port)
        self.socks.setChecked(True)
        self._update_enabled()
        self._save()

    # ------------------------------------------------------------------ vault
    def _read(self) -> SyncSettings:
        from desktop.sync.settings import load_settings

        with self.vault.worker_scope():
            return load_settings(self.vault)

    def _on_read(self, settings: Any) -> None:
        self.setEnabled(True)
        self.show_settings(settings)

    def _save(self) -> None:
        if self._loading:
            return
        chosen, vault = self.chosen(), self.vault

        def save() -> SyncSettings:
            from desktop.sync.settings import save_settings

            with vault.worker_scope():
                save_settings(vault, chosen)
            return chosen

        self._run(save, self._on_saved)

    def _on_saved(self, _settings: Any) -> None:
        self.error.clear_message()
        self.saved.setText(_("Saved."))
        self.saved.setVisible(True)
        self.changed.emit()

    def _on_failed(self, exc: Any) -> None:
        if goes_unsaid(exc, self.vault):
            return
        from desktop.errors import BastionError

        if not isinstance(exc, BastionError):
            log_crash(exc)
        self.saved.setVisible(False)
        self.error.show_message(describe(exc))

    def _run(self, function: Any, on_done: Any) -> None:
        task = Task(function)  # no parent: see SyncController._work
        task.succeeded.connect(on_done)
        task.failed.connect(self._on_failed)
        task.start()
