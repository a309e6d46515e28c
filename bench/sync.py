# SPDX-License-Identifier: GPL-3.0-or-later
"""Resumable upload: bytes sent through a cutting proxy, and throughput against curl.

Quality bars (issue 6):
- 200 MiB uploaded through a proxy that cuts the connection 10 times: the upload completes,
  the server's file is byte-identical, and the bytes that crossed the proxy are at most
  1.15 × the payload (resume never re-sends what the server has).
- Throughput on loopback, as a ratio to `curl` uploading the same bytes to the same server
  (one tus PATCH of the whole file, the best case for a client that never has to resume).

Both talk to the official @tus/server with its file store (tests/servers, installed by
`make bench`). Usage: bench/sync.py [--size-mib N] [--cuts N] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, environment, median, print_json

sys.path.insert(0, str(REPO))

from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_UPLOADED, Outbox
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.vault import Vault, kdf
from tests.servers.harness import FaultProxy, TusServer
from tests.sync.support import add_org, queue_bytes

PASSPHRASE = "orbit lantern kettle vivid meadow"
MIB = 1024 * 1024
BYTES_TARGET, DIRECT = 1.15, SyncSettings(proxy=PROXY_NONE)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--cuts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args()


def fresh_vault(workdir: Path, name: str) -> Vault:
    vault = Vault(workdir / name)
    vault.create(PASSPHRASE, kdf.FLOOR)
    return vault


def interrupted(workdir: Path, data: bytes, cuts: int) -> dict[str, Any]:
    server = TusServer(workdir / "tus-cut")
    proxy = FaultProxy(server.port)
    try:
        vault = fresh_vault(workdir, "vault-cut")
        add_org(vault, proxy.url("/files/"))
        queue_bytes(vault, data)
        # Cuts spread over the upload: each connection dies after a few MiB.
        step = max(MIB, len(data) // (cuts + 1))
        for _ in range(cuts):
            proxy.cut_after(step)
        passes = 0
        began = time.perf_counter()
        while Outbox(vault).items()[0].state != STATE_UPLOADED and passes < 10 * (cuts + 1):
            run_pass(vault, settings=DIRECT, force=True, updates=False)
            passes += 1
        elapsed = time.perf_counter() - began
        done = Outbox(vault).items()[0].state == STATE_UPLOADED
        stored = server.stored(server.uploads()[0]["id"]) if done else b""
        identical = hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()
        vault.lock()
        return {
            "completed": done,
            "identical": identical,
            "connections": proxy.connections,
            "passes": passes,
            "bytes_up": proxy.bytes_up,
            "ratio": proxy.bytes_up / len(data),
            "seconds": elapsed,
        }
    finally:
        proxy.close()
        server.close()


def bastion_upload(workdir: Path, data: bytes, number: int) -> float:
    server = TusServer(workdir / f"tus-b{number}")
    try:
        vault = fresh_vault(workdir, f"vault-b{number}")
        add_org(vault, server.url)
        queue_bytes(vault, data)
        began = time.perf_counter()
        report = run_pass(vault, settings=DIRECT, updates=False)
        elapsed = time.perf_counter() - began
        assert report.uploads[0].state == STATE_UPLOADED
        vault.lock()
        return elapsed
    finally:
        server.close()


def curl_upload(workdir: Path, payload: Path, size: int, number: int) -> float:
    server = TusServer(workdir / f"tus-c{number}")
    try:
        created = subprocess.run(
            [
                "curl",
                "-s",
                "-i",
                "-X",
                "POST",
                "-H",
                "Tus-Resumable: 1.0.0",
                "-H",
                f"Upload-Length: {size}",
                server.url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        location = next(
            line.split(":", 1)[1].strip()
            for line in created.splitlines()
            if line.lower().startswith("location:")
        )
        began = time.perf_counter()
        subprocess.run(
            [
                "curl",
                "-s",
                "-f",
                "-X",
                "PATCH",
                "-H",
                "Tus-Resumable: 1.0.0",
                "-H",
                "Upload-Offset: 0",
                "-H",
                "Content-Type: application/offset+octet-stream",
                "-H",
                "Expect:",
                "--data-binary",
                f"@{payload}",
                location,
            ],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - began
    finally:
        server.close()


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    data = os.urandom(args.size_mib * MIB)
    payload = workdir / "payload.bin"
    payload.write_bytes(data)
    cut = interrupted(workdir, data, args.cuts)
    ours, theirs = [], []
    for number in range(args.runs):  # interleaved, so both see the same machine load
        theirs.append(curl_upload(workdir, payload, len(data), number))
        ours.append(bastion_upload(workdir, data, number))
    return {
        "benchmark": "sync",
        "size_mib": args.size_mib,
        "interrupted": cut,
        "bytes_target": BYTES_TARGET,
        "bytes_pass": cut["completed"] and cut["identical"] and cut["ratio"] <= BYTES_TARGET,
        "bastion_seconds": ours,
        "curl_seconds": theirs,
        "throughput_ratio": median(theirs) / median(ours),
        "environment": environment(),
    }


def report(result: dict[str, Any]) -> None:
    cut, size = result["interrupted"], result["size_mib"]
    verdict = "PASS" if result["bytes_pass"] else "FAIL"
    print(f"sync: {size} MiB through a proxy that cut {cut['connections'] - 1} connections")
    print(
        f"  completed={cut['completed']} identical={cut['identical']} passes={cut['passes']} "
        f"bytes sent = {cut['ratio']:.3f} × payload (target ≤ {BYTES_TARGET}) {verdict}"
    )
    mb = size * MIB / 1e6
    ours, curl = mb / median(result["bastion_seconds"]), mb / median(result["curl_seconds"])
    ratio = result["throughput_ratio"]
    print(f"  loopback: Bastion {ours:.0f} MB/s, curl {curl:.0f} MB/s → {ratio:.2f} × curl")


def main() -> int:
    args = parse_arguments()
    if shutil.which("curl") is None or not (REPO / "tests/servers/node_modules").is_dir():
        print("sync benchmark: needs curl and `npm ci` in tests/servers (make bench); skipped")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="bastion-bench-sync-"))
    try:
        result = run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print_json(result)
    else:
        report(result)
    return 0 if result["bytes_pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
