# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tus client (desktop/sync/tus.py) makes of a server's replies: any status, any
header value a real HTTP connection can carry (visible ASCII, spaces, and bytes 0x80-0xFF,
which httpx decodes as UTF-8 or Latin-1), and the same replies through a whole sync pass.

Each call runs as desktop/sync/uploads.py runs it, inside `translated()`: it returns a value
that makes sense (an upload URL on the intake server's own site, offsets that are numbers)
or raises a SyncError or one of the client's own signals (UploadGone, ChecksumRejected).
tests/sync/test_tus.py has the protocol's ordinary refusals; these are what it does not try.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.sync import uploads
from desktop.sync.engine import run_pass
from desktop.sync.errors import SyncError
from desktop.sync.http import translated
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.sync.tus import ChecksumRejected, TusClient, UploadGone, same_origin
from desktop.vault import Vault
from desktop.vault.kdf import FLOOR
from tests.conftest import PASSPHRASE
from tests.hostile.support import run
from tests.sync.support import add_org, queue_bytes

PARSER = "tus server replies"
REFUSALS = (SyncError, UploadGone, ChecksumRejected)
ENDPOINT = "https://intake.example.org/files/"
DIRECT = SyncSettings(proxy=PROXY_NONE)
HEADERS = ["Upload-Offset", "Upload-Length", "Location", "Tus-Resumable", "Tus-Extension"]
HEADERS += ["Tus-Checksum-Algorithm", "Tus-Max-Size", "Tus-Version"]
pytestmark = pytest.mark.timeout(300)

# What h11 lets through in a header value: visible ASCII, space and tab inside, obs-text.
_VALUE_BYTES = [*range(0x21, 0x7F), 0x20, 0x09, *range(0x80, 0x100)]
any_value = st.binary(max_size=30).map(
    lambda b: bytes(_VALUE_BYTES[x % len(_VALUE_BYTES)] for x in b)
)
# Digits of other scripts and superscripts pass str.isdigit(); int() refuses some, reads others.
numbers = st.one_of(
    st.sampled_from(["²", "١٢٣", "٥", "①", "１２", "\xb2\xb3"]).map(str.encode),
    st.sampled_from([b"\xb2", b"\xbd", b"\xb9\xb2"]),
    st.sampled_from([b"0", b"5", b"-1", b"+5", b"05", b" 5", b"1e3", b"", b"0x10"]),
    st.sampled_from([b"9" * 18, b"9" * 19, b"9" * 5000]),
)
urls = st.sampled_from(
    [b"/files/abc", b"//evil.example/x", b"https://intake.example.org:443/files/a"]
    + [b"https://intake.example.org:99999/", b"https://[::1/", b"http://intake.example.org/"]
    + [b"file:///etc/passwd", b"javascript:x", b"/files/\xe9", b"/" + b"a" * 100_000, b""]
)
lists = st.sampled_from([b"1.0.0", b"checksum,termination,creation", b"sha256,sha1", b"SHA256"])
KINDS = {
    "Upload-Offset": numbers,
    "Upload-Length": numbers,
    "Tus-Max-Size": numbers,
    "Location": urls,
    "Tus-Resumable": lists,
    "Tus-Extension": lists,
    "Tus-Checksum-Algorithm": lists,
    "Tus-Version": lists,
}
header_values = st.one_of(any_value, numbers, urls, lists)
# The headers each step of the conversation reads (OPTIONS, POST, HEAD, PATCH, DELETE).
READ = [
    ["Tus-Extension", "Tus-Checksum-Algorithm", "Tus-Max-Size"],
    ["Location"],
    ["Upload-Offset", "Upload-Length"],
    ["Upload-Offset"],
    ["Tus-Resumable"],
]

# A conversation that goes through: OPTIONS, POST, HEAD, PATCH, DELETE.
TUS = (b"Tus-Resumable", b"1.0.0")
OPTIONS_OK = (204, [TUS, (b"Tus-Extension", b"creation,termination,checksum")])
CREATED = (201, [TUS, (b"Location", b"/files/abc")])
HEAD_OK = (200, [TUS, (b"Upload-Offset", b"0"), (b"Upload-Length", b"1000")])
PATCHED = (204, [TUS, (b"Upload-Offset", b"100")])
DELETED = (204, [TUS])
GOOD = [OPTIONS_OK, CREATED, HEAD_OK, PATCHED, DELETED]
Answers = list[tuple[int, list[tuple[bytes, bytes]]]]


@st.composite
def replies(draw: st.DrawFn) -> tuple[int, list[tuple[bytes, bytes]]]:
    status = draw(
        st.sampled_from([200, 201, 204, 404, 410, 460, 409, 413, 503]) | st.integers(100, 599)
    )
    names = draw(st.lists(st.sampled_from(HEADERS), max_size=6))
    return status, [(name.encode(), draw(header_values)) for name in names]


def client(answers: list[tuple[int, list[tuple[bytes, bytes]]]]) -> TusClient:
    """A tus client whose server gives `answers` in turn (the last one again after that)."""
    queue = list(answers)

    def handler(request: httpx2.Request) -> httpx2.Response:
        status, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx2.Response(status, headers=headers)

    return TusClient(httpx2.Client(transport=httpx2.MockTransport(handler)), ENDPOINT)


def session(tus: TusClient) -> object:
    """One upload's conversation, as uploads.py has it; every step is checked for sense."""
    with translated(DIRECT):
        features = tus.features()
        assert features.max_size is None or features.max_size >= 0
        url = tus.create(1000, "0f" * 16)
        assert same_origin(url, ENDPOINT), url
        offset, length = tus.offset(url)
        assert offset >= 0
        assert length is None or length >= 0
        new = tus.append(url, offset, b"x" * 100, features.checksum, lambda _n: None, lambda: False)
        assert new >= 0
        tus.terminate(url)
    return new


@st.composite
def edited_conversations(draw: st.DrawFn) -> Answers:
    """The good conversation with one to three headers or statuses changed, so that the
    later steps (HEAD, PATCH) are reached with a hostile value too."""
    answers = [(status, list(headers)) for status, headers in GOOD]
    for _ in range(draw(st.sampled_from([1, 1, 2, 3]))):
        step = draw(st.integers(0, len(answers) - 1))
        status, headers = answers[step]
        if draw(st.integers(0, 7)) == 0:
            answers[step] = (draw(st.integers(100, 599)), headers)
            continue
        name = draw(st.sampled_from([*READ[step], *READ[step], "Tus-Resumable"]))
        value = draw(st.one_of(KINDS[name], KINDS[name], KINDS[name], any_value))
        headers[:] = [h for h in headers if h[0] != name.encode()] + [(name.encode(), value)]
    return answers


@given(answers=st.one_of(edited_conversations(), st.lists(replies(), min_size=1, max_size=5)))
def test_generated_replies(answers: Answers) -> None:
    run(PARSER, lambda: session(client(answers)), REFUSALS)


# ---------------------------------------------------------------------- corpus


def _options(*headers: tuple[bytes, bytes]) -> list[Any]:
    return [(204, [TUS, *headers]), CREATED, HEAD_OK, PATCHED]


def _created(location: bytes, *more: tuple[bytes, bytes]) -> list[Any]:
    return [OPTIONS_OK, (201, [TUS, (b"Location", location), *more]), HEAD_OK, PATCHED]


def _head(offset: bytes, length: bytes = b"1000") -> list[Any]:
    reply = (200, [TUS, (b"Upload-Offset", offset), (b"Upload-Length", length)])
    return [OPTIONS_OK, CREATED, reply, PATCHED]


def _patched(offset: bytes, status: int = 204) -> list[Any]:
    return [OPTIONS_OK, CREATED, HEAD_OK, (status, [TUS, (b"Upload-Offset", offset)])]


CORPUS: dict[str, list[Any]] = {
    "max-size-superscript-two": _options((b"Tus-Max-Size", "²".encode())),
    "max-size-latin1-superscript": _options((b"Tus-Max-Size", b"\xb2")),
    "max-size-arabic-digits": _options((b"Tus-Max-Size", "١٢٣".encode())),
    "max-size-5000-digits": _options((b"Tus-Max-Size", b"9" * 5000)),
    "extension-list-huge": _options((b"Tus-Extension", b"checksum," * 10_000)),
    "checksum-algorithm-unknown": _options(
        (b"Tus-Extension", b"checksum"), (b"Tus-Checksum-Algorithm", b"md5,crc32,\xff")
    ),
    "location-other-host": _created(b"https://evil.example/files/x"),
    "location-scheme-relative": _created(b"//evil.example/files/x"),
    "location-plain-http": _created(b"http://intake.example.org/files/x"),
    "location-port-443-written-out": _created(b"https://intake.example.org:443/files/x"),
    "location-port-not-a-port": _created(b"https://intake.example.org:4x3/files/x"),
    "location-broken-ipv6": _created(b"https://[::1/files/x"),
    "location-file-scheme": _created(b"file:///etc/passwd"),
    "location-latin1": _created(b"/files/\xe9\xff"),
    "location-spaces": _created(b"/files/a b"),
    "location-100-kib": _created(b"/files/" + b"a" * 100_000),
    "location-twice": _created(b"/files/a", (b"Location", b"https://evil.example/")),
    "location-empty": _created(b""),
    "offset-superscript": _head("²".encode()),
    "offset-arabic-digits": _head("١٢٣".encode()),
    "offset-fullwidth": _head("１２".encode()),
    "offset-negative": _head(b"-5"),
    "offset-plus": _head(b"+5"),
    "offset-19-digits": _head(b"9" * 19),
    "offset-5000-digits": _head(b"9" * 5000),
    "length-latin1": _head(b"0", b"\xb9\xb2"),
    "length-empty": _head(b"0", b""),
    "patch-offset-superscript": _patched("³".encode()),
    "patch-offset-5000-digits": _patched(b"9" * 5000),
    "patch-offset-missing": [OPTIONS_OK, CREATED, HEAD_OK, (204, [TUS])],
    "patch-status-460": _patched(b"0", 460),
    "patch-status-100": _patched(b"0", 100),
    "patch-status-599": _patched(b"0", 599),
    "all-without-tus-header": [(200, []), (201, [(b"Location", b"/files/a")]), (200, [])],
}


@pytest.mark.parametrize("answers", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_replies(answers: list[Any]) -> None:
    run(PARSER, lambda: session(client(answers)), REFUSALS, corpus=True)


# ---------------------------------------------------------------------- a whole pass
@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = Vault(tmp_path_factory.mktemp("vault") / "data")
    vault.create(PASSPHRASE, FLOOR)
    add_org(vault, ENDPOINT)
    yield vault
    vault.lock()


@pytest.mark.parametrize("answers", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_replies_through_a_pass(
    answers: list[Any], vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_pass never raises for what a server says (docs/sync.md): each reply ends as an
    upload state and an error code."""
    queue = list(answers)

    def handler(request: httpx2.Request) -> httpx2.Response:
        status, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx2.Response(status, headers=headers)

    transport = httpx2.MockTransport(handler)
    monkeypatch.setattr(
        uploads, "open_client", lambda *_a, **_k: httpx2.Client(transport=transport)
    )
    monkeypatch.setattr(uploads.UploadJob, "_pause", lambda _self, _seconds: True)
    with vault.transaction() as conn:
        conn.execute("DELETE FROM sync_uploads")
    queue_bytes(vault, b"r" * 1000)

    def one_pass() -> object:
        report = run_pass(vault, settings=DIRECT, updates=False, force=True)
        assert all(u.error is None or isinstance(u.error, str) for u in report.uploads)
        return report

    run(PARSER, one_pass, (), corpus=True)
