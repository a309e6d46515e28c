# SPDX-License-Identifier: GPL-3.0-or-later
"""Copying text out of Bastion: marked so clipboard history keeps no copy, and taken back off
the clipboard after a delay, on lock and on quick exit (only if it still holds Bastion's text).

The marks are extra formats on the copied QMimeData, which clipboard managers check:

- X11 and Wayland: `x-kde-passwordManagerHint` = `secret` (Klipper and the clipboard
  managers that follow it skip the copy). Verified here (the tests, offscreen platform): the
  format is on the clipboard with that value.
- Windows: `ExcludeClipboardContentFromMonitorProcessing` (any data),
  `CanIncludeInClipboardHistory` and `CanUploadToCloudClipboard` = DWORD 0 (Win+V history and
  cloud clipboard). Qt puts a format named `application/x-qt-windows-mime;value="NAME"` on the
  Windows clipboard as the registered format NAME (QMimeData's documentation). Not verified
  here: no Windows machine runs these tests.
- macOS: `org.nspasteboard.ConcealedType` (the nspasteboard.org convention). Not verified
  here; Qt's macOS clipboard may carry an unknown MIME type under a Qt-specific pasteboard
  type, in which case managers do not see it (docs/threat-model.md says so). The timed clear
  covers that case too.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 45_000

_DWORD_ZERO = (0).to_bytes(4, "little")
_WINDOWS = 'application/x-qt-windows-mime;value="{}"'
CONCEALED_FORMATS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    _WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing"): b"\x01",
    _WINDOWS.format("CanIncludeInClipboardHistory"): _DWORD_ZERO,
    _WINDOWS.format("CanUploadToCloudClipboard"): _DWORD_ZERO,
    "org.nspasteboard.ConcealedType": b"",
}


def concealed(text: str) -> QMimeData:
    """Plain text with the marks that keep it out of clipboard history."""
    data = QMimeData()
    data.setText(text)
    for name, value in CONCEALED_FORMATS.items():
        data.setData(name, value)
    return data


class ClipboardGuard:
    """Remembers a keyed digest (never the text) of what Bastion copied."""

    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        self._salt = os.urandom(16)
        self._digest: bytes | None = None
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)

    def _mac(self, text: str) -> bytes:
        # At first use: hmac loads OpenSSL, which the unlock screen does not need.
        import hashlib
        import hmac

        return hmac.new(self._salt, text.encode("utf-8"), hashlib.sha256).digest()

    def copy(self, text: str) -> None:
        # The clipboard takes ownership of the QMimeData.
        QGuiApplication.clipboard().setMimeData(concealed(text))
        self._digest = self._mac(text)
        self._timer.start()

    def holds_ours(self) -> bool:
        if self._digest is None:
            return False
        from hmac import compare_digest

        return compare_digest(self._mac(QGuiApplication.clipboard().text()), self._digest)

    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds what Bastion put there; True if cleared."""
        self._timer.stop()
        if not self.holds_ours():
            self._digest = None
            return False
        QGuiApplication.clipboard().clear()
        self._digest = None
        return True
