# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for sync errors; merged into desktop.messages' one table.

The same rules hold: what happened and what to do, translated, and
never a server address, a token or anything from a report. An upload's last error is shown
in the Reports area long after it happened, so the sentences say what Bastion will do next.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.sync import errors as sync_errors


def _proxy_setting(exc: BaseException) -> str:
    if getattr(exc, "field", "") == "port":
        return _("The proxy port must be a number from 1 to 65535.")
    return _("Type the proxy's address, such as 127.0.0.1 or a host name.")


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    sync_errors.SyncError: lambda _e: _(
        "The report could not be sent this time. Bastion will try again later."
    ),
    sync_errors.NetworkError: lambda _e: _(
        "The server could not be reached, or the connection broke. Bastion will continue "
        "from where it stopped when a connection is back."
    ),
    sync_errors.TimedOutError: lambda _e: _(
        "The connection stopped moving for too long. Bastion will continue from where it stopped."
    ),
    sync_errors.ProxyUnreachableError: lambda _e: _(
        "The SOCKS5 proxy did not answer. If you use Tor, check that Tor Browser or the Tor "
        "service is running and that the port in Settings is right. Nothing was sent "
        "another way."
    ),
    sync_errors.CertificateError: lambda _e: _(
        "The server's identity could not be confirmed (its security certificate is not the "
        "expected one). Nothing was sent. This can happen on a hotel or café network that "
        "asks you to sign in first; Bastion will try again later."
    ),
    sync_errors.ServerBusyError: lambda _e: _(
        "The organisation's server is busy or has a problem. Bastion will try again later."
    ),
    sync_errors.AuthorizationError: lambda _e: _(
        "The organisation's server refused the upload. Ask the organisation for an updated "
        "profile, then choose Try again."
    ),
    sync_errors.TooLargeError: lambda _e: _(
        "The organisation's server does not accept a report this large. Make a smaller "
        "report (fewer attachments), or save it to a file and hand it over another way."
    ),
    sync_errors.RejectedError: lambda _e: _(
        "The organisation's server refused this report. Tell the organisation, or save the "
        "report to a file and hand it over another way."
    ),
    sync_errors.ServerReplyError: lambda _e: _(
        "The server's answer made no sense, so nothing more was sent. Bastion will try "
        "again later; if this goes on, tell the organisation."
    ),
    sync_errors.NoIntakeError: lambda _e: _(
        "None of this report's recipients has a server to upload to. Save the report to a "
        "file and hand it over another way."
    ),
    sync_errors.ProfileUnconfirmedError: lambda _e: _(
        "The organisation's profile was updated. Compare its fingerprints again in Settings "
        "(Organisations and keys); sending continues after that."
    ),
    sync_errors.OutboxFileError: lambda _e: _(
        "The queued report file is missing or was changed, so it cannot be sent. Remove it "
        "from the outbox and make the report again."
    ),
    sync_errors.ProxySettingInvalidError: _proxy_setting,
    sync_errors.UpdateIndexInvalidError: lambda _e: _(
        "The organisation's list of updates could not be read. Nothing was changed."
    ),
    sync_errors.UpdateTooLargeError: lambda _e: _(
        "A downloaded update was far larger than allowed and was thrown away. Nothing was changed."
    ),
    sync_errors.WrongOrganisationError: lambda _e: _(
        "The update belongs to another organisation and was refused. Nothing was changed."
    ),
}
