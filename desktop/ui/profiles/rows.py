# SPDX-License-Identifier: GPL-3.0-or-later
"""One organisation profile, or one key added by hand, as a row of the panel.

Each row says in words whether its fingerprints were confirmed (colour only repeats it), and
warns in words when a profile has expired. Names and labels come from other people: they are
plain text, shown in their own direction.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_day, format_timestamp
from desktop.profiles import ManualRecipient, StoredProfile
from desktop.ui.kit.direction import follow_text, isolate
from desktop.ui.kit.factories import button
from desktop.ui.widgets import SafeLabel


def mixed_scripts_marker(name: str) -> SafeLabel | None:
    """A short warning beside a name in which one word mixes alphabets (Latin and Cyrillic
    look-alikes): such a name may imitate another organisation's. None for other names."""
    from desktop.messages.profiles import mixed_scripts_marker as marker_text
    from desktop.profiles.checks import mixed_scripts

    if not mixed_scripts(name):
        return None
    marker = SafeLabel(marker_text())
    marker.setObjectName("error")
    return marker


class Row(QFrame):
    """A framed block: a name, lines under it, and its buttons."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revision")  # the style sheet's framed block
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(name)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(12, 8, 12, 8)
        self.column.setSpacing(4)
        self.name_label = SafeLabel(name)
        self.name_label.setObjectName("subheading")
        follow_text(self.name_label, name)
        self.column.addWidget(self.name_label)
        # Right under the name, so it reads as a remark on it in either direction; beside it,
        # a wrapped name would be squeezed or the remark pushed to the far edge.
        self.mixed_marker = mixed_scripts_marker(name)
        if self.mixed_marker is not None:
            self.column.addWidget(self.mixed_marker)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 4, 0, 0)

    def line(self, text: str, object_name: str = "") -> SafeLabel:
        label = SafeLabel(text)
        if object_name:
            label.setObjectName(object_name)
        self.column.addWidget(label)
        return label

    def finish(self, *buttons: QPushButton) -> None:
        for widget in buttons:
            self.buttons.addWidget(widget)
        self.buttons.addStretch(1)
        self.column.addLayout(self.buttons)
        self.setAccessibleDescription(
            "\n".join(label.text() for label in self.findChildren(SafeLabel))
        )


class ProfileRow(Row):
    def __init__(self, stored: StoredProfile, today: date, parent: QWidget | None = None) -> None:
        profile = stored.profile
        super().__init__(profile.name, parent)
        self.org_id = profile.org_id
        self.verified = stored.verified_at is not None
        count = len(profile.recipients)
        self.details = self.line(
            ngettext(
                "Version {version}, {count} recipient",
                "Version {version}, {count} recipients",
                count,
            ).format(version=profile.version, count=count),
            "hint",
        )
        if stored.verified_at is not None:
            self.status = self.line(
                _("Fingerprints confirmed on {date}.").format(
                    date=format_timestamp(stored.verified_at)
                ),
                "hint",
            )
        else:
            self.status = self.line(
                _(
                    "Not confirmed yet. Reports are not encrypted to this organisation until you "
                    "compare its fingerprints with it."
                ),
                "error",
            )
        self.expiry = None
        if profile.expires is not None and profile.expired(today):
            self.expiry = self.line(
                _(
                    "Expired on {date}. Its keys may be out of date: ask the organisation for "
                    "a new profile."
                ).format(date=format_day(profile.expires)),
                "error",
            )
        name = isolate(profile.name)
        self.check_button = button(
            _("Check fingerprints…"),
            # Translators: screen-reader name of the button; {name} is the organisation.
            _("Check the fingerprints of {name}").format(name=name),
        )
        # Only for a confirmed organisation: trust that was never given cannot be withdrawn.
        self.withdraw_button = button(
            _("Withdraw trust…"),
            # Translators: screen-reader name of the button; {name} is the organisation.
            _("Stop trusting {name}").format(name=name),
        )
        self.withdraw_button.setVisible(self.verified)
        self.remove_button = button(
            _("Remove…"),
            # Translators: screen-reader name of the button; {name} is the organisation.
            _("Remove {name}").format(name=name),
            "danger",
        )
        self.finish(self.check_button, self.withdraw_button, self.remove_button)


class RecipientRow(Row):
    def __init__(self, recipient: ManualRecipient, parent: QWidget | None = None) -> None:
        super().__init__(recipient.label, parent)
        self.recipient_id = recipient.id
        self.verified = recipient.verified_at is not None
        if recipient.own:
            kind = _("Your own backup key: lets you open your reports yourself.")
        else:
            kind = _("Added by hand.")
        self.kind = self.line(kind, "hint")
        if recipient.verified_at is not None:
            self.status = self.line(
                _("Fingerprint confirmed on {date}.").format(
                    date=format_timestamp(recipient.verified_at)
                ),
                "hint",
            )
        else:
            self.status = self.line(
                _(
                    "Not confirmed yet. Reports are not encrypted to this key until you compare "
                    "its fingerprint."
                ),
                "error",
            )
        name = isolate(recipient.label)
        self.check_button = button(
            _("Check fingerprint…"),
            # Translators: screen-reader name of the button; {name} is the key's name.
            _("Check the fingerprint of {name}").format(name=name),
        )
        self.remove_button = button(
            _("Remove…"),
            # Translators: screen-reader name of the button; {name} is the key's name.
            _("Remove {name}").format(name=name),
            "danger",
        )
        self.finish(self.check_button, self.remove_button)


class RowList(QWidget):
    """A column of rows, replaced whole at each reload."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(8)

    def set_rows(self, rows: list[QWidget]) -> None:
        while (item := self._column.takeAt(0)) is not None:
            old = item.widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        for row in rows:
            self._column.addWidget(row)
            row.show()  # at once: the layout would show it only one event-loop turn later


def button_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
