# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Learn area runs on worker threads. Qt-free, never touches widgets.

Every change returns the pack's progress as the vault now has it, so the screens always show
what was stored rather than what they expected to store.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from desktop.signing import signed_path
from desktop.training.errors import PackNotFoundError
from desktop.training.model import Pack
from desktop.training.packs import CheckedPack, check_pack, read_pack_file
from desktop.training.progress import Progress, QuizResult
from desktop.training.render import RenderedLesson, render_lesson
from desktop.training.store import Training


@dataclass(frozen=True)
class Snapshot:
    """The packs in use, the progress of each, and the lesson opened last."""

    packs: tuple[Pack, ...]
    progress: Mapping[str, Progress]
    position: tuple[str, str] | None


@dataclass(frozen=True)
class Changed:
    """A pack's progress after a change (and the quiz result, for a quiz)."""

    pack_id: str
    progress: Progress
    result: QuizResult | None = None
    module_key: str = ""


@dataclass(frozen=True)
class Opened:
    pack_id: str
    key: str
    rendered: RenderedLesson
    progress: Progress


@dataclass(frozen=True)
class Installed:
    pack_id: str
    version: int
    replaced: int | None


def load(training: Training) -> Snapshot:
    packs = tuple(training.packs())
    progress = {pack.id: training.progress(pack.id) for pack in packs}
    return Snapshot(packs, progress, training.position())


def open_lesson(training: Training, pack: Pack, key: str, language: str) -> Opened:
    """Render the lesson and remember it as the place to continue from."""
    lesson = pack.lesson(key)
    if lesson is None:
        raise PackNotFoundError()
    rendered = render_lesson(pack, lesson, language)
    training.open_lesson(pack.id, key)
    return Opened(pack.id, key, rendered, training.progress(pack.id))


def leave_lesson(
    training: Training, pack_id: str, key: str, seconds: int, read: bool | None
) -> Changed:
    """Record the time spent on a lesson and, when `read` is given, whether it was read."""
    training.add_time(pack_id, key, seconds)
    if read is not None:
        training.mark_read(pack_id, key, read)
    return Changed(pack_id, training.progress(pack_id))


def set_checked(training: Training, pack_id: str, item_key: str, checked: bool) -> Changed:
    training.set_checked(pack_id, item_key, checked)
    return Changed(pack_id, training.progress(pack_id))


def submit_quiz(
    training: Training, pack: Pack, module_key: str, answers: Mapping[str, Set[str]]
) -> Changed:
    result = training.submit_quiz(pack, module_key, answers)
    return Changed(pack.id, training.progress(pack.id), result, module_key)


# The pack a chosen file stands for: choosing its .minisig means the pack.
pack_path = signed_path


def check_file(training: Training, path: Path) -> CheckedPack:
    """Read and check the pack at `path` (its .minisig beside it); changes nothing."""
    archive, signature = read_pack_file(path)
    return check_pack(archive, signature, training.trusted_keys())


def install(training: Training, checked: CheckedPack) -> Installed:
    replaced = training.install(checked)
    return Installed(checked.pack.id, checked.pack.version, replaced)


def save_setting(training: Training, key: str, value: str) -> None:
    training.vault.set_setting(key, value)
