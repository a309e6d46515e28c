# SPDX-License-Identifier: GPL-3.0-or-later
"""Stored organisation profiles and hand-added recipients, over an unlocked vault.

Trust rules (docs/profiles.md): a profile is self-signed, so the first import proves nothing
by itself; its keys are used only after the person has compared the fingerprints with the
organisation (`mark_verified`). After that, an update must be signed by the same key (key
continuity) and carry a higher version (no rollback to an older list of recipients), and it
is unverified again until confirmed, since its recipients may have changed.

Thread use: like `Journal`, each call works on the calling thread's vault connection; every
change is one transaction, so a refused update leaves the stored profile exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.profiles.checks import canonical_age_key, recipient_label_problem
from desktop.profiles.errors import (
    ProfileKeyChangedError,
    ProfileNotFoundError,
    ProfileNotVerifiedError,
    ProfileRollbackError,
    ProfileUnchangedError,
    ProfileVersionReusedError,
    RecipientExistsError,
    RecipientKeyInvalidError,
    RecipientLabelInvalidError,
    RecipientNotFoundError,
    RecipientNotVerifiedError,
)
from desktop.profiles.model import Profile, parse_profile, verify_profile
from desktop.vault import Vault
from desktop.vault.database import Connection, driver_errors

SOURCE_MANUAL = "manual"
SOURCE_OWN = "own"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class StoredProfile:
    profile: Profile
    imported_at: str  # UTC, "2026-11-02T09:14:00Z"
    verified_at: str | None  # None until the fingerprints were confirmed
    document: bytes  # exactly as received, so the signature can be checked again
    signature: str


@dataclass(frozen=True)
class ManualRecipient:
    id: int
    label: str
    public_key: str  # canonical "age1…"
    own: bool  # the volunteer's own backup key
    added_at: str
    verified_at: str | None


@dataclass(frozen=True)
class Recipient:
    """One key a report is encrypted to, and where it came from (for the report's record)."""

    label: str
    public_key: str
    source: str  # an organisation id, SOURCE_MANUAL or SOURCE_OWN


_PROFILE_COLUMNS = "document, signature, imported_at, verified_at"
_RECIPIENT_COLUMNS = "id, label, public_key, own, added_at, verified_at"


class Profiles:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # ------------------------------------------------------------------ profiles
    def import_profile(self, document: bytes, signature: str) -> StoredProfile:
        """Check and store a profile (new, or an update of a stored one), unverified.

        Raises what verify_profile raises, then ProfileKeyChangedError, ProfileRollbackError
        (ProfileVersionReusedError for the same version with other content) or
        ProfileUnchangedError against the stored profile; nothing is written then.
        """
        profile = verify_profile(document, signature)
        document = bytes(document)
        with self.vault.transaction() as conn:
            row = conn.execute(
                "SELECT version, signing_key, document FROM profiles WHERE org_id = ?",
                (profile.org_id,),
            ).fetchone()
            stamp = now()
            values = (profile.name, profile.version, profile.signing_key, document, signature)
            if row is None:
                conn.execute(
                    "INSERT INTO profiles(name, version, signing_key, document, signature, "
                    "imported_at, verified_at, org_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                    (*values, stamp, profile.org_id),
                )
            else:
                _check_update(profile, document, int(row[0]), str(row[1]), bytes(row[2]))
                conn.execute(
                    "UPDATE profiles SET name = ?, version = ?, signing_key = ?, document = ?, "
                    "signature = ?, imported_at = ?, verified_at = NULL WHERE org_id = ?",
                    (*values, stamp, profile.org_id),
                )
        return StoredProfile(profile, stamp, None, document, signature)

    def mark_verified(self, org_id: str) -> None:
        """The person compared the fingerprints and they match: the keys may be used."""
        with self.vault.transaction() as conn:
            cur = conn.execute(
                "UPDATE profiles SET verified_at = ? WHERE org_id = ?", (now(), org_id)
            )
            if cur.rowcount == 0:
                raise ProfileNotFoundError()

    def withdraw_trust(self, org_id: str) -> None:
        """The volunteer no longer trusts this organisation: its keys are not used for new
        reports and its server gets nothing more (queued uploads wait, as for an unconfirmed
        update) until the fingerprints are compared again. The profile and the record of
        reports already made stay."""
        with self.vault.transaction() as conn:
            cur = conn.execute("UPDATE profiles SET verified_at = NULL WHERE org_id = ?", (org_id,))
            if cur.rowcount == 0:
                raise ProfileNotFoundError()

    def all(self) -> list[StoredProfile]:
        """Every stored profile, by organisation id."""
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles ORDER BY org_id")
                .fetchall()
            )
        return [_stored(row) for row in rows]

    def get(self, org_id: str) -> StoredProfile:
        with driver_errors():
            row = (
                self.vault.connection()
                .execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE org_id = ?", (org_id,))
                .fetchone()
            )
        if row is None:
            raise ProfileNotFoundError()
        return _stored(row)

    def remove(self, org_id: str) -> None:
        with self.vault.transaction() as conn:
            if conn.execute("DELETE FROM profiles WHERE org_id = ?", (org_id,)).rowcount == 0:
                raise ProfileNotFoundError()

    # ------------------------------------------------------------------ manual recipients
    def add_recipient(self, label: str, public_key: str, *, own: bool = False) -> ManualRecipient:
        """Add a key typed or pasted in by hand (unverified). The key is stored canonical.

        RecipientLabelInvalidError, RecipientKeyInvalidError, RecipientExistsError.
        """
        problem = recipient_label_problem(label)
        if problem is not None:
            raise RecipientLabelInvalidError(problem)
        key = canonical_age_key(public_key)
        if key is None:
            raise RecipientKeyInvalidError()
        with self.vault.transaction() as conn:
            taken = conn.execute(
                "SELECT 1 FROM manual_recipients WHERE public_key = ?", (key,)
            ).fetchone()
            if taken is not None:
                raise RecipientExistsError()
            stamp = now()
            cur = conn.execute(
                "INSERT INTO manual_recipients(label, public_key, own, added_at, verified_at) "
                "VALUES (?, ?, ?, ?, NULL)",
                (label, key, int(own), stamp),
            )
            return ManualRecipient(int(cur.lastrowid), label, key, own, stamp, None)

    def mark_recipient_verified(self, recipient_id: int) -> None:
        with self.vault.transaction() as conn:
            cur = conn.execute(
                "UPDATE manual_recipients SET verified_at = ? WHERE id = ?", (now(), recipient_id)
            )
            if cur.rowcount == 0:
                raise RecipientNotFoundError()

    def remove_recipient(self, recipient_id: int) -> None:
        with self.vault.transaction() as conn:
            cur = conn.execute("DELETE FROM manual_recipients WHERE id = ?", (recipient_id,))
            if cur.rowcount == 0:
                raise RecipientNotFoundError()

    def recipients(self) -> list[ManualRecipient]:
        """Every hand-added recipient, in the order they were added."""
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(f"SELECT {_RECIPIENT_COLUMNS} FROM manual_recipients ORDER BY id")
                .fetchall()
            )
        return [_manual(row) for row in rows]

    # ------------------------------------------------------------------ resolve
    def resolve(
        self,
        *,
        org_ids: Sequence[str] = (),
        manual_ids: Sequence[int] = (),
        include_own: bool = False,
    ) -> list[Recipient]:
        """The keys to encrypt a report to, each once, in the order asked for.

        Refuses anything not verified (ProfileNotVerifiedError, RecipientNotVerifiedError),
        and ids that do not exist (ProfileNotFoundError, RecipientNotFoundError). Expired
        profiles still resolve: the UI warns, but a report must not be blocked by a date.
        One read transaction, so a profile updated meanwhile is seen whole or not at all.
        """
        found: list[Recipient] = []
        with self.vault.transaction() as conn:
            for org_id in org_ids:
                stored = _stored_in(conn, org_id)
                if stored.verified_at is None:
                    raise ProfileNotVerifiedError(org_id)
                found += [Recipient(r.label, r.key, org_id) for r in stored.profile.recipients]
            for recipient_id in manual_ids:
                row = conn.execute(
                    f"SELECT {_RECIPIENT_COLUMNS} FROM manual_recipients WHERE id = ?",
                    (recipient_id,),
                ).fetchone()
                if row is None:
                    raise RecipientNotFoundError()
                found.append(_usable(_manual(row)))
            if include_own:
                rows = conn.execute(
                    f"SELECT {_RECIPIENT_COLUMNS} FROM manual_recipients WHERE own = 1 ORDER BY id"
                ).fetchall()
                found += [_usable(_manual(row)) for row in rows]
        unique: dict[str, Recipient] = {}
        for recipient in found:
            unique.setdefault(recipient.public_key, recipient)
        return list(unique.values())


def _check_update(
    profile: Profile, document: bytes, version: int, signing_key: str, stored: bytes
) -> None:
    # verify_profile already proved the document is signed by the key it names; so a
    # different key named here means a different signer.
    if profile.signing_key != signing_key:
        raise ProfileKeyChangedError()
    if profile.version < version:
        raise ProfileRollbackError(version, profile.version)
    if profile.version == version:
        if document == stored:
            raise ProfileUnchangedError()
        raise ProfileVersionReusedError(version, profile.version)


def _stored(row: Any) -> StoredProfile:
    document = bytes(row[0])
    return StoredProfile(parse_profile(document), str(row[2]), row[3], document, str(row[1]))


def _stored_in(conn: Connection, org_id: str) -> StoredProfile:
    row = conn.execute(
        f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE org_id = ?", (org_id,)
    ).fetchone()
    if row is None:
        raise ProfileNotFoundError()
    return _stored(row)


def _manual(row: Any) -> ManualRecipient:
    return ManualRecipient(int(row[0]), str(row[1]), str(row[2]), bool(row[3]), row[4], row[5])


def _usable(recipient: ManualRecipient) -> Recipient:
    if recipient.verified_at is None:
        raise RecipientNotVerifiedError(recipient.id)
    source = SOURCE_OWN if recipient.own else SOURCE_MANUAL
    return Recipient(recipient.label, recipient.public_key, source)
