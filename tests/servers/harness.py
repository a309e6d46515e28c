# SPDX-License-Identifier: GPL-3.0-or-later
"""Real servers on loopback for the sync tests and benchmark (no pytest needed here).

- TusServer: the official @tus/server (Node.js, tests/servers/tus-server.mjs) with its
  file store; it can be killed and started again on the same port and folder.
- FaultProxy: a TCP proxy that cuts, resets, stalls or throttles client→server traffic and
  counts the bytes, to prove resume against real broken connections.
- Socks5Server: a minimal SOCKS5 server that records what it was asked to connect to and never
  resolves names itself (names are routed through a table).
- StaticServer: files over HTTP(S) with ETag, Last-Modified and 304s, for update URLs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import select
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class TlsMaterial:
    ca_pem: str
    other_ca_pem: str
    server_cert: Path
    server_key: Path


def make_tls_material(folder: Path) -> TlsMaterial:
    """A CA, a server certificate it signed (127.0.0.1 and localhost), and an unrelated CA."""
    folder.mkdir(parents=True, exist_ok=True)

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    for name in ("ca", "other"):
        run(
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.pem",
            "-days",
            "30",
            "-subj",
            f"/CN=Bastion test {name}",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        )
    (folder / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "extendedKeyUsage=serverAuth\n"
    )
    run(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    )
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "30",
        "-extfile",
        "server.ext",
    )
    return TlsMaterial(
        (folder / "ca.pem").read_text(),
        (folder / "other.pem").read_text(),
        folder / "server.pem",
        folder / "server.key",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


class TusServer:
    def __init__(
        self, directory: Path, *, token: str | None = None, tls: TlsMaterial | None = None
    ) -> None:
        self.directory = directory / "store"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.log_path = directory / "requests.jsonl"
        self.token = token
        self.tls = tls
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def url(self) -> str:
        host = "localhost" if self.tls else LOOPBACK
        return f"{self.scheme}://{host}:{self.port}/files/"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start, on the same port as before (a restart) or on a free one."""
        node_modules = HERE / "node_modules"
        if not node_modules.is_dir():
            raise RuntimeError("run `make test` (npm ci in tests/servers) first")
        argv = [
            "node",
            str(HERE / "tus-server.mjs"),
            "--dir",
            str(self.directory),
            "--port",
            str(self.port),
            "--log",
            str(self.log_path),
        ]
        if self.token:
            argv += ["--token", self.token]
        if self.tls:
            argv += ["--tls-cert", str(self.tls.server_cert), "--tls-key", str(self.tls.server_key)]
        for _ in range(50):  # the old socket may linger for a moment after a kill
            self.process = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=HERE
            )
            assert self.process.stdout is not None
            ready, _w, _x = select.select([self.process.stdout], [], [], 20)
            line = self.process.stdout.readline() if ready else b""
            if line:
                self.port = int(json.loads(line)["port"])
                return
            self.process.kill()
            err = self.process.communicate(timeout=5)[1].decode(errors="replace")
            if "EADDRINUSE" not in err:
                raise RuntimeError(f"the tus server did not start: {err[-2000:]}")
            time.sleep(0.1)
        raise RuntimeError("the tus server's port stayed busy")

    def stop(self) -> None:
        if self.running:
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def kill(self) -> None:
        if self.running:
            assert self.process is not None
            self.process.kill()
            self.process.wait(5)

    def close(self) -> None:
        self.stop()
        if self.process is not None:
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()

    def requests(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line]

    def uploads(self) -> list[dict[str, Any]]:
        found = []
        for info in sorted(self.directory.glob("*.json")):
            with contextlib.suppress(ValueError, OSError):
                found.append(json.loads(info.read_text()))
        return found

    def stored(self, upload_id: str) -> bytes:
        return (self.directory / upload_id.rsplit("/", 1)[-1]).read_bytes()


class _Listener:
    """A loopback TCP listener that hands each connection to `_handle` on its own thread."""

    def __init__(self) -> None:
        self.listener = socket.create_server((LOOPBACK, 0))
        self.port = int(self.listener.getsockname()[1])
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def close(self) -> None:
        self._closed.set()
        # close() alone does not wake a thread blocked in accept() on Linux; shutdown does.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.listener.close()
        self._thread.join(5)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        raise NotImplementedError


class FaultProxy(_Listener):
    """Forwards loopback TCP to `target_port`; faults apply to the next connections."""

    def __init__(self, target_port: int) -> None:
        super().__init__()
        self.target_port = target_port
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self._faults: list[tuple[str, int, float]] = []
        self._rate: float | None = None
        self._lock = threading.Lock()
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    def cut_after(self, n: int, times: int = 1) -> None:
        self._add("cut", n, 0.0, times)

    def reset_after(self, n: int, times: int = 1) -> None:
        self._add("reset", n, 0.0, times)

    def stall_after(self, n: int, seconds: float, times: int = 1) -> None:
        self._add("stall", n, seconds, times)

    def throttle(self, bytes_per_second: float | None) -> None:
        self._rate = bytes_per_second

    def _add(self, kind: str, n: int, seconds: float, times: int) -> None:
        with self._lock:
            self._faults += [(kind, n, seconds)] * times

    def _handle(self, client: socket.socket) -> None:
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
            self.connections += 1
        self._relay(client, fault)

    def _relay(self, client: socket.socket, fault: tuple[str, int, float] | None) -> None:
        try:
            upstream = socket.create_connection((LOOPBACK, self.target_port), timeout=10)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        sent = 0
        started = time.monotonic()
        try:
            while not self._closed.is_set():
                ready, _w, _x = select.select([client, upstream], [], [], 0.2)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is upstream:
                        client.sendall(data)
                        self.bytes_down += len(data)
                        continue
                    if fault is not None and sent + len(data) >= fault[1]:
                        data = data[: max(0, fault[1] - sent)]
                        upstream.sendall(data)
                        self.bytes_up += len(data)
                        self._fault(fault, client, upstream)
                        return
                    upstream.sendall(data)
                    sent += len(data)
                    self.bytes_up += len(data)
                    if self._rate:
                        # Sleep until the bytes sent on this connection match the rate.
                        ahead = sent / self._rate - (time.monotonic() - started)
                        if ahead > 0:
                            time.sleep(min(ahead, 1.0))
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def _fault(self, fault: tuple[str, int, float], *socks: socket.socket) -> None:
        kind, _n, seconds = fault
        if kind == "stall":
            end = time.monotonic() + seconds
            while time.monotonic() < end and not self._closed.is_set():
                time.sleep(0.05)
        if kind == "reset":
            for sock in socks:
                # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class Socks5Server(_Listener):
    """RFC 1928, no authentication, CONNECT only. Names are looked up in `routes` only."""

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, str] = {}
        self.requests: list[tuple[str, str, int]] = []
        self._thread.start()

    def _handle(self, client: socket.socket) -> None:
        with contextlib.closing(client):
            try:
                upstream = self._handshake(client)
            except (OSError, ValueError):
                return
            if upstream is None:
                return
            # A reset from either side (a client refusing the certificate) ends it like a close.
            with contextlib.closing(upstream), contextlib.suppress(OSError):
                while not self._closed.is_set():
                    ready, _w, _x = select.select([client, upstream], [], [], 0.2)
                    for sock in ready:
                        data = sock.recv(65536)
                        if not data:
                            return
                        (upstream if sock is client else client).sendall(data)

    def _handshake(self, client: socket.socket) -> socket.socket | None:
        version, count = _exact(client, 2)
        _exact(client, count)
        if version != 5:
            return None
        client.sendall(b"\x05\x00")
        _ver, command, _rsv, kind = _exact(client, 4)
        if kind == 1:
            host = socket.inet_ntop(socket.AF_INET, _exact(client, 4))
            kind_name = "ipv4"
        elif kind == 4:
            host = socket.inet_ntop(socket.AF_INET6, _exact(client, 16))
            kind_name = "ipv6"
        else:
            host = _exact(client, _exact(client, 1)[0]).decode("ascii")
            kind_name = "domain"
        port = struct.unpack("!H", _exact(client, 2))[0]
        self.requests.append((kind_name, host, port))
        target = host if kind_name != "domain" else self.routes.get(host)
        if command != 1 or target is None:
            client.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
            return None
        try:
            upstream = socket.create_connection((target, port), timeout=10)
        except OSError:
            client.sendall(b"\x05\x05\x00\x01" + bytes(6))  # connection refused
            return None
        client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton(LOOPBACK) + struct.pack("!H", port))
        return upstream


def _exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        piece = sock.recv(n - len(data))
        if not piece:
            raise ValueError("closed")
        data += piece
    return data


class StaticServer:
    """Serves a folder; records (method, path, If-None-Match, If-Modified-Since, status)."""

    def __init__(self, folder: Path, tls: TlsMaterial | None = None) -> None:
        self.folder = folder
        self.requests: list[tuple[str, str, str | None, str | None, int]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner._get(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.scheme = "http"
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(tls.server_cert, tls.server_key)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        host = "localhost" if self.scheme == "https" else LOOPBACK
        return f"{self.scheme}://{host}:{self.port}/{name}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _get(self, handler: BaseHTTPRequestHandler) -> None:
        name = handler.path.split("?", 1)[0].lstrip("/")
        path = self.folder / name
        match = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        if "/" in name or ".." in name or not path.is_file():
            self._answer(handler, 404, match, since)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest() + '"'
        mtime = int(path.stat().st_mtime)
        unchanged = match == etag if match is not None else _not_modified(since, mtime)
        if unchanged:
            self._answer(handler, 304, match, since, {"ETag": etag})
            return
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
            "Content-Length": str(len(body)),
        }
        self._answer(handler, 200, match, since, headers, body)

    def _answer(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        match: str | None,
        since: str | None,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> None:
        self.requests.append(("GET", handler.path, match, since, status))
        headers = dict(headers or {})
        if status != 304:
            headers.setdefault("Content-Length", "0")
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        if body:
            handler.wfile.write(body)


def _not_modified(since: str | None, mtime: int) -> bool:
    if not since:
        return False
    try:
        return int(parsedate_to_datetime(since).timestamp()) >= mtime
    except (TypeError, ValueError):
        return False


__all__ = [
    "FaultProxy",
    "Socks5Server",
    "StaticServer",
    "TlsMaterial",
    "TusServer",
    "free_port",
    "make_tls_material",
]
