# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP clients for sync (httpx2): proxy, TLS trust, timeouts, and errors turned into ours.

Rules kept here, so no caller can forget them:
- TLS is always verified. An organisation may narrow trust for its intake server to its own
  certificates (a CA, or the server's certificate itself), never widen it.
- With a SOCKS5 proxy every request goes through it and host names are resolved by the proxy
  (socks5h): nothing leaves this machine another way, not even a DNS query. Environment
  proxies and NO_PROXY are ignored then.
- Redirects are not followed: an answer elsewhere is a broken reply, not a new destination.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop.sync.errors import (
    AuthorizationError,
    CertificateError,
    NetworkError,
    ProxyUnreachableError,
    RejectedError,
    ServerBusyError,
    SyncError,
    TimedOutError,
    TooLargeError,
    UpdateTooLargeError,
)
from desktop.sync.settings import PROXY_NONE, PROXY_SOCKS5, SyncSettings

if TYPE_CHECKING:
    import httpx2

# Tor circuits take seconds to build, and a watched link may stall: generous, but bounded,
# so a dead connection is noticed and resumed instead of hanging a pass.
CONNECT_TIMEOUT = 45.0
READ_TIMEOUT = 60.0
# A neutral user agent: a network that can read it (a TLS-intercepting proxy) learns nothing.
USER_AGENT = "tus-client/1.0"


def ssl_context(certificates: tuple[str, ...] = ()) -> ssl.SSLContext:
    """The operating system's trust, or only the given PEM certificates (any may be the anchor).

    Both verify the chain and the host name; nothing here can turn that off.
    """
    if not certificates:
        return system_trust()
    context = ssl.create_default_context(cadata="\n".join(certificates))
    # Lets a pinned server certificate (not only a CA) end the chain; the host name is still
    # checked and expiry still applies.
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def system_trust() -> ssl.SSLContext:
    """The operating system's trust store, through `truststore`, on every platform.

    Windows and macOS verify with the system's own verifier (the certificate stores, the
    Keychain): SSL_CERT_FILE and SSL_CERT_DIR change nothing there. On Linux the system store
    is OpenSSL's default CA file and folder, and OpenSSL lets SSL_CERT_FILE and SSL_CERT_DIR
    stand in for each (as for every OpenSSL program); a missing or unreadable one is skipped,
    never a crash. Not httpx2's default context: there those two variables replace the
    trust store on every platform, and a missing file raises. docs/sync.md lists the rest.
    """
    import truststore

    # truststore re-reads the default paths for each handshake, which OpenSSL before 3.4 keeps
    # adding up (sethmlarson/truststore#212); a context lives for one client, one pass.
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def open_client(
    settings: SyncSettings, *, certificates: tuple[str, ...] = (), token: str | None = None
) -> httpx2.Client:
    import httpx2

    headers = {"User-Agent": USER_AGENT}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    proxy = settings.socks_url() if settings.proxy == PROXY_SOCKS5 else None
    return httpx2.Client(
        headers=headers,
        verify=ssl_context(certificates),
        proxy=proxy,
        # "system" reads the platform's proxy settings (environment variables on Linux, the
        # registry on Windows, System Settings on macOS); the other modes must not.
        trust_env=settings.proxy not in (PROXY_NONE, PROXY_SOCKS5),
        follow_redirects=False,
        timeout=httpx2.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
    )


@contextmanager
def translated(settings: SyncSettings) -> Iterator[None]:
    """Turn httpx2's transport exceptions into sync errors (never their text: it has URLs)."""
    import httpx2

    try:
        yield
    except httpx2.TimeoutException as exc:
        raise TimedOutError() from exc
    except httpx2.ProxyError as exc:
        raise NetworkError() from exc
    except httpx2.ConnectError as exc:
        if _caused_by_certificate(exc):
            raise CertificateError() from exc
        if settings.proxy == PROXY_SOCKS5:
            # The only connection made is to the proxy: failing it means the proxy is down.
            raise ProxyUnreachableError() from exc
        raise NetworkError() from exc
    except httpx2.TransportError as exc:
        if _caused_by_certificate(exc):
            raise CertificateError() from exc
        raise NetworkError() from exc


def _caused_by_certificate(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        if isinstance(seen, ssl.SSLError) and "CERTIFICATE" in str(seen.reason or ""):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def status_error(status: int) -> SyncError:
    """The error for an unexpected HTTP status."""
    if status in (401, 403):
        return AuthorizationError()
    if status == 413:
        return TooLargeError()
    # 409: the offsets disagree (another request for the upload got there first, or the
    # server lost a chunk); the next attempt asks the server for its offset again.
    if status in (408, 409, 423, 429) or status >= 500:
        return ServerBusyError()
    return RejectedError()


def read_capped(response: httpx2.Response, limit: int) -> bytes:
    """The body of a streamed response, refusing more than `limit` bytes (told or sent)."""
    declared = response.headers.get("Content-Length", "")
    # ASCII digits only (isdigit() is true for "²"); more than 18 of them is too large anyway.
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise UpdateTooLargeError()
    body = bytearray()
    for piece in response.iter_bytes():
        body += piece
        if len(body) > limit:
            raise UpdateTooLargeError()
    return bytes(body)
