# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync settings live in the vault; a damaged proxy setting never means "go out directly"."""

from __future__ import annotations

import pytest

from desktop.sync.errors import ProxySettingInvalidError
from desktop.sync.settings import (
    PROXY_NONE,
    PROXY_SOCKS5,
    PROXY_SYSTEM,
    TOR_BROWSER,
    SyncSettings,
    load_settings,
    save_settings,
)
from desktop.vault import Vault


def test_defaults(vault: Vault) -> None:
    settings = load_settings(vault)
    assert settings == SyncSettings()
    assert settings.enabled
    assert settings.metered_caution
    assert settings.proxy == PROXY_SYSTEM


def test_round_trip(vault: Vault) -> None:
    chosen = SyncSettings(False, PROXY_SOCKS5, *TOR_BROWSER, metered_caution=False)
    save_settings(vault, chosen)
    assert load_settings(vault) == chosen
    assert chosen.socks_url() == "socks5h://127.0.0.1:9150"


@pytest.mark.parametrize(
    ("host", "port", "field"),
    [
        ("", 9050, "host"),
        ("tor host", 9050, "host"),
        ("http://127.0.0.1", 9050, "host"),
        ("127.0.0.1", 0, "port"),
        ("127.0.0.1", 70000, "port"),
    ],
)
def test_bad_proxy_values_are_refused_and_nothing_is_saved(
    vault: Vault, host: str, port: int, field: str
) -> None:
    with pytest.raises(ProxySettingInvalidError) as caught:
        save_settings(vault, SyncSettings(proxy=PROXY_SOCKS5, socks_host=host, socks_port=port))
    assert caught.value.field == field
    assert load_settings(vault) == SyncSettings()


def test_ipv6_and_names_are_accepted(vault: Vault) -> None:
    save_settings(vault, SyncSettings(proxy=PROXY_SOCKS5, socks_host="::1", socks_port=9050))
    assert load_settings(vault).socks_url() == "socks5h://[::1]:9050"
    save_settings(vault, SyncSettings(proxy=PROXY_SOCKS5, socks_host="tor.lan", socks_port=9050))
    assert load_settings(vault).socks_host == "tor.lan"


def test_a_damaged_socks_setting_keeps_the_proxy_on(vault: Vault) -> None:
    vault.set_setting("sync.proxy", PROXY_SOCKS5)
    vault.set_setting("sync.socks_host", "not a host")
    settings = load_settings(vault)
    assert settings.proxy == PROXY_SOCKS5  # never falls back to a direct connection
    assert (settings.socks_host, settings.socks_port) == ("127.0.0.1", 9050)


def test_an_unknown_mode_falls_back_to_the_default(vault: Vault) -> None:
    vault.set_setting("sync.proxy", "carrier-pigeon")
    vault.set_setting("sync.socks_port", "99999999")
    assert load_settings(vault).proxy == PROXY_SYSTEM
    save_settings(vault, SyncSettings(proxy=PROXY_NONE))
    assert load_settings(vault).proxy == PROXY_NONE
