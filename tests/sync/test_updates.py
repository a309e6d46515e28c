# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed profiles and packs coming down from an organisation's update URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.profiles import Profiles
from desktop.sync.engine import run_pass
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.sync.updates import parse_index
from desktop.training.store import Training
from desktop.vault import Vault
from tests.profiles.builders import OrgKey, document, encode
from tests.servers.front import Reply, portal_page, portal_redirect
from tests.sync.support import ORG, add_org
from tests.training.builders import sample_archive

DIRECT = SyncSettings(proxy=PROXY_NONE)


def fetch(vault: Vault) -> list[Any]:
    return list(run_pass(vault, settings=DIRECT).updates)


class Site:
    """An organisation's update folder, served by the static server fixture."""

    def __init__(self, folder: Path, server: Any) -> None:
        self.folder = folder
        self.server = server
        self.index: dict[str, Any] = {"format": "bastion-updates", "format_version": 1}
        self.write_index()

    @property
    def url(self) -> str:
        return str(self.server.url("updates.json"))

    def write_index(self) -> None:
        (self.folder / "updates.json").write_text(json.dumps(self.index))

    def put(self, name: str, data: bytes, signature: str) -> None:
        (self.folder / name).write_bytes(data)
        (self.folder / f"{name}.minisig").write_text(signature)


@pytest.fixture
def site(tmp_path: Path, static_server: Any) -> Site:
    folder = tmp_path / "site"
    folder.mkdir()
    return Site(folder, static_server(folder))


@pytest.fixture
def org(vault: Vault, site: Site) -> tuple[OrgKey, dict[str, Any]]:
    key = OrgKey.generate()
    return add_org(vault, None, key=key, update_url=site.url, pack_keys=[key.line])


def publish_profile(site: Site, key: OrgKey, fields: dict[str, Any], **changes: Any) -> bytes:
    data = encode(document(key.line, **{**fields, **changes}))
    site.put("profile.json", data, key.sign(data))
    site.index["profile"] = {"file": "profile.json"}
    site.write_index()
    return data


def publish_pack(site: Site, key: OrgKey, tmp_path: Path, version: int) -> bytes:
    archive = sample_archive(tmp_path / f"pack{version}", version=version)
    site.put(f"pack-{version}.bastionpack", archive, key.sign(archive))
    site.index["packs"] = [{"file": f"pack-{version}.bastionpack"}]
    site.write_index()
    return archive


def outcomes(results: list[Any]) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.outcome, r.error) for r in results]


def test_a_newer_profile_and_pack_are_installed_then_not_fetched_again(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]], tmp_path: Path
) -> None:
    key, fields = org
    publish_profile(site, key, fields, version=fields["version"] + 1)
    publish_pack(site, key, tmp_path, 7)
    assert outcomes(fetch(vault)) == [("pack", "installed", None), ("profile", "installed", None)]
    stored = Profiles(vault).get(ORG)
    assert stored.profile.version == fields["version"] + 1
    # Trust rule 5: an accepted update waits for the fingerprints to be compared again.
    assert stored.verified_at is None
    assert [(p.pack_id, p.version) for p in Training(vault).installed()] == [("sample-pack", 7)]
    Profiles(vault).mark_verified(ORG)
    again = fetch(vault)
    assert outcomes(again) == [("pack", "unchanged", None), ("profile", "unchanged", None)]
    conditional = [r for r in site.server.requests if r[0] == "GET" and r[2]]
    assert {r[4] for r in conditional} == {304}
    assert {r[1] for r in conditional} == {"/profile.json", "/pack-7.bastionpack"}


def test_a_tampered_profile_changes_nothing(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]]
) -> None:
    key, fields = org
    data = publish_profile(site, key, fields, version=fields["version"] + 1)
    (site.folder / "profile.json").write_bytes(data.replace(b"Trust", b"Truss"))
    before = Profiles(vault).get(ORG)
    assert outcomes(fetch(vault)) == [("profile", "refused", "BadSignatureError")]
    assert Profiles(vault).get(ORG) == before


def test_an_older_profile_is_left_alone(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]]
) -> None:
    key, fields = org
    publish_profile(site, key, fields, version=fields["version"] - 1)
    before = Profiles(vault).get(ORG)
    assert outcomes(fetch(vault))[0][:2] == ("profile", "not-newer")
    assert Profiles(vault).get(ORG) == before


def test_a_profile_signed_by_another_key_is_refused(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]]
) -> None:
    _key, fields = org
    publish_profile(site, OrgKey.generate(), fields, version=fields["version"] + 1)
    before = Profiles(vault).get(ORG)
    assert outcomes(fetch(vault))[0][:2] == ("profile", "refused")
    assert Profiles(vault).get(ORG) == before


def test_another_organisations_profile_is_refused(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]]
) -> None:
    key, fields = org
    publish_profile(site, key, fields, id="someone-else", version=99)
    assert outcomes(fetch(vault)) == [("profile", "refused", "wrong-organisation")]
    assert [s.profile.org_id for s in Profiles(vault).all()] == [ORG]


def test_a_tampered_or_older_pack_changes_nothing(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]], tmp_path: Path
) -> None:
    key, _fields = org
    archive = publish_pack(site, key, tmp_path, 5)
    flipped = bytearray(archive)
    flipped[len(flipped) // 2] ^= 1
    (site.folder / "pack-5.bastionpack").write_bytes(bytes(flipped))
    assert outcomes(fetch(vault)) == [("pack", "refused", "BadSignatureError")]
    assert Training(vault).installed() == []
    publish_pack(site, key, tmp_path, 6)
    assert outcomes(fetch(vault))[0][:2] == ("pack", "installed")
    publish_pack(site, key, tmp_path, 4)
    assert outcomes(fetch(vault))[0][:2] == ("pack", "not-newer")
    assert [(p.pack_id, p.version) for p in Training(vault).installed()] == [("sample-pack", 6)]


def test_a_pack_by_an_untrusted_key_is_refused(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]], tmp_path: Path
) -> None:
    publish_pack(site, OrgKey.generate(), tmp_path, 5)
    assert outcomes(fetch(vault)) == [("pack", "refused", "PackUntrustedError")]
    assert Training(vault).installed() == []


def test_an_oversized_profile_is_dropped_while_downloading(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]]
) -> None:
    site.put("profile.json", b" " * (64 * 1024 + 1), "x")
    site.index["profile"] = {"file": "profile.json"}
    site.write_index()
    assert outcomes(fetch(vault)) == [("profile", "failed", "update-too-large")]


def test_an_unconfirmed_organisation_is_not_contacted(
    vault: Vault, site: Site, static_server: Any
) -> None:
    add_org(vault, None, update_url=site.url, verified=False)
    assert fetch(vault) == []
    assert site.server.requests == []


HEAD = b'{"format": "bastion-updates", "format_version": 1'


@pytest.mark.parametrize(
    "index",
    [
        b"not json",
        b"[]",
        b'{"format": "bastion-updates", "format_version": 2}',
        HEAD + b', "extra": 1}',
        HEAD + b', "profile": {"file": "https://evil.example/p.json"}}',
        HEAD + b', "profile": {"file": "//evil.example/p.json"}}',
        HEAD + b', "profile": {"file": "http://example.org/p.json"}}',
        HEAD + b', "packs": "pack.bastionpack"}',
        HEAD + b', "packs": [{"file": "a", "sig": "b"}]}',
        HEAD + b', "packs": [' + b", ".join([b'{"file": "a"}'] * 21) + b"]}",
    ],
)
def test_a_bad_index_is_refused_whole(index: bytes) -> None:
    from desktop.sync.errors import UpdateIndexInvalidError

    with pytest.raises(UpdateIndexInvalidError):
        parse_index(index, "https://example.org/bastion/updates.json")


def test_index_files_resolve_relative_to_the_index() -> None:
    index = parse_index(
        b'{"format": "bastion-updates", "format_version": 1, '
        b'"profile": {"file": "p/profile.json"}, "packs": [{"file": "a.bastionpack", '
        b'"signature": "sigs/a.minisig"}]}',
        "https://example.org/bastion/updates.json",
    )
    assert index.profile is not None
    assert index.profile.url == "https://example.org/bastion/p/profile.json"
    assert index.profile.signature_url == "https://example.org/bastion/p/profile.json.minisig"
    assert index.packs[0].signature_url == "https://example.org/bastion/sigs/a.minisig"


def test_a_file_published_before_its_signature_is_checked_again(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]], tmp_path: Path
) -> None:
    key, _fields = org
    archive = publish_pack(site, key, tmp_path, 5)
    good = (site.folder / "pack-5.bastionpack.minisig").read_text()
    (site.folder / "pack-5.bastionpack.minisig").write_text(OrgKey.generate().sign(archive))
    assert outcomes(fetch(vault))[0][:2] == ("pack", "refused")
    (site.folder / "pack-5.bastionpack.minisig").write_text(good)  # the right one, late
    assert outcomes(fetch(vault)) == [("pack", "installed", None)]


@pytest.mark.parametrize("reply", [portal_page(), portal_redirect()], ids=["page", "redirect"])
@pytest.mark.parametrize("hit", [1, 2, 3], ids=["index", "signature", "pack"])
def test_a_captive_portal_in_front_of_updates_is_a_network_problem(
    vault: Vault, site: Site, scripted_front: Any, tmp_path: Path, reply: Reply, hit: int
) -> None:
    """A hotel's sign-in page answering the index, a signature or a pack was read as a damaged
    index or a bad signature (a trust alarm) when it is only a network in the way."""
    front = scripted_front(site.server.port)
    key = OrgKey.generate()
    add_org(vault, None, key=key, update_url=front.url("/updates.json"), pack_keys=[key.line])
    publish_pack(site, key, tmp_path, 7)
    gets = [0]

    def portal(method: str, _headers: dict[str, str]) -> Reply | None:
        gets[0] += method == "GET"
        return reply if method == "GET" and gets[0] == hit else None

    front.rule = portal
    kind = "index" if hit == 1 else "pack"
    assert outcomes(fetch(vault)) == [(kind, "failed", "intercepted")]
    assert Training(vault).installed() == []
    front.clear()  # signed in to the portal: the next pass installs it
    assert outcomes(fetch(vault)) == [("pack", "installed", None)]


def test_a_page_served_under_a_file_name_is_a_network_problem(
    vault: Vault, site: Site, org: tuple[OrgKey, dict[str, Any]], tmp_path: Path
) -> None:
    """Some portals answer every address with their page and no HTML content type."""
    key, _fields = org
    publish_pack(site, key, tmp_path, 7)
    (site.folder / "pack-7.bastionpack").write_bytes(b"\n<!DOCTYPE html><html>Sign in</html>")
    assert outcomes(fetch(vault)) == [("pack", "failed", "intercepted")]
