# SPDX-License-Identifier: GPL-3.0-or-later
"""How sync connects: on or off, the proxy, caution on metered networks.

Kept in the vault's settings table, not in QSettings: that someone routes through Tor, or
sends reports at all, is itself worth hiding on a seized laptop.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.sync.errors import ProxySettingInvalidError

if TYPE_CHECKING:
    from desktop.vault import Vault

PROXY_NONE, PROXY_SYSTEM, PROXY_SOCKS5 = "none", "system", "socks5"
PROXY_MODES = (PROXY_NONE, PROXY_SYSTEM, PROXY_SOCKS5)
# The SOCKS ports of Tor Browser and of the tor service (torrc SocksPort defaults).
TOR_BROWSER = ("127.0.0.1", 9150)
TOR_SERVICE = ("127.0.0.1", 9050)

_PREFIX = "sync."
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
)


@dataclass(frozen=True)
class SyncSettings:
    enabled: bool = True
    proxy: str = PROXY_SYSTEM
    socks_host: str = TOR_SERVICE[0]
    socks_port: int = TOR_SERVICE[1]
    # On a metered network automatic passes wait; "Send now" still sends.
    metered_caution: bool = True

    def socks_url(self) -> str:
        # socks5h: the proxy resolves host names, so no DNS query leaves this machine.
        host = self.socks_host
        if ":" in host:  # an IPv6 literal
            host = f"[{host}]"
        return f"socks5h://{host}:{self.socks_port}"


def check_settings(settings: SyncSettings) -> None:
    """Raise ProxySettingInvalidError("host" | "port" | "mode") for unusable values."""
    if settings.proxy not in PROXY_MODES:
        raise ProxySettingInvalidError("mode")
    if settings.proxy != PROXY_SOCKS5:
        return
    if not host_valid(settings.socks_host):
        raise ProxySettingInvalidError("host")
    if not 1 <= settings.socks_port <= 65535:
        raise ProxySettingInvalidError("port")


def host_valid(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(_HOST_NAME.fullmatch(host))
    return True


def load_settings(vault: Vault) -> SyncSettings:
    """The stored settings; a value that does not parse falls back to its default."""
    stored = {k[len(_PREFIX) :]: v for k, v in vault.settings().items() if k.startswith(_PREFIX)}
    default = SyncSettings()
    port = stored.get("socks_port", "")
    settings = SyncSettings(
        enabled=stored.get("enabled", "1") != "0",
        proxy=stored.get("proxy", default.proxy),
        socks_host=stored.get("socks_host", default.socks_host),
        socks_port=int(port) if port.isdigit() and len(port) <= 5 else default.socks_port,
        metered_caution=stored.get("metered_caution", "1") != "0",
    )
    try:
        check_settings(settings)
    except ProxySettingInvalidError:
        # A damaged value must never make sync go out directly when a proxy was chosen:
        # keep SOCKS5 on with its defaults instead of falling back to no proxy.
        if settings.proxy == PROXY_SOCKS5:
            return SyncSettings(
                settings.enabled, PROXY_SOCKS5, *TOR_SERVICE, settings.metered_caution
            )
        return SyncSettings(
            settings.enabled, default.proxy, metered_caution=settings.metered_caution
        )
    return settings


def save_settings(vault: Vault, settings: SyncSettings) -> None:
    check_settings(settings)
    values = {
        "enabled": "1" if settings.enabled else "0",
        "proxy": settings.proxy,
        "socks_host": settings.socks_host,
        "socks_port": str(settings.socks_port),
        "metered_caution": "1" if settings.metered_caution else "0",
    }
    with vault.transaction() as conn:
        for key, value in values.items():
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_PREFIX + key, value),
            )
