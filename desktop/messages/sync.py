# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for sync errors; merged into desktop.messages' one table.

The same rules hold: what happened and what to do, translated, and
never a server address, a token or anything from a report. An upload's last error is shown
in the Reports area long after it happened, so the sentences say what Bastion will do next.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _, ngettext
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
    sync_errors.InterceptedError: lambda _e: _(
        "Something other than the organisation's server answered, such as the sign-in page "
        "of a hotel or café network. If the network asks you to sign in, do so; Bastion will "
        "try again later and continue from where it stopped."
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


# Sentences of `bastion sync status|retry|run` about what waits in the outbox. The lines for
# each upload are the Reports area's own (same msgids), so a volunteer reads the same words.
def nothing_due(waiting: int, until: str | None, paused: int, failed: int) -> list[str]:
    """What a pass that sent nothing leaves behind: uploads waiting for their next try
    (`until`: the earliest), paused ones, failed ones."""
    lines = []
    if waiting:
        lines.append(
            ngettext(
                "Nothing was due: {count} upload waits until {time} before trying again. "
                "Use --now to send it now.",
                "Nothing was due: {count} uploads wait, the first until {time}, before "
                "trying again. Use --now to send them now.",
                waiting,
            ).format(count=waiting, time=until or "")
        )
    if paused:
        lines.append(
            ngettext(
                "{count} upload is paused in the app.",
                "{count} uploads are paused in the app.",
                paused,
            ).format(count=paused)
        )
    if failed:
        lines.append(failed_waiting(failed))
    return lines or [_("Nothing was due.")]


def failed_waiting(count: int) -> str:
    return ngettext(
        "{count} upload failed and is not tried again by itself: see why with "
        "`bastion sync status`, then use `bastion sync retry`.",
        "{count} uploads failed and are not tried again by themselves: see why with "
        "`bastion sync status`, then use `bastion sync retry`.",
        count,
    ).format(count=count)


def retried(count: int) -> str:
    return ngettext(
        "{count} upload is back in the queue; the next sync pass sends it.",
        "{count} uploads are back in the queue; the next sync pass sends them.",
        count,
    ).format(count=count)


def nothing_to_retry() -> str:
    return _("No failed upload matches; nothing was changed.")


def outbox_empty() -> str:
    return _("The outbox is empty.")


def sync_turned_off() -> str:
    """`sync status` with sync turned off: the list still shows what would be sent."""
    return _("Sync is turned off in the settings. Nothing is sent.")


def upload_state(
    state: str,
    *,
    paused: bool,
    started: bool,
    organisation: str,
    percent: str,
    time: str | None,
    reason: str,
) -> str:
    """One upload, in the Reports area's words (the same msgids): where it stands and why.
    `time` is when it was sent, or when it is tried next if that is still to come. States are
    desktop.sync.outbox's (spelled out: this module is imported at start, the outbox is not)."""
    if state == "uploaded":
        return _("Sent to {organisation} at {time}").format(organisation=organisation, time=time)
    if state == "failed":
        return _("Could not be sent to {organisation}: {reason}").format(
            organisation=organisation, reason=reason
        )
    if paused:
        return _("Paused at {percent} · for {organisation}").format(
            percent=percent, organisation=organisation
        )
    if time is not None:
        return _("{percent} sent to {organisation} · trying again at {time}: {reason}").format(
            percent=percent, organisation=organisation, time=time, reason=reason
        )
    if started:
        return _("{percent} sent to {organisation}").format(
            percent=percent, organisation=organisation
        )
    return _("Waiting to be sent to {organisation}").format(organisation=organisation)
