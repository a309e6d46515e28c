# SPDX-License-Identifier: GPL-3.0-or-later
"""What goes out, and how: SOCKS5 with the proxy's own name lookup, TLS pinning, the CLI."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_UPLOADED, Outbox
from desktop.sync.settings import PROXY_NONE, PROXY_SOCKS5, SyncSettings, save_settings
from desktop.vault import Vault
from tests.cli.test_main import bastion
from tests.conftest import PASSPHRASE
from tests.sync.support import add_org, queue_bytes, random_report

ONION = "bastionintakeservicefortestsonlyaaaaaaaaaaaaaaaaaaaaaaaa.onion"
_RECORDING: list[list[tuple[str, Any]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    # The pass runs on the test's thread; the loopback servers' own threads are not Bastion.
    if threading.current_thread() is not threading.main_thread():
        return
    if _RECORDING and event in ("socket.connect", "socket.getaddrinfo"):
        _RECORDING[-1].append((event, args[1] if event == "socket.connect" else args[0]))


sys.addaudithook(_audit)  # cannot be removed; records only while a test asks it to


@pytest.fixture
def network_calls() -> Iterator[list[tuple[str, Any]]]:
    calls: list[tuple[str, Any]] = []
    _RECORDING.append(calls)
    yield calls
    _RECORDING.remove(calls)


def test_through_socks5_nothing_goes_out_directly_and_names_stay_unresolved(
    vault: Vault, tus_server: Any, socks5_server: Any, network_calls: list[tuple[str, Any]]
) -> None:
    assert len(ONION) == 62
    socks5_server.routes[ONION] = "127.0.0.1"
    add_org(vault, f"http://{ONION}:{tus_server.port}/files/")
    data = random_report(2 * 1024 * 1024)
    queue_bytes(vault, data)
    settings = SyncSettings(
        proxy=PROXY_SOCKS5, socks_host="127.0.0.1", socks_port=socks5_server.port
    )
    report = run_pass(vault, settings=settings, updates=False)
    assert report.uploads[0].state == STATE_UPLOADED, report.uploads
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data
    # The proxy was asked for the name itself (remote DNS) ...
    assert socks5_server.requests
    assert set(socks5_server.requests) == {("domain", ONION, tus_server.port)}
    # ... and this process connected to the proxy only, and never looked the name up.
    connects = {address for event, address in network_calls if event == "socket.connect"}
    assert connects == {("127.0.0.1", socks5_server.port)}
    looked_up = {host for event, host in network_calls if event == "socket.getaddrinfo"}
    assert ONION not in looked_up
    assert looked_up <= {"127.0.0.1"}


def test_with_the_proxy_down_nothing_is_sent_another_way(
    vault: Vault, tus_server: Any, network_calls: list[tuple[str, Any]]
) -> None:
    from tests.servers.harness import free_port

    add_org(vault, tus_server.url)
    queue_bytes(vault, random_report(1000))
    dead = free_port()
    settings = SyncSettings(proxy=PROXY_SOCKS5, socks_host="127.0.0.1", socks_port=dead)
    report = run_pass(vault, settings=settings, updates=False)
    assert [(u.state, u.error) for u in report.uploads] == [("queued", "proxy")]
    assert report.offline
    assert tus_server.requests() == []
    connects = {address for event, address in network_calls if event == "socket.connect"}
    assert connects == {("127.0.0.1", dead)}


def test_pinned_certificates_are_the_only_trust(
    vault: Vault, tus_server_factory: Any, tls_material: Any
) -> None:
    server = tus_server_factory(tls=tls_material)
    direct = SyncSettings(proxy=PROXY_NONE)
    # The system does not trust the test CA: refused, nothing sent.
    key, fields = add_org(vault, server.url)
    queue_bytes(vault, random_report(1000))
    report = run_pass(vault, settings=direct, updates=False, force=True)
    assert report.uploads[0].error == "certificate"
    assert server.requests() == []
    # Pinned to another CA: refused too.
    _update(vault, key, fields, intake_certificates=[tls_material.other_ca_pem])
    report = run_pass(vault, settings=direct, updates=False, force=True)
    assert report.uploads[0].error == "certificate"
    assert server.requests() == []
    # Pinned to the server's CA: sent.
    _update(vault, key, fields, intake_certificates=[tls_material.ca_pem], version=5)
    report = run_pass(vault, settings=direct, updates=False, force=True)
    assert report.uploads[0].state == STATE_UPLOADED, report.uploads


def test_a_pinned_server_certificate_alone_is_enough(
    vault: Vault, tus_server_factory: Any, tls_material: Any
) -> None:
    server = tus_server_factory(tls=tls_material)
    own = tls_material.server_cert.read_text()
    add_org(vault, server.url, intake_certificates=[own])
    queue_bytes(vault, random_report(1000))
    report = run_pass(vault, settings=SyncSettings(proxy=PROXY_NONE), updates=False)
    assert report.uploads[0].state == STATE_UPLOADED, report.uploads


def _update(
    vault: Vault, key: Any, fields: dict[str, Any], version: int = 4, **changes: Any
) -> None:
    from desktop.profiles import Profiles
    from tests.profiles.builders import document, encode

    data = encode(document(key.line, **{**fields, **changes, "version": version}))
    Profiles(vault).import_profile(data, key.sign(data))
    Profiles(vault).mark_verified(fields["id"])


def test_sync_run_sends_and_prints_json(vault: Vault, tus_server: Any, data_dir: Path) -> None:
    add_org(vault, tus_server.url)
    data = random_report(300_000)
    uid = queue_bytes(vault, data)
    save_settings(vault, SyncSettings(proxy=PROXY_NONE))
    vault.lock()
    result = bastion("sync", "run", "--json", stdin=PASSPHRASE + "\n", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(u["report"], u["state"]) for u in report["uploads"]] == [(uid, "uploaded")]
    assert report["offline"] is False
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data


def test_sync_run_says_why_and_fails_when_offline(
    vault: Vault, tus_server: Any, data_dir: Path
) -> None:
    add_org(vault, tus_server.url)
    queue_bytes(vault, random_report(1000))
    save_settings(vault, SyncSettings(proxy=PROXY_NONE))
    vault.lock()
    tus_server.stop()
    result = bastion("sync", "run", "--now", stdin=PASSPHRASE + "\n", data_dir=data_dir)
    assert result.returncode == 1
    assert "could not be reached" in result.stdout
    assert "No server could be reached" in result.stdout
    assert "127.0.0.1" not in result.stdout + result.stderr  # no addresses in messages
    vault.unlock(PASSPHRASE)
    assert Outbox(vault).items()[0].last_error == "network"


def test_sync_run_does_nothing_when_sync_is_off(vault: Vault, data_dir: Path) -> None:
    save_settings(vault, SyncSettings(enabled=False))
    vault.lock()
    result = bastion("sync", "run", stdin=PASSPHRASE + "\n", data_dir=data_dir)
    assert result.returncode == 0
    assert "turned off" in result.stdout
