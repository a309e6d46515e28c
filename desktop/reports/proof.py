# SPDX-License-Identifier: GPL-3.0-or-later
"""What a report's commitments cover, revealed on the volunteer's decision (`report proof`).

A report's manifest commits to every revision of each entry it holds as SHA-256(salt ‖
revision hash), with a salt that never leaves the vault (docs/report-format.md). Without the
salt the commitments prove nothing; with it, a team can check that the journal held exactly
those revisions when the report was made. The proof is that salt and, per entry, the
revisions saved up to the report's creation, each with its hash and commitment. Revealing it
also lets whoever holds the report test guesses for fields left out of it against the hashes:
that is the volunteer's call, made when they run the command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.journal.errors import EntryNotFoundError
from desktop.reports.document import COMMITMENT_SCHEME, commitment
from desktop.reports.errors import ReportCarriedError, ReportNotFoundError
from desktop.reports.exports import commitment_salt, get_export

if TYPE_CHECKING:
    from desktop.journal import Journal

FORMAT = "bastion-report-proof"
FORMAT_VERSION = 1


def report_proof(journal: Journal, report_uid: str) -> dict[str, Any]:
    """The proof document of one report made from this vault."""
    salt = commitment_salt(journal.vault, report_uid)
    record = get_export(journal.vault, report_uid)
    if salt is None or record is None:
        raise ReportNotFoundError()
    if record.carried:
        raise ReportCarriedError()
    entries = []
    for uid in record.entry_uids:
        try:
            history = journal.history(uid)
        except EntryNotFoundError:
            # Deleted since: its revisions went with it, and nothing is left to prove.
            entries.append({"id": uid, "deleted": True, "revisions": []})
            continue
        covered = [r for r in history if r.saved_at <= record.created_at]
        entries.append(
            {
                "id": uid,
                "deleted": False,
                "revisions": [
                    {"revision": r.number, "hash": r.hash, "commitment": commitment(salt, r.hash)}
                    for r in covered
                ],
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "report_id": record.uid,
        "created_at": record.created_at,
        "commitment_scheme": COMMITMENT_SCHEME,
        "salt": salt.hex(),
        "entries": entries,
    }
