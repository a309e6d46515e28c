# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 5: what is about to be written, then the writing itself (progress, Cancel)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_list
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.factories import button
from desktop.ui.kit.text import breakable
from desktop.ui.reports.common import Page
from desktop.ui.widgets import SafeLabel

PROGRESS_STEPS = 1000


@dataclass(frozen=True)
class Summary:
    entries: int
    attachments: int
    attachments_left_out: int
    left_out_fields: list[str]
    names: list[str]
    destination: Path | None  # None: the outbox
    cover_note: bool
    contact: bool


def summary_lines(summary: Summary) -> list[str]:
    entries = ngettext("{count} entry", "{count} entries", summary.entries).format(
        count=summary.entries
    )
    files = ngettext("{count} evidence file", "{count} evidence files", summary.attachments).format(
        count=summary.attachments
    )
    names = format_list(isolate(name) for name in summary.names)
    lines = [
        # Translators: e.g. "3 entries and 2 evidence files will be encrypted for: Wikimedia
        # Foundation Trust & Safety, your own backup key."
        _("{entries} and {files} will be encrypted for: {names}.").format(
            entries=entries, files=files, names=names
        )
    ]
    if summary.left_out_fields:
        lines.append(
            _("Left out of every file: {fields}.").format(
                fields=format_list(summary.left_out_fields)
            )
        )
    else:
        lines.append(_("Every detail of the entries is included."))
    if summary.attachments_left_out:
        lines.append(
            ngettext(
                "{count} evidence file is left out.",
                "{count} evidence files are left out.",
                summary.attachments_left_out,
            ).format(count=summary.attachments_left_out)
        )
    if summary.cover_note or summary.contact:
        parts = []
        if summary.cover_note:
            parts.append(_("your cover note"))
        if summary.contact:
            parts.append(_("how to contact you back"))
        lines.append(_("Also included: {items}.").format(items=format_list(parts)))
    if summary.destination is None:
        lines.append(_("It will wait in the outbox on this computer, encrypted."))
    else:
        lines.append(
            _("It will be saved as {path}").format(path=ltr(breakable(str(summary.destination))))
        )
    return lines


class ReviewPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Check the report below. Nothing is written until you press “Encrypt and write”."),
            parent,
        )
        self.title = _("Check and write")
        self.summary = SafeLabel()
        self.summary.setObjectName("reportSummary")
        self.column.addWidget(self.summary)

        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setAccessibleName(_("Progress of the report"))
        self.progress.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        # Translators: stops writing the report; nothing is left behind.
        self.stop_button = button(_("Cancel"), _("Stop writing the report"))
        self.stop_button.setVisible(False)
        row.addWidget(self.stop_button)
        self.column.addLayout(row)
        self.status = SafeLabel()
        self.status.setVisible(False)
        self.column.addWidget(self.status)
        self.finish_layout()
        align_to_ui(self.body)

    def show_summary(self, summary: Summary) -> None:
        text = "\n\n".join(summary_lines(summary))
        self.summary.setText(text)
        self.summary.setAccessibleName(text)
        self.say("")
        self.error.clear_message()

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def set_writing(self, writing: bool) -> None:
        self.progress.setVisible(writing)
        self.stop_button.setVisible(writing)
        self.stop_button.setEnabled(writing)
        if writing:
            self.progress.setValue(0)
            self.error.clear_message()
            self.say(_("Encrypting and writing the report…"))
            self.stop_button.setFocus()

    def controls(self) -> list[QWidget]:
        return [self.stop_button]

    def set_progress(self, done: int, total: int) -> None:
        value = (
            PROGRESS_STEPS if total <= 0 else min(PROGRESS_STEPS, done * PROGRESS_STEPS // total)
        )
        self.progress.setValue(value)
