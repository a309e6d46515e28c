# SPDX-License-Identifier: GPL-3.0-or-later
"""Updates from confirmed organisations: a newer signed profile, newer signed training packs.

Each organisation's `update_url` serves a small index (docs/sync.md) naming the files. Every
file is fetched with a conditional request (If-None-Match / If-Modified-Since) and then goes
through exactly the checks an imported file does (Profiles.import_profile, check_pack and
Training.install): a tampered, unsigned, older or foreign file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from desktop import bounded
from desktop.errors import BastionError
from desktop.sync.errors import (
    InterceptedError,
    SyncError,
    UpdateIndexInvalidError,
    WrongOrganisationError,
)
from desktop.sync.http import open_client, read_capped, status_error, translated
from desktop.sync.outbox import stamp
from desktop.sync.results import UpdateResult
from desktop.sync.settings import SyncSettings
from desktop.sync.tus import same_origin

if TYPE_CHECKING:
    import httpx2

    from desktop.profiles import StoredProfile
    from desktop.vault import Vault

INDEX_FORMAT = "bastion-updates"
INDEX_VERSION = 1
MAX_INDEX = 64 * 1024
# The index nests three deep (document, packs, a file); room to spare, no more.
MAX_INDEX_DEPTH = 8
MAX_PACKS = 20
MAX_SIGNATURE = 4096
INSTALLED, UNCHANGED, NOT_NEWER, REFUSED, FAILED = (
    "installed",
    "unchanged",
    "not-newer",
    "refused",
    "failed",
)


@dataclass(frozen=True)
class IndexFile:
    name: str  # as written in the index (shown in reports)
    url: str
    signature_url: str


@dataclass(frozen=True)
class Index:
    profile: IndexFile | None
    packs: tuple[IndexFile, ...]


def fetch_updates(
    vault: Vault, settings: SyncSettings, stop: Callable[[], bool]
) -> list[UpdateResult]:
    from desktop.profiles import Profiles

    results: list[UpdateResult] = []
    for stored in Profiles(vault).all():
        url = stored.profile.update_url
        # An unconfirmed profile's URLs are not used: contacting them would tell an
        # unverified party that this volunteer exists.
        if stop() or url is None or stored.verified_at is None:
            continue
        with open_client(settings) as client:
            results += _Fetcher(vault, settings, client, stored).run(url, stop)
    return results


class _Fetcher:
    def __init__(
        self, vault: Vault, settings: SyncSettings, client: httpx2.Client, stored: StoredProfile
    ) -> None:
        self.vault = vault
        self.settings = settings
        self.client = client
        self.org_id = stored.profile.org_id
        self.stored = stored

    def run(self, index_url: str, stop: Callable[[], bool]) -> list[UpdateResult]:
        name = urlsplit(index_url).path.rsplit("/", 1)[-1] or index_url
        try:
            with translated(self.settings):
                with self.client.stream("GET", index_url) as response:
                    _check_answer(response)
                    body = _not_a_page(read_capped(response, MAX_INDEX))
                index = parse_index(body, index_url)
        except SyncError as exc:
            return [UpdateResult(self.org_id, "index", name, FAILED, None, exc.code, exc)]
        results: list[UpdateResult] = []
        # Packs first: they are checked against the keys of the profile as confirmed now. A
        # profile update is stored unconfirmed, which would leave its packs untrusted until
        # the volunteer compares the fingerprints again.
        for pack in index.packs:
            if stop():
                return results
            results.append(self.file("pack", pack, self._pack_trust()))
        if index.profile is not None and not stop():
            results.append(self.file("profile", index.profile, self._profile_trust()))
        return results

    def file(self, kind: str, entry: IndexFile, trust: str) -> UpdateResult:
        try:
            with translated(self.settings):
                # The signature first, every time (a few hundred bytes): the stored validators
                # of the file count only with this same signature, so a signature published
                # after its file (or fixed later) gets the file checked again.
                signature = self._signature(entry.signature_url)
                trust = _digest([trust, hashlib.sha256(signature.encode()).hexdigest()])
                fetched = self._get(entry.url, kind, trust)
                if fetched is None:
                    return UpdateResult(self.org_id, kind, entry.name, UNCHANGED, None, None)
                body, validators = fetched
        except SyncError as exc:
            return UpdateResult(self.org_id, kind, entry.name, FAILED, None, exc.code, exc)
        install = self._install_profile if kind == "profile" else self._install_pack
        outcome, version, problem = install(body, signature)
        self._remember(entry.url, validators, trust, outcome)
        code = None if problem is None else getattr(problem, "code", type(problem).__name__)
        return UpdateResult(self.org_id, kind, entry.name, outcome, version, code, problem)

    # ------------------------------------------------------------------ installing
    def _install_profile(
        self, body: bytes, signature: str
    ) -> tuple[str, int | None, BaseException | None]:
        from desktop.profiles import (
            ProfileRollbackError,
            Profiles,
            ProfileUnchangedError,
            ProfileVersionReusedError,
            verify_profile,
        )

        try:
            profile = verify_profile(body, signature)
            if profile.org_id != self.org_id:
                raise WrongOrganisationError()
            Profiles(self.vault).import_profile(body, signature)
        except ProfileUnchangedError:
            return UNCHANGED, None, None
        except ProfileVersionReusedError as exc:
            return REFUSED, None, exc
        except ProfileRollbackError as exc:
            return NOT_NEWER, None, exc
        except BastionError as exc:
            return REFUSED, None, exc
        return INSTALLED, profile.version, None

    def _install_pack(
        self, body: bytes, signature: str
    ) -> tuple[str, int | None, BaseException | None]:
        from desktop.training.errors import PackRollbackError
        from desktop.training.packs import check_pack
        from desktop.training.store import Training

        training = Training(self.vault)
        try:
            checked = check_pack(body, signature, training.trusted_keys())
            training.install(checked)
        except PackRollbackError as exc:  # older, or this very version again
            return NOT_NEWER, None, exc
        except BastionError as exc:
            return REFUSED, None, exc
        return INSTALLED, checked.pack.version, None

    # ------------------------------------------------------------------ fetching
    def _get(self, url: str, kind: str, trust: str) -> tuple[bytes, tuple[str, str]] | None:
        """The file, or None when the server says it has not changed since last time."""
        from desktop.training.archive import MAX_ARCHIVE

        headers = {}
        row = (
            self.vault.connection()
            .execute("SELECT etag, last_modified, trust FROM sync_fetches WHERE url = ?", (url,))
            .fetchone()
        )
        # Validators count only under the same trusted keys: a pack refused as untrusted
        # is fetched again once the volunteer confirms the profile that vouches for it.
        if row is not None and row[2] == trust:
            if row[0]:
                headers["If-None-Match"] = row[0]
            if row[1]:
                headers["If-Modified-Since"] = row[1]
        from desktop.profiles import MAX_DOCUMENT

        limit = MAX_DOCUMENT if kind == "profile" else MAX_ARCHIVE
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304 and headers:
                return None
            _check_answer(response)
            body = _not_a_page(read_capped(response, limit))
            validators = (
                response.headers.get("ETag", "")[:200],
                response.headers.get("Last-Modified", "")[:100],
            )
        return body, validators

    def _signature(self, url: str) -> str:
        with self.client.stream("GET", url) as response:
            _check_answer(response)
            raw = _not_a_page(read_capped(response, MAX_SIGNATURE))
        # Not UTF-8: the signature check refuses it as malformed, with its own message.
        return raw.decode("utf-8", errors="replace")

    def _remember(self, url: str, validators: tuple[str, str], trust: str, outcome: str) -> None:
        with self.vault.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_fetches(url, etag, last_modified, trust, outcome, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, trust = excluded.trust, "
                "outcome = excluded.outcome, fetched_at = excluded.fetched_at",
                (url, validators[0] or None, validators[1] or None, trust, outcome, stamp()),
            )

    def _profile_trust(self) -> str:
        from desktop.profiles import Profiles

        # Key continuity decides what a profile update may be; versions are checked on import.
        return _digest([Profiles(self.vault).get(self.org_id).profile.signing_key])

    def _pack_trust(self) -> str:
        from desktop.training.store import Training

        keys = Training(self.vault).trusted_keys()
        return _digest(sorted(f"{k.source} {k.line}" for k in keys))


def _check_answer(response: httpx2.Response) -> None:
    """Raise unless `response` can be the organisation's file.

    Update files are JSON, minisign signatures and archives, never web pages, and the server
    has no reason to redirect (redirects are not followed). A redirect or an HTML page is a
    captive portal (a hotel's sign-in page) or a filtering proxy: a network problem, tried
    again on the next pass, not a refusal by the organisation and never a bad signature.
    """
    status = response.status_code
    if 300 <= status < 400:
        raise InterceptedError()
    if status != 200:
        raise status_error(status)
    media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        raise InterceptedError()


def _not_a_page(body: bytes) -> bytes:
    """`body`, unless it is an HTML page served under another name (some portals do)."""
    start = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise InterceptedError()
    return body


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def parse_index(data: bytes, index_url: str) -> Index:
    """The index at `index_url`; UpdateIndexInvalidError for anything unexpected."""
    try:
        # Length, depth and numbers bounded before json.loads sees it (desktop/bounded.py).
        text = data.decode("utf-8")
        doc = bounded.loads(text, max_length=MAX_INDEX, max_depth=MAX_INDEX_DEPTH)
    except ValueError:  # not UTF-8, not JSON, too long or deep, a number such as 1e400
        raise UpdateIndexInvalidError() from None
    if not isinstance(doc, dict) or set(doc) - {"format", "format_version", "profile", "packs"}:
        raise UpdateIndexInvalidError()
    version = doc.get("format_version")
    if doc.get("format") != INDEX_FORMAT or type(version) is not int or version != INDEX_VERSION:
        raise UpdateIndexInvalidError()
    profile = doc.get("profile")
    packs = doc.get("packs", [])
    if not isinstance(packs, list) or len(packs) > MAX_PACKS:
        raise UpdateIndexInvalidError()
    return Index(
        profile=None if profile is None else _entry(profile, index_url),
        packs=tuple(_entry(p, index_url) for p in packs),
    )


def _entry(value: Any, index_url: str) -> IndexFile:
    if not isinstance(value, dict) or not set(value) <= {"file", "signature"}:
        raise UpdateIndexInvalidError()
    name = value.get("file")
    signature = value.get("signature", f"{name}.minisig")
    if not isinstance(name, str) or not isinstance(signature, str):
        raise UpdateIndexInvalidError()
    return IndexFile(name[:200], _resolve(name, index_url), _resolve(signature, index_url))


def _resolve(reference: str, index_url: str) -> str:
    # Files come from the same site as the index: the index cannot send the app elsewhere.
    # Printable ASCII only, as every URL Bastion accepts (no controls, nothing httpx would
    # refuse only when the file is fetched).
    if (
        not reference
        or len(reference) > 500
        or not (reference.isascii() and reference.isprintable())
    ):
        raise UpdateIndexInvalidError()
    if any(c in reference for c in "#\\ "):
        raise UpdateIndexInvalidError()
    try:
        url = urljoin(index_url, reference)
    except ValueError:  # a broken IPv6 literal ("//[x")
        raise UpdateIndexInvalidError() from None
    if not same_origin(url, index_url):
        raise UpdateIndexInvalidError()
    return url
