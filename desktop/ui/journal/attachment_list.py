# SPDX-License-Identifier: GPL-3.0-or-later
"""The list of an entry's evidence files, and how each file is described."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from desktop.i18n import _
from desktop.journal.evidence import AttachmentInfo, MetadataState
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal import labels
from desktop.ui.kit.delegates import StackedLines

UID_ROLE = Qt.ItemDataRole.UserRole
SHORT_HASH = 12


def metadata_text(state: str) -> str:
    """What happened to a file's hidden information (nothing to say for other files)."""
    if state == MetadataState.REMOVED:
        return _("Hidden information removed")
    if state == MetadataState.KEPT:
        return _("Original kept, with its hidden information")
    if state == MetadataState.UNSUPPORTED:
        return _("Hidden information could not be removed from this format")
    return ""


def details_text(info: AttachmentInfo) -> str:
    # Translators: second line of an attachment: its type, its size and the start of
    # its SHA-256 fingerprint, e.g. "image/jpeg · 2.4 MB · SHA-256 3f9a0c…".
    return _("{type} · {size} · SHA-256 {hash}…").format(
        type=info.media_type, size=labels.format_size(info.size), hash=info.sha256[:SHORT_HASH]
    )


def item_text(info: AttachmentInfo) -> str:
    lines = [info.name, details_text(info)]
    state = metadata_text(info.metadata)
    if state:
        lines.append(state)
    return "\n".join(lines)


def item_tooltip(info: AttachmentInfo) -> str:
    lines = [_("SHA-256: {hash}").format(hash=info.sha256)]
    if info.original_sha256 and info.original_sha256 != info.sha256:
        lines.append(
            _("SHA-256 of the file as it was received: {hash}").format(hash=info.original_sha256)
        )
    lines.append(_("Added {time}").format(time=labels.format_timestamp(info.added_at)))
    return "\n".join(lines)


class AttachmentList(QListWidget):
    """One item per file: name, details, metadata state; the full hash in the tooltip.

    Ctrl+C copies through the clipboard guard (Qt's own copy would outlive the lock), and
    items cannot be dragged out. Every line is drawn in full, wrapped rather than elided, by
    kit.delegates.StackedLines: Qt's own drawing dropped the third line ("Hidden information
    removed", the one sign that location data is gone) under a Latin line in Hindi.
    """

    def __init__(self, clipboard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.setObjectName("attachmentList")
        self.setAccessibleName(_("Evidence files"))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setItemDelegate(StackedLines(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap when the panel resizes
        self.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.setMaximumHeight(280)
        self.setDragEnabled(False)

    def show_attachments(self, attachments: tuple[AttachmentInfo, ...], select_uid: str) -> None:
        """List `attachments`; the current item is `select_uid`'s, else the first."""
        self.clear()
        for info in attachments:
            item = QListWidgetItem(item_text(info))
            item.setData(UID_ROLE, info.uid)
            item.setToolTip(item_tooltip(info))
            self.addItem(item)
            if info.uid == select_uid:
                self.setCurrentItem(item)
        if self.currentItem() is None and self.count():
            self.setCurrentRow(0)

    def current_uid(self) -> str:
        item: QListWidgetItem | None = self.currentItem()
        return str(item.data(UID_ROLE)) if item is not None else ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            item = self.currentItem()
            if item is not None:
                self._clipboard.copy(item.text())
            event.accept()
            return
        super().keyPressEvent(event)
