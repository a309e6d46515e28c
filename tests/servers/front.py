# SPDX-License-Identifier: GPL-3.0-or-later
"""Something in front of the intake server, on loopback: a captive portal, a filtering proxy, a
load balancer that loses its backend. It forwards every request to the real tus server
unless a scripted reply is waiting for that method; scripted replies are used in order.

Requests are forwarded with their Host header unchanged, so the tus server writes the front's
address into Location and every later request of the upload comes through the front too.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK = "127.0.0.1"
PORTAL_PAGE = b"<!doctype html><title>Sign in</title><form action=/login>Welcome!</form>"
_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


# Who answered what: (method, path, status, scripted?)
Seen = tuple[str, str, int, bool]


class ScriptedFront:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.seen: list[Seen] = []
        # A rule sees (method, request headers) and may answer instead of the server.
        self.rule: Callable[[str, dict[str, str]], Reply | None] | None = None
        self._queued: list[tuple[str, Reply]] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                owner._serve(self)

            do_OPTIONS = do_POST = do_HEAD = do_PATCH = do_DELETE = do_GET = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"

    def answer(self, method: str, reply: Reply, times: int = 1) -> None:
        """Answer the next `times` requests with `method` with `reply` instead of the server."""
        with self._lock:
            self._queued += [(method, reply)] * times

    def clear(self) -> None:
        """Forward everything from now on."""
        with self._lock:
            self._queued.clear()
        self.rule = None

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _scripted(self, method: str, headers: dict[str, str]) -> Reply | None:
        with self._lock:
            for i, (wanted, reply) in enumerate(self._queued):
                if wanted == method:
                    del self._queued[i]
                    return reply
        return self.rule(method, headers) if self.rule is not None else None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        method = handler.command
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        if len(body) < length:
            handler.close_connection = True  # the client broke off: nothing to pass on
            return
        headers = {k: v for k, v in handler.headers.items()}
        reply = self._scripted(method, {k.lower(): v for k, v in headers.items()})
        scripted = reply is not None
        if reply is None:
            reply = self._forward(method, handler.path, headers, body)
        self.seen.append((method, handler.path, reply.status, scripted))
        handler.send_response(reply.status)
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        if reply.body and method != "HEAD":
            handler.wfile.write(reply.body)

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        conn = http.client.HTTPConnection(LOOPBACK, self.target_port, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except OSError:
            return Reply(502, {"Content-Type": "text/html"}, b"Bad Gateway")
        finally:
            conn.close()
        kept = {
            k: v
            for k, v in response.getheaders()
            if k.lower() not in _HOP and k.lower() != "content-length"
        }
        return Reply(response.status, kept, data)


def portal_page() -> Reply:
    """What a hotel or café network answers before its sign-in: a page, 200, no tus header."""
    return Reply(200, {"Content-Type": "text/html"}, PORTAL_PAGE)


def portal_redirect() -> Reply:
    return Reply(302, {"Location": "http://portal.example/login?next=x"}, b"")


__all__ = ["Reply", "ScriptedFront", "portal_page", "portal_redirect"]
