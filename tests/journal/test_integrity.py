# SPDX-License-Identifier: GPL-3.0-or-later
"""The revision hash chain: any piecemeal change to stored history is found and named."""

from __future__ import annotations

import pytest

from desktop.journal import AttachmentSource, Journal
from tests.journal.conftest import sample


@pytest.fixture
def chained(journal: Journal) -> tuple[str, str]:
    """Two entries; the first edited twice."""
    first = journal.add(sample(), [AttachmentSource(data=b"proof", name="proof.txt")])
    journal.update(first, sample(severity="emergency"))
    journal.update(first, sample(severity="emergency", place="Commons"))
    second = journal.add(sample(title="Unrelated"))
    return first, second


def test_an_untouched_journal_verifies(journal: Journal, chained: tuple[str, str]) -> None:
    report = journal.verify()
    assert report.ok
    assert (report.entries, report.revisions) == (2, 4)


@pytest.mark.parametrize(
    ("statement", "revision", "code"),
    [
        # Rewording an old revision: its hash no longer matches.
        (
            "UPDATE journal_revisions SET content = replace(content, 'street', 'city') "
            "WHERE number = 1",
            1,
            "hash",
        ),
        # Back-dating a revision.
        (
            "UPDATE journal_revisions SET saved_at = '2020-01-01T00:00:00Z' WHERE number = 2",
            2,
            "hash",
        ),
        # Dropping a middle revision: the next one no longer links.
        ("DELETE FROM journal_revisions WHERE number = 2", 3, "sequence"),
        # Recomputing one hash does not help: the next revision's link breaks.
        (
            "UPDATE journal_revisions SET hash = lower(hex(randomblob(32))) WHERE number = 1",
            2,
            "link",
        ),
    ],
)
def test_altering_one_stored_revision_is_found_and_named(
    journal: Journal, chained: tuple[str, str], statement: str, revision: int, code: str
) -> None:
    first, second = chained
    entry_id = (
        journal.vault.connection()
        .execute("SELECT id FROM journal_entries WHERE uid = ?", (first,))
        .fetchone()[0]
    )
    journal.vault.connection().execute(statement + f" AND entry_id = {entry_id}")
    report = journal.verify()
    assert not report.ok
    assert report.broken_entries() == [first]
    assert any(p.revision == revision and p.code == code for p in report.problems), report


def test_a_summary_row_that_disagrees_with_the_record_is_found(
    journal: Journal, chained: tuple[str, str]
) -> None:
    first, _ = chained
    journal.vault.connection().execute(
        "UPDATE journal_entries SET severity = 'low' WHERE uid = ?", (first,)
    )
    report = journal.verify()
    assert [(p.entry_uid, p.code) for p in report.problems] == [(first, "summary")]


def test_a_removed_attachment_row_is_found(journal: Journal, chained: tuple[str, str]) -> None:
    first, _ = chained
    journal.vault.connection().execute("DELETE FROM journal_attachments")
    report = journal.verify()
    assert [(p.entry_uid, p.code) for p in report.problems] == [(first, "attachments")]


def test_attachments_are_part_of_the_chain(journal: Journal) -> None:
    uid = journal.add(sample())
    journal.attach(uid, [AttachmentSource(data=b"screenshot", name="s.png")])
    revisions = journal.history(uid)
    assert [len(r.attachments) for r in revisions] == [0, 1]
    assert revisions[1].attachments[0]["name"] == "s.png"
    entry = journal.get(uid)
    journal.remove_attachment(uid, entry.attachments[0].uid)
    assert [len(r.attachments) for r in journal.history(uid)] == [0, 1, 0]
    assert journal.verify().ok
    assert journal.evidence.blobs.names() == set()
