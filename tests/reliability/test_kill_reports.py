# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL during `bastion report export`, to a file and to the outbox.

A report that reported success is recorded, its file is there with the recorded hash and the
team can open it whole; a file under a report's final name is always whole; the journal is
untouched; the next opening leaves no partial report in the outbox."""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import Path
from typing import Any

import pyrage

from desktop.journal import Journal
from desktop.reports.exports import STATUS_QUEUED, STATUS_WRITTEN, cancel_queued, list_exports
from desktop.reports.opener import open_report
from tests.conftest import PASSPHRASE
from tests.reliability.checks import journal_state, reopened, sha256_file
from tests.reliability.harness import (
    KILL_TEST_MARKS,
    Child,
    Figures,
    Replay,
    Tally,
    Timing,
    bastion_argv,
    operation_rng,
)
from tests.reliability.series import count_kill, count_tidied, new_vault
from tests.sizes import size

pytestmark = KILL_TEST_MARKS

FILE_KILLS = size(15, 150)
OUTBOX_KILLS = size(15, 150)
AGE_HEADER = b"age-encryption.org/v1\n"


def journal_with_evidence(data: Path) -> None:
    # Large enough that the encryption takes a good part of the run.
    import os

    new_vault(data, [f"incident-{i}" for i in range(4)], evidence=os.urandom(2 * 1024 * 1024))


def opens_whole(path: Path, identity: Any) -> bool:
    with path.open("rb") as handle:
        return open_report(handle, [identity]).ok


def test_killed_exports_to_a_file(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("export to a file")
    data, out = tmp_path / "data", tmp_path / "stick"
    out.mkdir()
    journal_with_evidence(data)
    run_exports(tally, kill_figures.seed, data, out, FILE_KILLS)
    # The partial ciphertext a kill leaves beside the destination (a USB stick) is outside
    # the data folder: the next export into that folder removes it, not the next opening.
    tally.note = (
        "the partial `.bastion-report-*.part` a kill leaves beside the chosen destination "
        "held nothing but age ciphertext, and the next export into that folder removed it "
        "(counted as tidied); no report under its final name was ever partial."
    )


def test_killed_exports_to_the_outbox(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("export to the outbox")
    data = tmp_path / "data"
    journal_with_evidence(data)
    run_exports(tally, kill_figures.seed, data, None, OUTBOX_KILLS)


def run_exports(tally: Tally, seed: int, data: Path, out: Path | None, kills: int) -> None:
    """Kill exports (to files in `out`, or to the outbox) until `kills`, then one more is
    left to finish: it must tidy what the last kills left beside its destination."""
    rng = operation_rng(seed, tally.operation)
    replay = Replay(seed, tally.operation)
    identity = pyrage.x25519.Identity.generate()
    with reopened(data, replay) as opening:
        journal = journal_state(Journal(opening.vault))
    known: set[str] = set()  # reports found recorded and whole
    timing = Timing()
    number = 0
    last = False
    while not last:
        last = tally.kills >= kills
        number += 1
        target = out / f"report-{number}.age" if out is not None else None
        where = ["-o", str(target)] if target is not None else ["--outbox"]
        argv = bastion_argv(data, "report", "export", "--all", *where, "--json")
        argv += ["--recipient", str(identity.to_public())]
        child = Child(argv, f"{PASSPHRASE}\n".encode())
        folder = out if out is not None else data / "outbox"
        # Partial files of earlier kills stay beside a destination: only a new one counts.
        writing = functools.partial(_writing, folder, _partials(folder))
        finished = functools.partial(_finished, folder, _reports(folder))
        beside = _partials(out) if out is not None else set()
        if last:
            child.finish()
        else:
            timing.run(child, rng, writing=writing, finished=finished)
        killed = count_kill(tally, child, replay)
        if out is not None:
            now = _partials(out)
            tally.mid_write += int(bool(now - beside))  # cut while writing beside it
            tally.tidied += len(beside - now)  # removed by this export, before it wrote
            assert killed or not now, f"a finished export left partial reports {replay}"
        reported = None
        if not killed:
            assert child.process.returncode == 0, f"{child.stderr} {replay}"
            reported = json.loads("\n".join(child.lines()))
        with reopened(data, replay) as opening:
            count_tidied(tally, opening)
            assert journal_state(Journal(opening.vault)) == journal, f"journal changed {replay}"
            records = {r.uid: r for r in list_exports(opening.vault, limit=100_000)}
            assert known <= set(records), f"a recorded report went {replay}"
            for uid, record in records.items():
                if uid in known:
                    continue  # checked whole when first found; files are never rewritten
                path = Path(record.location)
                status = STATUS_WRITTEN if out is not None else STATUS_QUEUED
                assert record.status == status, f"{uid} is {record.status} {replay}"
                assert sha256_file(path) == record.sha256, f"{uid} differs from its record"
                assert opens_whole(path, identity), f"{uid} recorded, not whole {replay}"
                known.add(uid)
                if out is not None:
                    # Carried away, as a volunteer would the stick: the record stays, and
                    # thousands of kills (make test-long) do not fill the disk.
                    path.unlink()
                tally.unreported += int(killed)
            if reported is not None:
                uid = reported["report_id"]
                assert records[uid].sha256 == reported["sha256"], f"not as reported {replay}"
                tally.verified += 1
            recorded = {Path(r.location).resolve() for r in records.values()}
            if out is None:
                # Taken out of the outbox once checked, as "Remove from outbox" does: the
                # folder stays small over thousands of kills, and removal must tidy as well.
                for uid in records:
                    assert cancel_queued(opening.vault, uid)
                known.clear()
        if target is not None and target.exists() and target.resolve() not in recorded:
            # Renamed into place, killed before the vault recorded it: it must be whole. (Not
            # in `report list` then; for the outbox, assert_nothing_left refuses the same.)
            assert opens_whole(target, identity), f"{target.name} is not whole {replay}"
            tally.unreported += 1
            target.unlink()
    tally.complete = True


def _reports(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.suffix == ".age") if folder.is_dir() else 0


def _finished(folder: Path, before: int) -> bool:
    """A report is in place under its final name (and the vault may not have recorded it)."""
    return _reports(folder) > before


def _writing(folder: Path, before: set[str]) -> bool:
    return bool(_partials(folder) - before)


def _partials(folder: Path) -> set[str]:
    """The partial reports in `folder`, each checked to be age ciphertext only."""
    found = set()
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name.endswith(".part"):
            with contextlib.suppress(FileNotFoundError):  # a writer may just have renamed it
                head = path.read_bytes()[: len(AGE_HEADER)]
                assert AGE_HEADER.startswith(head), f"{path.name} is not age ciphertext"
                found.add(path.name)
    return found
