# SPDX-License-Identifier: GPL-3.0-or-later
"""An entry's evidence files: list, add (files, drag and drop, pasted screenshot), preview,
save a copy, remove. Every step that reads or writes runs on a worker, one at a time.

The list itself is attachment_list.py; what files come in as, and the import jobs, are
evidence_import.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.journal.evidence import AttachmentInfo
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal import evidence_import
from desktop.ui.journal.attachment_list import AttachmentList
from desktop.ui.journal.evidence_import import local_paths
from desktop.ui.journal.preview import PreviewDialog, load_preview
from desktop.ui.kit import dialogs
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import isolate
from desktop.ui.kit.focus import FocusReturn
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel


class AttachmentsPanel(QFrame):
    changed = Signal(str)  # files were added or removed: the entry (its id) has a new version

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self.setAcceptDrops(True)
        self._journal = journal
        self._clipboard = clipboard
        self._uid = ""
        self._attachments: tuple[AttachmentInfo, ...] = ()
        self._generation = 0
        self._busy = False
        self._select_uid = ""
        self.preview_dialog: PreviewDialog | None = None
        self._focus = FocusReturn(self)  # the pressed button is disabled while busy

        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 12)
        column.setSpacing(8)
        self.heading = SafeLabel(_("Evidence files"))
        self.heading.setObjectName("subheading")
        column.addWidget(self.heading)
        paste_keys = QKeySequence(QKeySequence.StandardKey.Paste).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        intro = SafeLabel(
            _(
                "Files are encrypted inside your vault. Drop files here, or paste a "
                "screenshot with {shortcut}."
            ).format(shortcut=paste_keys)
        )
        intro.setObjectName("hint")
        column.addWidget(intro)

        self.list = AttachmentList(clipboard)
        column.addWidget(self.list)
        self.empty_label = SafeLabel(_("No files yet."))
        self.empty_label.setObjectName("hint")
        column.addWidget(self.empty_label)

        self.preview_button = QPushButton(_("Preview"))
        self.save_button = QPushButton(_("Save a copy…"))
        # Translators: button that removes the selected file from the journal entry.
        self.remove_button = QPushButton(_("Remove file"))
        self.preview_button.setAccessibleName(_("Preview the selected file"))
        self.save_button.setAccessibleName(_("Save an unencrypted copy of the selected file"))
        self.remove_button.setAccessibleName(_("Remove the selected file"))
        item_row = QHBoxLayout()
        for button in (self.preview_button, self.save_button, self.remove_button):
            item_row.addWidget(button)
        item_row.addStretch(1)
        column.addLayout(item_row)

        self.keep = QCheckBox(_("Keep hidden information in photos (location, camera, time)"))
        self.keep.setAccessibleName(self.keep.text())
        keep_hint = SafeLabel(
            _("This information can identify you or where you were, but it may matter as evidence.")
        )
        keep_hint.setObjectName("hint")
        keep_hint.setIndent(24)
        self.keep.setAccessibleDescription(keep_hint.text())
        column.addWidget(self.keep)
        column.addWidget(keep_hint)

        self.add_button = QPushButton(_("Add files…"))
        self.paste_button = QPushButton(_("Paste screenshot"))
        self.add_button.setAccessibleName(_("Add files"))
        self.paste_button.setAccessibleName(_("Paste a screenshot"))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.paste_button)
        add_row.addStretch(1)
        column.addLayout(add_row)

        self.busy = BusyBar(_("Working on the files"))
        column.addWidget(self.busy)
        self.status = SafeLabel()
        self.status.setVisible(False)
        column.addWidget(self.status)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.add_button.clicked.connect(self._on_add_clicked)
        self.paste_button.clicked.connect(self.paste_screenshot)
        self.preview_button.clicked.connect(self.preview_selected)
        self.save_button.clicked.connect(self.save_selected_copy)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self._refresh_list()

    # ------------------------------------------------------------------ contents
    def set_entry(self, uid: str, attachments: tuple[AttachmentInfo, ...]) -> None:
        """Show `uid`'s files. Messages stay when it is the same entry, reloaded."""
        if uid != self._uid:
            self._generation += 1  # results for the entry before are dropped
            self._focus.forget()
            self._set_busy(False)
            self._select_uid = ""
            self._say("")
            self.error.clear_message()
            self.keep.setChecked(False)
        elif not self._select_uid:
            self._select_uid = self.list.current_uid()
        self._uid = uid
        self._attachments = attachments
        self._refresh_list()

    def selected(self) -> AttachmentInfo | None:
        uid = self.list.current_uid()
        return next((a for a in self._attachments if a.uid == uid), None)

    def _refresh_list(self) -> None:
        self.list.show_attachments(self._attachments, self._select_uid)
        self._select_uid = ""
        has_files = bool(self._attachments)
        self.list.setVisible(has_files)
        self.empty_label.setVisible(not has_files)
        count = len(self._attachments)
        title = (
            ngettext("Evidence files ({count})", "Evidence files ({count})", count).format(
                count=count
            )
            if count
            else _("Evidence files")
        )
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy and bool(self._uid)
        chosen = idle and self.selected() is not None
        for button in (self.preview_button, self.save_button, self.remove_button):
            button.setEnabled(chosen)
        for widget in (self.add_button, self.paste_button, self.keep):
            widget.setEnabled(idle)

    def _on_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    def _on_item_activated(self, _item: QListWidgetItem) -> None:
        self.preview_selected()

    # ------------------------------------------------------------------ running work
    def _set_busy(self, busy: bool, text: str = "") -> None:
        if busy:
            self._focus.before_disabling()
        self._busy = busy
        self.busy.setVisible(busy)
        if busy:
            self.error.clear_message()
            self._say(text)
        self._update_buttons()
        if busy:
            self._focus.after_disabling()
        else:
            self._focus.restore()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def _run(self, text: str, function: Callable[[], Any], done: Callable[[Outcome], None]) -> None:
        self._set_busy(True, text)
        task = run_in_thread(attempt(self._generation, function, self._journal.vault))
        task.succeeded.connect(done)
        task.failed.connect(log_crash)

    def _finished(self, outcome: Outcome) -> bool:
        """Common handling; True when the outcome is a success to act on."""
        if outcome.generation != self._generation:
            return False
        self._set_busy(False)
        if outcome.error is None:
            return True
        self._say("")
        if not goes_unsaid(outcome.error, self._journal.vault):
            self.error.show_message(describe(outcome.error))
        return False

    # ------------------------------------------------------------------ adding
    def _on_add_clicked(self) -> None:
        paths = dialogs.choose_files(self, _("Add evidence files"))
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[Path]) -> None:
        """Encrypt these files into the entry (the Add button, drops and pasted files)."""
        if self._busy or not self._uid or not paths:
            return
        job = evidence_import.files_job(self._journal, self._uid, paths, self._take_keep())
        self._run(evidence_import.adding_text(len(paths)), job, self._on_import_finished)

    def paste_screenshot(self) -> None:
        """Add the image on the clipboard (or the files copied there) as a PNG file."""
        if self._busy or not self._uid:
            return
        clipboard = QGuiApplication.clipboard()
        paths = local_paths(clipboard.mimeData())
        if paths:
            self.import_files(paths)
            return
        image = clipboard.image()
        if image.isNull():
            self._say("")
            self.error.show_message(evidence_import.no_image_text())
            return
        job = evidence_import.screenshot_job(self._journal, self._uid, image, self._take_keep())
        self._run(_("Adding the screenshot…"), job, self._on_import_finished)

    def _take_keep(self) -> bool:
        """Whether to keep photos' hidden information: a choice for one import only."""
        keep = self.keep.isChecked()
        self.keep.setChecked(False)
        return keep

    def _on_import_finished(self, outcome: Outcome) -> None:
        if not self._finished(outcome):
            return
        added: list[AttachmentInfo] = outcome.value
        self._say(evidence_import.added_text(len(added)))
        if added:
            self._select_uid = added[0].uid
        self.changed.emit(self._uid)

    # ------------------------------------------------------------------ drag and drop
    def accepts(self, mime: QMimeData | None) -> bool:
        return bool(self._uid) and not self._busy and bool(local_paths(mime))

    def drop(self, mime: QMimeData | None) -> None:
        self.import_files(local_paths(mime))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()
            self.drop(event.mimeData())
        else:
            event.ignore()

    # ------------------------------------------------------------------ one file
    def preview_selected(self) -> None:
        info = self.selected()
        if info is None or self._busy:
            return
        journal, attachment_uid = self._journal, info.uid
        text = _("Opening {name}…").format(name=info.name)
        self._run(text, lambda: load_preview(journal, attachment_uid), self._on_preview_loaded)

    def _on_preview_loaded(self, outcome: Outcome) -> None:
        if not self._finished(outcome):
            return
        self._say("")
        old, self.preview_dialog = self.preview_dialog, None
        if old is not None and shiboken6.isValid(old):
            old.close()
        dialog = PreviewDialog(outcome.value, self._journal, self._clipboard, self)
        # finished, not destroyed: destroyed also fires while this panel is itself being
        # torn down (the dialog is its child), when no Python slot of it may run.
        dialog.finished.connect(self._on_preview_finished)
        self.preview_dialog = dialog
        dialog.open()

    def _on_preview_finished(self, _result: int) -> None:
        if self.sender() is self.preview_dialog:
            self.preview_dialog = None

    def save_selected_copy(self) -> None:
        info = self.selected()
        if info is None or self._busy:
            return
        if not confirm(
            self,
            title=_("Save an unencrypted copy"),
            text=_(
                "The copy will NOT be encrypted. Anyone with access to where you save it can "
                "open it. Save only where you need it, and delete it when done."
            ),
            accept_label=_("Choose where to save"),
            accept=QMessageBox.StandardButton.Save,
        ):
            return
        path = dialogs.choose_save_path(self, _("Save a copy"), info.name)
        if path is None:
            return
        journal, attachment_uid = self._journal, info.uid

        def save() -> Path:
            journal.save_attachment(attachment_uid, path)
            return path

        self._run(_("Saving a copy of {name}…").format(name=info.name), save, self._on_copy_saved)

    def _on_copy_saved(self, outcome: Outcome) -> None:
        if not self._finished(outcome):
            return
        path: Path = outcome.value
        self._say(
            _(
                "The copy was saved as {path}. It is not encrypted: delete it when you no "
                "longer need it."
            ).format(path=isolate(str(path)))
        )

    def remove_selected(self) -> None:
        info = self.selected()
        if info is None or self._busy:
            return
        if not confirm(
            self,
            title=_("Remove file"),
            text=_(
                "Remove “{name}” from this entry?\n\nIts encrypted file and its key will be "
                "destroyed, so it cannot be recovered. The entry's history will still show "
                "its name and fingerprint. This cannot be undone."
            ).format(name=info.name),
            accept_label=_("Remove file"),
        ):
            return
        journal, uid, attachment_uid = self._journal, self._uid, info.uid
        self._run(
            _("Removing {name}…").format(name=info.name),
            lambda: journal.remove_attachment(uid, attachment_uid),
            self._on_removed,
        )

    def _on_removed(self, outcome: Outcome) -> None:
        if not self._finished(outcome):
            return
        self._say(_("The file was removed."))
        self.changed.emit(self._uid)
