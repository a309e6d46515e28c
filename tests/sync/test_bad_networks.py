# SPDX-License-Identifier: GPL-3.0-or-later
"""Uploads through what sits between a volunteer and the intake server on real networks: a
captive portal, a proxy that answers for the server, a link that breaks. The server behind
is the official @tus/server; the thing in front is scripted (tests/servers/front.py)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.sync import uploads
from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_QUEUED, STATE_UPLOADED, STATE_UPLOADING, Outbox
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.vault import Vault
from tests.servers.front import Reply, portal_page, portal_redirect
from tests.sync.support import add_org, queue_bytes, random_report

DIRECT = SyncSettings(proxy=PROXY_NONE)
MiB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Records the pauses a pass asks for, without sleeping them."""
    asked: list[float] = []

    def pause(self: Any, seconds: float) -> bool:
        asked.append(seconds)
        return True

    monkeypatch.setattr(uploads.UploadJob, "_pause", pause)
    return asked


def one_pass(vault: Vault) -> Any:
    return run_pass(vault, settings=DIRECT, updates=False, force=True)


@pytest.mark.parametrize("reply", [portal_page(), portal_redirect()], ids=["page", "redirect"])
def test_a_captive_portal_is_a_network_problem_not_a_refusal(
    vault: Vault, tus_server: Any, scripted_front: Any, reply: Reply, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    data = random_report(300_000)
    queue_bytes(vault, data)
    front.answer("POST", reply, times=10)
    report = one_pass(vault)
    assert [(u.state, u.error) for u in report.uploads] == [(STATE_QUEUED, "intercepted")]
    assert report.offline  # nothing of the intake server was reached
    item = Outbox(vault).items()[0]
    assert (item.attempts, item.upload_url) == (1, None)
    assert item.next_attempt_at is not None  # backoff, not the end
    # Signed in to the portal: the next pass sends it.
    front.clear()
    assert one_pass(vault).uploads[0].state == STATE_UPLOADED
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data


@pytest.mark.parametrize("status", [400, 403, 404, 413])
def test_a_refusal_without_the_tus_header_is_not_final(
    vault: Vault, tus_server: Any, scripted_front: Any, status: int, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    queue_bytes(vault, random_report(1000))
    front.answer("POST", Reply(status, {"Content-Type": "text/html"}, b"<h1>Blocked</h1>"), 10)
    assert [(u.state, u.error) for u in one_pass(vault).uploads] == [(STATE_QUEUED, "intercepted")]


def test_a_refusal_from_the_tus_server_is_final(
    vault: Vault, tus_server: Any, scripted_front: Any
) -> None:
    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    queue_bytes(vault, random_report(1000))
    front.answer("POST", Reply(400, TUS))
    assert [(u.state, u.error) for u in one_pass(vault).uploads] == [("failed", "rejected")]


def _half_sent(vault: Vault, tus_server: Any, front: Any, size: int) -> bytes:
    add_org(vault, front.url("/files/"))
    data = random_report(size)
    queue_bytes(vault, data)
    calls = {"n": 0}

    def stop_after_some() -> bool:
        calls["n"] += 1
        return calls["n"] > 40

    run_pass(vault, settings=DIRECT, updates=False, should_stop=stop_after_some)
    item = Outbox(vault).items()[0]
    assert item.state == STATE_UPLOADING
    assert 0 < item.offset < size
    return data


def test_a_404_from_something_in_front_keeps_the_upload(
    vault: Vault, tus_server: Any, scripted_front: Any, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    data = _half_sent(vault, tus_server, front, 6 * MiB)
    url = Outbox(vault).items()[0].upload_url
    front.answer("HEAD", Reply(404, {"Content-Type": "text/html"}, b"Not Found"))
    front.answer("PATCH", Reply(410, {"Content-Type": "text/html"}, b"Gone"))
    for _ in range(3):
        if one_pass(vault).uploads[0].state == STATE_UPLOADED:
            break
    assert Outbox(vault).items()[0].state == STATE_UPLOADED
    scripted = [(method, status) for method, _p, status, by_front in front.seen if by_front]
    assert scripted == [("HEAD", 404), ("PATCH", 410)]
    assert len(tus_server.uploads()) == 1  # not created again from byte 0
    assert [m for m, *_ in front.seen].count("POST") == 1
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data
    assert Outbox(vault).items()[0].upload_url == url


def test_a_404_from_the_tus_server_starts_again(
    vault: Vault, tus_server: Any, scripted_front: Any, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    data = _half_sent(vault, tus_server, front, 6 * MiB)
    front.answer("HEAD", Reply(404, TUS))
    assert one_pass(vault).uploads[0].state == STATE_UPLOADED
    assert [m for m, *_ in front.seen].count("POST") == 2
    stored = [tus_server.stored(u["id"]) for u in tus_server.uploads()]
    assert data in stored


def test_backoff_grows_when_every_chunk_fails_after_the_offset_check(
    vault: Vault, tus_server: Any, scripted_front: Any, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    queue_bytes(vault, random_report(1 * MiB))
    front.rule = lambda method, _h: Reply(503, TUS) if method == "PATCH" else None
    attempts = []
    for _ in range(3):
        report = one_pass(vault)
        assert report.uploads[0].error == "server-busy"
        attempts.append(Outbox(vault).items()[0].attempts)
    # HEAD answered every time, yet nothing moved: each pass counts, and backoff grows.
    assert attempts == [1, 2, 3]
    assert [m for m, *_ in front.seen].count("HEAD") >= 3
    front.clear()
    assert one_pass(vault).uploads[0].state == STATE_UPLOADED
    assert Outbox(vault).items()[0].attempts == 0  # progress resets the count


@pytest.mark.parametrize("port", ["99999", "abc", "-1"])
def test_a_location_with_a_broken_port_fails_that_upload_only(
    vault: Vault, tus_server: Any, scripted_front: Any, port: str, no_pauses: list[float]
) -> None:
    import base64

    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    queue_bytes(vault, random_report(1000))
    second = random_report(2000)
    queue_bytes(vault, second)
    first_id = Outbox(vault).items()[0].upload_id
    hostile = Reply(201, {**TUS, "Location": f"http://127.0.0.1:{port}/files/x"})
    marker = base64.b64encode(first_id.encode()).decode()

    def rule(method: str, headers: dict[str, str]) -> Reply | None:
        if method == "POST" and marker in headers.get("upload-metadata", ""):
            return hostile
        return None

    front.rule = rule
    report = one_pass(vault)
    results = {u.item_id: (u.state, u.error) for u in report.uploads}
    items = Outbox(vault).items()
    assert results[items[0].id] == (STATE_QUEUED, "bad-reply")
    assert results[items[1].id] == (STATE_UPLOADED, None)
    assert items[0].upload_url is None
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == second


def test_a_cut_link_is_resumed_at_once(
    vault: Vault, tus_server: Any, fault_proxy: Any, no_pauses: list[float]
) -> None:
    proxy = fault_proxy(tus_server.port)
    add_org(vault, proxy.url("/files/"))
    data = random_report(8 * MiB)
    queue_bytes(vault, data)
    for _ in range(3):
        proxy.cut_after(2 * MiB)
    report = one_pass(vault)
    assert report.uploads[0].state == STATE_UPLOADED
    assert proxy.connections >= 4  # three cuts, each followed by a new connection
    assert no_pauses == []  # data was moving before each cut: no wait before reconnecting
    assert tus_server.stored(tus_server.uploads()[0]["id"]) == data


def test_two_attempts_without_progress_end_the_pass(
    vault: Vault, tus_server: Any, scripted_front: Any, no_pauses: list[float]
) -> None:
    front = scripted_front(tus_server.port)
    add_org(vault, front.url("/files/"))
    queue_bytes(vault, random_report(1000))
    front.rule = lambda method, _h: Reply(503, TUS) if method == "POST" else None
    report = one_pass(vault)
    assert report.uploads[0].error == "server-busy"
    assert [m for m, *_ in front.seen].count("POST") == uploads.QUICK_RETRIES == 2
    assert len(no_pauses) == 1  # nothing moved: the retry waited
    assert 0.5 <= no_pauses[0] <= 2.0
