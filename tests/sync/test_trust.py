# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS trust: the operating system's store on every platform, never an unverified connection.

A loopback HTTPS server with a test CA: refused with the typed error while the system does not
trust the CA, accepted once the CA is in a store the test controls (on Linux, OpenSSL's
SSL_CERT_FILE / SSL_CERT_DIR, which only the system path reads: certifi is not even installed).
"""

from __future__ import annotations

import re
import ssl
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from httpx2 import HTTPTransport

from desktop.sync.errors import CertificateError
from desktop.sync.http import open_client, ssl_context, translated
from desktop.sync.settings import PROXY_NONE, PROXY_SOCKS5, PROXY_SYSTEM, SyncSettings

ROOT = Path(__file__).resolve().parents[2]
DIRECT = SyncSettings(proxy=PROXY_NONE)
WRONG_NAME = "not-the-certificates-name.test"
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SSL_CERT_FILE/DIR are OpenSSL's (Linux)"
)
# Variables that other tools read for trust; none of them may widen Bastion's.
OTHER_TOOLS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "PIP_CERT")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Some machines (CI images) set these to the system bundle; each test chooses its own.
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", *OTHER_TOOLS):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(static_server: Callable[..., Any], tls_material: Any, tmp_path: Path) -> Any:
    site = tmp_path / "site"
    site.mkdir()
    (site / "hello").write_text("hello")
    return static_server(site, tls_material)


@pytest.fixture
def ca_file(tls_material: Any, tmp_path: Path) -> Path:
    path = tmp_path / "test-ca.pem"
    path.write_text(tls_material.ca_pem)
    return path


@pytest.fixture
def ca_dir(ca_file: Path, tmp_path: Path) -> Path:
    """An OpenSSL hashed folder (as `openssl rehash` makes) holding only the test CA."""
    folder = tmp_path / "hashed"
    folder.mkdir()
    name = subprocess.run(
        ["openssl", "x509", "-hash", "-noout", "-in", str(ca_file)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    (folder / f"{name}.0").write_bytes(ca_file.read_bytes())
    return folder


def fetch(url: str, settings: SyncSettings = DIRECT, certificates: tuple[str, ...] = ()) -> str:
    with open_client(settings, certificates=certificates) as client, translated(settings):
        return client.get(url).text


def test_a_ca_the_system_does_not_trust_is_refused_with_the_typed_error(
    server: Any, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CertificateError):
        fetch(server.url("hello"))
    # Other tools' trust variables are not Bastion's.
    for name in OTHER_TOOLS:
        monkeypatch.setenv(name, str(ca_file))
    with pytest.raises(CertificateError):
        fetch(server.url("hello"))
    assert server.requests == []


@linux_only
def test_on_linux_the_trust_store_is_openssls_default_paths(
    server: Any, ca_file: Path, ca_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    assert fetch(server.url("hello")) == "hello"
    # Each variable stands in for its own default, as in OpenSSL: a folder alone is enough,
    # and a missing or non-certificate SSL_CERT_FILE is skipped, not a crash.
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    monkeypatch.setenv("SSL_CERT_DIR", str(ca_dir))
    for file in (tmp_path / "missing.pem", junk):
        monkeypatch.setenv("SSL_CERT_FILE", str(file))
        assert fetch(server.url("hello")) == "hello"


def test_a_broken_ssl_cert_file_is_the_typed_error_not_a_crash(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    for file in (tmp_path / "missing.pem", junk):
        monkeypatch.setenv("SSL_CERT_FILE", str(file))
        with pytest.raises(CertificateError):
            fetch(server.url("hello"))


def test_the_context_is_the_operating_systems_whatever_the_environment_says(
    ca_file: Path, ca_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import truststore

    # truststore verifies with Windows' and macOS' own verifier, which never reads these.
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    monkeypatch.setenv("SSL_CERT_DIR", str(ca_dir))
    assert isinstance(ssl_context(), truststore.SSLContext)
    pinned = ssl_context((ca_file.read_text(),))
    assert not isinstance(pinned, truststore.SSLContext)


def test_pinned_certificates_stay_the_only_trust_whatever_the_environment_says(
    server: Any, tls_material: Any, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    with pytest.raises(CertificateError):
        fetch(server.url("hello"), certificates=(tls_material.other_ca_pem,))
    monkeypatch.delenv("SSL_CERT_FILE")
    assert fetch(server.url("hello"), certificates=(tls_material.ca_pem,)) == "hello"


@linux_only
def test_https_through_socks5_uses_the_system_trust_and_checks_the_name(
    server: Any,
    socks5_server: Any,
    tls_material: Any,
    ca_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    socks5_server.routes["localhost"] = "127.0.0.1"
    socks = SyncSettings(proxy=PROXY_SOCKS5, socks_host="127.0.0.1", socks_port=socks5_server.port)
    with pytest.raises(CertificateError):
        fetch(server.url("hello"), socks)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    assert fetch(server.url("hello"), socks) == "hello"
    # The name is checked too: a trusted certificate for another name is refused, pinned or not.
    socks5_server.routes[WRONG_NAME] = "127.0.0.1"
    elsewhere = f"https://{WRONG_NAME}:{server.port}/hello"
    with pytest.raises(CertificateError):
        fetch(elsewhere, socks)
    with pytest.raises(CertificateError):
        fetch(elsewhere, socks, certificates=(tls_material.ca_pem,))
    assert {host for _, host, _ in socks5_server.requests} == {"localhost", WRONG_NAME}
    assert len(server.requests) == 1


UNVERIFIED = re.compile(
    r"CERT_NONE|CERT_OPTIONAL|check_hostname\s*=\s*False|_create_unverified_context"
    r"|verify\s*=\s*False|create_ssl_context|_create_default_https_context"
)


def test_no_code_makes_an_unverified_context() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNVERIFIED.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("proxy", [PROXY_NONE, PROXY_SYSTEM, PROXY_SOCKS5])
@pytest.mark.parametrize("pinned", [False, True])
def test_every_connection_of_every_client_verifies_chain_and_name(
    proxy: str, pinned: bool, tls_material: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With environment proxies, the system mode adds a transport per proxy: each is checked.
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")
    settings = SyncSettings(proxy=proxy, socks_host="127.0.0.1", socks_port=9050)
    certificates = (tls_material.ca_pem,) if pinned else ()
    with open_client(settings, certificates=certificates) as client:
        transports = [client._transport, *(t for t in client._mounts.values() if t)]
        contexts = [t._pool._ssl_context for t in transports if isinstance(t, HTTPTransport)]
        assert len(contexts) == len(transports) >= (3 if proxy == PROXY_SYSTEM else 1)
        for context in contexts:
            assert context is not None
            assert context.verify_mode == ssl.CERT_REQUIRED
            assert context.check_hostname
