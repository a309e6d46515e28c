# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed errors of sync. Sentences for people: desktop/messages/.

An upload's last error is kept in the vault as a short code (`code` below), so the Reports
area can say why an item waits or failed after a restart; `error_for_code` turns it back into
the error to describe. Codes and arguments carry no content, URL, token or key.
"""

from __future__ import annotations

from desktop.errors import BastionError


class SyncError(BastionError):
    """Base of the sync errors. `code` is stored; `permanent` errors stop the retries."""

    code = "sync"
    permanent = False


class NetworkError(SyncError):
    """No connection: the server or the network could not be reached, or the link broke."""

    code = "network"


class TimedOutError(SyncError):
    """The connection went quiet for too long (a stalled link, a very slow proxy)."""

    code = "timeout"


class ProxyUnreachableError(SyncError):
    """The SOCKS5 proxy (Tor) refused or did not answer; nothing went out another way."""

    code = "proxy"


class CertificateError(SyncError):
    """The server's TLS certificate could not be verified (or does not match the pinned one).

    Not permanent: a captive portal or a watched network can cause this, and a later
    connection elsewhere may succeed. Nothing was sent over the unverified connection.
    """

    code = "certificate"


class InterceptedError(NetworkError):
    """Something other than the tus server answered (no `Tus-Resumable` header): a captive
    portal's sign-in page or redirect, a filtering proxy, a load balancer without its
    backend. Not a refusal by the organisation: tried again later, the upload kept."""

    code = "intercepted"


class ServerBusyError(SyncError):
    """The server answered 5xx, 408, 409, 423 or 429: try again later."""

    code = "server-busy"


class AuthorizationError(SyncError):
    """401 or 403: the organisation's token was refused (a newer profile may fix it)."""

    code = "unauthorized"
    permanent = True


class TooLargeError(SyncError):
    """413: the server does not take a file this large."""

    code = "too-large"
    permanent = True


class RejectedError(SyncError):
    """Another 4xx answer: the server will not take this upload as it is."""

    code = "rejected"
    permanent = True


class ServerReplyError(SyncError):
    """The server's answer broke the protocol (no Location, an offset past the end, a
    Location on another site, a reply too large). Retried: it may be a proxy in the way."""

    code = "bad-reply"


class NoIntakeError(SyncError):
    """No organisation among the report's recipients has an intake server to upload to."""

    code = "no-intake"
    permanent = True


class ProfileUnconfirmedError(SyncError):
    """The organisation's profile is not confirmed (an update came in): waiting for the
    volunteer to compare the fingerprints again."""

    code = "unconfirmed"


class OutboxFileError(SyncError):
    """The queued report file is missing or changed on disk; it cannot be sent as it is."""

    code = "file-missing"
    permanent = True


class ProxySettingInvalidError(SyncError):
    """The SOCKS5 host or port typed in settings is not usable."""

    code = "proxy-setting"
    permanent = True

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field  # "host" or "port"


class UpdateIndexInvalidError(SyncError):
    """The update list at the organisation's update URL is not a valid Bastion index."""

    code = "bad-index"


class UpdateTooLargeError(SyncError):
    """A downloaded update was larger than such a file may be; it was not kept."""

    code = "update-too-large"


_ALL: tuple[type[SyncError], ...] = (
    NetworkError,
    TimedOutError,
    ProxyUnreachableError,
    CertificateError,
    InterceptedError,
    ServerBusyError,
    AuthorizationError,
    TooLargeError,
    RejectedError,
    ServerReplyError,
    NoIntakeError,
    ProfileUnconfirmedError,
    OutboxFileError,
    UpdateIndexInvalidError,
    UpdateTooLargeError,
)
_BY_CODE = {cls.code: cls for cls in _ALL}


def error_for_code(code: str) -> SyncError:
    """The error a stored code stands for (an unknown code, from a newer version: SyncError)."""
    cls = _BY_CODE.get(code)
    return cls() if cls is not None else SyncError()


class WrongOrganisationError(SyncError):
    """The profile at an organisation's update URL is another organisation's: refused."""

    code = "wrong-organisation"


_BY_CODE[WrongOrganisationError.code] = WrongOrganisationError
