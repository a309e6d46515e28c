# SPDX-License-Identifier: GPL-3.0-or-later
"""Pack archives (.bastionpack) through `check_pack` and `Training.install`, and pack files
read from disk (`read_pack_file`).

Archives are signed by a trusted key on purpose, as in tests/training/test_archive.py: the
signature is the first gate, and these inputs are for the zip reader, the manifest and the
content checks behind it (a careless or compromised signer). Whatever passes is installed
into a vault and read back. test_archive.py's cases (traversal, links, devices, duplicates,
bombs, encryption, compression) are not repeated here.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import FileTooLargeError, NotAFileError
from desktop.signing import SigningError
from desktop.training.archive import MANIFEST
from desktop.training.errors import PackError
from desktop.training.packs import check_pack, read_pack_file
from desktop.training.store import Training
from desktop.vault import Vault
from desktop.vault.kdf import FLOOR
from tests.conftest import PASSPHRASE
from tests.hostile.support import mutated, nasty_text, run, tree
from tests.training.builders import Signer, manifest_for, members_of, sample_archive, zip_of

PARSER = "pack archive (pack verify, install)"
FILES_PARSER = "files from outside (FIFO, /dev/zero …)"
REFUSALS = (PackError, SigningError)
SIGNER = Signer.generate()
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return sample_archive(tmp_path_factory.mktemp("pack") / "src")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = Vault(tmp_path_factory.mktemp("vault") / "data")
    vault.create(PASSPHRASE, FLOOR)
    yield vault
    vault.lock()


def check_and_install(data: bytes, vault: Vault, *, corpus: bool = False) -> None:
    """check_pack, then (for what passes) install and read back; only the vault changes."""
    folder = vault.directory.parent  # the data folder and what is beside it
    before = {name for name, _size in tree(folder)}

    def call() -> object:
        checked = check_pack(data, SIGNER.sign(data), [SIGNER.trusted])
        training = Training(vault)
        training.install(checked)
        return training.packs()

    run(PARSER, call, REFUSALS, corpus=corpus)
    after = {name for name, _size in tree(folder)}
    # SQLite's journal files may come and go; nothing else may appear, here or beside.
    assert {
        n for n in after - before if not n.startswith(f"{vault.directory.name}/vault.db")
    } == set()


# ---------------------------------------------------------------------- generated
def _sample() -> bytes:
    import tempfile

    return sample_archive(Path(tempfile.mkdtemp()) / "src")


SAMPLE = _sample()


@given(data=mutated(SAMPLE, max_edits=6))
def test_mutated_archives(data: bytes, vault: Vault) -> None:
    check_and_install(data, vault)


modes = st.sampled_from(
    [stat.S_IFREG | 0o644, 0, stat.S_IFDIR | 0o755, stat.S_IFLNK | 0o777, stat.S_IFIFO | 0o600]
    + [stat.S_IFSOCK | 0o600, stat.S_IFREG | 0o6777, 0xFFFF]
)


@st.composite
def members(draw: st.DrawFn) -> tuple[zipfile.ZipInfo, bytes]:
    name = draw(
        nasty_text
        | st.sampled_from(["images/x.png", "pack.yaml", "images/", "a" * 300, "x/./y", "é.md"])
    )
    info = zipfile.ZipInfo(name or "x")
    info.external_attr = draw(modes) << 16
    info.flag_bits |= draw(st.sampled_from([0, 0x8, 0x800, 0x40]))
    return info, draw(st.binary(max_size=200))


@st.composite
def structured(draw: st.DrawFn, files: dict[str, bytes]) -> bytes:
    """The sample pack under a new version number (so that it installs when nothing else is
    wrong: the vault keeps the highest), with generated members, files dropped or changed,
    listed in the manifest or not."""
    version = draw(st.integers(1, 2**53))
    pack_yaml = files["pack.yaml"].replace(b"version: 3", b"version: %d" % version)
    files = {**files, "pack.yaml": pack_yaml}
    chosen = dict(files)
    for name in draw(st.lists(st.sampled_from(sorted(files)), max_size=2, unique=True)):
        if draw(st.booleans()):
            del chosen[name]
        else:
            chosen[name] = draw(mutated(files[name], max_edits=3))
    listed = chosen if draw(st.booleans()) else files
    manifest = manifest_for(listed, version=version)
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [(MANIFEST, manifest)]
    entries += sorted(chosen.items())
    for extra in draw(st.lists(members(), max_size=3)):
        entries.insert(draw(st.integers(0, len(entries))), extra)
    try:
        return zip_of(entries)
    except (ValueError, UnicodeError, OverflowError, zipfile.LargeZipFile):
        return zip_of([(MANIFEST, manifest), *sorted(chosen.items())])


FILES = {k: v for k, v in members_of(SAMPLE).items() if k != MANIFEST}


@pytest.mark.filterwarnings("ignore:Duplicate name")
@given(data=structured(FILES))
def test_generated_archives(data: bytes, vault: Vault) -> None:
    check_and_install(data, vault)


@given(data=st.binary(max_size=4096))
def test_random_bytes(data: bytes, vault: Vault) -> None:
    check_and_install(data, vault)


# ---------------------------------------------------------------------- corpus
def _patched(data: bytes, marker: bytes, offset: int, value: bytes) -> bytes:
    """`value` written `offset` bytes after the last `marker` (a zip record's signature)."""
    out = bytearray(data)
    at = out.rindex(marker) + offset
    out[at : at + len(value)] = value
    return bytes(out)


CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"
END = b"PK\x05\x06"


def _zip64_huge() -> bytes:
    """The last member's central record says 0xFFFFFFFF and a ZIP64 extra field says 2^63."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in sorted(FILES.items()):
            zf.writestr(name, data)
        info = zipfile.ZipInfo("images/huge.png")
        info.extra = struct.pack("<HHQQ", 1, 16, 2**63, 2**63)
        zf.writestr(info, b"x")
    return buffer.getvalue()


def _comment(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in sorted(members_of(SAMPLE).items()):
            zf.writestr(name, data)
        zf.comment = b"c" * size
    return buffer.getvalue()


def _dirs(count: int) -> bytes:
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [(MANIFEST, manifest_for(FILES))]
    entries += sorted(FILES.items())
    return zip_of(entries + [(f"images/d{n}/", b"") for n in range(count)])


def _listed(name: str, data: bytes) -> bytes:
    """A member the manifest lists correctly, with a name the rules must refuse."""
    files = {**FILES, name: data}
    return zip_of([(MANIFEST, manifest_for(files)), *sorted(files.items())])


def _bad_deflate() -> bytes:
    """The first member's deflate stream starts with block type 3, which does not exist:
    zlib's own error, not one of zipfile's (a long run of test_mutated_archives found it)."""
    out = bytearray(SAMPLE)
    name_length, extra_length = struct.unpack("<HH", out[26:30])
    out[30 + name_length + extra_length] = 0x07  # BFINAL=1, BTYPE=11
    return bytes(out)


CORPUS: dict[str, Callable[[], bytes]] = {
    "zero-length": lambda: b"",
    "invalid-deflate-block": _bad_deflate,
    "end-record-only": lambda: END + bytes(18),
    "truncated-central-directory": lambda: SAMPLE[: SAMPLE.rindex(CENTRAL) + 20],
    "truncated-in-first-member": lambda: SAMPLE[:60],
    "junk-before-the-zip": lambda: b"MZ" + bytes(4096) + SAMPLE,
    "junk-after-the-zip": lambda: SAMPLE + b"\xff" * 4096,
    "end-record-cd-offset-past-end": lambda: _patched(SAMPLE, END, 16, b"\xff\xff\xff\x7f"),
    "end-record-entry-count-huge": lambda: _patched(SAMPLE, END, 8, b"\xff\xff\xff\xff"),
    "central-name-length-past-end": lambda: _patched(SAMPLE, CENTRAL, 28, b"\xff\xff"),
    "central-extra-length-past-end": lambda: _patched(SAMPLE, CENTRAL, 30, b"\xff\xff"),
    "local-header-offset-past-end": lambda: _patched(SAMPLE, CENTRAL, 42, b"\xff\xff\xff\x7f"),
    "local-name-differs-from-central": lambda: _patched(SAMPLE, LOCAL, 30, b"../"),
    "compression-method-99": lambda: _patched(SAMPLE, CENTRAL, 10, b"\x63\x00"),
    "strong-encryption-flag": lambda: _patched(SAMPLE, CENTRAL, 8, b"\x41\x00"),
    "zip64-declared-2-63": _zip64_huge,
    "comment-64-kib": lambda: _comment(65535),
    "two-thousand-folders": lambda: _dirs(2000),
    "nul-in-name": lambda: _listed("images/a\x00.png", b"x"),
    # zipfile cuts a name at its first NUL: this member has no name at all (a long run of
    # test_generated_archives found that zipfile's is_dir() then raises IndexError).
    "name-only-a-nul": lambda: _listed("\x00images/x.png", b"x"),
    "bidi-in-name": lambda: _listed("images/gnp.\u202eexe.png", b"x"),
    "non-ascii-name": lambda: _listed("images/ä.png", b"x"),
    "overlong-name": lambda: _listed("images/" + "n" * 65000 + ".png", b"x"),
    "trailing-dot-segments": lambda: _listed("images/./x.png", b"x"),
    "pack-yaml-not-utf8": lambda: _listed("pack.yaml", b"\xff\xfe id: x"),
    "lesson-invalid-utf8": lambda: _listed(
        "pathways/basics/devices/updates.en.md", b"\xc0\x80 text"
    ),
    "manifest-not-first": lambda: zip_of([*sorted(FILES.items()), (MANIFEST, manifest_for(FILES))]),
    "manifest-only": lambda: zip_of([(MANIFEST, manifest_for({}))]),
}


@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_hostile_archives(case: Callable[[], bytes], vault: Vault) -> None:
    check_and_install(case(), vault, corpus=True)


# ---------------------------------------------------------------------- files on disk
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


ON_DISK: dict[str, tuple[Callable[[Path], None] | None, Callable[[Path], None] | None]] = {
    # (what the pack is, what its .minisig is); None: a good one.
    "pack-dev-zero": (_link("/dev/zero"), None),
    "pack-dev-null": (_link("/dev/null"), None),
    "pack-dev-urandom": (_link("/dev/urandom"), None),
    "pack-dangling-link": (_link("/nonexistent/x"), None),
    "pack-link-loop": (lambda p: p.symlink_to(p.name), None),
    "pack-empty": (_empty, None),
    "signature-dev-zero": (None, _link("/dev/zero")),
    "signature-dev-urandom": (None, _link("/dev/urandom")),
    "signature-dangling-link": (None, _link("/nonexistent/x")),
    "signature-fifo-and-pack-fifo": (_fifo, _fifo),
    "signature-empty": (None, _empty),
    "signature-not-utf8": (None, lambda p: None if p.write_bytes(b"\xff\xfe" * 100) else None),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("makers", ON_DISK.values(), ids=ON_DISK.keys())
def test_pack_files_from_outside(
    makers: tuple[Callable[[Path], None] | None, Callable[[Path], None] | None], tmp_path: Path
) -> None:
    """read_pack_file on devices, pipes, links and empty files: refused on the opened file
    (never a read of /dev/zero to its end, never a block on a pipe), then check_pack."""
    pack_maker, signature_maker = makers
    path = tmp_path / "p.bastionpack"
    signature = tmp_path / "p.bastionpack.minisig"
    if pack_maker is None:
        path.write_bytes(SAMPLE)
    else:
        pack_maker(path)
    if signature_maker is None:
        signature.write_text(SIGNER.sign(SAMPLE))
    else:
        signature_maker(signature)

    def call() -> object:
        data, text = read_pack_file(path)
        return check_pack(data, text, [SIGNER.trusted])

    run(FILES_PARSER, call, (*REFUSALS, NotAFileError, FileTooLargeError), corpus=True)
