# SPDX-License-Identifier: GPL-3.0-or-later
"""Profiles in a real vault: import, key continuity, no rollback, verification before use."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.profiles import (
    SOURCE_MANUAL,
    SOURCE_OWN,
    ProfileInvalidError,
    ProfileKeyChangedError,
    ProfileNotFoundError,
    ProfileNotVerifiedError,
    ProfileRollbackError,
    Profiles,
    ProfileUnchangedError,
    ProfileVersionReusedError,
    Recipient,
    RecipientExistsError,
    RecipientKeyInvalidError,
    RecipientLabelInvalidError,
    RecipientNotFoundError,
    RecipientNotVerifiedError,
    StoredProfile,
)
from desktop.signing import BadSignatureError, MalformedSignatureError, UnknownKeyError
from desktop.vault import Vault
from tests.conftest import PASSPHRASE, MakeVault
from tests.profiles.builders import OrgKey, StockKey, age_key, document, encode


@pytest.fixture
def profiles(make_vault: MakeVault) -> Iterator[Profiles]:
    vault = make_vault()
    yield Profiles(vault)
    vault.lock()


@pytest.fixture
def org() -> OrgKey:
    return OrgKey.generate()


def signed(org: OrgKey, **changes: object) -> tuple[bytes, str]:
    data = encode(document(org.line, **changes))
    return data, org.sign(data)


def snapshot(profiles: Profiles) -> list[StoredProfile]:
    return profiles.all()


# ---------------------------------------------------------------- import
def test_a_profile_signed_with_stock_minisign_imports(profiles: Profiles, tmp_path: Path) -> None:
    stock = StockKey.generate(tmp_path)
    path = tmp_path / "wmf.json"
    path.write_bytes(encode(document(stock.line)))
    signature = stock.sign_file(path).read_text()
    stored = profiles.import_profile(path.read_bytes(), signature)
    assert stored.verified_at is None
    assert stored.profile.signing_key == stock.line
    assert profiles.get("wmf-trust-and-safety") == stored
    assert profiles.all() == [stored]


def test_a_profile_we_sign_verifies_with_stock_minisign(org: OrgKey, tmp_path: Path) -> None:
    data, signature = signed(org)
    path = tmp_path / "wmf.json"
    path.write_bytes(data)
    path.with_name("wmf.json.minisig").write_text(signature)
    command = ["minisign", "-V", "-m", str(path), "-P", org.line]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    path.write_bytes(data + b" ")  # the control: stock minisign sees a change
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode != 0


def test_the_document_is_kept_exactly_and_survives_a_new_unlock(
    make_vault: MakeVault, org: OrgKey
) -> None:
    vault = make_vault()
    data, signature = signed(org)
    Profiles(vault).import_profile(data, signature)
    vault.lock()
    again = Vault(vault.directory)
    again.unlock(PASSPHRASE)
    try:
        stored = Profiles(again).get("wmf-trust-and-safety")
    finally:
        again.lock()
    assert (stored.document, stored.signature) == (data, signature)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda data, sig: (data.replace(b"T&S on-call", b"T&S 0n-call"), sig),
        lambda data, sig: (data + b"\n", sig),
        lambda data, sig: (data, sig.replace("bastion-profile test", "bastion-profile tesT")),
        lambda data, sig: (data, "untrusted comment: x\nnot a signature\n"),
    ],
    ids=["label", "trailing-newline", "trusted-comment", "garbage-signature"],
)
def test_a_tampered_profile_is_refused_and_nothing_stored(
    profiles: Profiles, org: OrgKey, tamper: object
) -> None:
    data, signature = tamper(*signed(org))  # type: ignore[operator]
    with pytest.raises((BadSignatureError, MalformedSignatureError)):
        profiles.import_profile(data, signature)
    assert profiles.all() == []


def test_a_signature_by_another_key_is_refused(profiles: Profiles, org: OrgKey) -> None:
    data, _signature = signed(org)
    with pytest.raises(UnknownKeyError):
        profiles.import_profile(data, OrgKey.generate().sign(data))
    assert profiles.all() == []


def test_an_invalid_profile_is_refused(profiles: Profiles, org: OrgKey) -> None:
    with pytest.raises(ProfileInvalidError):
        profiles.import_profile(*signed(org, id="Not Valid"))
    assert profiles.all() == []


# ---------------------------------------------------------------- updates
def test_an_update_by_a_different_key_is_refused_and_the_stored_profile_kept(
    profiles: Profiles, org: OrgKey
) -> None:
    profiles.import_profile(*signed(org))
    profiles.mark_verified("wmf-trust-and-safety")
    before = snapshot(profiles)
    usurper = OrgKey.generate()
    # A complete, validly self-signed profile for the same organisation, by someone else.
    with pytest.raises(ProfileKeyChangedError):
        profiles.import_profile(*signed(usurper, version=4))
    # The same, but still naming the real key: its signature is not by that key.
    data = encode(document(org.line, version=4))
    with pytest.raises(UnknownKeyError):
        profiles.import_profile(data, usurper.sign(data))
    assert snapshot(profiles) == before
    assert before[0].verified_at is not None


def test_older_and_reused_versions_are_refused(profiles: Profiles, org: OrgKey) -> None:
    first = signed(org, version=3)
    profiles.import_profile(*first)
    before = snapshot(profiles)
    with pytest.raises(ProfileRollbackError) as caught:
        profiles.import_profile(*signed(org, version=2))
    assert (caught.value.stored, caught.value.offered) == (3, 2)
    with pytest.raises(ProfileVersionReusedError):
        profiles.import_profile(*signed(org, version=3, name="Changed quietly"))
    with pytest.raises(ProfileUnchangedError):
        profiles.import_profile(*first)
    assert snapshot(profiles) == before


def test_a_newer_version_replaces_the_old_and_needs_verifying_again(
    profiles: Profiles, org: OrgKey
) -> None:
    profiles.import_profile(*signed(org, version=3))
    profiles.mark_verified("wmf-trust-and-safety")
    assert profiles.get("wmf-trust-and-safety").verified_at is not None
    newer = profiles.import_profile(*signed(org, version=4, name="T&S, renamed"))
    stored = profiles.get("wmf-trust-and-safety")
    assert stored == newer
    assert (stored.profile.version, stored.profile.name, stored.verified_at) == (
        4,
        "T&S, renamed",
        None,
    )
    assert len(profiles.all()) == 1


def test_remove_and_missing_profiles(profiles: Profiles, org: OrgKey) -> None:
    profiles.import_profile(*signed(org))
    profiles.remove("wmf-trust-and-safety")
    assert profiles.all() == []
    for call in (profiles.remove, profiles.get, profiles.mark_verified):
        with pytest.raises(ProfileNotFoundError):
            call("wmf-trust-and-safety")


# ---------------------------------------------------------------- resolve
def test_an_unverified_profile_cannot_be_resolved(profiles: Profiles, org: OrgKey) -> None:
    stored = profiles.import_profile(*signed(org))
    with pytest.raises(ProfileNotVerifiedError):
        profiles.resolve(org_ids=["wmf-trust-and-safety"])
    profiles.mark_verified("wmf-trust-and-safety")
    assert profiles.resolve(org_ids=["wmf-trust-and-safety"]) == [
        Recipient(r.label, r.key, "wmf-trust-and-safety") for r in stored.profile.recipients
    ]
    with pytest.raises(ProfileNotFoundError):
        profiles.resolve(org_ids=["no-such-org"])


def test_an_expired_profile_still_resolves(profiles: Profiles, org: OrgKey) -> None:
    profiles.import_profile(*signed(org, issued="2020-01-01", expires="2021-01-01"))
    profiles.mark_verified("wmf-trust-and-safety")
    assert len(profiles.resolve(org_ids=["wmf-trust-and-safety"])) == 2


def test_manual_recipients_need_verifying_and_keys_are_used_once(
    profiles: Profiles, org: OrgKey
) -> None:
    shared = age_key()
    stored = profiles.import_profile(*signed(org, recipients=[{"label": "T&S", "key": shared}]))
    profiles.mark_verified(stored.profile.org_id)
    mine = profiles.add_recipient("My backup key", age_key(), own=True)
    friend = profiles.add_recipient("Steward", f"  {shared.upper()}\n")
    assert friend.public_key == shared  # stored canonical: fingerprints are computed on it
    assert profiles.recipients() == [mine, friend]
    with pytest.raises(RecipientNotVerifiedError) as caught:
        profiles.resolve(manual_ids=[friend.id])
    assert caught.value.recipient_id == friend.id
    with pytest.raises(RecipientNotVerifiedError):
        profiles.resolve(include_own=True)
    profiles.mark_recipient_verified(friend.id)
    profiles.mark_recipient_verified(mine.id)
    resolved = profiles.resolve(
        org_ids=[stored.profile.org_id], manual_ids=[friend.id], include_own=True
    )
    assert resolved == [
        Recipient("T&S", shared, stored.profile.org_id),
        Recipient("My backup key", mine.public_key, SOURCE_OWN),
    ]
    assert profiles.resolve(manual_ids=[friend.id]) == [Recipient("Steward", shared, SOURCE_MANUAL)]
    assert profiles.resolve() == []


def test_manual_recipients_are_checked(profiles: Profiles) -> None:
    key = age_key()
    profiles.add_recipient("Steward", key)
    for label, public_key, error in [
        ("Steward", "age1notakey", RecipientKeyInvalidError),
        ("Steward", "AGE-SECRET-KEY-1" + "Q" * 58, RecipientKeyInvalidError),
        ("", age_key(), RecipientLabelInvalidError),
        ("Bell\x07", age_key(), RecipientLabelInvalidError),
        (" Steward", age_key(), RecipientLabelInvalidError),
        ("Again", key, RecipientExistsError),
    ]:
        with pytest.raises(error):
            profiles.add_recipient(label, public_key)
    assert len(profiles.recipients()) == 1


def test_removing_manual_recipients(profiles: Profiles) -> None:
    added = profiles.add_recipient("Steward", age_key())
    profiles.remove_recipient(added.id)
    assert profiles.recipients() == []
    for call in (profiles.remove_recipient, profiles.mark_recipient_verified):
        with pytest.raises(RecipientNotFoundError):
            call(added.id)
    with pytest.raises(RecipientNotFoundError):
        profiles.resolve(manual_ids=[added.id])


def test_withdrawing_trust_keeps_the_profile_and_stops_its_keys(
    profiles: Profiles, org: OrgKey
) -> None:
    profiles.import_profile(*signed(org))
    profiles.mark_verified("wmf-trust-and-safety")
    profiles.withdraw_trust("wmf-trust-and-safety")
    stored = profiles.get("wmf-trust-and-safety")
    assert stored.verified_at is None  # kept, with its history; no longer confirmed
    with pytest.raises(ProfileNotVerifiedError):
        profiles.resolve(org_ids=["wmf-trust-and-safety"])
    with pytest.raises(ProfileNotFoundError):
        profiles.withdraw_trust("no-such-org")
