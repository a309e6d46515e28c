# SPDX-License-Identifier: GPL-3.0-or-later
"""The Reports area: the wizard to a file (opened with the team's key), the outbox, who may
receive a report, Cancel, destination errors, the list of past reports, keyboard use."""

from __future__ import annotations

import io
import json
import re
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.journal import AttachmentSource, Journal, Occurred
from desktop.profiles import Profiles
from desktop.reports import exports
from desktop.signing.fingerprints import fingerprint
from desktop.ui.kit import dialogs
from desktop.ui.reports import past as past_module
from desktop.ui.reports import wizard as wizard_module
from desktop.ui.reports.area import ReportsArea
from desktop.ui.reports.wizard import ReportWizard
from tests.conftest import MakeVault
from tests.journal.conftest import sample
from tests.profiles.builders import OrgKey, document, encode
from tests.ui.conftest import click
from tests.ui.journal_support import type_text

PLACE = "Rue des Lilas 12, Lyon"
EVIDENCE = b"threat message kept as evidence\n"


@dataclass(frozen=True)
class Team:
    identity: object
    public_key: str


def make_team() -> Team:
    identity = pyrage.x25519.Identity.generate()
    return Team(identity, str(identity.to_public()))


def fill(journal: Journal) -> list[str]:
    """Three entries, oldest incident first; the second has one evidence file."""
    return [
        journal.add(sample(title="Talk page threat", occurred=Occurred(date(2026, 3, 1)))),
        journal.add(
            sample(title="Doxxing on a forum", place=PLACE, occurred=Occurred(date(2026, 4, 2))),
            [AttachmentSource(data=EVIDENCE, name="threat.txt")],
        ),
        journal.add(sample(title="Not in the report", occurred=Occurred(date(2026, 5, 3)))),
    ]


def add_person(journal: Journal, label: str, key: str, *, verified: bool, own: bool = False) -> int:
    profiles = Profiles(journal.vault)
    recipient = profiles.add_recipient(label, key, own=own)
    if verified:
        profiles.mark_recipient_verified(recipient.id)
    return recipient.id


def add_profile(
    journal: Journal, org_id: str, name: str, key: str, *, verified: bool, expires: str = ""
) -> None:
    signer = OrgKey.generate()
    fields = document(
        signer.line,
        id=org_id,
        name=name,
        recipients=[{"label": f"{name} on-call", "key": key}],
        **({"issued": "2019-01-01", "expires": expires} if expires else {}),
    )
    data = encode(fields)
    profiles = Profiles(journal.vault)
    profiles.import_profile(data, signer.sign(data))
    if verified:
        profiles.mark_verified(org_id)


def open_wizard(qtbot, area: ReportsArea) -> ReportWizard:  # type: ignore[no-untyped-def]
    click(qtbot, area.new_button)
    wizard = area.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.entries.has_loaded and not wizard.entries.is_loading)
    return wizard


def tick_entries(wizard: ReportWizard, *titles: str) -> None:
    page = wizard.entries
    for row in range(page.list.count()):
        item = page.list.item(row)
        if any(title in item.text() for title in titles):
            item.setCheckState(Qt.CheckState.Checked)


def to_recipients(qtbot, wizard: ReportWizard, *titles: str) -> None:  # type: ignore[no-untyped-def]
    tick_entries(wizard, *titles)
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.CONTENTS
    qtbot.waitUntil(lambda: not wizard.contents.problem())
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.RECIPIENTS
    qtbot.waitUntil(lambda: wizard.recipients.has_loaded)


def write(qtbot, wizard: ReportWizard) -> None:  # type: ignore[no-untyped-def]
    """From the destination step: review, then Encrypt and write; waits for the end."""
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.REVIEW
    assert wizard.next_button.text() == "Encrypt and write"
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: not wizard.is_writing, timeout=10_000)


def decrypt(path: Path, team: Team) -> dict[str, bytes]:
    plain = pyrage.decrypt(path.read_bytes(), [team.identity])
    found = {}
    with tarfile.open(fileobj=io.BytesIO(plain)) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member)
            if handle is not None:
                found[member.name.split("/", 1)[1]] = handle.read()
    return found


# ---------------------------------------------------------------- tests
@pytest.fixture
def journal(make_vault: MakeVault) -> Iterator[Journal]:
    vault = make_vault()
    journal = Journal(vault)
    fill(journal)
    yield journal
    vault.lock()


@pytest.fixture
def team(journal: Journal) -> Team:
    team = make_team()
    add_person(journal, "Safety team", team.public_key, verified=True)
    return team


@pytest.fixture
def area(qtbot, journal: Journal) -> ReportsArea:
    widget = ReportsArea(journal)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.past.has_loaded)
    return widget


def test_report_to_a_file_opens_with_the_team_key_without_left_out_fields(
    qtbot, area: ReportsArea, team: Team, tmp_path: Path
):
    assert area.past.empty_label.isVisible()  # nothing made yet
    wizard = open_wizard(qtbot, area)
    assert wizard.entries.list.count() == 3
    to_recipients(qtbot, wizard, "Talk page threat", "Doxxing on a forum")
    # Step 2 listed the one evidence file, ticked; "place" is unticked now (left out).
    assert [i.checkState(0) for i in wizard.contents.file_items()] == [Qt.CheckState.Checked]
    click(qtbot, wizard.back_button)
    click(qtbot, wizard.contents.fields["place"])
    wizard.contents.note.setPlainText("Please call me back.")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.recipients.has_loaded)
    click(qtbot, next(iter(wizard.recipients.manual_boxes.values())))
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.DESTINATION
    wizard.destination.set_path(tmp_path / "stick" / "report")  # no ".age": it is added
    (tmp_path / "stick").mkdir()
    write(qtbot, wizard)

    target = tmp_path / "stick" / "report.age"
    assert wizard.step == wizard.RESULT
    assert [p.name for p in target.parent.iterdir()] == ["report.age"]
    files = decrypt(target, team)
    entries = json.loads(files["entries.json"])
    assert [e["title"] for e in entries["entries"]] == ["Talk page threat", "Doxxing on a forum"]
    assert all("place" not in e for e in entries["entries"])
    assert entries["cover_note"] == "Please call me back."
    assert not any(PLACE.encode() in data for data in files.values())
    assert EVIDENCE in files.values()

    record = wizard.record
    assert record is not None
    text = wizard.result.text().replace("\u200b", "")  # where a long path may wrap
    assert f"\u2066{target}\u2069" in text
    assert record.sha256 in text
    assert record.size == target.stat().st_size
    digits = fingerprint("age", team.public_key)
    assert wizard.result.recipient_rows == [("Safety team", digits)]
    assert f"\u2068Safety team\u2069: Fingerprint \u2066{digits}\u2069" in text
    assert "2 entries and 1 evidence file" in text
    assert "any USB stick" in text

    click(qtbot, wizard.next_button)  # Done
    assert area.stack.currentWidget() is area.home
    qtbot.waitUntil(lambda: area.past.has_loaded and area.past.list.count() == 1)
    row = area.past.list.item(0).text().replace("\u200b", "")
    assert "Written to a file" in row
    assert "2 entries" in row
    assert "Safety team" in row
    assert str(target) in row
    assert not area.past.remove_button.isVisible()
    # Drawn from the top of its row: centred in the room kept for taller scripts, the text
    # of a Latin row started with what looked like a blank line.
    option = QStyleOptionViewItem()
    area.past.list.itemDelegate().initStyleOption(option, area.past.list.model().index(0, 0))
    assert option.displayAlignment & Qt.AlignmentFlag.AlignTop


def test_outbox_report_waits_there_and_can_be_removed(
    qtbot, area: ReportsArea, journal: Journal, team: Team, monkeypatch
):
    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Talk page threat")
    click(qtbot, next(iter(wizard.recipients.manual_boxes.values())))
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.destination.to_outbox)
    # Sending is on by default: the step says the report will be uploaded, not that it waits.
    hint_text = wizard.destination.outbox_hint.text()
    assert "later version" not in hint_text
    assert "uploads it" in hint_text
    write(qtbot, wizard)
    assert wizard.result.heading.text() == "The report is in the outbox"
    queued = exports.outbox_dir(journal.vault) / f"{wizard.record.uid}.age"
    assert decrypt(queued, team)["entries.json"]

    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: area.past.has_loaded and area.past.list.count() == 1)
    assert "Waiting in the outbox" in area.past.list.item(0).text()
    asked = []
    monkeypatch.setattr(past_module, "confirm", lambda *_a, **kw: asked.append(kw) or True)
    click(qtbot, area.past.remove_button)
    qtbot.waitUntil(lambda: area.past.has_loaded and area.past.list.count() == 0)
    assert asked
    assert "outbox" in asked[0]["text"]
    assert not queued.exists()
    assert area.past.empty_label.isVisible()


def test_a_report_kept_in_the_outbox_is_not_sent_until_send_now(
    qtbot, area: ReportsArea, journal: Journal, team: Team
):
    """ "Keep it here, don't send yet": the outbox without the upload, until Send now."""
    from desktop.sync.outbox import Outbox

    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Talk page threat")
    click(qtbot, next(iter(wizard.recipients.manual_boxes.values())))
    click(qtbot, wizard.next_button)
    assert not wizard.destination.hold.isEnabled()  # only for the outbox
    click(qtbot, wizard.destination.to_outbox)
    click(qtbot, wizard.destination.hold)
    write(qtbot, wizard)
    assert wizard.result.heading.text() == "The report is kept in the outbox"
    assert "Send now" in wizard.result.reminder.text()
    uid = wizard.record.uid
    kept = exports.outbox_dir(journal.vault) / f"{uid}.age"
    assert decrypt(kept, team)["entries.json"]
    assert Outbox(journal.vault).items() == []  # nothing planned: sync leaves it alone
    exports.tidy_outbox(journal.vault)
    assert kept.exists()  # a kept report is no leftover
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: area.past.has_loaded and area.past.list.count() == 1)
    assert "not sent until you choose Send now" in area.past.list.item(0).text()
    area.past.list.setCurrentRow(0)
    assert area.past.send_button.isVisible()
    with qtbot.waitSignal(area.past.changed, timeout=5_000):
        click(qtbot, area.past.send_button)
    qtbot.waitUntil(lambda: area.past.has_loaded)
    assert exports.get_export(journal.vault, uid).status == exports.STATUS_QUEUED
    assert [item.report_uid for item in Outbox(journal.vault).items()] == [uid]


def test_only_confirmed_recipients_can_be_chosen(qtbot, area: ReportsArea, journal: Journal):
    add_profile(journal, "org-ok", "Confirmed Org", make_team().public_key, verified=True)
    add_profile(journal, "org-new", "New Org", make_team().public_key, verified=False)
    add_profile(
        journal, "org-old", "Old Org", make_team().public_key, verified=True, expires="2020-01-01"
    )
    ok = add_person(journal, "Checked person", make_team().public_key, verified=True)
    new = add_person(journal, "Unchecked person", make_team().public_key, verified=False)
    add_person(journal, "My backup", make_team().public_key, verified=True, own=True)
    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Talk page threat")
    page = wizard.recipients
    assert page.profile_boxes["org-ok"].isEnabled()
    assert not page.profile_boxes["org-new"].isEnabled()
    assert "Settings" in page.profile_boxes["org-new"].accessibleDescription()
    assert page.profile_boxes["org-old"].isEnabled()
    assert "expired on Jan 1, 2020" in page.profile_boxes["org-old"].accessibleDescription()
    assert "Confirmed Org on-call" in page.profile_boxes["org-ok"].accessibleDescription()
    assert page.manual_boxes[ok].isEnabled()
    assert not page.manual_boxes[new].isEnabled()
    assert page.own_box is not None
    assert page.own_box.isEnabled()
    assert not page.empty.isVisible()

    click(qtbot, page.own_box)  # the own key alone is no report for a team
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.RECIPIENTS
    assert page.error.isVisible()
    click(qtbot, page.profile_boxes["org-ok"])
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.DESTINATION
    click(qtbot, wizard.back_button)
    qtbot.waitUntil(lambda: page.has_loaded)
    assert page.profile_boxes["org-ok"].isChecked()  # ticks survive the reload
    assert page.choice() == (("org-ok",), (), True)


def test_with_nobody_confirmed_the_step_points_to_settings(qtbot, area: ReportsArea):
    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Talk page threat")
    assert wizard.recipients.empty.isVisible()
    with qtbot.waitSignal(area.settings_requested):
        click(qtbot, wizard.recipients.settings_button)
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.RECIPIENTS
    assert "Choose who can open the report" in wizard.recipients.error.text()


def _to_destination(qtbot, area: ReportsArea):  # type: ignore[no-untyped-def]
    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Doxxing on a forum")
    click(qtbot, next(iter(wizard.recipients.manual_boxes.values())))
    click(qtbot, wizard.next_button)
    return wizard


def test_the_recipient_step_follows_a_confirmation_made_in_settings(
    qtbot, area: ReportsArea, journal: Journal
):  # type: ignore[no-untyped-def]
    """The step says "nobody to send a report to" and sends people to Settings; when they
    confirm someone there and come back, the step shows them without Back and Next."""
    wizard = open_wizard(qtbot, area)
    to_recipients(qtbot, wizard, "Doxxing on a forum")
    assert wizard.recipients.empty.isVisibleTo(wizard)
    assert not wizard.recipients.manual_boxes
    add_person(journal, "Safety team", make_team().public_key, verified=True)
    area.profiles_changed()  # what Settings' organisations panel signals after a change
    qtbot.waitUntil(lambda: bool(wizard.recipients.manual_boxes))
    assert not wizard.recipients.empty.isVisibleTo(wizard)
    assert wizard.step == wizard.RECIPIENTS


def test_the_suggested_file_name_says_nothing(qtbot, area: ReportsArea, team: Team, monkeypatch):  # type: ignore[no-untyped-def]
    """A USB stick may be searched at a checkpoint: the name offered for a report names
    neither the app nor the day nor the subject, and differs each time."""
    wizard = _to_destination(qtbot, area)
    offered: list[str] = []

    def save_path(_parent, _title, suggested):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return

    monkeypatch.setattr(dialogs, "choose_save_path", save_path)
    wizard.destination.choose_file()
    wizard.destination.choose_file()
    assert len(offered) == 2
    assert offered[0] != offered[1]
    for name in offered:
        assert re.fullmatch(r"[0-9a-f]{8}\.age", name), name


@dataclass(frozen=True)
class Held:
    """The export waits at its start until the test lets it go on."""

    started: threading.Event
    go_on: threading.Event


@pytest.fixture
def held(monkeypatch) -> Iterator[Held]:
    gate = Held(threading.Event(), threading.Event())
    real = wizard_module.export_report

    def export(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.started.set()
        gate.go_on.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "export_report", export)
    yield gate
    gate.go_on.set()


def _start_held(qtbot, area: ReportsArea, held: Held, target: Path) -> ReportWizard:  # type: ignore[no-untyped-def]
    wizard = _to_destination(qtbot, area)
    wizard.destination.set_path(target)
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(held.started.is_set)
    assert not wizard.navigation.isVisible()
    assert wizard.review.progress.isVisible()
    return wizard


def test_cancel_while_writing_leaves_no_file(
    qtbot, area: ReportsArea, team: Team, tmp_path: Path, held: Held
):
    wizard = _start_held(qtbot, area, held, tmp_path / "report.age")
    click(qtbot, wizard.review.stop_button)
    held.go_on.set()
    qtbot.waitUntil(lambda: not wizard.is_writing, timeout=10_000)
    assert wizard.step == wizard.REVIEW
    assert wizard.review.status.text() == "The report was stopped. Nothing was written."
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".age", ".part")] == []
    assert wizard.navigation.isVisible()


def test_locking_while_writing_stops_it_quietly(
    qtbot, area: ReportsArea, team: Team, tmp_path: Path, held: Held
):
    wizard = _start_held(qtbot, area, held, tmp_path / "report.age")
    area.journal.vault.lock()
    held.go_on.set()
    qtbot.waitUntil(lambda: not wizard.is_writing, timeout=10_000)
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".age", ".part")] == []
    assert not wizard.review.error.isVisible()  # the screen is going away: nothing to say


def test_destination_errors_are_shown_where_the_place_is_chosen(
    qtbot, area: ReportsArea, team: Team, tmp_path: Path
):
    wizard = _to_destination(qtbot, area)
    click(qtbot, wizard.next_button)  # no place chosen yet
    assert "Choose where to save" in wizard.destination.error.text()
    wizard.destination.set_path(tmp_path / "removed-stick" / "report.age")
    write(qtbot, wizard)
    assert wizard.step == wizard.DESTINATION
    assert "USB stick is still connected" in wizard.destination.error.text()
    assert not (tmp_path / "removed-stick").exists()

    taken = tmp_path / "taken.age"
    wizard.destination.set_path(taken)
    taken.write_bytes(b"someone else's file")  # appears between the choice and the writing
    write(qtbot, wizard)
    assert wizard.step == wizard.DESTINATION
    assert "never overwrites" in wizard.destination.error.text()
    assert taken.read_bytes() == b"someone else's file"
    wizard.destination.set_path(taken)  # chosen again: refused at once
    assert wizard.destination.path is None
    assert wizard.destination.error.isVisible()
    assert exports.list_exports(wizard.journal.vault) == []


def test_search_narrows_the_list_and_keeps_the_ticks(qtbot, area: ReportsArea, journal: Journal):
    journal.add(sample(title="مضايقة على صفحة النقاش"))
    wizard = open_wizard(qtbot, area)
    page = wizard.entries
    click(qtbot, page.select_all_button)
    assert page.count_label.text() == "4 entries chosen"
    page.search.setFocus()
    type_text(page.search, "مضايقة")
    qtbot.waitUntil(lambda: not page.is_loading and page.list.count() == 1)
    click(qtbot, page.clear_button)
    assert page.count_label.text() == "0 entries chosen"
    page.search.clear()
    qtbot.waitUntil(lambda: not page.is_loading and page.list.count() == 4)
    click(qtbot, wizard.next_button)
    assert wizard.step == wizard.ENTRIES
    assert page.error.text() == "Choose at least one journal entry for the report."
    page.list.setFocus()  # the keyboard: arrows move, Space ticks
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    qtbot.keyClick(page.list, Qt.Key.Key_Space)
    assert page.count_label.text() == "1 entry chosen"
    assert page.chosen()[0].uid == page.list.currentItem().data(Qt.ItemDataRole.UserRole)


def _named_controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QAbstractItemView)
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and w.isEnabled()
        and not isinstance(w.parentWidget(), QLineEdit)
    ]


def _tab_reaches(qtbot, start: QWidget, wanted: list[QWidget]) -> list[str]:  # type: ignore[no-untyped-def]
    start.setFocus()
    seen = {start}
    for _ in range(len(wanted) * 3 + 5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget())
    return [w.accessibleName() or type(w).__name__ for w in wanted if w not in seen]


def test_every_control_is_named_and_reached_with_tab(qtbot, area: ReportsArea, team: Team):
    area.activateWindow()
    wizard = open_wizard(qtbot, area)
    add_profile(wizard.journal, "org-new", "New Org", make_team().public_key, verified=False)
    checked: list[QWidget] = []
    for step in range(wizard.REVIEW + 1):
        if step == wizard.ENTRIES:
            wizard.entries.list.item(1).setCheckState(Qt.CheckState.Checked)  # has a file
        if step == wizard.RECIPIENTS:
            qtbot.waitUntil(lambda: wizard.recipients.has_loaded)
            click(qtbot, next(iter(wizard.recipients.manual_boxes.values())))
        if step == wizard.DESTINATION:
            wizard.destination.set_path(Path(area.journal.vault.directory) / "r.age")
        page = wizard.pages[step]
        if step == wizard.CONTENTS:
            qtbot.waitUntil(lambda: not wizard.contents.problem())
        controls = _named_controls(page) + [wizard.cancel_button, wizard.next_button]
        assert [type(w).__name__ for w in controls if not w.accessibleName().strip()] == []
        # An unticked radio button is reached with the arrow keys, as in every Qt group.
        wanted = [w for w in controls if w is not wizard.destination.to_outbox]
        assert _tab_reaches(qtbot, controls[0], wanted) == [], page.title
        checked += controls
        if step < wizard.REVIEW:
            click(qtbot, wizard.next_button)
    assert len(checked) >= 25
    home = _named_controls(area.home)
    assert all(w.accessibleName().strip() for w in home)
