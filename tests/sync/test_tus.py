# SPDX-License-Identifier: GPL-3.0-or-later
"""The tus client against broken or unusual replies that a real server does not give.

The normal paths run against the official @tus/server (test_upload.py); these replies
(a Location on another site, offsets that make no sense, a checksum refusal) come from a
scripted transport, because no stock server sends them on purpose.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

import httpx2
import pytest

from desktop.sync.errors import (
    AuthorizationError,
    InterceptedError,
    ServerBusyError,
    ServerReplyError,
    TooLargeError,
)
from desktop.sync.tus import ChecksumRejected, TusClient, UploadGone

ENDPOINT = "https://intake.example.org/files/"
Handler = Callable[[httpx2.Request], httpx2.Response]


def client(handler: Handler) -> TusClient:
    return TusClient(httpx2.Client(transport=httpx2.MockTransport(handler)), ENDPOINT)


def answer(status: int, **headers: str) -> Handler:
    """An answer from a tus server: it carries Tus-Resumable (tus 1.0 requires it)."""
    return lambda _request: httpx2.Response(status, headers={"Tus-Resumable": "1.0.0", **headers})


def not_tus(status: int, **headers: str) -> Handler:
    """The same status from something in front of the server (a portal, a proxy)."""
    return lambda _request: httpx2.Response(status, headers=headers, text="<html>Sign in</html>")


def test_creation_sends_only_a_random_id_and_resolves_a_relative_location() -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(201, headers={"Location": "/files/abc"})

    url = client(handler).create(1234, "0f" * 16)
    assert url == "https://intake.example.org/files/abc"
    headers = seen[0].headers
    assert headers["Tus-Resumable"] == "1.0.0"
    assert headers["Upload-Length"] == "1234"
    assert headers["Upload-Metadata"] == "id " + base64.b64encode(b"0f" * 16).decode()


@pytest.mark.parametrize(
    "location",
    [
        "https://elsewhere.example.org/files/abc",
        "http://intake.example.org/files/abc",
        "https://intake.example.org:8443/files/abc",
        "//elsewhere.example.org/files/abc",
    ],
)
def test_a_location_on_another_site_is_refused(location: str) -> None:
    with pytest.raises(ServerReplyError):
        client(answer(201, Location=location)).create(10, "id")


def test_creation_without_location_is_a_broken_reply() -> None:
    with pytest.raises(ServerReplyError):
        client(answer(201)).create(10, "id")


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthorizationError),
        (403, AuthorizationError),
        (413, TooLargeError),
        (503, ServerBusyError),
        (429, ServerBusyError),
    ],
)
def test_statuses_become_typed_errors(status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        client(answer(status)).create(10, "id")


@pytest.mark.parametrize("status", [200, 302, 400, 401, 403, 404, 410, 413, 460, 503])
def test_only_the_tus_server_can_refuse(status: int) -> None:
    tus = client(not_tus(status, Location="http://portal.example/login"))
    url = ENDPOINT + "abc"
    with pytest.raises(InterceptedError):
        tus.create(10, "id")
    if status not in (200,):
        with pytest.raises(InterceptedError):
            tus.offset(url)
    with pytest.raises(InterceptedError):
        tus.append(url, 0, b"x", "sha1", lambda _n: None, lambda: False)
    assert tus.terminate(url) is False  # asked again: the server may still have it


@pytest.mark.parametrize(
    "location",
    [
        "http://intake.example.org:99999/files/abc",
        "https://intake.example.org:abc/files/abc",
        "https://intake.example.org:-1/files/abc",
        "https://[::1/files/abc",
    ],
)
def test_a_location_with_a_broken_address_is_refused(location: str) -> None:
    with pytest.raises(ServerReplyError):
        client(answer(201, Location=location)).create(10, "id")


@pytest.mark.parametrize("offset", ["", "-1", "1e3", "12abc", "9" * 30])
def test_an_offset_that_is_not_a_number_is_a_broken_reply(offset: str) -> None:
    with pytest.raises(ServerReplyError):
        client(answer(200, **{"Upload-Offset": offset})).offset(ENDPOINT + "abc")


@pytest.mark.parametrize("status", [404, 410])
def test_an_upload_the_server_forgot_is_gone(status: int) -> None:
    with pytest.raises(UploadGone):
        client(answer(status)).offset(ENDPOINT + "abc")


def test_the_strongest_offered_checksum_is_sent_with_each_chunk() -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.method == "OPTIONS":
            return httpx2.Response(
                204,
                headers={
                    "Tus-Extension": "creation,checksum,termination",
                    "Tus-Checksum-Algorithm": "md5,sha1,sha256",
                    "Tus-Max-Size": "1000000",
                },
            )
        request.read()
        seen.append(request)
        return httpx2.Response(204, headers={"Upload-Offset": str(5 + len(request.content))})

    tus = client(handler)
    features = tus.features()
    assert features.checksum == "sha256"
    assert features.max_size == 1_000_000
    assert "termination" in features.extensions
    data = b"hello world" * 10_000
    pieces: list[int] = []
    new = tus.append(ENDPOINT + "abc", 5, data, features.checksum, pieces.append, lambda: False)
    assert new == 5 + len(data)
    request = seen[0]
    assert request.headers["Upload-Offset"] == "5"
    assert request.headers["Content-Length"] == str(len(data))
    assert "Transfer-Encoding" not in request.headers
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert request.headers["Upload-Checksum"] == f"sha256 {digest}"
    assert request.content == data
    assert pieces[-1] == len(data)


def test_a_refused_checksum_is_reported() -> None:
    with pytest.raises(ChecksumRejected):
        client(answer(460)).append(ENDPOINT + "a", 0, b"x", "sha1", lambda _n: None, lambda: False)


def test_no_checksum_extension_means_no_checksum() -> None:
    features = client(
        answer(204, **{"Tus-Extension": "creation", "Tus-Checksum-Algorithm": "sha1"})
    ).features()
    assert features.checksum is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://h.example/files/", "https://h.example:443/files/x", True),
        ("http://127.0.0.1/files/", "http://127.0.0.1:80/files/x", True),
        ("https://h.example/files/", "https://h.example:8443/files/x", False),
        ("https://h.example/files/", "http://h.example/files/x", False),
    ],
)
def test_a_default_port_written_out_is_the_same_site(a: str, b: str, same: bool) -> None:
    from desktop.sync.tus import same_origin

    assert same_origin(a, b) is same


def test_a_conflict_is_retried_not_final() -> None:
    with pytest.raises(ServerBusyError):
        client(answer(409)).append(ENDPOINT + "a", 0, b"x", None, lambda _n: None, lambda: False)


@pytest.mark.parametrize(
    ("status", "settled"), [(204, True), (400, True), (404, True), (503, False)]
)
def test_a_refused_termination_is_not_asked_again(status: int, settled: bool) -> None:
    assert client(answer(status)).terminate(ENDPOINT + "a") is settled
