# SPDX-License-Identifier: GPL-3.0-or-later
"""A tus 1.0 client (core, creation; checksum and termination when the server offers them).

https://tus.io/protocols/resumable-upload. It keeps no state of its own: the caller stores
the upload URL and offset in the vault after every step, and every resume starts by asking
the server for its offset (HEAD), because only the server knows what it really has.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from desktop.sync.errors import InterceptedError, ServerReplyError, SyncError
from desktop.sync.http import status_error

if TYPE_CHECKING:
    import httpx2

TUS_VERSION = "1.0.0"
# Strongest first; sha1 is the one the checksum extension requires servers to offer.
CHECKSUMS = ("sha256", "sha1")
PIECE = 64 * 1024
MAX_LOCATION = 2048  # the URL rule of profiles (desktop/profiles/checks.py)


class UploadGone(Exception):
    """The tus server itself says it no longer knows this upload (expired, deleted, or
    lost): start again."""


class ChecksumRejected(Exception):
    """460: the server computed another checksum for the chunk; nothing of it was kept."""


class Stopped(Exception):
    """The caller asked to stop in the middle of a chunk."""


@dataclass(frozen=True)
class Features:
    extensions: frozenset[str] = frozenset()
    checksum: str | None = None  # the algorithm to use, if the server offers one we know
    max_size: int | None = None


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port; a port written out equals the scheme's default left out
    (tusd's own nginx example puts ":443" into Location)."""

    def origin(url: str) -> tuple[str, str | None, int | None]:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname, parts.port or _DEFAULT_PORTS.get(parts.scheme)

    try:
        return origin(a) == origin(b)
    except ValueError:  # a port that is no port (":99999", ":abc"), a broken IPv6 literal
        return False


def from_tus(response: httpx2.Response) -> bool:
    """Whether the reply comes from a tus server: tus 1.0 requires `Tus-Resumable` in every
    answer but OPTIONS. A captive portal, a filtering proxy or a load balancer that lost its
    backend answers without it; what they say is no refusal by the organisation."""
    return "Tus-Resumable" in response.headers


def refusal(response: httpx2.Response) -> SyncError:
    """The error for an unexpected answer: the status rules apply to the tus server only."""
    if not from_tus(response):
        return InterceptedError()
    return status_error(response.status_code)


class TusClient:
    def __init__(self, client: httpx2.Client, endpoint: str) -> None:
        self.client = client
        self.endpoint = endpoint

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Tus-Resumable": TUS_VERSION, **extra}

    def features(self) -> Features:
        """What the server offers (OPTIONS); an error there just means "core only"."""
        response = self.client.options(self.endpoint)
        if response.status_code not in (200, 204):
            return Features()
        extensions = frozenset(
            e.strip() for e in response.headers.get("Tus-Extension", "").split(",") if e.strip()
        )
        offered = {
            a.strip().lower() for a in response.headers.get("Tus-Checksum-Algorithm", "").split(",")
        }
        checksum = None
        if "checksum" in extensions:
            checksum = next((a for a in CHECKSUMS if a in offered), None)
        max_size = response.headers.get("Tus-Max-Size", "")
        return Features(extensions, checksum, _number(max_size) if _is_number(max_size) else None)

    def create(self, length: int, upload_id: str) -> str:
        """A new upload of `length` bytes; its URL. Only a random id goes in the metadata."""
        metadata = "id " + base64.b64encode(upload_id.encode("ascii")).decode("ascii")
        response = self.client.post(
            self.endpoint,
            headers=self._headers(**{"Upload-Length": str(length), "Upload-Metadata": metadata}),
        )
        if response.status_code != 201:
            raise refusal(response)
        location = response.headers.get("Location", "")
        # Longer than any URL a profile may hold (and than httpx sends): a broken reply.
        if not location or len(location) > MAX_LOCATION:
            raise ServerReplyError()
        try:
            url = urljoin(self.endpoint, location)
        except ValueError as exc:
            raise ServerReplyError() from exc
        # The token and the report go to the intake server only: an upload URL on another
        # site (a misconfigured proxy, a hostile reply) is refused, not followed.
        if not same_origin(url, self.endpoint):
            raise ServerReplyError()
        return url

    def offset(self, url: str) -> tuple[int, int | None]:
        """(Upload-Offset, Upload-Length or None) as the server has them."""
        response = self.client.head(url, headers=self._headers())
        if response.status_code in (404, 410) and from_tus(response):
            raise UploadGone()
        if response.status_code not in (200, 204):
            raise refusal(response)
        offset = _number(response.headers.get("Upload-Offset"))
        length = response.headers.get("Upload-Length")
        return offset, _number(length) if length is not None else None

    def append(
        self,
        url: str,
        offset: int,
        data: bytes,
        checksum: str | None,
        sent: Callable[[int], None],
        should_stop: Callable[[], bool],
    ) -> int:
        """PATCH `data` at `offset`; the server's new offset. `sent(n)` after each piece."""
        headers = self._headers(
            **{
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                # Given explicitly, so the body streams in pieces yet is not chunk-encoded.
                "Content-Length": str(len(data)),
            }
        )
        if checksum is not None:
            digest = hashlib.new(checksum, data).digest()
            headers["Upload-Checksum"] = f"{checksum} {base64.b64encode(digest).decode()}"

        def pieces() -> Iterator[bytes]:
            view = memoryview(data)
            for start in range(0, len(data), PIECE):
                if should_stop():
                    raise Stopped()
                yield bytes(view[start : start + PIECE])
                sent(min(start + PIECE, len(data)))

        response = self.client.patch(url, headers=headers, content=pieces())
        if response.status_code in (404, 410, 460) and from_tus(response):
            raise UploadGone() if response.status_code != 460 else ChecksumRejected()
        if response.status_code != 204:
            raise refusal(response)
        return _number(response.headers.get("Upload-Offset"))

    def terminate(self, url: str) -> bool:
        """Ask the server to delete the upload. True when that is settled: deleted, already
        gone, or refused for good (a 4xx such as a finished upload it keeps); False when it
        is worth asking again (5xx, or an answer from something other than the server)."""
        response = self.client.delete(url, headers=self._headers())
        return response.status_code < 500 and from_tus(response)


def _is_number(value: str | None) -> bool:
    # ASCII digits only: str.isdigit() is also true for "²" and "١٢٣", which int() refuses
    # or reads, and headers decoded as Latin-1 or UTF-8 carry them.
    return value is not None and value.isascii() and value.isdigit() and len(value) <= 18


def _number(value: str | None) -> int:
    if value is None or not _is_number(value):
        raise ServerReplyError()
    return int(value)
