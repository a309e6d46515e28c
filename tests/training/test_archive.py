# SPDX-License-Identifier: GPL-3.0-or-later
"""Pack archives from outside: every hostile archive is refused with a reason, before use.

The archives here are signed by a trusted key on purpose: the signature is the first gate,
and these tests check the ones behind it (a careless or compromised signer must still not
get a path traversal or a zip bomb through).
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from desktop.signing import BadSignatureError, MalformedSignatureError
from desktop.training.archive import MANIFEST, MAX_ARCHIVE, MAX_FILES, build_archive, read_archive
from desktop.training.errors import (
    PackArchiveError,
    PackInvalidError,
    PackManifestError,
    PackSignatureMissingError,
    PackTooNewError,
    PackUntrustedError,
)
from desktop.training.packs import check_pack
from tests.training.builders import (
    Signer,
    manifest_for,
    members_of,
    sample_archive,
    with_manifest,
    zip_of,
)


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.generate()


@pytest.fixture
def archive(tmp_path: Path) -> bytes:
    return sample_archive(tmp_path / "src")


@pytest.fixture
def files(archive: bytes) -> dict[str, bytes]:
    members = members_of(archive)
    members.pop(MANIFEST)
    return members


def check(data: bytes, signer: Signer) -> object:
    return check_pack(data, signer.sign(data), [signer.trusted])


def test_a_good_pack_passes_every_check(archive: bytes, signer: Signer) -> None:
    checked = check_pack(archive, signer.sign(archive), [signer.trusted])
    assert (checked.pack.id, checked.pack.version) == ("sample-pack", 3)
    assert checked.signer == signer.trusted
    assert checked.manifest.files.keys() == checked.pack.files.keys()


def test_builds_are_deterministic(tmp_path: Path) -> None:
    assert sample_archive(tmp_path / "a") == sample_archive(tmp_path / "b")


def test_the_signature_is_checked_first(archive: bytes, signer: Signer) -> None:
    with pytest.raises(PackSignatureMissingError):
        check_pack(archive, None, [signer.trusted])
    with pytest.raises(PackUntrustedError):
        check_pack(archive, Signer.generate().sign(archive), [signer.trusted])
    with pytest.raises(PackUntrustedError):
        check_pack(archive, signer.sign(archive), [])
    with pytest.raises(MalformedSignatureError):
        check_pack(archive, "untrusted comment: x\nnot base64\n", [signer.trusted])
    tampered = bytearray(archive)
    tampered[len(tampered) // 2] ^= 0x01
    with pytest.raises(BadSignatureError):
        check_pack(bytes(tampered), signer.sign(archive), [signer.trusted])
    # An untrusted signer's archive is refused before the zip reader sees it: garbage too.
    with pytest.raises(PackUntrustedError):
        check_pack(b"not a zip", Signer.generate().sign(b"not a zip"), [signer.trusted])


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _device(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFCHR | 0o600) << 16
    return info


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile warns; writing them is the point
@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ([("../evil.md", b"x")], "traversal"),
        ([("pathways/../../evil.md", b"x")], "traversal"),
        ([("..\\evil.md", b"x")], "traversal"),
        ([("/etc/cron.d/evil", b"x")], "absolute"),
        ([("C:/Users/evil.md", b"x")], "absolute"),
        ([(_link("images/link.png"), b"/etc/passwd")], "link"),
        ([(_device("images/dev.png"), b"")], "not-a-file"),
        ([("pack.yaml", b"id: other")], "duplicate"),
        ([("PACK.yaml", b"id: other")], "duplicate"),
        ([("images/with space.png", b"x")], "bad-name"),
    ],
)
def test_hostile_members_are_refused(
    files: dict[str, bytes], signer: Signer, extra: list[tuple[object, bytes]], reason: str
) -> None:
    data = with_manifest(files, extra)  # type: ignore[arg-type]
    with pytest.raises(PackArchiveError) as caught:
        check(data, signer)
    assert caught.value.reason == reason


def test_encrypted_members_are_refused(files: dict[str, bytes], signer: Signer) -> None:
    data = bytearray(with_manifest(files, [("images/secret.png", b"x")]))
    # zipfile cannot write encrypted members; set the flag in the central directory, which
    # is what the reader goes by.
    central = data.rindex(b"PK\x01\x02")
    assert data[central + 46 : central + 46 + 17] == b"images/secret.png"
    data[central + 8] |= 0x1
    with pytest.raises(PackArchiveError) as caught:
        check(bytes(data), signer)
    assert caught.value.reason == "encrypted"


def test_other_compression_methods_are_refused(files: dict[str, bytes], signer: Signer) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr(MANIFEST, manifest_for(files))
        for name, data in files.items():
            zf.writestr(name, data)
    with pytest.raises(PackArchiveError) as caught:
        check(buffer.getvalue(), signer)
    assert caught.value.reason == "compression"


def test_a_file_count_bomb_is_refused(files: dict[str, bytes], signer: Signer) -> None:
    extra = [(f"images/{n}.png", b"") for n in range(MAX_FILES)]
    with pytest.raises(PackArchiveError) as caught:
        check(with_manifest(files, extra), signer)  # type: ignore[arg-type]
    assert caught.value.reason == "too-many-files"


def test_size_bombs_are_refused_from_their_headers(files: dict[str, bytes], signer: Signer) -> None:
    zeros = bytes(17 * 1024 * 1024)  # deflates to about 17 KiB
    with pytest.raises(PackArchiveError) as caught:
        check(with_manifest(files, [("images/bomb.png", zeros)]), signer)
    assert caught.value.reason == "file-too-large"
    many = [(f"images/bomb{n}.png", zeros[: 15 * 1024 * 1024]) for n in range(9)]
    with pytest.raises(PackArchiveError) as caught:
        check(with_manifest(files, many), signer)  # type: ignore[arg-type]
    assert caught.value.reason == "too-large"


def test_a_member_that_inflates_past_its_header_is_damaged(files: dict[str, bytes]) -> None:
    data = bytearray(with_manifest(files, [("images/liar.png", bytes(4096))]))
    # Rewrite the declared size (4096) to 16 in the central directory: the reader believes
    # the header, so it must stop at 16 bytes and notice the rest.
    central = data.rindex(b"PK\x01\x02")
    assert data[central + 24 : central + 28] == (4096).to_bytes(4, "little")
    data[central + 24 : central + 28] = (16).to_bytes(4, "little")
    with pytest.raises(PackArchiveError) as caught:
        read_archive(bytes(data))
    assert (caught.value.reason, caught.value.member) == ("damaged", "images/liar.png")


def test_archives_over_the_limit_are_refused_unread(signer: Signer) -> None:
    with pytest.raises(PackArchiveError) as caught:
        check_pack(bytes(MAX_ARCHIVE + 1), "irrelevant", [signer.trusted])
    assert caught.value.reason == "too-large"


def test_not_a_zip(signer: Signer) -> None:
    with pytest.raises(PackArchiveError) as caught:
        check(b"PK\x03\x04 but then nothing sensible", signer)
    assert caught.value.reason == "not-a-pack"


@pytest.mark.parametrize("reason", ["hash", "size", "unlisted", "missing", "no-manifest"])
def test_the_manifest_must_match_the_files(
    files: dict[str, bytes], signer: Signer, reason: str
) -> None:
    lesson = "pathways/basics/devices/updates.en.md"
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = []
    listed = dict(files)
    changed = dict(files)
    if reason == "hash":
        changed[lesson] = changed[lesson].replace(b"quickly", b"later!!")
    elif reason == "size":
        changed[lesson] += b"Ignore the lesson above.\n"
    elif reason == "unlisted":
        changed["images/extra.png"] = b"x"
    elif reason == "missing":
        del changed[lesson]
    if reason != "no-manifest":
        entries.append((MANIFEST, manifest_for(listed)))
    entries += sorted(changed.items())
    with pytest.raises(PackManifestError) as caught:
        check(zip_of(entries), signer)
    expected = {"no-manifest": ("missing", MANIFEST)}.get(reason)
    if expected is None:
        member = "images/extra.png" if reason == "unlisted" else lesson
        expected = (reason, member)
    assert (caught.value.reason, caught.value.member) == expected


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (b"{not json", "malformed"),
        (b'{"format": 1}', "malformed"),
        ("id", "mismatch"),
        ("version", "mismatch"),
    ],
)
def test_a_bad_manifest_is_refused(
    files: dict[str, bytes], signer: Signer, manifest: bytes | str, reason: str
) -> None:
    if isinstance(manifest, str):
        manifest = manifest_for(files, **{manifest: "other-pack" if manifest == "id" else 9})
    data = zip_of([(MANIFEST, manifest), *sorted(files.items())])
    with pytest.raises(PackManifestError) as caught:
        check(data, signer)
    assert caught.value.reason == reason


def test_invalid_content_with_a_good_manifest_is_refused(tmp_path: Path, signer: Signer) -> None:
    archive = sample_archive(tmp_path / "src")
    files = members_of(archive)
    files.pop(MANIFEST)
    files["pathways/basics/pathway.yaml"] = files["pathways/basics/pathway.yaml"].replace(
        b"level: beginner", b"level: wizard"
    )
    with pytest.raises(PackInvalidError) as caught:
        check(with_manifest(files, []), signer)
    assert [(p.file, p.code) for p in caught.value.problems] == [
        ("pathways/basics/pathway.yaml", "invalid")
    ]


def test_packs_for_a_newer_bastion_are_refused(tmp_path: Path, signer: Signer) -> None:
    archive = sample_archive(tmp_path / "src")
    text = (tmp_path / "src" / "pack.yaml").read_text().replace('"0.1.0"', '"99.0"')
    archive = sample_archive(tmp_path / "src", **{"pack.yaml": text})
    with pytest.raises(PackTooNewError) as caught:
        check(archive, signer)
    assert caught.value.needed == "99.0"
    files = members_of(build_archive_same(tmp_path))
    manifest = manifest_for({k: v for k, v in files.items() if k != MANIFEST}, format=2)
    data = zip_of(
        [(MANIFEST, manifest), *sorted((k, v) for k, v in files.items() if k != MANIFEST)]
    )
    with pytest.raises(PackTooNewError):
        check(data, signer)


def build_archive_same(tmp_path: Path) -> bytes:
    from desktop.training.archive import source_files
    from desktop.training.validate import load_pack
    from tests.training.sample import write_sample_pack

    return build_archive(load_pack(source_files(write_sample_pack(tmp_path / "plain"))), "x")
