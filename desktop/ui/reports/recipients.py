# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 3: who can open the report. Only keys whose fingerprints were confirmed are offered.

Organisations' profiles and keys added by hand are read on a worker each time the step is
shown (they may have been confirmed in Settings meanwhile); ticks survive the reload.
Unconfirmed ones are listed, disabled, with what to do: a key nobody compared could be an
impostor's, and a report encrypted to it is a report handed to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.i18n.formats import format_day, format_list
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.profiles import ManualRecipient, Profiles, StoredProfile
from desktop.reports.errors import NoRecipientsError
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import button, subheading
from desktop.ui.kit.work import Outcome
from desktop.ui.reports.common import Page, PageWork, check_box
from desktop.ui.widgets import BusyBar, SafeLabel


@dataclass(frozen=True)
class Known:
    profiles: list[StoredProfile]
    recipients: list[ManualRecipient]


def load_known(journal: Journal) -> Known:
    """Runs on a worker thread."""
    profiles = Profiles(journal.vault)
    return Known(profiles.all(), profiles.recipients())


def _unverified_hint() -> str:
    return _(
        "Not confirmed yet. In Settings, compare its fingerprints with the owner first; "
        "then you can choose it here."
    )


class RecipientsPage(Page):
    settings_requested = Signal()
    rebuilt = Signal()  # the check boxes were made anew (Tab's order must follow)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            _(
                "The report is encrypted so that only the people you tick here can open it. "
                "Nobody else can, not even Bastion."
            ),
            parent,
        )
        self.title = _("Choose who can open it")
        self._journal = journal
        self._has_loaded = False
        self.profile_boxes: dict[str, QCheckBox] = {}
        self.manual_boxes: dict[int, QCheckBox] = {}
        self.own_box: QCheckBox | None = None
        # What was ticked, kept across reloads (ids, so a renamed profile keeps its tick).
        self._ticked_profiles: set[str] = set()
        self._ticked_manual: set[int] = set()
        self._own_ticked = False
        self._labels: dict[tuple[str, object], list[str]] = {}

        self.busy = BusyBar(_("Loading the recipients"))
        self._work = PageWork(journal, self.busy, self.error)
        self.column.addWidget(self.busy)
        self.holder = QWidget()
        self.holder_column = QVBoxLayout(self.holder)
        self.holder_column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.holder)

        self.empty = QWidget()
        empty_column = QVBoxLayout(self.empty)
        empty_column.setContentsMargins(0, 8, 0, 8)
        self.empty_label = SafeLabel(
            _(
                "There is nobody to send a report to yet. In Settings, add your "
                "organisation's profile (or a person's key) and compare its fingerprints "
                "with them. Then come back here."
            )
        )
        empty_column.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.settings_button = button(_("Open Settings"))
        row.addWidget(self.settings_button)
        row.addStretch(1)
        empty_column.addLayout(row)
        self.empty.setVisible(False)
        self.column.addWidget(self.empty)
        self.finish_layout()
        align_to_ui(self.body)
        self.settings_button.clicked.connect(self.settings_requested)

    # ------------------------------------------------------------------ loading
    @property
    def has_loaded(self) -> bool:
        return self._has_loaded and not self._work.running

    def activate(self) -> None:
        self.reload()
        self.setFocus()

    def reload(self) -> None:
        self._remember()
        journal = self._journal
        self._work.start(lambda: load_known(journal), self._on_loaded)

    def _on_loaded(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            return
        self._has_loaded = True
        self._build(outcome.value)
        first = next((b for b in self._all_boxes() if b.isEnabled()), None)
        if first is not None and self.isVisible():
            first.setFocus()

    def _remember(self) -> None:
        if not self._has_loaded:
            return
        self._ticked_profiles = {k for k, b in self.profile_boxes.items() if b.isChecked()}
        self._ticked_manual = {k for k, b in self.manual_boxes.items() if b.isChecked()}
        self._own_ticked = self.own_box is not None and self.own_box.isChecked()

    def _all_boxes(self) -> list[QCheckBox]:
        boxes = [*self.profile_boxes.values(), *self.manual_boxes.values()]
        return boxes + ([self.own_box] if self.own_box is not None else [])

    # ------------------------------------------------------------------ building
    def _build(self, known: Known) -> None:
        old = self.holder
        self.holder = QWidget()
        self.holder_column = QVBoxLayout(self.holder)
        self.holder_column.setContentsMargins(0, 0, 0, 0)
        self.holder_column.setSpacing(12)
        self.column.replaceWidget(old, self.holder)
        old.deleteLater()
        self.profile_boxes, self.manual_boxes, self.own_box = {}, {}, None
        self._labels = {}

        if known.profiles:
            self.holder_column.addWidget(subheading(_("Organisations")))
            today = date.today()
            for stored in known.profiles:
                self._add_profile(stored, today)
        team = [r for r in known.recipients if not r.own]
        if team:
            self.holder_column.addWidget(subheading(_("People")))
            for recipient in team:
                self._add_manual(recipient)
        own = [r for r in known.recipients if r.own]
        if own:
            self._add_own(own)
        usable = any(
            b.isEnabled() for b in (*self.profile_boxes.values(), *self.manual_boxes.values())
        )
        self.empty.setVisible(not usable)
        align_to_ui(self.holder)
        # Shown now, with its boxes: a widget a layout adopts is otherwise shown only on a
        # queued call, so for a moment after loading the boxes exist but cannot be clicked.
        self.holder.show()
        self.rebuilt.emit()

    def _option(self, box: QCheckBox, lines: list[tuple[str, str]]) -> None:
        """A check box with its explanations under it, indented; (text, object name)."""
        group = QVBoxLayout()
        group.setSpacing(2)
        group.addWidget(box)
        described = []
        for text, name in lines:
            label = SafeLabel(text)
            label.setObjectName(name)
            label.setIndent(24)
            group.addWidget(label)
            described.append(text)
        box.setAccessibleDescription("\n".join(described))
        self.holder_column.addLayout(group)

    def _add_profile(self, stored: StoredProfile, today: date) -> None:
        profile = stored.profile
        box = check_box(profile.name)
        labels = [r.label for r in profile.recipients]
        lines = [
            (
                _("Read by: {names}").format(names=format_list(isolate(n) for n in labels)),
                "hint",
            )
        ]
        verified = stored.verified_at is not None
        if not verified:
            lines.append((_unverified_hint(), "hint"))
        if profile.expired(today) and profile.expires is not None:
            lines.append(
                (
                    _(
                        "This profile expired on {date}. Its keys may be out of date: ask the "
                        "organisation for a new profile when you can."
                    ).format(date=format_day(profile.expires)),
                    "error",
                )
            )
        box.setEnabled(verified)
        box.setChecked(verified and profile.org_id in self._ticked_profiles)
        self.profile_boxes[profile.org_id] = box
        self._labels[("org", profile.org_id)] = [profile.name]
        self._option(box, lines)

    def _add_manual(self, recipient: ManualRecipient) -> None:
        box = check_box(recipient.label)
        verified = recipient.verified_at is not None
        box.setEnabled(verified)
        box.setChecked(verified and recipient.id in self._ticked_manual)
        self.manual_boxes[recipient.id] = box
        self._labels[("manual", recipient.id)] = [recipient.label]
        self._option(box, [] if verified else [(_unverified_hint(), "hint")])

    def _add_own(self, own: list[ManualRecipient]) -> None:
        box = check_box(_("Also encrypt to my own backup key"))
        # resolve() refuses every own key when one is unconfirmed, so all must be.
        verified = all(r.verified_at is not None for r in own)
        box.setEnabled(verified)
        box.setChecked(verified and self._own_ticked)
        self.own_box = box
        lines = [(_("So that you can open the report yourself later."), "hint")]
        if not verified:
            lines.append((_unverified_hint(), "hint"))
        self._labels[("own", 0)] = [r.label for r in own]
        self._option(box, lines)

    # ------------------------------------------------------------------ the choice
    def controls(self) -> list[QWidget]:
        return [*self._all_boxes(), self.settings_button]

    def choice(self) -> tuple[tuple[str, ...], tuple[int, ...], bool]:
        """(organisation ids, hand-added recipient ids, include own backup key)."""
        orgs = tuple(k for k, b in self.profile_boxes.items() if b.isEnabled() and b.isChecked())
        manual = tuple(k for k, b in self.manual_boxes.items() if b.isEnabled() and b.isChecked())
        own = self.own_box is not None and self.own_box.isEnabled() and self.own_box.isChecked()
        return orgs, manual, own

    def organisation_names(self) -> dict[str, str]:
        """Organisation id -> name, to say whose keys the report was encrypted to."""
        return {str(key): names[0] for (kind, key), names in self._labels.items() if kind == "org"}

    def chosen_names(self) -> list[str]:
        """Who the report is for, by name, for the review line."""
        orgs, manual, own = self.choice()
        names = [n for k in orgs for n in self._labels[("org", k)]]
        names += [n for k in manual for n in self._labels[("manual", k)]]
        if own:
            names.append(_("your own backup key"))
        return names

    def problem(self) -> str:
        if not self.has_loaded:
            return _("The recipients are still loading. Wait a moment, then try again.")
        orgs, manual, _own = self.choice()
        # The own backup key alone would make a report nobody on the team can open.
        return "" if orgs or manual else describe(NoRecipientsError())
