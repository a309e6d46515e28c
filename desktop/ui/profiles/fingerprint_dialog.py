# SPDX-License-Identifier: GPL-3.0-or-later
"""The fingerprint check: the one place where a person decides to trust a key.

A profile proves only that it was signed by the key inside it; anyone can make one. What
makes its keys trustworthy is the person comparing their fingerprints with the organisation,
on its printed card or read aloud together over a channel they already trust. So the dialog
shows every key's fingerprint large, in groups, always left to right (digits read the same in
every language), and asks plainly. Nothing nudges towards trust: the default button (Enter,
Esc, closing the window) is "Check later", which changes nothing; "They all match" must be
chosen on purpose. The dialog only reports the answer; the panel acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.signing.fingerprints import fingerprint_groups
from desktop.ui.kit.direction import align_to_ui, follow_text, isolate, ui_is_rtl
from desktop.ui.kit.factories import subheading
from desktop.ui.profiles.rows import mixed_scripts_marker
from desktop.ui.widgets import SafeLabel

ORGANISATION, PERSON, OWN = "organisation", "person", "own"
GROUP_GAP = "   "  # between groups of five digits: they are read and compared one by one


@dataclass(frozen=True)
class KeyToCheck:
    label: str  # a recipient's label (untrusted) or a translated role ("Signing key")
    kind: str  # "age" or "minisign", as desktop.signing.fingerprints
    key: str
    heading: str = ""  # a translated line shown before this key (starts a group of keys)


@dataclass(frozen=True)
class CheckSubject:
    """What is being checked: whose keys, and the keys."""

    owner: str  # ORGANISATION, PERSON or OWN
    name: str  # the organisation's name or the key's label: untrusted text
    keys: tuple[KeyToCheck, ...]
    details: str = ""  # a translated line under the name (version, id)
    trusted_before: bool = False  # confirmed earlier: this is a second look


def fingerprint_text(groups: list[str]) -> str:
    """The groups inside LRI…PDI: left to right even in a right-to-left sentence or layout."""
    return "\u2066" + GROUP_GAP.join(groups) + "\u2069"


def spoken(groups: list[str]) -> str:
    """For screen readers: digit by digit ("0 4 2 1 3, 8 8 1 2 0, …"), not as numbers."""
    return ", ".join(" ".join(group) for group in groups)


def _fingerprint_font(base: QFont) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(max(size * 1.5, 15.0))
    font.setWeight(QFont.Weight.DemiBold)
    return font


class FingerprintLabel(QLabel):
    """One key's fingerprint: plain text, large monospace, selectable, left to right."""

    def __init__(self, owner_label: str, groups: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups = list(groups)
        self.setObjectName("fingerprint")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(fingerprint_text(self.groups))
        self.setWordWrap(True)  # wraps between groups on a narrow window, never inside one
        self.setFont(_fingerprint_font(self.font()))
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # Lined up with the UI's leading edge; the digits inside still run left to right.
        edge = Qt.AlignmentFlag.AlignRight if ui_is_rtl() else Qt.AlignmentFlag.AlignLeft
        self.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable with Tab and screen readers
        # Translators: screen-reader name of a fingerprint; {name} is whose key it is.
        self.setAccessibleName(_("Fingerprint of {name}").format(name=isolate(owner_label)))
        self.setAccessibleDescription(spoken(self.groups))
        self.setMargin(6)

    def digits(self) -> str:
        """The fingerprint as desktop.signing.fingerprints writes it ("04213 88120 …")."""
        return " ".join(self.groups)


def instructions(subject: CheckSubject) -> str:
    if subject.owner == ORGANISATION:
        return _(
            "Compare every group of digits below with the organisation's printed card, or read "
            "them aloud with someone from the organisation over a channel you already trust: "
            "in person, or on a call to a number you did not get from this profile. If any "
            "group differs, do not use this profile, and tell the organisation."
        )
    if subject.owner == OWN:
        return _(
            "Compare every group of digits below with the fingerprint shown when you made "
            "your backup key (bastion keygen shows it), or with the card you wrote it on. If "
            "any group differs, do not use this key: it is not yours."
        )
    return _(
        "Compare every group of digits below with the person or team this key belongs to: "
        "on their printed card, or read them aloud together over a channel you already "
        "trust. If any group differs, do not use this key, and tell them."
    )


class FingerprintDialog(QDialog):
    """Shows the fingerprints and asks. Window-modal, opened with open(), never exec().

    Emits `matched` or `mismatched` once, then closes; closing any other way (Check later,
    Esc, the window's close button, the vault locking) emits neither.
    """

    matched = Signal()
    mismatched = Signal()

    def __init__(self, subject: CheckSubject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = subject
        self.setWindowTitle(_("Check the fingerprints"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 560)
        column = QVBoxLayout(self)

        self.name_label = SafeLabel(subject.name)
        self.name_label.setObjectName("verifyHeadline")
        self.name_label.setAccessibleName(subject.name)
        follow_text(self.name_label, subject.name)
        column.addWidget(self.name_label)
        self.mixed_marker = mixed_scripts_marker(subject.name)
        if self.mixed_marker is not None:
            column.addWidget(self.mixed_marker)
        if subject.details:
            details = SafeLabel(subject.details)
            details.setObjectName("hint")
            column.addWidget(details)
        self.instructions = SafeLabel(instructions(subject))
        self.instructions.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # read first by Tab
        self.instructions.setAccessibleName(self.instructions.text())
        column.addWidget(self.instructions)

        self.fingerprints: list[FingerprintLabel] = []
        body = QWidget()
        body.setObjectName("fingerprints")
        keys_column = QVBoxLayout(body)
        keys_column.setContentsMargins(8, 8, 8, 8)
        keys_column.setSpacing(4)
        for item in subject.keys:
            if item.heading:
                group = SafeLabel(item.heading)
                group.setObjectName("hint")
                keys_column.addWidget(group)
            keys_column.addWidget(self._key_title(item))
            label = FingerprintLabel(item.label, fingerprint_groups(item.kind, item.key))
            keys_column.addWidget(label)
            keys_column.addSpacing(8)
            self.fingerprints.append(label)
        keys_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("Fingerprints to compare"))
        column.addWidget(scroll, 1)

        self.warning = SafeLabel(self._warning_text())
        self.warning.setObjectName("hint")
        column.addWidget(self.warning)

        row = QHBoxLayout()
        self.later_button = self._button(_("Check later"))
        self.mismatch_button = self._button(_("They do not match"))
        # No colour or emphasis on either answer: the comparison decides, not the buttons.
        self.match_button = self._button(_("They all match"))
        row.addWidget(self.later_button)
        row.addStretch(1)
        row.addWidget(self.mismatch_button)
        row.addWidget(self.match_button)
        column.addLayout(row)
        # Enter on its own never means trust: the default is the button that changes nothing.
        self.later_button.setDefault(True)
        self.match_button.setDefault(False)
        align_to_ui(self)

        self.later_button.clicked.connect(self.reject)
        self.mismatch_button.clicked.connect(self._on_mismatch_clicked)
        self.match_button.clicked.connect(self._on_match_clicked)
        self.instructions.setFocus()

    def _key_title(self, item: KeyToCheck) -> SafeLabel:
        label = subheading(item.label)
        follow_text(label, item.label)
        return label

    def _button(self, text: str) -> QPushButton:
        result = QPushButton(text)
        result.setAccessibleName(text)
        return result

    def _warning_text(self) -> str:
        if self.subject.trusted_before:
            return _(
                "You confirmed these fingerprints before. If they no longer match, choose "
                "“They do not match”."
            )
        return _(
            "Until you choose “They all match”, Bastion does not encrypt any report to these "
            "keys. If you cannot compare them now, choose “Check later”."
        )

    def _on_match_clicked(self) -> None:
        self.matched.emit()
        self.accept()

    def _on_mismatch_clicked(self) -> None:
        self.mismatched.emit()
        self.done(QDialog.DialogCode.Rejected)
