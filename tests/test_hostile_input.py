# SPDX-License-Identifier: GPL-3.0-or-later
"""Deeply nested and huge structured input, fed to every parser of outside data.

Each case runs in a child process, on a worker thread with a 128 KiB stack (what threads get
by default where the C library is musl): a parser that recursed once per nesting level would
crash the child there, not pytest. Every input must end as the area's typed "invalid" error
(or a problem code), never a crash, a traceback or a hang. desktop/bounded.py bounds JSON;
desktop/training/source.py bounds YAML nesting before PyYAML's composer runs.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pyrage
import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import sys, threading
from pathlib import Path
{setup}
threading.stack_size(128 * 1024)
data = Path(sys.argv[1]).read_bytes()
outcome = []
def work():
    try:
        outcome.append("returned " + str(parse(data)))
    except Exception as exc:
        outcome.append(" ".join([type(exc).__name__, *map(str, exc.args)]))
worker = threading.Thread(target=work)
worker.start()
worker.join()
print(outcome[0])
"""

YAML = """
from desktop.training.source import load_yaml
def parse(data):
    problems = []
    load_yaml("pack.yaml", data, problems)
    return [p.code for p in problems]
"""
PROFILE = """
from desktop.profiles.model import parse_profile
parse = parse_profile
"""
HEADER = """
from desktop.vault.header import decode
parse = decode
"""
INDEX = """
from desktop.sync.updates import parse_index
def parse(data):
    return parse_index(data, "https://updates.example.org/index.json")
"""
PACK_MANIFEST = """
from desktop.training.archive import parse_manifest
parse = parse_manifest
"""
REPORT = """
import io, pyrage
from desktop.reports.opener import open_report
def parse(data):
    identity = pyrage.x25519.Identity.from_str(Path(sys.argv[2]).read_text().strip())
    return open_report(io.BytesIO(data), [identity]).ok
"""

DEEP_FLOW = b"[" * 100_000 + b"]" * 100_000
NESTED_BLOCKS = b"- " * 80_000 + b"x"
NESTED_MAPPINGS = b"{a: " * 40_000 + b"1" + b"}" * 40_000
INDENTED = b"".join(b" " * i + b"k:\n" for i in range(200)) + b" " * 200 + b"k: 1\n"
# Under the 64 KiB that key headers, profiles and update indexes may have.
DEEP_JSON = b"[" * 30_000 + b"]" * 30_000


def header_with(**kdf: object) -> bytes:
    """A key header whose kdf fields are replaced by raw JSON text (so 1e400 stays 1e400)."""
    fields = {"algorithm": '"argon2id"', "memory_kib": "65536", "time_cost": "3"}
    fields.update({"parallelism": "4", **{k: str(v) for k, v in kdf.items()}})
    kdf_text = ", ".join(f'"{k}": {v}' for k, v in fields.items())
    return (
        '{"format": "bastion-vault-key", "version": 1, "vault_id": "' + "a" * 32 + '", '
        '"kdf": {' + kdf_text + '}, "salt": "", "wrap": {}}'
    ).encode()


def profile_with(version: str) -> bytes:
    return ('{"format": "bastion-profile", "format_version": 1, "version": ' + version).encode()


CASES = {
    # YAML: each of these crashed the process inside PyYAML's composer before the fix.
    "yaml-flow": (YAML, DEEP_FLOW, "returned ['too-deep']"),
    "yaml-blocks": (YAML, NESTED_BLOCKS, "returned ['too-deep']"),
    "yaml-mappings": (YAML, NESTED_MAPPINGS, "returned ['too-deep']"),
    "yaml-indented": (YAML, INDENTED, "returned ['too-deep']"),
    # JSON: each parser gets a bracket bomb and an out-of-range number.
    "profile-deep": (PROFILE, DEEP_JSON, "ProfileInvalidError [':too-deep']"),
    "profile-1e400": (PROFILE, profile_with("1e400}"), "ProfileInvalidError [':number']"),
    "profile-long-int": (
        PROFILE,
        profile_with("9" * 5000 + "}"),
        "ProfileInvalidError [':number']",
    ),
    "header-deep": (HEADER, DEEP_JSON, "HeaderCorruptError depth"),
    "header-1e400": (HEADER, header_with(memory_kib="1e400"), "HeaderCorruptError number"),
    "header-long-int": (HEADER, header_with(time_cost="9" * 4000), "HeaderCorruptError number"),
    "header-nan": (HEADER, header_with(parallelism="NaN"), "HeaderCorruptError json"),
    "index-deep": (INDEX, DEEP_JSON, "UpdateIndexInvalidError"),
    "pack-manifest-deep": (
        PACK_MANIFEST,
        b"[" * 500_000,
        "PackManifestError malformed manifest.json",
    ),
    "pack-manifest-1e400": (
        PACK_MANIFEST,
        b'{"files": [{"path": "pack.yaml", "size": 1e400, "sha256": ""}]}',
        "PackManifestError malformed manifest.json",
    ),
}


def run_child(setup: str, data: bytes, tmp_path: Path, *extra: str) -> str:
    source = tmp_path / "input.bin"
    source.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(setup=setup), str(source), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"child ended with {result.returncode}: {result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(("setup", "data", "expected"), CASES.values(), ids=CASES.keys())
def test_hostile_structured_input_is_refused_without_a_crash(
    setup: str, data: bytes, expected: str, tmp_path: Path
) -> None:
    assert run_child(setup, data, tmp_path) == expected


def test_a_pack_nested_just_within_the_limit_is_still_read(tmp_path: Path) -> None:
    from desktop.training.source import MAX_DEPTH

    data = b"[" * MAX_DEPTH + b"1" + b"]" * MAX_DEPTH
    assert run_child(YAML, data, tmp_path) == "returned []"


# ---------------------------------------------------------------------- reports
def encrypted_report(files: dict[str, bytes], identity: pyrage.x25519.Identity) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"bastion-report-x/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return pyrage.encrypt(raw.getvalue(), [identity.to_public()])


def manifest(**extra: object) -> bytes:
    document = {"format": "bastion-report", "format_version": 1, "files": [], "entries": []}
    return json.dumps({**document, **extra}).encode()


REPORTS = {
    "manifest-deep": {"manifest.json": b"[" * 1_000_000},
    "manifest-1e400": {"manifest.json": manifest(format_version=1).replace(b"1,", b"1e400,", 1)},
    "manifest-size-1e400": {
        "manifest.json": manifest().replace(
            b'"files": []', b'"files": [{"path": "a", "size": 1e400, "sha256": ""}]'
        )
    },
    "entries-deep": {"manifest.json": manifest(), "entries.json": b'{"a": ' * 200_000},
}


@pytest.mark.parametrize("files", REPORTS.values(), ids=REPORTS.keys())
def test_hostile_report_documents_are_not_a_report(files: dict[str, bytes], tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    (tmp_path / "identity.txt").write_text(f"{identity}\n")
    bundle = encrypted_report(files, identity)
    outcome = run_child(REPORT, bundle, tmp_path, str(tmp_path / "identity.txt"))
    assert outcome == "BundleFormatError"
