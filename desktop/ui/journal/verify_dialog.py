# SPDX-License-Identifier: GPL-3.0-or-later
""" "Verify integrity": check every entry's revision hash chain and say what it found.

The check runs on a worker thread (it reads every revision). The result is plain text in
plain language: which entries (title and id) fail, what broke, what it means and what to do.
It is shown in a label that cannot be selected, so nothing reaches the clipboard (or the X11
selection) except through "Copy report", which the clipboard guard clears on lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BastionError
from desktop.i18n import _, ngettext
from desktop.journal.integrity import IntegrityProblem, VerifyReport
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel
from desktop.vault.errors import VaultLockedError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    report: VerifyReport
    titles: dict[str, str | None]  # entry id → title, None when it cannot be read


def run_check(journal: Journal) -> CheckResult:
    """Runs on a worker thread: the check, then the titles of the entries that failed it."""
    with journal.vault.worker_scope():
        report = journal.verify()
        titles: dict[str, str | None] = {}
        for uid in report.broken_entries():
            try:
                titles[uid] = journal.get(uid).content.title
            except (BastionError, ValueError, KeyError, TypeError):
                # The damage may be exactly what makes the entry unreadable.
                titles[uid] = None
    return CheckResult(report, titles)


def _isolate(text: str) -> str:
    """User text inside FSI…PDI: its direction cannot reorder the sentence around it."""
    return f"\u2068{text}\u2069"


def describe_problem(problem: IntegrityProblem) -> str:
    """One break in an entry's chain, in plain language."""
    number = problem.revision or 0
    if problem.code == "hash":
        return _("Version {number} was changed after it was saved.").format(number=number)
    if problem.code in ("link", "sequence"):
        return _("A version is missing or out of order before version {number}.").format(
            number=number
        )
    if problem.code == "attachments":
        return _("The list of attachments does not match the saved record.")
    if problem.code == "content":
        if problem.revision is not None:
            return _("Saved version {number} cannot be read.").format(number=number)
        return _("A saved version cannot be read.")
    # head, summary
    return _("The entry's current state does not match its last saved version.")


def report_text(result: CheckResult) -> str:
    """The whole result as plain text (shown in the dialog and copied by "Copy report")."""
    report = result.report
    if report.entries == 0:
        return _("The journal has no entries yet, so there is nothing to check.")
    versions = ngettext("{count} saved version", "{count} saved versions", report.revisions)
    versions = versions.format(count=report.revisions)
    if report.ok:
        return ngettext(
            "The {count} entry and its {versions} are intact. Nothing was changed or lost "
            "since it was saved.",
            "All {count} entries and their {versions} are intact. Nothing was changed or lost "
            "since they were saved.",
            report.entries,
        ).format(count=report.entries, versions=versions)

    broken = report.broken_entries()
    lines = [
        ngettext(
            "{count} entry did not pass the check:",
            "{count} entries did not pass the check:",
            len(broken),
        ).format(count=len(broken)),
        "",
    ]
    for uid in broken:
        title = result.titles.get(uid)
        if title:
            # Translators: an entry that failed the integrity check: its title and its id.
            lines.append(_("{title} (id {id})").format(title=_isolate(title), id=uid))
        else:
            lines.append(_("An entry whose title cannot be read (id {id})").format(id=uid))
        sentences = [describe_problem(p) for p in report.problems if p.entry_uid == uid]
        for sentence in dict.fromkeys(sentences):
            lines.append(f"  • {sentence}")
        lines.append("")
    intact = report.entries - len(broken)
    if intact:
        lines.append(
            ngettext(
                "The other {count} entry is intact.",
                "The other {count} entries are intact.",
                intact,
            ).format(count=intact)
        )
        lines.append("")
    lines.append(
        _(
            "What this means: these entries were changed outside Bastion after they were "
            "saved, or the data was damaged, for example by a failing disk or USB stick. "
            "Bastion cannot tell which. Bastion itself never changes a saved version: every "
            "edit is kept as a new one."
        )
    )
    lines.append("")
    lines.append(
        _(
            "What to do: make a copy of the whole data folder now and keep it somewhere safe, "
            "as it is; it may be evidence. Do not open or edit the vault with other tools. "
            "If you think someone else changed it, tell the team you report to."
        )
    )
    return "\n".join(lines)


class VerifyDialog(QDialog):
    """Not modal: the lock button and quick exit stay within reach while it runs."""

    check_finished = Signal()  # the result (or an error) is shown

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._clipboard = clipboard
        self._text = ""
        self.setWindowTitle(_("Verify integrity"))
        self.setModal(False)
        self.resize(560, 400)
        column = QVBoxLayout(self)
        intro = SafeLabel(
            _(
                "Bastion checks every saved version of every entry against the fingerprint "
                "recorded when it was saved, to find anything changed or lost."
            )
        )
        intro.setObjectName("hint")
        column.addWidget(intro)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Checking the journal"))
        column.addWidget(self.busy)
        self.status = SafeLabel(_("Checking…"))
        column.addWidget(self.status)

        self.headline = SafeLabel()
        self.headline.setObjectName("verifyHeadline")
        self.headline.setVisible(False)
        column.addWidget(self.headline)
        self.result_label = SafeLabel()
        self.result_label.setObjectName("verifyResult")
        self.result_label.setMargin(10)
        self.result_label.setAutoFillBackground(True)
        self.result_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.result_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # screen readers can reach it
        self.result_area = QScrollArea()
        self.result_area.setWidgetResizable(True)
        self.result_area.setWidget(self.result_label)
        self.result_area.setAccessibleName(_("Result of the check"))
        self.result_area.setVisible(False)
        column.addWidget(self.result_area, 1)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("Copy report"))
        self.copy_button.setToolTip(
            _("Copy this report. Bastion removes it from the clipboard when it locks.")
        )
        self.copy_button.setAccessibleName(_("Copy report"))
        self.copy_button.setVisible(False)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.setDefault(True)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        column.addLayout(buttons)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.close_button.clicked.connect(self.close)

    @property
    def text(self) -> str:
        """The result as shown ("" while the check runs)."""
        return self._text

    def start(self) -> None:
        self.busy.setVisible(True)
        self.status.setVisible(True)
        journal = self._journal
        task = run_in_thread(lambda: run_check(journal))
        task.succeeded.connect(self._on_check_succeeded)
        task.failed.connect(self._on_check_failed)

    def _on_check_succeeded(self, result: CheckResult) -> None:
        self.busy.setVisible(False)
        self.status.setVisible(False)
        self._text = report_text(result)
        # Translators: headline of the integrity check's result.
        headline = _("No problems found") if result.report.ok else _("Problems found")
        self.headline.setText(headline)
        self.headline.setAccessibleName(headline)
        self.headline.setVisible(True)
        # Each line starts with a mark of the UI's direction: a line that begins with an
        # entry's title would otherwise take the title's direction and flip around.
        mark = "\u200f" if self.isRightToLeft() else "\u200e"
        shown = "\n".join(mark + line if line else line for line in self._text.split("\n"))
        self.result_label.setText(shown)
        self.result_label.setAccessibleName(self._text)
        self.result_area.setVisible(True)
        self.copy_button.setVisible(True)
        self.result_label.setFocus()
        self.check_finished.emit()

    def _on_check_failed(self, exc: BaseException) -> None:
        if isinstance(exc, VaultLockedError) or not self._journal.vault.is_unlocked:
            return  # locked meanwhile: the dialog is closing with the journal
        log.warning("integrity check failed: %s", type(exc).__name__)
        self.busy.setVisible(False)
        self.status.setVisible(False)
        self.error.show_message(describe(exc))
        self.check_finished.emit()

    def _on_copy_clicked(self) -> None:
        if self._text:
            self._clipboard.copy(self._text)
