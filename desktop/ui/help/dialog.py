# SPDX-License-Identifier: GPL-3.0-or-later
"""The help window: what to do in danger, whom to contact, what to write and what not to.

Opened from the sidebar while the vault is unlocked, never from the lock screen: that screen
is what someone who seized the computer sees first, and emergency routes would tell them
what its owner fears (docs/threat-model.md). Everything is offline: the organisations'
contacts come from the vault, the Wikimedia routes from the training pack's lesson. Contacts
are untrusted text, shown as plain text; the lesson is the pack's sanitised HTML, with
links and images left inert (nothing loads, nothing opens from here).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language
from desktop.ui.help.content import HelpContent, load_help
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.factories import hint, subheading
from desktop.ui.kit.work import log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import Heading, SafeLabel
from desktop.vault import Vault

WRITE_AND_NOT = (
    lambda: _(
        "Say what happened and when, with links to the pages or edits (diffs), and your username."
    ),
    lambda: _("Say whether you are in danger now, and how you can be reached safely."),
    lambda: _(
        "Never send your passphrase or passwords, and no more about yourself than they need "
        "to help you."
    ),
    lambda: _("If you can, write from an email account that does not show your real name."),
)


class _InertBrowser(QTextBrowser):
    """The lesson's text only: no link followed, no resource fetched."""

    def loadResource(self, _kind: int, _name: QUrl | str) -> Any:
        return None


class HelpDialog(QDialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        # The title names nothing personal: task bars and shared screens show it.
        self.setWindowTitle(_("Get help"))
        self.resize(720, 640)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.addWidget(Heading(_("Get help")))
        self.column.addWidget(
            SafeLabel(
                _(
                    "If you are in danger right now, contact your local emergency services or "
                    "someone you trust nearby first."
                )
            )
        )
        self.column.addWidget(subheading(_("Your organisations")))
        self.organisations = QVBoxLayout()
        self.column.addLayout(self.organisations)
        self.column.addWidget(subheading(_("Threats of harm on the wikis")))
        self.lesson_note = hint()
        self.lesson_note.setVisible(False)
        self.column.addWidget(self.lesson_note)
        self.lesson = _InertBrowser()
        self.lesson.setOpenLinks(False)
        self.lesson.setOpenExternalLinks(False)
        self.lesson.setAccessibleName(_("Threats of harm on the wikis"))
        self.lesson.setMinimumHeight(260)
        self.column.addWidget(self.lesson)
        self.column.addWidget(subheading(_("What to write, and what not to")))
        for text in WRITE_AND_NOT:
            self.column.addWidget(SafeLabel("• " + text()))
        self.column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        outer.addWidget(buttons)
        self.has_loaded = False
        language = current_language()

        def work() -> HelpContent:
            with vault.worker_scope():
                return load_help(vault, language)

        run_in_thread(work, self._on_loaded, self._on_failed)

    def _on_loaded(self, content: HelpContent) -> None:
        for organisation in content.organisations:
            name = SafeLabel(organisation.name)
            name.setObjectName("subheading")
            self.organisations.addWidget(name)
            for label, _kind, value in organisation.contacts:
                # Translators: one emergency contact of an organisation, e.g.
                # "Emergencies: +44 20 7946 0000".
                line = _("{label}: {value}").format(label=isolate(label), value=ltr(value))
                contact = SafeLabel(line)
                contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.organisations.addWidget(contact)
        if not content.organisations:
            self.organisations.addWidget(
                hint(
                    _(
                        "No organisation is confirmed yet. Add your organisation's profile in "
                        "Settings and compare its fingerprints: its contacts then show here."
                    )
                )
            )
        if content.lesson_html:
            self.lesson.setHtml(content.lesson_html)
            if content.lesson_in_english:
                self.lesson_note.setText(
                    _("This lesson is not available in your language yet; it is shown in English.")
                )
                self.lesson_note.setVisible(True)
        else:
            self.lesson.setVisible(False)
            self.lesson_note.setText(_("No installed training pack has this lesson."))
            self.lesson_note.setVisible(True)
        align_to_ui(self)
        self.has_loaded = True

    def _on_failed(self, exc: BaseException) -> None:
        from desktop.messages import describe, is_known

        if not is_known(exc):
            log_crash(exc)
        self.lesson.setVisible(False)
        self.lesson_note.setText(describe(exc))
        self.lesson_note.setVisible(True)
        self.has_loaded = True
