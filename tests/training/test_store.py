# SPDX-License-Identifier: GPL-3.0-or-later
"""Installed packs and progress in the vault: installs, refusals that change nothing, rollback,
trusted keys from confirmed profiles, and progress that survives a lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.profiles import Profiles
from desktop.training.archive import source_files
from desktop.training.errors import (
    PackNotFoundError,
    PackRollbackError,
    PackSameVersionError,
    PackUntrustedError,
)
from desktop.training.model import Pack
from desktop.training.packs import BUNDLED, check_pack
from desktop.training.progress import module_status, next_lesson, pack_status
from desktop.training.store import Training
from desktop.training.validate import load_pack
from desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.profiles.builders import OrgKey, document, encode
from tests.training.builders import Signer, sample_archive
from tests.training.sample import FAILING, FIRST_MODULE, PACK_ID, PASSING, write_sample_pack


@pytest.fixture
def bundled(tmp_path: Path) -> Pack:
    """A stand-in for the bundled pack with another id, so sample packs install beside it."""
    folder = write_sample_pack(tmp_path / "bundled")
    text = (folder / "pack.yaml").read_text().replace("id: sample-pack", "id: bundled-pack")
    (folder / "pack.yaml").write_text(text)
    return load_pack(source_files(folder))


@pytest.fixture
def training(vault: Vault, bundled: Pack) -> Training:
    return Training(vault, bundled=bundled)


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.generate()


def install(training: Training, signer: Signer, folder: Path, version: int) -> int | None:
    archive = sample_archive(folder, version=version)
    return training.install(check_pack(archive, signer.sign(archive), [signer.trusted]))


def test_install_update_and_list(training: Training, signer: Signer, tmp_path: Path) -> None:
    assert [p.id for p in training.packs()] == ["bundled-pack"]
    assert install(training, signer, tmp_path / "v3", 3) is None
    assert install(training, signer, tmp_path / "v4", 4) == 3
    (row,) = training.installed()
    assert (row.pack_id, row.version) == (PACK_ID, 4)
    assert row.signer == f"{BUNDLED} {signer.trusted.line}"
    assert [(p.id, p.version) for p in training.packs()] == [("bundled-pack", 3), (PACK_ID, 4)]


@pytest.mark.parametrize(("offered", "error"), [(2, PackRollbackError), (3, PackSameVersionError)])
def test_rollback_and_reuse_change_nothing(
    training: Training, signer: Signer, tmp_path: Path, offered: int, error: type[Exception]
) -> None:
    install(training, signer, tmp_path / "v3", 3)
    before = training.installed()
    with pytest.raises(error) as caught:
        install(training, signer, tmp_path / "old", offered)
    assert (caught.value.installed, caught.value.offered) == (3, offered)  # type: ignore[attr-defined]
    assert training.installed() == before
    assert training.pack(PACK_ID).version == 3


def test_the_bundled_version_counts_against_rollback(
    vault: Vault, signer: Signer, tmp_path: Path
) -> None:
    bundled = load_pack(source_files(write_sample_pack(tmp_path / "b", version=5)))
    training = Training(vault, bundled=bundled)
    with pytest.raises(PackRollbackError):
        install(training, signer, tmp_path / "v4", 4)
    with pytest.raises(PackSameVersionError):
        install(training, signer, tmp_path / "v5", 5)
    assert training.installed() == []
    install(training, signer, tmp_path / "v6", 6)
    assert training.pack(PACK_ID).version == 6


def test_pack_keys_count_only_from_confirmed_profiles(training: Training, tmp_path: Path) -> None:
    org, trainer = OrgKey.generate(), Signer.generate()
    body = encode(document(org.line, pack_keys=[trainer.trusted.line]))
    profiles = Profiles(training.vault)
    profiles.import_profile(body, org.sign(body))
    archive = sample_archive(tmp_path / "src")
    signature = trainer.sign(archive)
    with pytest.raises(PackUntrustedError):
        check_pack(archive, signature, training.trusted_keys())
    profiles.mark_verified("wmf-trust-and-safety")
    checked = check_pack(archive, signature, training.trusted_keys())
    assert checked.signer.source == "wmf-trust-and-safety"
    training.install(checked)
    assert training.installed()[0].signer.startswith("wmf-trust-and-safety ")


def test_an_expired_pack_is_flagged(training: Training, signer: Signer, tmp_path: Path) -> None:
    from datetime import date

    folder = tmp_path / "src"
    write_sample_pack(folder)
    text = (folder / "pack.yaml").read_text() + "expires: 2026-01-31\n"
    archive = sample_archive(folder, **{"pack.yaml": text})
    checked = check_pack(archive, signer.sign(archive), [signer.trusted])
    assert checked.expired(date(2026, 2, 1))
    assert not checked.expired(date(2026, 1, 31))


def test_progress_is_kept_in_the_vault_across_a_lock(
    make_vault: object, bundled: Pack, tmp_path: Path
) -> None:
    vault = make_vault()  # type: ignore[operator]
    training = Training(vault, bundled=bundled)
    pack = training.bundled()
    module = pack.module(FIRST_MODULE)
    assert module is not None
    first, second = (lesson.key for lesson in module.lessons)
    training.open_lesson(pack.id, first)
    training.add_time(pack.id, first, 95)
    training.mark_read(pack.id, first)
    training.open_lesson(pack.id, second)
    for item in module.checklist:
        training.set_checked(pack.id, item.key, True)
    training.set_checked(pack.id, module.checklist[0].key, False)
    failed = training.submit_quiz(pack, FIRST_MODULE, FAILING)
    assert (failed.correct, failed.total, failed.passed) == (1, 4, False)
    vault.lock()

    vault.unlock(PASSPHRASE)
    training = Training(vault, bundled=bundled)
    progress = training.progress(pack.id)
    assert progress.read == {first}
    assert progress.opened == {first, second}
    assert progress.seconds[first] == 95
    assert progress.checked == {module.checklist[1].key}
    assert progress.passed == set()
    assert progress.attempts == {FIRST_MODULE: 1}
    assert training.position() == (pack.id, second)
    assert next_lesson(pack, progress, second) == second

    passed = training.submit_quiz(pack, FIRST_MODULE, PASSING)
    assert (passed.correct, passed.passed, passed.percent) == (4, True, 100)
    training.mark_read(pack.id, second)
    training.set_checked(pack.id, module.checklist[0].key, True)
    progress = training.progress(pack.id)
    assert progress.best[FIRST_MODULE] == (4, 4)
    assert module_status(module, progress).complete
    status = pack_status(pack, progress)
    assert (status.done, status.total, status.minutes_left) == (5, 8, 8)
    vault.lock()


def test_removing_a_pack_removes_it_and_what_was_studied(
    training: Training, signer: Signer, tmp_path: Path
) -> None:
    install(training, signer, tmp_path / "v3", 3)
    pack = training.pack(PACK_ID)
    module = pack.module(FIRST_MODULE)
    assert module is not None
    lesson = module.lessons[0].key
    training.open_lesson(PACK_ID, lesson)
    training.mark_read(PACK_ID, lesson)
    training.set_checked(PACK_ID, module.checklist[0].key, True)
    training.submit_quiz(pack, FIRST_MODULE, PASSING)
    bundled_lesson = training.bundled().lesson_keys()[0]
    training.mark_read("bundled-pack", bundled_lesson)

    assert training.remove(PACK_ID) is False  # not an update of the bundled pack
    assert training.installed() == []
    assert [p.id for p in training.packs()] == ["bundled-pack"]
    assert training.position() is None
    conn = training.vault.connection()
    for table in ("training_lessons", "training_checks", "training_attempts"):
        assert conn.execute(
            f"SELECT count(*) FROM {table} WHERE pack_id = ?", (PACK_ID,)
        ).fetchone() == (0,)
    assert training.progress("bundled-pack").read  # other packs' progress stays
    with pytest.raises(PackNotFoundError):
        training.remove(PACK_ID)
    with pytest.raises(PackNotFoundError):
        training.remove("bundled-pack")  # the pack that comes with Bastion is not installed


def test_removing_an_update_of_the_bundled_pack_goes_back_to_it_with_progress(
    vault: Vault, signer: Signer, tmp_path: Path
) -> None:
    bundled = load_pack(source_files(write_sample_pack(tmp_path / "b", version=2)))
    training = Training(vault, bundled=bundled)
    install(training, signer, tmp_path / "v3", 3)
    module = training.pack(PACK_ID).module(FIRST_MODULE)
    assert module is not None
    training.mark_read(PACK_ID, module.lessons[0].key)
    assert training.remove(PACK_ID) is True
    assert training.pack(PACK_ID).version == 2
    assert training.progress(PACK_ID).read
