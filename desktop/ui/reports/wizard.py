# SPDX-License-Identifier: GPL-3.0-or-later
"""The new-report wizard: five steps, Back / Next / Cancel, then the export on a worker.

The export runs in `attempt(…, vault)` so the worker's vault connection closes when it ends.
It talks to the window only through an ExportControl of plain Python values: the worker
writes its progress there and reads the Cancel flag (set by the button, or by the vault
locking); a timer on the UI thread shows the progress. No Qt object is touched off the UI
thread, and an export that outlives the window stops at its next progress step.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.profiles import Profiles
from desktop.reports.document import ReportRequest
from desktop.reports.errors import ExportCancelledError
from desktop.reports.exports import ExportRecord, export_report
from desktop.ui.kit.factories import button, hint
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.reports.common import DESTINATION_ERRORS, Page
from desktop.ui.reports.contents import ContentsPage
from desktop.ui.reports.destination import DestinationPage
from desktop.ui.reports.entries import EntriesPage
from desktop.ui.reports.recipients import RecipientsPage
from desktop.ui.reports.result import ResultPage
from desktop.ui.reports.review import ReviewPage, Summary
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import Heading, SafeLabel
from desktop.vault import Vault

POLL_MS = 100


class ExportControl:
    """Shared by the UI thread and the export worker: plain values, no Qt."""

    def __init__(self, vault: Vault) -> None:
        self._stop = threading.Event()
        self._vault = vault
        self.done = 0
        self.total = 0

    def progress(self, done: int, total: int) -> None:  # worker thread
        self.done, self.total = done, total

    def cancelled(self) -> bool:  # worker thread
        return self._stop.is_set() or not self._vault.is_unlocked

    def stop(self) -> None:  # UI thread
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()


class ReportWizard(QWidget):
    closed = Signal()  # cancelled, or Done on the last screen
    written = Signal(object)  # an ExportRecord: the report exists now
    settings_requested = Signal()

    ENTRIES, CONTENTS, RECIPIENTS, DESTINATION, REVIEW, RESULT = range(6)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportWizard")
        self.journal = journal
        self.record: ExportRecord | None = None
        self.control: ExportControl | None = None
        self._generation = 0

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 24, 12)
        column.setSpacing(8)
        column.addWidget(Heading(_("New report")))
        self.step_label = SafeLabel()
        self.step_label.setObjectName("subheading")
        column.addWidget(self.step_label)

        self.entries = EntriesPage(journal)
        self.contents = ContentsPage(journal)
        self.recipients = RecipientsPage(journal)
        self.destination = DestinationPage()
        self.review = ReviewPage()
        self.result = ResultPage()
        self.pages: list[Page] = [
            self.entries,
            self.contents,
            self.recipients,
            self.destination,
            self.review,
            self.result,
        ]
        self.stack = QStackedWidget()
        for page in self.pages:
            page.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its controls take focus, not it
            self.stack.addWidget(page)
        column.addWidget(self.stack, 1)

        self.navigation = QWidget()
        row = QHBoxLayout(self.navigation)
        row.setContentsMargins(0, 8, 0, 0)
        self.cancel_button = button(_("Cancel"), _("Cancel the report"))
        self.back_button = button(_("Back"), _("Back to the previous step"))
        self.next_button = button(_("Next"), object_name="primary")
        self.cancel_note = hint(_("Nothing has been written yet."))
        row.addWidget(self.cancel_button)
        row.addWidget(self.cancel_note, 1)
        row.addStretch(0)  # keeps Done at its size when the others are hidden
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        column.addWidget(self.navigation)

        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.closed)
        self.review.stop_button.clicked.connect(self.stop_export)
        self.recipients.settings_requested.connect(self.settings_requested)
        self.recipients.rebuilt.connect(self._chain_focus)
        self.go_to(self.ENTRIES)

    # ------------------------------------------------------------------ steps
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    @property
    def is_writing(self) -> bool:
        return self.control is not None

    def go_to(self, step: int) -> None:
        page = self.pages[step]
        self.stack.setCurrentWidget(page)
        self.step_label.setVisible(step != self.RESULT)  # the result says it in its own words
        if step == self.RESULT:
            text = ""
        else:
            # Translators: above each step of the new-report wizard, e.g. "Step 2 of 5:
            # Choose what to include".
            text = _("Step {number} of {count}: {title}").format(
                number=step + 1, count=self.RESULT, title=page.title
            )
        self.step_label.setText(text)
        self.step_label.setAccessibleName(text)
        self._update_buttons()
        page.activate()
        self._chain_focus()
        if step in (self.REVIEW, self.RESULT):
            self.next_button.setFocus()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setVisible(self.ENTRIES < step < self.RESULT)
        self.cancel_button.setVisible(step != self.RESULT)
        self.cancel_note.setVisible(step != self.RESULT)
        if step == self.REVIEW:
            text, name = _("Encrypt and write"), _("Encrypt and write the report")
        elif step == self.RESULT:
            text, name = _("Done"), _("Done: back to the list of reports")
        else:
            text, name = _("Next"), _("Next step")
        self.next_button.setText(text)
        self.next_button.setAccessibleName(name)

    def go_next(self) -> None:
        step = self.step
        if step == self.RESULT:
            self.closed.emit()
            return
        page = self.pages[step]
        problem = page.problem()
        if problem:
            page.error.show_message(problem)
            return
        page.error.clear_message()
        if step == self.REVIEW:
            self.start_export()
            return
        if step == self.ENTRIES:
            self.contents.set_entries(self.entries.chosen())
        if step == self.DESTINATION:
            self.review.show_summary(self.summary())
        self.go_to(step + 1)

    def go_back(self) -> None:
        if self.ENTRIES < self.step < self.RESULT and not self.is_writing:
            self.go_to(self.step - 1)

    def _chain_focus(self) -> None:
        """Tab goes through the step's controls in reading order, then the buttons below.
        (Qt's default is creation order, and the recipients are created at each load.)"""
        chain = [*self.pages[self.step].controls()]
        chain += [self.cancel_button, self.back_button, self.next_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ what to write
    def request(self) -> ReportRequest:
        return ReportRequest(
            self.entries.chosen_uids(),
            fields=self.contents.chosen_fields(),
            attachments=self.contents.chosen_attachments(),
            cover_note=self.contents.cover_note(),
            contact=self.contents.contact_text(),
        )

    def summary(self) -> Summary:
        return Summary(
            entries=len(self.entries.chosen_uids()),
            attachments=len(self.contents.chosen_attachments()),
            attachments_left_out=self.contents.attachments_left_out(),
            left_out_fields=self.contents.left_out_fields(),
            names=self.recipients.chosen_names(),
            destination=self.destination.destination(),
            cover_note=bool(self.contents.cover_note()),
            contact=bool(self.contents.contact_text()),
        )

    # ------------------------------------------------------------------ writing
    def start_export(self) -> None:
        if self.is_writing:
            return
        request = self.request()
        org_ids, manual_ids, include_own = self.recipients.choice()
        destination = self.destination.destination()
        hold = self.destination.hold_chosen
        journal, vault, language = self.journal, self.journal.vault, current_language()
        control = ExportControl(vault)

        def work() -> ExportRecord:  # worker thread: core code only
            recipients = Profiles(vault).resolve(
                org_ids=org_ids, manual_ids=manual_ids, include_own=include_own
            )
            return export_report(
                journal,
                request,
                recipients,
                destination,
                language=language,
                progress=control.progress,
                cancelled=control.cancelled,
                hold=hold,
            )

        self._generation += 1
        self.control = control
        self._set_writing(True)
        task = run_in_thread(attempt(self._generation, work, vault))
        task.succeeded.connect(self._on_export_finished)
        task.failed.connect(log_crash)
        self._poll.start()

    def stop_export(self) -> None:
        """The Cancel button beside the progress bar: the export stops at its next step."""
        if self.control is None or self.control.stopping:
            return
        self.control.stop()
        self.review.stop_button.setEnabled(False)
        self.review.say(_("Stopping… Nothing will be left behind."))

    def _set_writing(self, writing: bool) -> None:
        self.navigation.setVisible(not writing)
        self.review.set_writing(writing)

    def _on_poll(self) -> None:
        if self.control is not None:
            self.review.set_progress(self.control.done, self.control.total)

    def _on_export_finished(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self._poll.stop()
        self.control = None
        self._set_writing(False)
        if outcome.error is None:
            self.record = outcome.value
            self.result.show_record(outcome.value, self.recipients.organisation_names())
            self.go_to(self.RESULT)
            self.written.emit(outcome.value)
            return
        exc = outcome.error
        self.review.say("")
        if goes_unsaid(exc, self.journal.vault):
            return
        message = describe(exc)
        if isinstance(exc, ExportCancelledError):
            self.review.say(message)
        elif isinstance(exc, DESTINATION_ERRORS):
            self.go_to(self.DESTINATION)
            self.destination.show_error(message)
        else:
            self.review.error.show_message(message)
        self.next_button.setFocus()
