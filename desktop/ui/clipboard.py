# SPDX-License-Identifier: GPL-3.0-or-later
"""Copying text out of Bastion, and taking it back off the clipboard on lock or quick exit."""

from __future__ import annotations

import hashlib
import hmac
import os

from PySide6.QtGui import QGuiApplication


class ClipboardGuard:
    """Remembers a keyed digest (never the text) of what Bastion copied."""

    def __init__(self) -> None:
        self._salt = os.urandom(16)
        self._digest: bytes | None = None

    def _mac(self, text: str) -> bytes:
        return hmac.new(self._salt, text.encode("utf-8"), hashlib.sha256).digest()

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._digest = self._mac(text)

    def holds_ours(self) -> bool:
        if self._digest is None:
            return False
        return hmac.compare_digest(self._mac(QGuiApplication.clipboard().text()), self._digest)

    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds what Bastion put there; True if cleared."""
        if not self.holds_ours():
            self._digest = None
            return False
        QGuiApplication.clipboard().clear()
        self._digest = None
        return True
