# SPDX-License-Identifier: GPL-3.0-or-later
"""`report open` (desktop/reports/opener.py) on generated and hand-made hostile bundles.

Every bundle is opened with an output folder inside a fresh sandbox: it must end as an
OpenedReport or a typed refusal, and the sandbox may afterwards hold nothing but the report's
own folder, and that only for a whole report. The cases of tests/reports/hostile.py (links,
devices, sparse members, lying sizes) are not repeated; these add names, headers, types and
documents they do not try.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.reports.errors import (
    BundleDamagedError,
    BundleFormatError,
    BundleTooNewError,
    BundleUnsafeError,
    WrongIdentityError,
)
from desktop.reports.opener import OpenedReport, open_report
from tests.hostile import tarbuild
from tests.hostile.support import NASTY, edited_json, mutated, nasty_text, run, tree
from tests.hostile.tarbuild import TERABYTE, TOP, Member, archive, good_files, report

PARSER = "report bundle (report open)"
REFUSALS = (
    BundleDamagedError,
    BundleFormatError,
    BundleTooNewError,
    BundleUnsafeError,
    WrongIdentityError,
)
IDENTITY = pyrage.x25519.Identity.generate()
GOOD = tarbuild.good()
pytestmark = pytest.mark.timeout(300)


def open_in_sandbox(base: Path, ciphertext: bytes, *, corpus: bool = False) -> OpenedReport | None:
    """Open `ciphertext` into a new sandbox below `base`; checks what it left there."""
    sandbox = Path(tempfile.mkdtemp(dir=base))
    out = sandbox / "out"
    before = tree(sandbox)
    outcome = run(
        PARSER,
        lambda: open_report(io.BytesIO(ciphertext), [IDENTITY], out),
        REFUSALS,
        corpus=corpus,
    )
    after = tree(sandbox)
    opened: OpenedReport | None = outcome.value
    if opened is None or not opened.ok:
        assert after == before, "a refused or incomplete report left files behind"
        return opened
    assert opened.extracted is not None
    assert opened.extracted.parent == out
    assert opened.extracted.name == opened.top
    for name, _size in after:
        path = sandbox / name
        assert name == "out" or path.is_relative_to(opened.extracted), name
        assert not path.is_symlink(), name
        assert path.is_file() or path.is_dir(), name
    return opened


def encrypt(plain: bytes) -> bytes:
    return pyrage.encrypt(plain, [IDENTITY.to_public()])


# ---------------------------------------------------------------------- generated
@given(plain=mutated(GOOD, max_edits=6))
def test_mutated_archives(plain: bytes, tmp_path: Path) -> None:
    open_in_sandbox(tmp_path, encrypt(plain))


names = st.one_of(
    st.sampled_from(["manifest.json", "entries.json", tarbuild.ATTACHMENT, "report.html"]),
    nasty_text,
    st.sampled_from(["", ".", "..", "../x", "a/../../x", "./x", "a//b", "a/", "x\\y", "ä/ö"]),
)
kinds = st.sampled_from(
    [tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE]
    + [tarfile.CHRTYPE, tarfile.FIFOTYPE, tarfile.CONTTYPE, b"Z", b"V", b"M", b"D", b"x", b"g"]
)
sizes = st.one_of(st.none(), st.integers(-5, 5000), st.sampled_from([TERABYTE, 2**63, -(2**40)]))
pax_records = st.dictionaries(
    st.sampled_from(["path", "size", "linkpath", "GNU.sparse.size", "hdrcharset", "mtime"])
    | nasty_text,
    st.sampled_from(["", "-1", "1e400", "BINARY", str(TERABYTE), "9" * 40]) | nasty_text,
    max_size=3,
)


@st.composite
def members(draw: st.DrawFn) -> Member:
    top = draw(st.sampled_from([TOP, TOP, "/" + TOP, "..", "other"]))
    name = draw(names)
    return Member(
        name=f"{top}/{name}" if name else top,
        data=draw(st.binary(max_size=600)),
        type=draw(kinds),
        size=draw(sizes),
        pax=draw(pax_records),
        linkname=draw(st.sampled_from(["", "/etc/passwd", f"{TOP}/entries.json", "../x"])),
        mode=draw(st.sampled_from([0o600, 0o4777, 0o7777, 0])),
    )


@st.composite
def structured(draw: st.DrawFn) -> bytes:
    """A good report with generated members inserted anywhere, and an edited manifest or
    entries.json, in any tar format, maybe without its end blocks."""
    files = good_files()
    if draw(st.booleans()):
        files["entries.json"] = draw(edited_json(json.loads(files["entries.json"])))
    manifest = None
    if draw(st.booleans()):
        manifest = draw(edited_json(tarbuild.manifest_document(files)))
    base = report(files, manifest)
    for extra in draw(st.lists(members(), max_size=3)):
        base.insert(draw(st.integers(0, len(base))), extra)
    fmt = draw(st.sampled_from([tarfile.PAX_FORMAT, tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT]))
    try:
        return archive(base, fmt, end=draw(st.booleans()))
    except (ValueError, UnicodeError, OverflowError):  # tarfile cannot even write that header
        return archive(report(files, manifest))


@given(plain=structured())
def test_generated_archives(plain: bytes, tmp_path: Path) -> None:
    open_in_sandbox(tmp_path, encrypt(plain))


CIPHERTEXT = encrypt(GOOD)


@given(data=st.one_of(mutated(CIPHERTEXT), st.binary(max_size=2048)))
def test_damaged_and_random_ciphertexts(data: bytes, tmp_path: Path) -> None:
    open_in_sandbox(tmp_path, data)


# ---------------------------------------------------------------------- corpus
def _with(*extra: Member, fmt: int = tarfile.PAX_FORMAT) -> Callable[[], bytes]:
    return lambda: archive(report(extra=list(extra)), fmt)


def _manifest_text(text: str) -> Callable[[], bytes]:
    return lambda: archive(report(manifest=text.encode()))


def _entries_text(text: bytes) -> Callable[[], bytes]:
    """entries.json replaced by `text`, correctly listed (so only its content is wrong)."""

    def build() -> bytes:
        files = {**good_files(), "entries.json": text}
        return archive(report(files))

    return build


def _manifest_with(**changes: object) -> Callable[[], bytes]:
    def build() -> bytes:
        document = {**tarbuild.manifest_document(good_files()), **changes}
        return archive(report(manifest=json.dumps(document).encode()))

    return build


GOOD_MANIFEST = json.dumps(tarbuild.manifest_document(good_files()))
CORPUS: dict[str, Callable[[], bytes]] = {
    "zero-length-archive": lambda: b"",
    "only-zero-blocks": lambda: bytes(20 * 512),
    "truncated-mid-member": lambda: GOOD[: len(GOOD) // 2],
    "truncated-mid-header": lambda: GOOD[:700],
    "no-end-blocks": lambda: archive(report(), end=False),
    "not-a-tar": lambda: b"PK\x03\x04" + bytes(1000),
    "absolute-member": _with(Member("/etc/cron.d/x", b"x")),
    "dotdot-member": _with(Member(f"{TOP}/../../x", b"x")),
    "second-top-folder": _with(Member("other/x", b"x")),
    "backslash-member": _with(Member(f"{TOP}/..\\..\\x", b"x")),
    "nul-in-pax-path": _with(Member("x", b"x", pax={"path": f"{TOP}/a\x00b"})),
    "bidi-name": _with(Member(f"{TOP}/gpj.\u202eexe", b"x")),
    "invalid-utf8-name": _with(Member(f"{TOP}/\udcff\udcfe", b"x"), fmt=tarfile.GNU_FORMAT),
    "pax-hdrcharset-binary": _with(
        Member(f"{TOP}/x", b"x", pax={"hdrcharset": "BINARY", "path": f"{TOP}/\udcff"})
    ),
    "overlong-pax-name": _with(Member(f"{TOP}/" + "n" * 100_000, b"x")),
    "overlong-gnu-name": _with(Member(f"{TOP}/" + "n" * 5000, b"x"), fmt=tarfile.GNU_FORMAT),
    "deep-folders": _with(Member(f"{TOP}/" + "d/" * 2000 + "x", b"x")),
    "file-then-folder-of-same-name": _with(Member(f"{TOP}/a", b"x"), Member(f"{TOP}/a/b", b"y")),
    "folder-with-data": _with(Member(f"{TOP}/d", b"x" * 10, type=tarfile.DIRTYPE)),
    "contiguous-file": _with(Member(f"{TOP}/c", b"x", type=tarfile.CONTTYPE)),
    "unknown-type": _with(Member(f"{TOP}/z", b"x", type=b"Z")),
    "gnu-volume-header": _with(Member(f"{TOP}/v", b"", type=b"V")),
    "gnu-multivolume": _with(Member(f"{TOP}/m", b"x", type=b"M")),
    "gnu-longname-terabyte": _with(Member("x", b"y" * 100, type=b"L", size=TERABYTE)),
    "pax-header-terabyte": _with(Member("x", b"y" * 100, type=tarfile.XHDTYPE, size=TERABYTE)),
    "pax-global-header": _with(Member("g", b"20 path=/etc/passwd\n", type=tarfile.XGLTYPE)),
    "pax-record-length-huge": _with(
        Member("x", b"99999999999999999999 path=x\n", type=tarfile.XHDTYPE)
    ),
    "pax-record-length-zero": _with(Member("x", b"0 path=x\n", type=tarfile.XHDTYPE)),
    "pax-size-negative": _with(Member(f"{TOP}/n", b"x", pax={"size": "-1"})),
    "pax-size-not-a-number": _with(Member(f"{TOP}/n", b"x", pax={"size": "1e400"})),
    "base256-negative-size": _with(Member(f"{TOP}/n", b"", size=-(2**40)), fmt=tarfile.GNU_FORMAT),
    "setuid-mode": _with(Member(f"{TOP}/s", b"x", mode=0o6777)),
    "manifest-twice": _with(Member(f"{TOP}/manifest.json", GOOD_MANIFEST.encode())),
    "manifest-missing": lambda: archive(report()[1:]),
    "manifest-last": lambda: archive(report()[1:] + report()[:1]),
    "manifest-duplicate-keys": _manifest_text(GOOD_MANIFEST[:-1] + ', "files": []}'),
    "manifest-nan": _manifest_text(GOOD_MANIFEST.replace('"format_version": 1', '"x": NaN', 1)),
    "manifest-bom": _manifest_text("\ufeff" + GOOD_MANIFEST),
    "manifest-not-utf8": lambda: archive(report(manifest=b'{"format": "\xff"}')),
    "manifest-a-list": _manifest_text("[]"),
    "manifest-newer": _manifest_with(format_version=2),
    "manifest-version-text": _manifest_with(format_version="1"),
    "manifest-version-true": _manifest_with(format_version=True),
    "manifest-files-object": _manifest_with(files={"entries.json": 1}),
    "manifest-file-size-negative": _manifest_with(files=[{"path": "a", "size": -1, "sha256": ""}]),
    "manifest-file-size-text": _manifest_with(files=[{"path": "a", "size": "1", "sha256": ""}]),
    "manifest-file-size-float": _manifest_with(files=[{"path": "a", "size": 1.5, "sha256": ""}]),
    "manifest-file-path-list": _manifest_with(files=[{"path": [], "size": 1, "sha256": ""}]),
    "manifest-entries-strings": _manifest_with(entries=["a", "b"]),
    "manifest-attachments-object": _manifest_with(entries=[{"attachments": {"a": 1}}]),
    "manifest-sizes-add-up-past-the-file": _manifest_with(
        files=[{"path": f"f{i}", "size": 2**62, "sha256": ""} for i in range(4)]
    ),
    "entries-infinity": _entries_text(b'{"format": "bastion-report-entries", "x": Infinity}'),
    "entries-not-utf8": _entries_text(b'{"format": "bastion-report-entries\xc0\x80"}'),
    "entries-newer": _entries_text(
        b'{"format": "bastion-report-entries", "format_version": 99, "entries": []}'
    ),
    "entries-overlong-line": _entries_text(
        b'{"format": "bastion-report-entries", "format_version": 1, "entries": [], "x": "'
        + b"x" * 2_000_000
        + b'"}'
    ),
    "entries-nasty-titles": _entries_text(
        json.dumps(
            {
                "format": "bastion-report-entries",
                "format_version": 1,
                "entries": [{"id": t, "title": t} for t in NASTY],
            }
        ).encode()
    ),
}


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_bundles(case: Callable[[], bytes], tmp_path: Path) -> None:
    open_in_sandbox(tmp_path, encrypt(case()), corpus=True)


@pytest.mark.parametrize(
    "ciphertext",
    [b"", b"age-encryption.org/v1\n", CIPHERTEXT[:100], CIPHERTEXT + b"\0", CIPHERTEXT[:-1]],
    ids=["empty", "header-line-only", "cut-in-header", "trailing-byte", "last-byte-missing"],
)
def test_hostile_ciphertexts(ciphertext: bytes, tmp_path: Path) -> None:
    outcome = open_in_sandbox(tmp_path, ciphertext, corpus=True)
    assert outcome is None  # refused: none of these is a whole age file
