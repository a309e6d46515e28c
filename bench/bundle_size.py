# SPDX-License-Identifier: GPL-3.0-or-later
"""Frozen bundle: Bastion against a bare PySide6 window built with the same PyInstaller spec.

Quality bar (issue 14): ≤ 1.2 × the bare build's size, ≤ 1.5 × its frozen start-up.

Both are built in this run through packaging/bastion.spec (the bare one with
BASTION_BARE_ENTRY set: the same exclusions, plugin and data trimming, stripping; only
Bastion's own modules and data are left out), into build/bench/. Measured: unpacked size
(bytes of every file), compressed size (tar, gzip -9, as `make build`'s archive), and frozen
start-up from spawn to exit after the first paint (Bastion: the unlock screen of a vault made
beforehand, `--exit-when-shown`; bare: a 960×680 window quitting on its first paint, as
bench/startup.py's anchor). Runs are interleaved. Then the biggest parts Bastion adds.

Usage: bench/bundle_size.py [--runs N] [--reuse] [--json]
  --reuse: measure the builds build/bench/ already holds (no PyInstaller run)
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from _common import (
    environment,
    ms,
    print_json,
    print_table,
    summary,
    time_interleaved,
    time_process,
    verdict,
)
from startup import ANCHOR_SCRIPT, PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
SIZE_TARGET = 1.2
START_TARGET = 1.5


class _Counter(io.RawIOBase):
    """A sink that counts what gzip writes into it."""

    def __init__(self) -> None:
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.count += len(data)
        return len(data)


def build(name: str, bare_entry: Path | None) -> Path:
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("BASTION_BARE_ENTRY", None)
    if bare_entry is not None:
        env["BASTION_BARE_ENTRY"] = str(bare_entry)
    dist, work = OUT / name / "dist", OUT / name / "work"
    shutil.rmtree(OUT / name, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "ERROR"]
        + ["--distpath", str(dist), "--workpath", str(work), "packaging/bastion.spec"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    folder = dist / ("bare" if bare_entry else "bastion")
    # As scripts/build.sh: links left dangling by dropped plugins' libraries.
    for path in folder.rglob("*"):
        if path.is_symlink() and not path.exists():
            path.unlink()
    return folder


def unpacked(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def compressed(folder: Path) -> int:
    sink = _Counter()
    with (
        gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=9, mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w|", format=tarfile.GNU_FORMAT) as tar,
    ):
        tar.add(folder, arcname=folder.name)
    return sink.count


def biggest_additions(app: Path, bare: Path, count: int = 8) -> list[tuple[str, int]]:
    """Top-level parts of _internal (folders summed) that the bare build lacks or has smaller."""

    def parts(folder: Path) -> dict[str, int]:
        sizes: dict[str, int] = {}
        base = folder / "_internal"
        for path in base.rglob("*"):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(base).parts
                key = "/".join(rel[:2]) if rel[0] == "PySide6" and len(rel) > 2 else rel[0]
                sizes[key] = sizes.get(key, 0) + path.stat().st_size
        return sizes

    mine, theirs = parts(app), parts(bare)
    extra = {k: v - theirs.get(k, 0) for k, v in mine.items() if v > theirs.get(k, 0)}
    return sorted(extra.items(), key=lambda item: -item[1])[:count]


def measure(runs: int, reuse: bool) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    entry = OUT / "bare_window.py"
    entry.write_text(ANCHOR_SCRIPT, encoding="utf-8")
    if reuse:
        app, bare = OUT / "app" / "dist" / "bastion", OUT / "bare" / "dist" / "bare"
    else:
        app, bare = build("app", None), build("bare", entry)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="bastion-bench-bundle-") as tmp:
        data = Path(tmp) / "data"
        time_process(
            [str(app / "bastion"), "--data-dir", str(data), "init", "--kdf-seconds", "0"],
            env=env,
            stdin_text=PASSPHRASE + "\n",
        )
        app_argv = [str(app / "bastion"), "--data-dir", str(data), "--exit-when-shown"]
        bare_argv = [str(bare / "bare")]
        bare_times, app_times = time_interleaved(bare_argv, app_argv, runs, env=env)
    app_size, app_files = unpacked(app)
    bare_size, bare_files = unpacked(bare)
    app_gz, bare_gz = compressed(app), compressed(bare)
    start_ratio = summary(app_times)["median"] / summary(bare_times)["median"]
    return {
        "benchmark": "bundle_size",
        "runs": runs,
        "app": {"bytes": app_size, "files": app_files, "gzip": app_gz},
        "bare": {"bytes": bare_size, "files": bare_files, "gzip": bare_gz},
        "size_ratio": app_size / bare_size,
        "gzip_ratio": app_gz / bare_gz,
        "size_target": SIZE_TARGET,
        "size_verdict": verdict(app_size / bare_size, SIZE_TARGET),
        "gzip_verdict": verdict(app_gz / bare_gz, SIZE_TARGET),
        "startup": {"app": summary(app_times), "bare": summary(bare_times)},
        "startup_ratio": start_ratio,
        "startup_target": START_TARGET,
        "startup_verdict": verdict(start_ratio, START_TARGET),
        "biggest_additions": biggest_additions(app, bare),
        "environment": environment(),
    }


def report(result: dict[str, Any]) -> None:
    app, bare = result["app"], result["bare"]
    mib = 1024 * 1024
    print("Frozen bundles built with the same spec (packaging/bastion.spec)")
    print()
    print_table(
        ["", "unpacked MiB", "files", "tar.gz MiB", "start-up median ms"],
        [
            [
                "bare PySide6 window (anchor)",
                f"{bare['bytes'] / mib:.1f}",
                str(bare["files"]),
                f"{bare['gzip'] / mib:.1f}",
                ms(result["startup"]["bare"]["median"]),
            ],
            [
                "Bastion",
                f"{app['bytes'] / mib:.1f}",
                str(app["files"]),
                f"{app['gzip'] / mib:.1f}",
                ms(result["startup"]["app"]["median"]),
            ],
        ],
    )
    print()
    print(
        f"size ratio (unpacked): {result['size_ratio']:.2f}  target ≤ {SIZE_TARGET}  "
        f"{result['size_verdict']}"
    )
    print(
        f"size ratio (tar.gz):   {result['gzip_ratio']:.2f}  target ≤ {SIZE_TARGET}  "
        f"{result['gzip_verdict']}"
    )
    print(
        f"start-up ratio:        {result['startup_ratio']:.2f}  target ≤ {START_TARGET}  "
        f"{result['startup_verdict']}  ({result['runs']} runs each, interleaved)"
    )
    print()
    print("What Bastion adds, biggest first (MiB):")
    for name, size in result["biggest_additions"]:
        print(f"  {size / mib:7.1f}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="measure the builds already made")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs, args.reuse)
    if args.json:
        print_json(result)
    else:
        report(result)
    return 0  # a benchmark reports; it does not gate


if __name__ == "__main__":
    sys.exit(main())
