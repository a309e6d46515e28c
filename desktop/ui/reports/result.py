# SPDX-License-Identifier: GPL-3.0-or-later
"""The last screen: exactly what was written, where, and who can open it.

Fingerprints are the ones people compare aloud or against a printed card: always ASCII
digit groups, kept left to right in right-to-left layouts.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_size
from desktop.profiles import SOURCE_OWN
from desktop.reports.exports import STATUS_HELD, STATUS_QUEUED, ExportRecord
from desktop.signing.errors import MalformedKeyError
from desktop.signing.fingerprints import fingerprint
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.factories import subheading
from desktop.ui.kit.text import breakable
from desktop.ui.reports.common import Page
from desktop.ui.widgets import SafeLabel


def key_fingerprint(public_key: str) -> str:
    try:
        return fingerprint("age", public_key)
    except (MalformedKeyError, ValueError):
        # Not a canonical age key (cannot happen for keys from the vault): no digits that
        # could be mistaken for the real fingerprint.
        return _("unavailable")


def contents_text(record: ExportRecord) -> str:
    entries = ngettext("{count} entry", "{count} entries", record.entries).format(
        count=record.entries
    )
    files = ngettext("{count} evidence file", "{count} evidence files", record.attachments).format(
        count=record.attachments
    )
    # Translators: e.g. "3 entries and 2 evidence files".
    return _("{entries} and {files}").format(entries=entries, files=files)


def recipient_name(label: str, source: str, organisations: Mapping[str, str]) -> str:
    if source in organisations:
        # Translators: a key of an organisation's profile, e.g. "T&S on-call (Wikimedia
        # Foundation Trust & Safety)".
        return _("{label} ({organisation})").format(
            label=isolate(label), organisation=isolate(organisations[source])
        )
    if source == SOURCE_OWN:
        return _("{label} (your own backup key)").format(label=isolate(label))
    return isolate(label)


def _value(text: str = "", selectable: bool = False) -> SafeLabel:
    label = SafeLabel(text)
    if selectable:
        # The path and the hash are what the team may ask for; they can be selected.
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ResultPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.intro.setVisible(False)
        self.title = _("Done")
        self.heading = SafeLabel()
        self.heading.setObjectName("verifyHeadline")  # the larger bold line of a result
        self.column.insertWidget(0, self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.where_value = _value()
        self.size_value = _value()
        self.contents_value = _value()
        self.hash_value = _value(selectable=True)
        self.hash_value.setObjectName("reportHash")
        for name, value in (
            (_("Where"), self.where_value),
            (_("Size"), self.size_value),
            (_("Contents"), self.contents_value),
            (_("SHA-256 of the file"), self.hash_value),
        ):
            form.addRow(SafeLabel(name), value)
        self.column.addLayout(form)
        self.column.addWidget(subheading(_("Who can open it")))
        # One name and its fingerprint under it per key (a form's label column would clip
        # long, wrapped names).
        self.recipients_box = QWidget()
        self.column.addWidget(self.recipients_box)
        self.fingerprint_hint = SafeLabel(
            _(
                "Each key's fingerprint is shown so you can compare it with the one the "
                "recipient gave you."
            )
        )
        self.fingerprint_hint.setObjectName("hint")
        self.column.addWidget(self.fingerprint_hint)
        self.reminder = SafeLabel()
        self.column.addWidget(self.reminder)
        self.finish_layout()
        self.recipient_rows: list[tuple[str, str]] = []  # (label, fingerprint digits)
        self._shown_rows: list[tuple[SafeLabel, SafeLabel]] = []

    def show_record(
        self, record: ExportRecord, organisations: Mapping[str, str] | None = None
    ) -> None:
        """Show `record`; `organisations` names the organisation behind each profile key."""
        queued = record.status == STATUS_QUEUED
        held = record.status == STATUS_HELD
        if held:
            title = _("The report is kept in the outbox")
            where = _("In the outbox on this computer, not sent until you choose Send now")
        elif queued:
            title = _("The report is in the outbox")
            where = _("In the outbox on this computer, waiting to be uploaded")
        else:
            title, where = _("The report was written"), ltr(breakable(record.location))
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        self.where_value.setText(where)
        self.size_value.setText(format_size(record.size))
        self.contents_value.setText(contents_text(record))
        self.hash_value.setText(ltr(record.sha256))
        old, self.recipients_box = self.recipients_box, QWidget()
        self.column.replaceWidget(old, self.recipients_box)
        old.deleteLater()
        rows = QVBoxLayout(self.recipients_box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        self.recipient_rows, self._shown_rows = [], []
        for label, key, source in record.recipients:
            digits = key_fingerprint(key)
            self.recipient_rows.append((label, digits))
            name = SafeLabel(recipient_name(label, source, organisations or {}))
            value = SafeLabel(_("Fingerprint {digits}").format(digits=ltr(digits)))
            value.setObjectName("fingerprint")
            value.setIndent(24)
            rows.addWidget(name)
            rows.addWidget(value)
            rows.addSpacing(6)
            self._shown_rows.append((name, value))
        if held:
            reminder = _(
                "It stays in the outbox, encrypted, and is not sent until you choose Send now "
                "under Reports. Only the people above can open it."
            )
        elif queued:
            reminder = _(
                "It is uploaded, encrypted, as soon as this computer is connected, unless "
                "sending is paused or turned off in Settings. Only the people above can open it."
            )
        else:
            reminder = _(
                "You can carry this file on any USB stick or send it by any means: only the "
                "people above can open it. Give them the SHA-256 by another way, such as a "
                "phone call, so they can check the file arrived unchanged."
            )
        self.reminder.setText(reminder)
        for shown in self.body.findChildren(QLabel):
            if shown.text():
                shown.setAccessibleName(shown.text())
        align_to_ui(self.body)

    def text(self) -> str:
        """Everything the screen says, in reading order (tests and screen readers)."""
        parts = [self.heading.text(), self.where_value.text(), self.size_value.text()]
        parts += [self.contents_value.text(), self.hash_value.text()]
        parts += [f"{name.text()}: {value.text()}" for name, value in self._shown_rows]
        parts.append(self.reminder.text())
        return "\n".join(parts)
