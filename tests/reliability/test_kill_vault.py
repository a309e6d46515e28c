# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL during `bastion pack install` and `bastion passwd`.

A pack install is one transaction: afterwards the pack in use is the old version or the new
one, whole (it loads and validates), never a mix, and the new one if the command said so. A
passphrase change rewrites only `vault.key`: afterwards exactly one of the old and the new
passphrase opens the vault (the new one if the command said so), and the journal is intact.
"""

from __future__ import annotations

import functools
from pathlib import Path

from desktop.journal import Journal
from desktop.training.store import Training
from desktop.vault import Vault, kdf
from desktop.vault.errors import WrongPassphraseError
from desktop.vault.vault import HEADER_NAME
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE
from tests.reliability.checks import journal_state, reopened
from tests.reliability.harness import (
    KILL_TEST_MARKS,
    Child,
    Figures,
    Replay,
    Timing,
    bastion_argv,
    operation_rng,
)
from tests.reliability.series import count_kill, count_tidied, new_vault
from tests.sizes import size
from tests.sync.support import add_org
from tests.training.builders import Signer, sample_archive
from tests.training.sample import PACK_ID

pytestmark = KILL_TEST_MARKS

PACK_KILLS = size(15, 150)
PASSWD_KILLS = size(15, 150)


def signed_pack(folder: Path, signer: Signer, version: int) -> Path:
    """The sample pack at `version`, signed, as a file with its `.minisig` beside it."""
    archive = sample_archive(folder / f"source-{version}", version=version)
    path = folder / f"{PACK_ID}-{version}.bastionpack"
    path.write_bytes(archive)
    path.with_name(path.name + ".minisig").write_text(signer.sign(archive))
    return path


def test_killed_pack_installs(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("pack install")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    new_vault(data, ["entry-0"])
    signer = Signer.generate()
    vault = Vault(data)
    vault.unlock(PASSPHRASE)
    # Trusted the way a volunteer's installation trusts an organisation's packs: its key in
    # a confirmed profile (the pinned keys of the installation are not ours to change).
    add_org(vault, None, pack_keys=[signer.trusted.line])
    vault.lock()
    installed = 0  # the version in the vault (0: none)
    timing = Timing()
    while tally.kills < PACK_KILLS:
        version = max(installed, 3) + 1  # the sample is version 3
        pack = signed_pack(tmp_path, signer, version)
        child = Child(bastion_argv(data, "pack", "install", str(pack)), f"{PASSPHRASE}\n".encode())
        timing.run(child, rng)
        killed = count_kill(tally, child, replay)
        if not killed:
            assert child.process.returncode == 0, f"{child.stderr} {replay}"
        with reopened(data, replay) as opening:
            count_tidied(tally, opening)
            training = Training(opening.vault)
            versions = {item.pack_id: item.version for item in training.installed()}
            found = versions.get(PACK_ID, 0)
            assert found in (installed, version), f"version {found} {replay}"
            in_use = {pack.id: pack for pack in training.packs()}  # each loads and validates
            if found:
                assert in_use[PACK_ID].version == found, f"not what was installed {replay}"
            if not killed:
                assert found == version, f"reported installed, is not {replay}"
                tally.verified += 1
            elif found == version:
                tally.unreported += 1
            installed = found
            assert journal_state(Journal(opening.vault)), replay
        pack.unlink()
    tally.note = (
        "an install is one transaction, so no kill can be seen mid-write from outside; "
        "after every kill the pack in use was the old version or the new one, whole."
    )
    tally.complete = True


def test_killed_passphrase_changes(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("passphrase change")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    new_vault(data, ["entry-0", "entry-1"], evidence=b"evidence")
    with reopened(data, replay) as opening:
        journal = journal_state(Journal(opening.vault))
        vault_id = opening.vault.info().vault_id
    current, other = PASSPHRASE, NEW_PASSPHRASE
    timing = Timing()
    while tally.kills < PASSWD_KILLS:
        argv = bastion_argv(data, "passwd", "--kdf-seconds", "0")
        child = Child(argv, f"{current}\n{other}\n".encode())
        timing.run(child, rng, writing=functools.partial(_writing_header, data))
        killed = count_kill(tally, child, replay)
        if not killed:
            assert child.process.returncode == 0, f"{child.stderr} {replay}"
        # Two derivations: the passphrase that opens, the other refused (each costs one).
        changed = _opens(data, other)
        works, refused = (other, current) if changed else (current, other)
        with reopened(data, replay, passphrase=works) as opening:
            count_tidied(tally, opening)
            assert opening.vault.info().vault_id == vault_id, replay
            assert journal_state(Journal(opening.vault)) == journal, f"journal changed {replay}"
        assert not _opens(data, refused), f"both passphrases open the vault {replay}"
        if not killed:
            assert changed, f"reported changed, is not {replay}"
            tally.verified += 1
        elif changed:
            tally.unreported += 1
        if changed:
            current, other = other, current
    tally.complete = True


def _writing_header(data: Path) -> bool:
    """The new key header is being written (atomic_write's temp file is there)."""
    return any(path.name.startswith(".tmp-") for path in data.iterdir())


def _opens(data: Path, passphrase: str) -> bool:
    """Whether `passphrase` unwraps the key header (the database is not opened: the one
    that works is then used for a full opening)."""
    from desktop.vault import header

    sealed = header.decode((data / HEADER_NAME).read_bytes())
    kek = kdf.derive(passphrase, sealed.salt, sealed.kdf)
    try:
        kdf.wipe(header.unseal(sealed, kek))
    except WrongPassphraseError:
        return False
    finally:
        kdf.wipe(kek)
    return True
