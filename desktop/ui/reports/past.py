# SPDX-License-Identifier: GPL-3.0-or-later
"""The reports made so far: when, written or waiting in the outbox, what, for whom, where.

Read from the vault's record on a worker, with each queued report's uploads (one per
organisation) and where they stand. A queued report can be paused, resumed, tried again
after a permanent failure, or taken out (its file is deleted and a begun upload is cancelled
on the server); a written file is the volunteer's to keep or delete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_list, format_percent, format_timestamp
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.reports.exports import (
    STATUS_HELD,
    STATUS_QUEUED,
    STATUS_SENT,
    ExportRecord,
    list_exports,
    release_held,
)
from desktop.sync.errors import error_for_code
from desktop.sync.outbox import STATE_FAILED, STATE_UPLOADED, STATE_UPLOADING, Outbox, OutboxItem
from desktop.sync.results import PassProgress
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.factories import button, hint
from desktop.ui.kit.text import breakable, clock_time
from desktop.ui.kit.work import Outcome
from desktop.ui.reports.common import PageWork, QuietList, RoomyRows
from desktop.ui.reports.result import contents_text
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel

UID_ROLE = Qt.ItemDataRole.UserRole


def upload_line(item: OutboxItem, now: datetime) -> str:
    """One upload of a queued report: where it stands and why."""
    who = item.org_name or item.org_id
    reason = describe(error_for_code(item.last_error)) if item.last_error else ""
    if item.state == STATE_UPLOADED:
        when = clock_time(item.sent_at, now) if item.sent_at else ""
        return _("Sent to {organisation} at {time}").format(organisation=who, time=when)
    if item.state == STATE_FAILED:
        return _("Could not be sent to {organisation}: {reason}").format(
            organisation=who or "—", reason=reason
        )
    percent = format_percent(int(100 * item.fraction))
    if item.paused:
        return _("Paused at {percent} · for {organisation}").format(
            percent=percent, organisation=who
        )
    if item.next_attempt_at is not None and item.next_attempt_at > now:
        return _("{percent} sent to {organisation} · trying again at {time}: {reason}").format(
            percent=percent,
            organisation=who,
            time=clock_time(item.next_attempt_at, now),
            reason=reason,
        )
    if item.offset:
        return _("{percent} sent to {organisation}").format(percent=percent, organisation=who)
    return _("Waiting to be sent to {organisation}").format(organisation=who)


def record_text(record: ExportRecord, uploads: list[OutboxItem] | None = None) -> str:
    queued = record.status == STATUS_QUEUED
    if record.status == STATUS_SENT:
        state = _("Sent, encrypted")
    elif queued:
        state = _("Waiting in the outbox, encrypted")
    elif record.status == STATUS_HELD:
        state = _("Kept in the outbox, not sent until you choose Send now")
    else:
        state = _("Written to a file")
    names = format_list(isolate(label) for label, _key, _source in record.recipients)
    lines = [
        # Translators: first line of a past report, e.g. "2 Nov 2026, 10:14 · Written to a file".
        _("{date} · {state}").format(date=format_timestamp(record.created_at), state=state),
        _("A sealed report you carry for someone else; you cannot read it")
        if record.carried
        else contents_text(record),
        _("For: {names}").format(names=names),
    ]
    if record.destination == "file":
        lines.append(ltr(breakable(record.location)))
    now = datetime.now(UTC)
    lines += [upload_line(item, now) for item in uploads or ()]
    return "\n".join(lines)


class PastReports(QWidget):
    loaded = Signal()  # the list was (re)loaded
    removed = Signal(str)  # a queued report was taken out of the outbox (its id)
    changed = Signal()  # an upload was paused, resumed, retried or removed

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._has_loaded = False
        # A change (pause, resume, remove…) in flight: a reload asked for meanwhile (the sync
        # controller's, say) waits for it. Started at once, it would make the change's own
        # outcome stale, and it could read the outbox from before the change, leaving the
        # row showing the old state with nothing left to correct it.
        self._changing = False
        self._reload_wanted = False
        self.records: list[ExportRecord] = []
        self.uploads: dict[str, list[OutboxItem]] = {}

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        title = SafeLabel(_("Reports you made"))
        title.setObjectName("subheading")
        column.addWidget(title)
        self.busy = BusyBar(_("Loading the list of reports"))
        column.addWidget(self.busy)
        self.list = QuietList()
        self.list.setObjectName("pastReports")
        self.list.setAccessibleName(_("Reports you made"))
        self.list.setWordWrap(True)
        self._rows = RoomyRows(self.list, lines=4)
        self.list.setItemDelegate(self._rows)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(4)  # several lines per report: a gap shows where each ends
        column.addWidget(self.list, 1)
        self.empty_label = hint(
            _(
                "You have not made any reports yet. When you do, they are listed here with "
                "the date, who can open them and where they were written."
            )
        )
        self.empty_label.setVisible(False)
        column.addWidget(self.empty_label)
        column.addStretch(0)  # takes the list's room while the list is hidden
        row = QHBoxLayout()
        self.pause_button = button(_("Pause"), _("Pause sending the selected report"))
        self.resume_button = button(_("Resume"), _("Resume sending the selected report"))
        self.retry_button = button(_("Try again"), _("Try sending the selected report again"))
        for widget in (self.pause_button, self.resume_button, self.retry_button):
            row.addWidget(widget)
        self.send_button = button(_("Send now"), _("Send the selected report, kept until now"))
        row.addWidget(self.send_button)
        self.remove_button = button(
            _("Remove from outbox"), _("Remove the selected report from the outbox")
        )
        self.remove_button.setObjectName("danger")
        self.remove_button.setToolTip(
            _("Only a report waiting in the outbox can be removed here. A file you saved is yours.")
        )
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column.addLayout(row)
        self.status = SafeLabel()
        self.status.setVisible(False)
        column.addWidget(self.status)
        self.error = ErrorLabel()
        self._work = PageWork(journal, self.busy, self.error)
        column.addWidget(self.error)
        align_to_ui(self)

        self.list.currentRowChanged.connect(self._update_buttons)
        self.remove_button.clicked.connect(self.remove_selected)
        self.send_button.clicked.connect(self.send_selected)
        self.pause_button.clicked.connect(lambda: self._change_uploads("pause"))
        self.resume_button.clicked.connect(lambda: self._change_uploads("resume"))
        self.retry_button.clicked.connect(lambda: self._change_uploads("retry"))
        self._update_buttons()

    # ------------------------------------------------------------------ state
    @property
    def has_loaded(self) -> bool:
        return self._has_loaded and not self._work.running

    def selected(self) -> ExportRecord | None:
        item = self.list.currentItem()
        uid = item.data(UID_ROLE) if item is not None else None
        return next((r for r in self.records if r.uid == uid), None)

    def _update_buttons(self, _row: int = -1) -> None:
        record = self.selected()
        queued = record is not None and record.status == STATUS_QUEUED
        held = record is not None and record.status == STATUS_HELD
        idle = not self._work.running
        self.remove_button.setEnabled((queued or held) and idle)
        self.remove_button.setVisible(
            any(r.status in (STATUS_QUEUED, STATUS_HELD) for r in self.records)
        )
        self.send_button.setVisible(held)
        self.send_button.setEnabled(held and idle)
        items = self.uploads.get(record.uid, []) if record is not None and queued else []
        pending = [i for i in items if i.pending]
        self.pause_button.setVisible(any(not i.paused for i in pending))
        self.resume_button.setVisible(any(i.paused for i in pending))
        self.retry_button.setVisible(any(i.state == STATE_FAILED for i in items))
        for widget in (self.pause_button, self.resume_button, self.retry_button):
            widget.setEnabled(idle)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        if self._changing:
            self._reload_wanted = True
            return
        self._reload_wanted = False
        vault = self._journal.vault

        def load() -> tuple[list[ExportRecord], dict[str, list[OutboxItem]]]:
            uploads: dict[str, list[OutboxItem]] = {}
            for item in Outbox(vault).items():
                uploads.setdefault(item.report_uid, []).append(item)
            return list_exports(vault), uploads

        self._work.start(load, self._on_loaded)
        self._update_buttons()  # nothing to act on until the fresh list is in

    def _on_loaded(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            return
        self.error.clear_message()
        self._has_loaded = True
        selected = self.selected()
        self.records, self.uploads = outcome.value
        self.list.clear()
        for record in self.records:
            item = QListWidgetItem(record_text(record, self.uploads.get(record.uid)))
            item.setData(UID_ROLE, record.uid)
            self.list.addItem(item)
            if selected is not None and record.uid == selected.uid:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(self.records))
        self.empty_label.setVisible(not self.records)
        self._update_buttons()
        self.loaded.emit()

    def show_progress(self, progress: PassProgress) -> None:
        """Move the row of the report being sent along with the pass (the stored offsets are
        read again when the pass ends). Sent at most ten times a second."""
        items = self.uploads.get(progress.report_uid)
        if not items:
            return
        self.uploads[progress.report_uid] = [
            replace(
                i,
                state=STATE_UPLOADING,
                offset=progress.sent,
                next_attempt_at=None,
                last_error=None,
            )
            if i.org_id == progress.org_id and i.pending
            else i
            for i in items
        ]
        record = next((r for r in self.records if r.uid == progress.report_uid), None)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if record is not None and item.data(UID_ROLE) == record.uid:
                item.setText(record_text(record, self.uploads[record.uid]))

    # ------------------------------------------------------------------ removing
    def remove_selected(self) -> None:
        record = self.selected()
        if record is None or record.status not in (STATUS_QUEUED, STATUS_HELD):
            return
        if self._work.running:
            return
        if not confirm(
            self,
            title=_("Remove from outbox"),
            text=_(
                "Remove this sealed report from the outbox?\n\nYour copy will be deleted and it "
                "will not be uploaded. The file you brought it from is not touched."
            )
            if record.carried
            else ngettext(
                "Remove this report ({count} entry) from the outbox?\n\nIts encrypted file "
                "will be deleted and it will not be uploaded. Your journal entries are not "
                "changed.",
                "Remove this report ({count} entries) from the outbox?\n\nIts encrypted file "
                "will be deleted and it will not be uploaded. Your journal entries are not "
                "changed.",
                record.entries,
            ).format(count=record.entries),
            accept_label=_("Remove from outbox"),
        ):
            return
        vault, uid = self._journal.vault, record.uid

        def remove() -> str:
            return uid if Outbox(vault).remove_report(uid) else ""

        self._start_change(remove, self._on_removed)

    def _start_change(
        self, function: Callable[[], object], on_done: Callable[[Outcome], None]
    ) -> None:
        self._changing = True
        self._work.start(function, on_done, show_busy=False)
        self._update_buttons()

    def _change_settled(self, outcome: Outcome) -> bool:
        """Settle a change; a reload asked for while it ran happens now either way."""
        if outcome.generation != self._work.generation:
            return False
        self._changing = False
        settled = self._work.settle(outcome)
        if not settled and self._reload_wanted:
            self.reload()
        return settled

    def _on_removed(self, outcome: Outcome) -> None:
        if not self._change_settled(outcome):
            self._update_buttons()
            return
        if outcome.value:
            self._say(_("The report was removed from the outbox and its file deleted."))
        else:
            self._say(_("That report was no longer in the outbox."))
        self.reload()
        if outcome.value:
            self.removed.emit(outcome.value)
            self.changed.emit()

    def send_selected(self) -> None:
        """A report kept in the outbox may go now: the next sync pass uploads it."""
        record = self.selected()
        if record is None or record.status != STATUS_HELD or self._work.running:
            return
        vault, uid = self._journal.vault, record.uid
        self._start_change(lambda: release_held(vault, uid), self._on_uploads_changed)

    # ------------------------------------------------------------------ uploads
    def _change_uploads(self, action: str) -> None:
        record = self.selected()
        if record is None or self._work.running:
            return
        vault = self._journal.vault
        ids = [i.id for i in self.uploads.get(record.uid, [])]

        def change() -> None:
            outbox = Outbox(vault)
            for item_id in ids:
                getattr(outbox, action)(item_id)

        self._start_change(change, self._on_uploads_changed)

    def _on_uploads_changed(self, outcome: Outcome) -> None:
        if self._change_settled(outcome):
            self.reload()
            self.changed.emit()
        self._update_buttons()
