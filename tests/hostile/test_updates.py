# SPDX-License-Identifier: GPL-3.0-or-later
"""Update replies (desktop/sync/updates.py): the index an organisation's `update_url` serves,
then the downloads it names, as any server (or anything in front of it) may answer them.

`parse_index` accepts an index whose every file stays on the index's own site, or raises
UpdateIndexInvalidError. A whole fetch (`fetch_updates`) never raises: each file ends as an
outcome with an error code. tests/sync/test_updates.py has the signed-file checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.sync import updates
from desktop.sync.errors import UpdateIndexInvalidError
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.sync.tus import same_origin
from desktop.sync.updates import fetch_updates, parse_index
from desktop.vault import Vault
from desktop.vault.kdf import FLOOR
from tests.conftest import PASSPHRASE
from tests.hostile.support import NASTY, edited_json, mutated, nasty_text, run
from tests.sync.support import add_org

PARSER = "update index and downloads"
INDEX_URL = "https://updates.example.org/bastion/index.json"
DIRECT = SyncSettings(proxy=PROXY_NONE)
INDEX = {
    "format": "bastion-updates",
    "format_version": 1,
    "profile": {"file": "profile.json", "signature": "profile.json.minisig"},
    "packs": [{"file": "safety-2.bastionpack"}, {"file": "packs/b.bastionpack"}],
}
pytestmark = pytest.mark.timeout(300)


def parse(data: bytes, *, corpus: bool = False) -> None:
    outcome = run(
        PARSER, lambda: parse_index(data, INDEX_URL), (UpdateIndexInvalidError,), corpus=corpus
    )
    if outcome.accepted:
        index = outcome.value
        files = [*index.packs, *([index.profile] if index.profile else [])]
        for entry in files:
            for url in (entry.url, entry.signature_url):
                assert same_origin(url, INDEX_URL), url
                httpx2.URL(url)  # a URL the client can request: nothing to fail later


references = st.one_of(
    nasty_text, st.sampled_from(["//[x", "http://[::1", "//a:99999/x", "?x", ".."])
)


@given(
    data=st.one_of(
        edited_json(INDEX),
        mutated(json.dumps(INDEX).encode(), 4),
        st.binary(max_size=400),
        st.lists(st.fixed_dictionaries({"file": references}), max_size=3).map(
            lambda packs: json.dumps({**INDEX, "packs": packs}).encode()
        ),
    )
)
def test_generated_indexes(data: bytes) -> None:
    parse(data)


def _packs(*names: Any, signature: Any = None) -> bytes:
    entries = [
        {"file": n} if signature is None else {"file": n, "signature": signature} for n in names
    ]
    return json.dumps({**INDEX, "packs": entries}, ensure_ascii=True).encode()


CORPUS = {
    "broken-ipv6-reference": _packs("//[x"),
    "broken-ipv6-absolute": _packs("https://[::1/x"),
    "other-site": _packs("https://evil.example/x"),
    "scheme-relative": _packs("//evil.example/x"),
    "other-port": _packs("https://updates.example.org:8443/x"),
    "port-not-a-port": _packs("https://updates.example.org:99999/x"),
    "plain-http": _packs("http://updates.example.org/x"),
    "file-scheme": _packs("file:///etc/passwd"),
    "lone-surrogate": _packs("a\ud800"),
    "nul": _packs("\x00"),
    "leading-controls": _packs("\x01\x02x"),
    "del-character": _packs("a\x7fb"),
    "bidi-override": _packs("gpj.\u202eexe"),
    "non-ascii": _packs("päck.bastionpack"),
    "percent-encoded-dotdot": _packs("%2e%2e/%2e%2e/x"),
    "dotdot": _packs("../../../x"),
    "query-only": _packs("?x=1"),
    "fragment": _packs("a#b"),
    "overlong": _packs("a" * 501),
    "signature-not-text": _packs("a", signature=5),
    "twenty-one-packs": _packs(*[f"p{i}" for i in range(21)]),
    "file-a-list": _packs(["a"]),
    "nasty-names": _packs(*NASTY[:20]),
    "duplicate-keys": b'{"format": "bastion-updates", "format_version": 1, "format_version": 2}',
    "bom": b"\xef\xbb\xbf" + json.dumps(INDEX).encode(),
    "version-true": json.dumps({**INDEX, "format_version": True}).encode(),
    "version-float": json.dumps({**INDEX, "format_version": 1.0}).encode(),
    "over-the-cap": b" " * (64 * 1024 + 1),
}


@pytest.mark.parametrize("data", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_indexes(data: bytes) -> None:
    parse(data, corpus=True)


# ---------------------------------------------------------------------- downloads
@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = Vault(tmp_path_factory.mktemp("vault") / "data")
    vault.create(PASSPHRASE, FLOOR)
    add_org(vault, None, update_url=INDEX_URL)
    yield vault
    vault.lock()


Reply = tuple[int, list[tuple[bytes, bytes]], bytes]
GOOD_INDEX: Reply = (200, [], json.dumps(INDEX).encode())
DOWNLOADS: dict[str, dict[str, Reply]] = {
    # What the index, the files and their signatures are answered with.
    "content-length-superscript": {"*": (200, [(b"Content-Length", "²".encode())], b"x")},
    "content-length-5000-digits": {"*": (200, [(b"Content-Length", b"9" * 5000)], b"x")},
    "content-length-lies-small": {"*": (200, [(b"Content-Length", b"1")], b"x" * 70_000)},
    "index-not-json": {"index": (200, [], b"<html>captive portal</html>")},
    "index-redirect": {"index": (302, [(b"Location", b"https://evil.example/")], b"")},
    "index-status-100": {"index": (100, [], b"")},
    "index-status-999": {"index": (599, [], b"")},
    "signature-over-cap": {"index": GOOD_INDEX, "*": (200, [], b"s" * 5000)},
    "signature-not-utf8": {"index": GOOD_INDEX, "*": (200, [], b"\xff\xfe" * 100)},
    "profile-over-cap": {"index": GOOD_INDEX, "*": (200, [], b"{" + b" " * 70_000)},
    "etag-huge-latin1": {"index": GOOD_INDEX, "*": (200, [(b"ETag", b"\xe9" * 10_000)], b"x")},
    "not-modified-unasked": {"index": GOOD_INDEX, "*": (304, [], b"")},
    "files-gone": {"index": GOOD_INDEX, "*": (410, [], b"")},
    "files-unauthorised": {"index": GOOD_INDEX, "*": (401, [], b"")},
}


@pytest.mark.parametrize("answers", DOWNLOADS.values(), ids=DOWNLOADS.keys())
def test_hostile_downloads(
    answers: dict[str, Reply], vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        key = "index" if str(request.url) == INDEX_URL and "index" in answers else "*"
        status, headers, body = answers.get(key, GOOD_INDEX)
        return httpx2.Response(status, headers=headers, content=body)

    transport = httpx2.MockTransport(handler)
    monkeypatch.setattr(
        updates, "open_client", lambda *_a, **_k: httpx2.Client(transport=transport)
    )

    def fetch() -> object:
        results = fetch_updates(vault, DIRECT, lambda: False)
        assert results
        assert all(r.outcome in ("failed", "refused", "unchanged") for r in results)
        return results

    run(PARSER, fetch, (), corpus=True)
