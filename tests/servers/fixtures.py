# SPDX-License-Identifier: GPL-3.0-or-later
"""pytest fixtures around tests/servers/harness.py; loaded by tests/conftest.py for all tests.

Every server listens on 127.0.0.1 on a free port and is stopped at the end of its test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers.front import ScriptedFront
from tests.servers.harness import (
    FaultProxy,
    Socks5Server,
    StaticServer,
    TlsMaterial,
    TusServer,
    make_tls_material,
)


@pytest.fixture(scope="session")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> TlsMaterial:
    return make_tls_material(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tus_server_factory(tmp_path: Path) -> Iterator[Callable[..., TusServer]]:
    started: list[TusServer] = []

    def factory(**options: Any) -> TusServer:
        server = TusServer(tmp_path / f"tus{len(started)}", **options)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.close()


@pytest.fixture
def tus_server(tus_server_factory: Callable[..., TusServer]) -> TusServer:
    return tus_server_factory()


@pytest.fixture
def fault_proxy() -> Iterator[Callable[[int], FaultProxy]]:
    made: list[FaultProxy] = []

    def factory(target_port: int) -> FaultProxy:
        made.append(FaultProxy(target_port))
        return made[-1]

    yield factory
    for proxy in made:
        proxy.close()


@pytest.fixture
def socks5_server() -> Iterator[Socks5Server]:
    server = Socks5Server()
    yield server
    server.close()


@pytest.fixture
def static_server() -> Iterator[Callable[..., StaticServer]]:
    made: list[StaticServer] = []

    def factory(folder: Path, tls: TlsMaterial | None = None) -> StaticServer:
        made.append(StaticServer(folder, tls))
        return made[-1]

    yield factory
    for server in made:
        server.close()


@pytest.fixture
def scripted_front() -> Iterator[Callable[[int], ScriptedFront]]:
    made: list[ScriptedFront] = []

    def factory(target_port: int) -> ScriptedFront:
        made.append(ScriptedFront(target_port))
        return made[-1]

    yield factory
    for front in made:
        front.close()
