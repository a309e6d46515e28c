# SPDX-License-Identifier: GPL-3.0-or-later
"""Entries: add, edit with history, delete, paging, filters, ids, validation."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from desktop.journal import AttachmentSource, Filter, Journal, Occurred, Person
from desktop.journal.errors import (
    AmbiguousEntryIdError,
    EntryInvalidError,
    EntryNotFoundError,
    NothingChangedError,
)
from desktop.journal.history import changes, record
from tests.journal.conftest import sample


def test_add_then_get_returns_what_was_written(journal: Journal) -> None:
    content = sample()
    uid = journal.add(content)
    entry = journal.get(uid)
    assert entry.content == content
    assert entry.revision == 1
    assert entry.recorded_at == entry.updated_at
    assert len(uid) == 10


def test_text_is_normalised_before_saving(journal: Journal) -> None:
    uid = journal.add(
        sample(
            title="  Threat\x07 by email \n",
            tags=("Email", "email", " ", "EMAIL", "threat"),
            people=(Person("  Someone ", " meta.wikimedia.org "), Person("  ")),
            links=("", " https://example.org/x "),
        )
    )
    content = journal.get(uid).content
    assert content.title == "Threat by email"
    assert content.tags == ("Email", "threat")
    assert content.people == (Person("Someone", "meta.wikimedia.org"),)
    assert content.links == ("https://example.org/x",)


def test_invalid_entry_reports_every_problem_and_writes_nothing(journal: Journal) -> None:
    bad = sample(
        title="   ",
        category="no-such-category",
        severity="apocalyptic",
        occurred=Occurred(date(1900, 1, 1), None, "Mars/Olympus_Mons"),
    )
    with pytest.raises(EntryInvalidError) as caught:
        journal.add(bad)
    found = {(p.field, p.code) for p in caught.value.problems}
    assert found == {
        ("title", "required"),
        ("category", "unknown"),
        ("severity", "unknown"),
        ("when", "too-early"),
        ("when.zone", "unknown"),
    }
    assert journal.count() == 0


def test_edit_keeps_every_earlier_version(journal: Journal) -> None:
    uid = journal.add(sample())
    assert journal.update(uid, sample(severity="emergency")) == 2
    assert journal.update(uid, sample(severity="emergency", narrative="Now also my phone.")) == 3
    revisions = journal.history(uid)
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[0].content.severity == "high"
    assert revisions[2].content.narrative == "Now also my phone."
    assert revisions[1].prev_hash == revisions[0].hash
    assert journal.get(uid).revision == 3


def test_saving_an_unchanged_entry_writes_no_revision(journal: Journal) -> None:
    uid = journal.add(sample())
    with pytest.raises(NothingChangedError):
        journal.update(uid, sample(title="  Home address posted on my talk page "))
    assert len(journal.history(uid)) == 1


def test_history_changes_name_the_fields_that_changed(journal: Journal) -> None:
    uid = journal.add(sample())
    journal.update(uid, sample(narrative="Line one.\nLine two.", tags=("address",)))
    first, second = journal.history(uid)
    found = {
        c.field: c
        for c in changes(record(first.content, first.attachments), record(second.content, ()))
    }
    assert set(found) == {"narrative", "tags"}
    assert found["tags"].removed == ("talk page",)
    assert found["narrative"].added == ("Line one.", "Line two.")


def test_delete_removes_entry_history_and_evidence(journal: Journal) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=b"evidence bytes", name="a.txt")])
    files = list(journal.evidence.blobs.names())
    assert len(files) == 1
    journal.delete(uid)
    with pytest.raises(EntryNotFoundError):
        journal.get(uid)
    assert journal.evidence.blobs.names() == set()
    conn = journal.vault.connection()
    for table in ("journal_revisions", "journal_attachments", "journal_tags"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert journal.count(Filter(text="address")) == 0


def test_paging_walks_every_entry_once_newest_first(journal: Journal) -> None:
    for day in range(1, 26):
        journal.add(sample(title=f"Day {day}", occurred=Occurred(date(2026, 3, day))))
    seen = []
    after = None
    while True:
        page = journal.page(Filter(), after, limit=7)
        if not page:
            break
        seen.extend(s.title for s in page)
        after = page[-1].cursor
    assert seen == [f"Day {day}" for day in range(25, 0, -1)]


def test_time_zones_order_by_the_real_instant(journal: Journal) -> None:
    # 09:00 in Kolkata (03:30 UTC) happened before 06:00 in London (05:00 UTC, summer).
    journal.add(
        sample(title="Kolkata", occurred=Occurred(date(2026, 6, 1), time(9), "Asia/Kolkata"))
    )
    journal.add(
        sample(title="London", occurred=Occurred(date(2026, 6, 1), time(6), "Europe/London"))
    )
    assert [s.title for s in journal.page()] == ["London", "Kolkata"]


def test_filters_combine(journal: Journal) -> None:
    journal.add(sample(title="A", category="harassment", severity="low", tags=("wiki",)))
    journal.add(
        sample(
            title="B", category="harassment", severity="high", occurred=Occurred(date(2026, 1, 5))
        )
    )
    journal.add(
        sample(title="C", category="spam", severity="high"),
        [AttachmentSource(data=b"x", name="x.txt")],
    )
    titles = lambda flt: sorted(s.title for s in journal.page(flt))  # noqa: E731
    assert titles(Filter(categories=frozenset({"harassment"}))) == ["A", "B"]
    assert titles(Filter(severities=frozenset({"high"}))) == ["B", "C"]
    assert titles(Filter(date_to=date(2026, 2, 1))) == ["B"]
    assert titles(Filter(date_from=date(2026, 2, 1))) == ["A", "C"]
    assert titles(Filter(tag="WIKI")) == ["A"]
    assert titles(Filter(has_attachments=True)) == ["C"]
    assert titles(Filter(has_attachments=False)) == ["A", "B"]
    assert (
        journal.count(Filter(categories=frozenset({"harassment"}), severities=frozenset({"high"})))
        == 1
    )
    assert journal.tags()[0] == ("address", 2)


def test_ids_resolve_from_a_prefix(journal: Journal) -> None:
    uid = journal.add(sample())
    assert journal.resolve(uid) == uid
    assert journal.resolve(uid[:5].upper()) == uid
    with pytest.raises(EntryNotFoundError):
        journal.resolve(uid[:3])
    with pytest.raises(EntryNotFoundError):
        journal.resolve("zzzzzzzzzz")
    with pytest.raises(EntryNotFoundError):
        journal.resolve("../etc")


def test_ambiguous_prefix_is_refused(journal: Journal) -> None:
    conn = journal.vault.connection()
    first = journal.add(sample())
    second = journal.add(sample())
    conn.execute("UPDATE journal_entries SET uid = 'abcd000001' WHERE uid = ?", (first,))
    conn.execute("UPDATE journal_entries SET uid = 'abcd000002' WHERE uid = ?", (second,))
    with pytest.raises(AmbiguousEntryIdError):
        journal.resolve("abcd")
    assert journal.resolve("abcd000002") == "abcd000002"


def test_the_revision_survives_a_lock_and_unlock(journal: Journal) -> None:
    from tests.conftest import PASSPHRASE

    uid = journal.add(sample())
    journal.update(uid, dataclasses.replace(sample(), place="Village pump"))
    journal.vault.lock()
    journal.vault.unlock(PASSPHRASE)
    assert journal.get(uid).content.place == "Village pump"
    assert journal.verify().ok
