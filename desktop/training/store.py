# SPDX-License-Identifier: GPL-3.0-or-later
"""Installed packs and learning progress, over an unlocked vault.

Both live in the vault: what someone studies ("device seizure at borders", an organisation's
own pack) can itself say who they are. The packs in use are the bundled one plus the installed
ones; for one pack id the highest version wins, and an install must be newer than both.

Thread use: like `Journal`, each call works on the calling thread's vault connection and every
change is one transaction, so a refused install leaves everything as it was.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.i18n import current_language
from desktop.training.archive import read_archive
from desktop.training.errors import (
    PackError,
    PackNotFoundError,
    PackRollbackError,
    PackSameVersionError,
)
from desktop.training.model import Pack
from desktop.training.packs import CheckedPack, TrustedKey, bundled_pack, parse_key_lines
from desktop.training.progress import Progress, QuizResult, score
from desktop.training.validate import load_pack
from desktop.vault import Vault
from desktop.vault.database import driver_errors

POSITION_SETTING = "training.position"
log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class InstalledPack:
    pack_id: str
    version: int
    signer: str  # the key's base64 line
    installed_at: str


class Training:
    def __init__(
        self, vault: Vault, *, bundled: Pack | None = None, language: str | None = None
    ) -> None:
        """`language`: the one whose translations packs are read in (the interface's by
        default); installing a pack still checks every catalog it carries."""
        self.vault = vault
        self._bundled = bundled
        self.language = language or current_language()
        self._cache: dict[tuple[str, int], Pack] = {}

    # ------------------------------------------------------------------ packs
    def bundled(self) -> Pack:
        return self._bundled if self._bundled is not None else bundled_pack(self.language)

    def _bundled_or_none(self) -> Pack | None:
        # The bundled pack is checked by the test suite; should a broken one ever ship, the
        # installed packs (perhaps the very fix) must still load and install.
        try:
            return self.bundled()
        except PackError:
            log.warning("the bundled training pack does not validate")
            return None

    def trusted_keys(self) -> list[TrustedKey]:
        """Pinned keys: the installation's own, and those of confirmed organisation profiles."""
        from desktop.profiles import Profiles
        from desktop.training.packs import bundled_keys

        keys = bundled_keys()
        for stored in Profiles(self.vault).all():
            if stored.verified_at is not None:
                keys += parse_key_lines(stored.profile.pack_keys, stored.profile.org_id)
        return keys

    def install(self, checked: CheckedPack) -> int | None:
        """Store a checked pack; returns the version it replaces (None if new).

        Raises PackRollbackError / PackSameVersionError when the pack in use (installed or
        bundled) is as new or newer; nothing changes then.
        """
        pack = checked.pack
        bundled = self._bundled_or_none()
        with self.vault.transaction() as conn:
            row = conn.execute(
                "SELECT version FROM training_packs WHERE pack_id = ?", (pack.id,)
            ).fetchone()
            current = int(row[0]) if row else None
            shipped = bundled.version if bundled is not None and bundled.id == pack.id else 0
            in_use = max(current or 0, shipped)
            if pack.version == in_use:
                raise PackSameVersionError(in_use, pack.version)
            if pack.version < in_use:
                raise PackRollbackError(in_use, pack.version)
            conn.execute(
                "INSERT INTO training_packs(pack_id, version, archive, signature, signer, "
                "installed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(pack_id) DO UPDATE SET "
                "version = excluded.version, archive = excluded.archive, "
                "signature = excluded.signature, signer = excluded.signer, "
                "installed_at = excluded.installed_at",
                (pack.id, pack.version, checked.archive, checked.signature,
                 f"{checked.signer.source} {checked.signer.line}", now()),
            )  # fmt: skip
        return current

    def installed(self) -> list[InstalledPack]:
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(
                    "SELECT pack_id, version, signer, installed_at FROM training_packs "
                    "ORDER BY pack_id"
                )
                .fetchall()
            )
        return [InstalledPack(str(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows]

    def remove(self, pack_id: str) -> bool:
        """Remove an installed pack. True when it was an update of the bundled pack, which is
        in use again, with the progress kept (the same pathways); otherwise its progress goes
        too, since which packs someone studied can say who they are.

        PackNotFoundError when no pack with this id is installed (the bundled one is not).
        """
        bundled = self._bundled_or_none()
        reverts = bundled is not None and bundled.id == pack_id
        with self.vault.transaction() as conn:
            if (
                conn.execute("DELETE FROM training_packs WHERE pack_id = ?", (pack_id,)).rowcount
                == 0
            ):
                raise PackNotFoundError()
            if not reverts:
                for table in ("training_lessons", "training_checks", "training_attempts"):
                    # The table names are our own constants, not input.
                    conn.execute(f"DELETE FROM {table} WHERE pack_id = ?", (pack_id,))
                if (position := self.position()) is not None and position[0] == pack_id:
                    conn.execute("DELETE FROM settings WHERE key = ?", (POSITION_SETTING,))
        self._cache = {k: v for k, v in self._cache.items() if k[0] != pack_id}
        return reverts

    def packs(self) -> list[Pack]:
        """The packs in use: bundled first, then installed ones by id; the newest per id."""
        found: dict[str, Pack] = {}
        bundled = self._bundled_or_none()
        if bundled is not None:
            found[bundled.id] = bundled
        conn = self.vault.connection()
        with driver_errors():
            rows = conn.execute(
                "SELECT pack_id, version FROM training_packs ORDER BY pack_id"
            ).fetchall()
        for pack_id, version in rows:
            if pack_id in found and found[pack_id].version >= version:
                continue
            key = (str(pack_id), int(version))
            if key not in self._cache:
                # Archives are read (up to 64 MiB each) only when not parsed already. The vault
                # is authenticated encryption, so this is what was installed; it still goes
                # through every check, like any other input.
                with driver_errors():
                    row = conn.execute(
                        "SELECT archive FROM training_packs WHERE pack_id = ? AND version = ?",
                        key,
                    ).fetchone()
                if row is None:  # replaced by an install since the listing: it shows next time
                    continue
                _, files = read_archive(bytes(row[0]))
                self._cache[key] = load_pack(files, languages=(self.language,))
            found[pack_id] = self._cache[key]
        return list(found.values())

    def pack(self, pack_id: str) -> Pack:
        for pack in self.packs():
            if pack.id == pack_id:
                return pack
        raise PackNotFoundError()

    # ------------------------------------------------------------------ progress
    def progress(self, pack_id: str) -> Progress:
        conn = self.vault.connection()
        with driver_errors():
            lessons = conn.execute(
                "SELECT lesson, read_at, seconds FROM training_lessons WHERE pack_id = ?",
                (pack_id,),
            ).fetchall()
            checks = conn.execute(
                "SELECT item FROM training_checks WHERE pack_id = ?", (pack_id,)
            ).fetchall()
            attempts = conn.execute(
                "SELECT module, max(correct * 1.0 / total), count(*), max(passed) "
                "FROM training_attempts WHERE pack_id = ? GROUP BY module",
                (pack_id,),
            ).fetchall()
            best_rows = conn.execute(
                "SELECT module, correct, total FROM training_attempts WHERE pack_id = ? "
                "ORDER BY correct * 1.0 / total, id",
                (pack_id,),
            ).fetchall()
        best = {str(m): (int(c), int(t)) for m, c, t in best_rows}  # last one is the best
        return Progress(
            read=frozenset(str(r[0]) for r in lessons if r[1] is not None),
            opened=frozenset(str(r[0]) for r in lessons),
            seconds={str(r[0]): int(r[2]) for r in lessons},
            checked=frozenset(str(r[0]) for r in checks),
            best=best,
            passed=frozenset(str(r[0]) for r in attempts if r[3]),
            attempts={str(r[0]): int(r[2]) for r in attempts},
        )

    def open_lesson(self, pack_id: str, lesson_key: str) -> None:
        """The lesson was opened: remembered for "continue where I stopped"."""
        with self.vault.transaction() as conn:
            conn.execute(
                "INSERT INTO training_lessons(pack_id, lesson, opened_at) VALUES (?, ?, ?) "
                "ON CONFLICT(pack_id, lesson) DO NOTHING",
                (pack_id, lesson_key, now()),
            )
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (POSITION_SETTING, json.dumps([pack_id, lesson_key])),
            )

    def add_time(self, pack_id: str, lesson_key: str, seconds: int) -> None:
        if seconds <= 0:
            return
        with self.vault.transaction() as conn:
            conn.execute(
                "INSERT INTO training_lessons(pack_id, lesson, opened_at, seconds) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(pack_id, lesson) DO UPDATE SET "
                "seconds = seconds + excluded.seconds",
                (pack_id, lesson_key, now(), min(seconds, 24 * 3600)),
            )

    def mark_read(self, pack_id: str, lesson_key: str, read: bool = True) -> None:
        with self.vault.transaction() as conn:
            conn.execute(
                "INSERT INTO training_lessons(pack_id, lesson, opened_at, read_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(pack_id, lesson) DO UPDATE SET "
                "read_at = excluded.read_at",
                (pack_id, lesson_key, now(), now() if read else None),
            )

    def set_checked(self, pack_id: str, item_key: str, checked: bool) -> None:
        with self.vault.transaction() as conn:
            if checked:
                conn.execute(
                    "INSERT INTO training_checks(pack_id, item, checked_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(pack_id, item) DO NOTHING",
                    (pack_id, item_key, now()),
                )
            else:
                conn.execute(
                    "DELETE FROM training_checks WHERE pack_id = ? AND item = ?",
                    (pack_id, item_key),
                )

    def submit_quiz(
        self, pack: Pack, module_key: str, answers: Mapping[str, Set[str]]
    ) -> QuizResult:
        """Score an attempt and record it (every attempt is kept, so progress can show it)."""
        module = pack.module(module_key)
        if module is None or module.quiz is None:
            raise PackNotFoundError()
        result = score(module.quiz, answers)
        chosen = {r.question_id: sorted(r.chosen) for r in result.questions}
        with self.vault.transaction() as conn:
            conn.execute(
                "INSERT INTO training_attempts(pack_id, module, taken_at, correct, total, "
                "passed, answers) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (pack.id, module_key, now(), result.correct, result.total, int(result.passed),
                 json.dumps(chosen, sort_keys=True)),
            )  # fmt: skip
        return result

    def position(self) -> tuple[str, str] | None:
        """(pack id, lesson key) of the lesson opened last, if any."""
        raw = self.vault.get_setting(POSITION_SETTING)
        try:
            pack_id, lesson_key = json.loads(raw) if raw else (None, None)
        except (ValueError, TypeError):
            return None
        if isinstance(pack_id, str) and isinstance(lesson_key, str):
            return pack_id, lesson_key
        return None
