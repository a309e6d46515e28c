# SPDX-License-Identifier: GPL-3.0-or-later
"""First run: create the vault with a passphrase typed twice, with guidance and a suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import BastionError
from desktop.i18n import _, current_language
from desktop.messages import describe
from desktop.ui.widgets import (
    BusyBar,
    ErrorLabel,
    Heading,
    PassphraseEdit,
    RevealCheckBox,
    SafeLabel,
    StrengthMeter,
    centred_column,
)
from desktop.vault import passphrase as rules


class SetupView(QWidget):
    """Emits `create_requested(passphrase)` once both entries pass the core's rules."""

    create_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verdict_shown = False  # the error line holds a verdict on the typed text
        self.setObjectName("setupView")
        column = centred_column(self, 760, (32, 24, 32, 24))

        self.heading = Heading(_("Create your vault"))
        column.addWidget(self.heading)
        column.addWidget(
            SafeLabel(
                _(
                    "Everything you keep in Bastion (your journal, your training progress and "
                    "your settings) is encrypted with a passphrase that only you know. Nobody "
                    "can recover your passphrase for you: if you forget it, the vault cannot "
                    "be opened."
                )
            )
        )
        guidance = SafeLabel(
            _(
                "A strong passphrase is long and unpredictable. Five or six random words are "
                "easier to remember than a short password and much harder to guess. Do not "
                "use a password you use anywhere else, and nothing about you: names, dates, "
                "places or your username."
            )
        )
        guidance.setObjectName("hint")
        column.addWidget(guidance)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.passphrase = PassphraseEdit(_("Passphrase"))
        self.confirmation = PassphraseEdit(_("Repeat the passphrase"))
        form.addRow(_("Passphrase"), self.passphrase)
        # Translators: form label next to the second passphrase field (type it again).
        form.addRow(_("Repeat passphrase"), self.confirmation)
        self.reveal = RevealCheckBox(_("Show passphrase"), self.passphrase, self.confirmation)
        form.addRow("", self.reveal)
        self.meter = StrengthMeter(_("Passphrase strength"))
        self.strength_bar, self.strength_label = self.meter.bar, self.meter.label
        # Translators: form label next to the passphrase strength meter.
        form.addRow(_("Strength"), self.meter)
        column.addLayout(form)

        suggestion_box = QFrame()
        suggestion_box.setObjectName("suggestion")
        suggestion_layout = QVBoxLayout(suggestion_box)
        self.suggest_button = QPushButton(_("Suggest a passphrase"))
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestionText")
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        # Between words at a large text size, rather than cut off at the column's edge.
        self.suggestion.setWordWrap(True)
        # Not selectable: a passphrase should not travel through the clipboard.
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.suggestion.setVisible(False)
        self.suggestion_hint = SafeLabel(
            # Translators: "it" is the suggested passphrase shown just above this text.
            _(
                "Learn it by heart, or write it on paper and keep it away from this "
                "computer. Press the button again for another one."
            )
        )
        self.suggestion_hint.setVisible(False)
        # Only the EFF's English list has the size and vetting a passphrase list needs: say
        # so in any other language, rather than let English words look like a mistake.
        self.english_words_note = SafeLabel(
            _(
                "The suggested words are English: Bastion has no vetted word list in your "
                "language yet. A passphrase of random words in any language is just as good."
            )
        )
        self.english_words_note.setObjectName("hint")
        self.english_words_note.setVisible(False)
        self.use_suggestion_button = QPushButton(_("Use this passphrase"))
        self.use_suggestion_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addWidget(self.use_suggestion_button)
        buttons.addStretch(1)
        suggestion_layout.addLayout(buttons)
        suggestion_layout.addWidget(self.suggestion)
        suggestion_layout.addWidget(self.suggestion_hint)
        suggestion_layout.addWidget(self.english_words_note)
        column.addWidget(suggestion_box)

        self.error = ErrorLabel()
        column.addWidget(self.error)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Creating the vault"))
        self.busy_label = SafeLabel(
            _("Creating your vault. Making the key takes a few seconds on purpose…")
        )
        self.busy_label.setVisible(False)
        column.addWidget(self.busy)
        column.addWidget(self.busy_label)

        self.create_button = QPushButton(_("Create vault"))
        self.create_button.setDefault(True)
        self.create_button.setObjectName("primary")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.create_button)
        column.addLayout(actions)

        self.passphrase.textChanged.connect(self._on_passphrase_text_changed)
        self.confirmation.textChanged.connect(self._on_typed)
        self.passphrase.returnPressed.connect(self.confirmation.setFocus)
        self.confirmation.returnPressed.connect(self._on_create_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.suggest_button.clicked.connect(self._on_suggest_clicked)
        self.use_suggestion_button.clicked.connect(self._on_use_suggestion_clicked)
        self._on_passphrase_text_changed("")

    def _on_typed(self, _text: str = "") -> None:
        # A verdict on the passphrase ("too easy to guess", "not the same") is about text
        # that is no longer there: it goes as soon as either field changes. A failure from
        # elsewhere (the vault could not be created, or was erased) stays until dealt with.
        if self._verdict_shown:
            self._verdict_shown = False
            self.error.clear_message()

    def _on_passphrase_text_changed(self, text: str) -> None:
        self._on_typed()
        self.meter.show_strength(text)

    def _on_suggest_clicked(self) -> None:
        self.suggestion.setText(rules.suggest())
        for widget in (self.suggestion, self.suggestion_hint, self.use_suggestion_button):
            widget.setVisible(True)
        self.english_words_note.setVisible(not current_language().startswith("en"))

    def _on_use_suggestion_clicked(self) -> None:
        self.passphrase.setText(self.suggestion.text())
        self.confirmation.setText(self.suggestion.text())
        self.confirmation.setFocus()

    def _on_create_clicked(self) -> None:
        if self.busy.isVisible():
            return
        try:
            rules.check_new_passphrase(self.passphrase.text(), self.confirmation.text())
        except BastionError as exc:
            self.error.show_message(describe(exc))
            self._verdict_shown = True
            return
        self.error.clear_message()
        self.set_busy(True)
        self.create_requested.emit(self.passphrase.text())

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.passphrase,
            self.confirmation,
            self.create_button,
            self.suggest_button,
            self.use_suggestion_button,
        ):
            widget.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def show_failure(self, message: str) -> None:
        self.set_busy(False)
        self.error.show_message(message)
        self._verdict_shown = False

    def wipe(self) -> None:
        self.reveal.setChecked(False)
        self.passphrase.wipe()
        self.confirmation.wipe()
        self.suggestion.clear()
        for widget in (self.suggestion, self.suggestion_hint, self.use_suggestion_button):
            widget.setVisible(False)
