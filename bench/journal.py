# SPDX-License-Identifier: GPL-3.0-or-later
"""Journal with 100,000 entries: search, unlock to list shown, add one entry, 1 GiB import.

Quality bars (DESIGN.md): full-text search p95 ≤ 30 ms; unlock to journal shown ≤ the key
derivation + 150 ms; adding an entry ≤ 20 ms; evidence import with peak memory < 250 MiB.

The vault is filled through `Journal.add` (bench/_journal_data.py: nine languages, people,
links, tags, ~1 % small attachments) with `PRAGMA synchronous = OFF` on the generating
connection; FULL is restored before anything is measured. The anchor is plain SQLite (the
SQLite inside sqlcipher3, opened without a key: the same engine version, no encryption; the
stdlib's SQLite 3.40 cannot create the `contentless_delete` FTS5 table) with the same schema
(the migrations' own DDL) and the same normalised rows, inserted in one transaction. Measured:

- search: `count(Filter(text=q))` + `page(Filter(text=q), limit=100)` for each fixed query,
  warm, interleaved with the same SQL on the anchor;
- open: `vault.unlock()` + `Journal()` + `tidy()` + `count()` + `page(limit=100)` beyond the
  derivation, timed directly (derivation replaced by its result) and as paired differences
  with `kdf.derive` alone at the vault's parameters; anchor: connect + count + page;
- add: `Journal.add` with synchronous = FULL (no attachment), against one transaction of the
  same rows on the anchor (row preparation included on both sides);
- import: `journal.attach()` of a file of random bytes in a child process (peak RSS minus
  RSS before), then read back through `open_attachment` and checked; anchor: SHA-256 of the
  file with plain reads.

Usage: bench/journal.py [--entries N] [--quick] [--keep DIR | --reuse DIR] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

from _common import REPO, environment, percentile, print_json, summary, time_call
from _journal_anchor import Plain
from _journal_data import QUERIES, Generator

from desktop.journal import AttachmentSource, Filter, Journal
from desktop.journal.search import match_expression
from desktop.vault import Vault, kdf
from desktop.vault import header as header_mod
from desktop.vault.database import versions

PASSPHRASE = "orbit lantern kettle vivid meadow"
SEED, ADD_SEED = 2026, 2027
SEARCH_P95_MS, OPEN_BUDGET_MS, ADD_P95_MS, IMPORT_PEAK_MIB = 30.0, 150.0, 20.0, 250.0
MIB = 1024 * 1024


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="default 100000")
    parser.add_argument("--quick", action="store_true", help="5,000 entries, 64 MiB import")
    parser.add_argument("--attachment-mib", type=int, default=1024, help="import size (1024)")
    parser.add_argument("--search-runs", type=int, default=5, help="warm runs per query (5)")
    parser.add_argument("--adds", type=int, default=200, help="entries added (200)")
    parser.add_argument("--open-runs", type=int, default=7, help="unlock runs (7)")
    place = parser.add_mutually_exclusive_group()
    place.add_argument("--keep", type=Path, help="generate into DIR (new) and keep it")
    place.add_argument("--reuse", type=Path, help="use a DIR made by --keep (no generation)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a report")
    args = parser.parse_args()
    if args.quick:
        args.entries, args.attachment_mib = min(args.entries, 5_000), min(args.attachment_mib, 64)
    return args


def generate(vault: Vault, journal: Journal, count: int) -> float:
    """Fill the vault through Journal.add; synchronous = OFF meanwhile, FULL afterwards."""
    conn = vault.connection()
    conn.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    try:
        for index, (content, attachments) in enumerate(Generator(SEED).entries(count), 1):
            journal.add(content, attachments)
            if index % 10_000 == 0:
                elapsed = time.perf_counter() - start
                print(f"  generated {index:,}/{count:,} ({elapsed:.0f} s)", file=sys.stderr)
    finally:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA synchronous = FULL")
    if conn.execute("PRAGMA synchronous").fetchone()[0] != 2:
        raise SystemExit("bench: synchronous was not restored to FULL")
    return time.perf_counter() - start


def prepare(args: argparse.Namespace, tmp: Path) -> tuple[Vault, Plain, dict[str, Any]]:
    base = args.reuse or args.keep or tmp
    vault, meta_path = Vault(base / "vault"), base / "bench-meta.json"
    info: dict[str, Any] = {"directory": str(base)}
    if args.reuse:
        meta = json.loads(meta_path.read_text())
        args.entries = meta["entries"]
        vault.unlock(PASSPHRASE)
        return vault, Plain(base / "anchor.db"), info | {"reused": True}
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        raise SystemExit(f"bench: --keep {args.keep} is not empty (use --reuse)")
    base.mkdir(parents=True, exist_ok=True)
    vault.create(PASSPHRASE)  # kdf.calibrate(), as the app does
    print(f"Generating {args.entries:,} entries (synchronous = OFF)…", file=sys.stderr)
    info["generation_seconds"] = generate(vault, Journal(vault), args.entries)
    plain = Plain(base / "anchor.db")
    info["anchor_fill_seconds"] = time_call(lambda: plain.fill(args.entries, SEED))
    meta_path.write_text(json.dumps({"entries": args.entries, "seed": SEED}))
    return vault, plain, info | {"reused": False}


def measure_search(journal: Journal, plain: Plain, runs: int) -> dict[str, Any]:
    rows, bastion, anchor = [], [], []
    for label, query in QUERIES:
        flt, expression = Filter(text=query), match_expression(query)

        def ui(flt: Filter = flt) -> None:
            journal.count(flt)
            journal.page(flt, limit=100)

        ui()  # warm-up
        plain.search(expression)
        mine, theirs = [], []
        for _ in range(runs):
            mine.append(time_call(ui))
            theirs.append(time_call(lambda e=expression: plain.search(e)))
        hits = journal.count(flt)
        rows.append(
            {"label": label, "query": query, "hits": hits, "anchor_hits": plain.search(expression),
             "bastion": summary(mine), "anchor": summary(theirs)}
        )  # fmt: skip
        bastion += mine
        anchor += theirs
    return {"queries": rows, "bastion": bastion, "anchor": anchor}


def measure_add(vault: Vault, journal: Journal, plain: Plain, count: int) -> dict[str, Any]:
    contents = [content for content, _ in Generator(ADD_SEED).entries(count + 5)]
    added, anchor_ids, mine, theirs = [], [], [], []
    for index, content in enumerate(contents):
        bastion_time = time_call(lambda c=content: added.append(journal.add(c)))
        anchor_time = time_call(lambda c=content: anchor_ids.append(plain.add(c)))
        if index >= 5:  # five warm-up adds
            mine.append(bastion_time)
            theirs.append(anchor_time)
    for uid in added:  # leave a kept vault as generated
        journal.delete(uid)
    plain.delete(anchor_ids)
    return {"bastion": mine, "anchor": theirs}


def measure_open(vault: Vault, plain: Plain, runs: int) -> dict[str, Any]:
    sealed = header_mod.decode(vault.header_path.read_bytes())
    params = sealed.kdf

    def show_list() -> None:
        vault.unlock(PASSPHRASE)
        journal = Journal(vault)
        journal.tidy()
        journal.count()
        journal.page(limit=100)

    derive, full, anchor, direct = [], [], [], []
    vault.lock()
    for _ in range(runs):
        derive.append(time_call(lambda: kdf.derive(PASSPHRASE, sealed.salt, params)))
        full.append(time_call(show_list))
        vault.lock()
    kek = kdf.derive(PASSPHRASE, sealed.salt, params)
    with mock.patch.object(kdf, "derive", side_effect=lambda *_: bytearray(kek)):
        for index in range(23):
            seconds = time_call(show_list)
            vault.lock()
            anchor_seconds = time_call(plain.open_list)
            if index >= 3:
                direct.append(seconds)
                anchor.append(anchor_seconds)
    kind = "FLOOR" if params == kdf.FLOOR else "calibrated"
    return {
        "params": f"{kind}: {params.memory_kib // 1024} MiB, t={params.time_cost}, "
        f"p={params.parallelism}",
        "derive": derive, "full": full, "direct": direct, "anchor": anchor,
        "paired_beyond": [f - d for f, d in zip(full, derive, strict=True)],
    }  # fmt: skip


def measure_import(size_mib: int, workdir: Path) -> dict[str, Any]:
    need = max(3 * 1024, 3 * size_mib) * MIB
    free = shutil.disk_usage(workdir).free
    if free < need:
        return {"skipped": f"{free / MIB / 1024:.1f} GiB free, {need / MIB / 1024:.0f} needed"}
    directory = Path(tempfile.mkdtemp(prefix="bastion-bench-import-", dir=workdir))
    try:
        vault = Vault(directory / "vault")
        vault.create(PASSPHRASE, kdf.FLOOR)
        uid = Journal(vault).add(next(Generator(SEED).entries(1))[0])
        sealed = header_mod.decode(vault.header_path.read_bytes())
        kek = kdf.derive(PASSPHRASE, sealed.salt, sealed.kdf)
        vault.lock()
        source = directory / "evidence.bin"
        with source.open("wb") as handle:
            for _ in range(size_mib):
                handle.write(os.urandom(MIB))
        start, digest = time.perf_counter(), hashlib.sha256()
        with source.open("rb") as handle:
            for block in iter(lambda: handle.read(MIB), b""):
                digest.update(block)
        hash_seconds = time.perf_counter() - start
        request = {"vault": str(vault.directory), "kek": kek.hex(), "uid": uid, "path": str(source)}
        child = subprocess.run(
            [sys.executable, __file__, "--import-child"], input=json.dumps(request),
            capture_output=True, text=True, cwd=REPO, timeout=1800, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            sys.stderr.write(child.stdout + child.stderr)
            raise SystemExit("bench: the import child failed")
        result: dict[str, Any] = json.loads(child.stdout)
        result |= {"bytes": size_mib * MIB, "hash_seconds": hash_seconds}
        result["sha256_ok"] = result["sha256_read"] == result["sha256_info"] == digest.hexdigest()
        return result
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _maxrss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def import_child() -> int:
    """Runs in its own process so ru_maxrss belongs to the import alone."""
    request = json.load(sys.stdin)
    kek = bytes.fromhex(request["kek"])
    vault = Vault(Path(request["vault"]))
    with mock.patch.object(kdf, "derive", side_effect=lambda *_: bytearray(kek)):
        vault.unlock(PASSPHRASE)  # no Argon2id here: its memory would mask the import's
    journal = Journal(vault)
    journal.attach(request["uid"], [AttachmentSource(data=b"warm-up")])  # imports, first use

    # ru_maxrss is not usable here: Linux carries the parent's peak over into the child at
    # exec. VmHWM belongs to this process's memory map, and writing 5 to clear_refs resets it.
    def status_kib(field: str) -> int:
        with open("/proc/self/status") as handle:
            return next(int(x.split()[1]) for x in handle if x.startswith(field + ":"))

    linux = os.path.exists("/proc/self/clear_refs")
    if linux:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    peak = (lambda: status_kib("VmHWM")) if linux else (lambda: _maxrss_kib())
    baseline = status_kib("VmRSS") if linux else peak()
    start = time.perf_counter()
    (info,) = journal.attach(request["uid"], [AttachmentSource(path=Path(request["path"]))])
    import_seconds = time.perf_counter() - start
    import_peak = peak()
    start, digest = time.perf_counter(), hashlib.sha256()
    _, chunks = journal.open_attachment(info.uid)
    for chunk in chunks:
        digest.update(chunk)
    read_seconds = time.perf_counter() - start
    read_peak = peak()
    vault.lock()
    print(json.dumps({
        "baseline_kib": baseline, "ru_maxrss_kib": _maxrss_kib(), "peak_source": "VmHWM"
        if linux else "ru_maxrss",
        "import_peak_kib": import_peak, "read_peak_kib": read_peak,
        "import_seconds": import_seconds, "read_seconds": read_seconds,
        "sha256_info": info.sha256, "sha256_read": digest.hexdigest(),
    }))  # fmt: skip
    return 0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def line(name: str, value: float, anchor: float, target: float | None, unit: str = "ms") -> str:
    """`name: value (anchor value, ratio) target → PASS/FAIL`, times given in seconds."""
    scale = 1000 if unit == "ms" else 1
    text = f"{name}: {value * scale:.1f} {unit} (anchor {anchor * scale:.1f} {unit}, "
    text += f"{value / anchor:.2f} ×)"
    if target is None:
        return text + "  no target"
    verdict = "PASS" if value * scale <= target else "FAIL"
    return text + f"  target ≤ {target:g} {unit} → {verdict}"


def report(result: dict[str, Any]) -> list[str]:
    """Prints the report; returns the verdict lines."""
    search, add, opened, info = result["search"], result["add"], result["open"], result["info"]
    print(f"Journal benchmark: {result['entries']:,} entries, {info['directory']}")
    if info["reused"]:
        print("vault reused (--reuse): no generation in this run")
    else:
        print(
            f"generation: {info['generation_seconds']:.0f} s through Journal.add with PRAGMA "
            f"synchronous = OFF on the generating connection (FULL restored before measuring); "
            f"anchor filled in {info['anchor_fill_seconds']:.0f} s (one transaction)"
        )
    env = result["environment"]
    print(
        f"KDF: {opened['params']}; SQLCipher {env['sqlcipher']} (SQLite {env['sqlite']}), "
        f"Python {env['python']}, {env['cpus']} CPUs"
    )
    print()
    print(f"Search, per query (count + first page of 100; {result['search_runs']} warm runs)")
    print(f"{'query':<34} {'hits':>7} {'median':>9} {'max':>9} {'anchor':>9} {'ratio':>6}")
    for row in search["queries"]:
        b, a = row["bastion"], row["anchor"]
        name = f"{row['label']} «{row['query']}»"
        mark = "" if row["hits"] == row["anchor_hits"] else f"  (anchor {row['anchor_hits']})"
        print(
            f"{name:<34} {row['hits']:>7} {b['median'] * 1000:>6.1f} ms {b['max'] * 1000:>6.1f} ms"
            f" {a['median'] * 1000:>6.1f} ms {b['median'] / a['median']:>5.2f}×{mark}"
        )
    print()
    q = percentile
    beyond = summary(opened["direct"])["median"]
    verdicts = [
        line("search p50", q(search["bastion"], 0.5), q(search["anchor"], 0.5), None),
        line("search p95", q(search["bastion"], 0.95), q(search["anchor"], 0.95), SEARCH_P95_MS),
        line("open journal beyond derivation", beyond, summary(opened["anchor"])["median"],
             OPEN_BUDGET_MS),
        line("add one entry p50", q(add["bastion"], 0.5), q(add["anchor"], 0.5), None),
        line("add one entry p95", q(add["bastion"], 0.95), q(add["anchor"], 0.95), ADD_P95_MS),
    ]  # fmt: skip
    print("\n".join(verdicts))
    print(
        f"  (open: derivation alone {ms(summary(opened['derive'])['median'])}, unlock → list "
        f"shown {ms(summary(opened['full'])['median'])}, paired difference "
        f"{ms(summary(opened['paired_beyond'])['median'])}; the direct figure replaces the "
        f"derivation by its result)"
    )
    imported = result["import"]
    if "skipped" in imported:
        print(f"import: SKIPPED ({imported['skipped']})")
        return verdicts
    size = imported["bytes"]
    peak = (imported["import_peak_kib"] - imported["baseline_kib"]) / 1024
    ok = peak < IMPORT_PEAK_MIB and imported["sha256_ok"]
    rate = size / MIB / imported["import_seconds"]
    hash_rate = size / MIB / imported["hash_seconds"]
    verdicts.append(
        f"import {size // MIB} MiB: peak +{peak:.1f} MiB over RSS before "
        f"(process peak {imported['import_peak_kib'] / 1024:.0f} MiB), {rate:.0f} MiB/s "
        f"(anchor sha256 {hash_rate:.0f} MiB/s, {rate / hash_rate:.2f} ×)  "
        f"target < {IMPORT_PEAK_MIB:g} MiB → {'PASS' if ok else 'FAIL'}"
    )
    print(verdicts[-1])
    read_peak = (imported["read_peak_kib"] - imported["baseline_kib"]) / 1024
    print(
        f"  read back: {size / MIB / imported['read_seconds']:.0f} MiB/s, peak +{read_peak:.1f} "
        f"MiB, SHA-256 {'matches' if imported['sha256_ok'] else 'DIFFERS'}"
    )
    return verdicts


def main() -> int:
    if sys.argv[1:2] == ["--import-child"]:
        return import_child()
    args = parse_arguments()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bastion-bench-journal-") as tmp:
        vault, plain, info = prepare(args, Path(tmp))
        journal = Journal(vault)
        print("Measuring…", file=sys.stderr)
        result: dict[str, Any] = {"benchmark": "journal", "entries": args.entries, "info": info}
        result["search_runs"] = args.search_runs
        result["search"] = measure_search(journal, plain, args.search_runs)
        result["add"] = measure_add(vault, journal, plain, args.adds)
        result["open"] = measure_open(vault, plain, args.open_runs)
        vault.lock()
        plain.conn.close()
        result["import"] = measure_import(args.attachment_mib, Path(info["directory"]))
    result["seconds"] = time.perf_counter() - started
    db = versions()
    result["environment"] = environment() | {"sqlcipher": db["sqlcipher"], "sqlite": db["sqlite"]}
    if args.json:
        print_json(result)
        return 0
    verdicts = report(result)
    passed = sum("→ PASS" in v for v in verdicts)
    failed = sum("→ FAIL" in v for v in verdicts)
    print(f"summary: {passed} PASS, {failed} FAIL ({result['seconds']:.0f} s in all)")
    return 0  # a benchmark reports; it does not gate


if __name__ == "__main__":
    sys.exit(main())
