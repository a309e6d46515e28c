# SPDX-License-Identifier: GPL-3.0-or-later
"""Removing what interrupted work left in the vault's own folders, whenever a vault is opened.

A kill or a power cut in the middle of an import or an export leaves files behind: evidence
files whose keys never reached the vault, partial outbox reports, and the temp file of a key
header, count or preferences being replaced. The window and every
command that opens the vault call `tidy()` once, right after unlocking, so a command-line run
cleans up after a killed one just as the window does. Only Bastion's own folders are looked
at (no scan of anything large), only names Bastion gives are removed, never a file the vault
refers to or a report still queued, and nothing while another process is writing there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.fsutil import tidy_atomic_temps
from desktop.reports.exports import tidy_outbox

if TYPE_CHECKING:
    from desktop.vault import Vault


def tidy(vault: Vault) -> int:
    """Remove leftovers of interrupted work; returns how many files went. Idempotent.

    Raises StorageError and the vault's errors; callers log the type and carry on, since the
    leftovers are encrypted and waiting for the next opening exposes nothing new.
    """
    from desktop.journal import Journal  # the journal's import cost only once unlocked

    return Journal(vault).tidy() + tidy_outbox(vault) + tidy_atomic_temps(vault.directory)
