# SPDX-License-Identifier: GPL-3.0-or-later
"""Media-type sniffing and lossless metadata stripping (Pillow builds and checks images only)."""

from __future__ import annotations

import contextlib
import io
import os
import random
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from desktop.journal.errors import MetadataStripError
from desktop.journal.metadata import STRIPPABLE, sniff, strip_metadata

ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' photoshop:City="XMP-SECRET-CITY"/></rdf:RDF></x:xmpmeta>'
)
SECRETS = (b"Exif", b"http://ns.adobe.com/xap", b"XMP-SECRET-CITY", b"SECRET-CAMERA")


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SECRET-CAMERA"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 0.0)
    return exif


def picture(mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Image.Image:
    rng = random.Random(7)  # noqa: S311 - reproducible test pixels
    image = Image.new("RGB", size)
    image.putdata(
        [
            (x * 4 % 256, y * 5 % 256, rng.randrange(256))
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    return image.convert(mode)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def strip(data: bytes, media_type: str) -> bytes:
    return b"".join(strip_metadata(io.BytesIO(data), media_type))


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.mode, image.size, image.tobytes()


def segment(code: int, payload: bytes) -> bytes:
    return bytes((0xFF, code)) + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg_markers(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, first payload bytes) of the segments before the first SOS."""
    found = []
    pos = 2
    while data[pos + 1] != 0xDA:
        code = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        found.append((code, data[pos + 4 : pos + 4 + min(length - 2, 12)]))
        pos += 2 + length
    return found


def scan_data(data: bytes) -> bytes:
    start = data.index(b"\xff\xda")
    return data[start : data.rindex(b"\xff\xd9") + 2]


def tagged_jpeg(**options: object) -> bytes:
    base = encode(
        picture(),
        "JPEG",
        quality=90,
        exif=exif_with_gps(),
        icc_profile=ICC,
        comment=b"COMMENT-SECRET",
        xmp=XMP,
        **options,
    )
    extra = (
        segment(0xE0, b"JFXX\x00\x10" + b"thumbnail")
        + segment(0xED, b"Photoshop 3.0\x00" + b"8BIM IPTC SECRET-CAMERA")
        + segment(0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + b"XMP-SECRET-CITY")
        + segment(0xE2, b"MPF\x00" + b"multi picture")
    )
    # Metadata after the image: a motion photo's video, an MPF preview with its own EXIF.
    return base[:2] + extra + base[2:] + b"\xff\xd8\xff\xe1\x00\x08Exif\x00\x00" + b"SECRET-CAMERA"


# ---------------------------------------------------------------------- JPEG
@pytest.mark.filterwarnings("ignore:Image appears to be a malformed MPO file")
def test_jpeg_metadata_removed_and_pixels_kept() -> None:
    original = tagged_jpeg()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif()[ExifTags.Base.Make] == "SECRET-CAMERA"
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    stripped = strip(original, "image/jpeg")
    for secret in (*SECRETS, b"COMMENT-SECRET", b"8BIM", b"JFXX", b"MPF"):
        assert secret in original
        assert secret not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert image.info.get("icc_profile") == ICC
        assert "comment" not in image.info
    assert pixels(stripped) == pixels(original)
    assert scan_data(stripped) == scan_data(original)  # entropy data copied byte for byte
    assert stripped.endswith(b"\xff\xd9")
    assert [code for code, _ in jpeg_markers(stripped)] == [
        code for code, head in jpeg_markers(original) if code < 0xE1 or head.startswith(b"ICC")
    ][1:]  # the JFXX APP0 went too


def test_jpeg_large_icc_profile_in_several_segments_is_kept() -> None:
    icc = ICC + bytes(150_000)  # Pillow splits it over three APP2 segments
    original = encode(picture(), "JPEG", icc_profile=icc, exif=exif_with_gps())
    stripped = strip(original, "image/jpeg")
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.info["icc_profile"] == icc
        assert not image.getexif()
    assert pixels(stripped) == pixels(original)


def test_jpeg_cmyk_keeps_adobe_segment() -> None:
    original = encode(picture("CMYK"), "JPEG", exif=exif_with_gps())
    assert b"Adobe" in original
    stripped = strip(original, "image/jpeg")
    assert b"Adobe" in stripped
    assert b"Exif" not in stripped
    assert pixels(stripped) == pixels(original)


def test_jpeg_jfif_thumbnail_is_dropped() -> None:
    original = encode(picture(), "JPEG")
    jfif_end = 4 + int.from_bytes(original[4:6], "big")
    assert original[6:11] == b"JFIF\x00"
    jfif = original[6:jfif_end][:12] + b"\x02\x01" + bytes(6)  # a 2x1 RGB thumbnail
    with_thumbnail = original[:2] + segment(0xE0, jfif) + original[jfif_end:]
    stripped = strip(with_thumbnail, "image/jpeg")
    assert stripped == original
    assert pixels(stripped) == pixels(with_thumbnail)


def test_jpeg_progressive_with_segments_between_scans() -> None:
    original = encode(picture(size=(96, 80)), "JPEG", progressive=True, exif=exif_with_gps())
    second_scan = original.index(b"\xff\xda", original.index(b"\xff\xda") + 2)
    original = (
        original[:second_scan]
        + segment(0xFE, b"COMMENT-SECRET")
        + segment(0xE1, b"Exif\x00\x00SECRET-CAMERA")
        + b"\xff\xff\xff"  # fill bytes before the next marker
        + original[second_scan:]
    )
    stripped = strip(original, "image/jpeg")
    assert b"COMMENT-SECRET" not in stripped
    assert b"SECRET-CAMERA" not in stripped
    assert stripped.count(b"\xff\xda") == original.count(b"\xff\xda") > 2
    assert pixels(stripped) == pixels(original)


def test_jpeg_restart_markers_are_copied() -> None:
    original = encode(picture(size=(128, 64)), "JPEG", restart_marker_blocks=1, comment=b"C")
    assert b"\xff\xd3" in original
    stripped = strip(original, "image/jpeg")
    assert scan_data(stripped) == scan_data(original)
    assert pixels(stripped) == pixels(original)


# ---------------------------------------------------------------------- PNG
def png_chunks(data: bytes) -> list[bytes]:
    kinds, pos = [], 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        kinds.append(kind)
        body = data[pos + 8 : pos + 8 + length]
        assert zlib.crc32(kind + body) == int.from_bytes(data[pos + 8 + length :][:4], "big")
        pos += 12 + length
        if kind == b"IEND":
            assert pos == len(data)
    return kinds


def test_png_metadata_removed_and_pixels_kept() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRET-CAMERA")
    info.add_text("Comment", "zipped SECRET-CAMERA " * 20, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add(b"tIME", bytes.fromhex("07e8010203040500"))
    info.add(b"caBX", b"c2pa manifest SECRET-CAMERA")
    info.add(b"prVt", b"an unknown ancillary chunk")
    original = encode(
        picture("RGBA"), "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=ICC, dpi=(300, 300)
    )
    original += b"trailing SECRET-CAMERA"
    kinds = png_chunks(original[: -len(b"trailing SECRET-CAMERA")])
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"iCCP", b"pHYs"} <= set(kinds)
    stripped = strip(original, "image/png")
    assert png_chunks(stripped) == [
        k for k in kinds if k not in {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"caBX"}
    ]
    assert b"prVt" in png_chunks(stripped)
    assert b"SECRET-CAMERA" not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert not image.getexif()
        assert image.info["icc_profile"] == ICC
        assert isinstance(image, PngImagePlugin.PngImageFile)
        assert "Author" not in image.info
        assert image.text == {}
    assert pixels(stripped) == pixels(original)


# ---------------------------------------------------------------------- WebP
def riff_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, pos = [], 12
    while pos < len(data):
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        found.append((data[pos : pos + 4], data[pos + 8 : pos + 8 + size]))
        pos += 8 + size + (size & 1)
    assert pos == len(data)
    return found


@pytest.mark.parametrize("lossless", [True, False])
def test_webp_metadata_removed(lossless: bool) -> None:
    original = encode(
        picture(), "WEBP", lossless=lossless, exif=exif_with_gps(), xmp=XMP, icc_profile=ICC
    )
    before = dict(riff_chunks(original))
    assert {b"VP8X", b"EXIF", b"XMP ", b"ICCP"} <= before.keys()
    assert before[b"VP8X"][0] & 0x0C == 0x0C
    stripped = strip(original, "image/webp")
    after = riff_chunks(stripped)
    assert [kind for kind, _ in after] == [k for k in before if k not in (b"EXIF", b"XMP ")]
    flags = dict(after)[b"VP8X"][0]
    assert flags & 0x0C == 0
    assert flags & 0x20  # ICC still announced
    assert dict(after)[b"VP8X"][1:] == before[b"VP8X"][1:]
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    for secret in SECRETS:
        assert secret not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert not image.getexif()
        assert image.info["icc_profile"] == ICC
    assert pixels(stripped) == pixels(original)


def test_webp_odd_sized_chunk_keeps_its_padding() -> None:
    original = encode(
        picture(), "WEBP", lossless=True, exif=b"Exif\x00\x00MM\x00*odd!", xmp=b"<x/>"
    )
    chunks = riff_chunks(original)
    assert any(len(body) % 2 for kind, body in chunks)
    stripped = strip(original, "image/webp")
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    assert [kind for kind, _ in riff_chunks(stripped)] == [b"VP8X", b"VP8L"]
    assert pixels(stripped) == pixels(original)


def test_simple_webp_passes_unchanged() -> None:
    original = encode(picture(), "WEBP", quality=80)
    assert original[12:16] == b"VP8 "
    assert strip(original, "image/webp") == original


# ---------------------------------------------------------------------- malformed input
def jpeg_sample() -> bytes:
    return encode(picture(size=(32, 32)), "JPEG", exif=exif_with_gps(), comment=b"c")


def png_sample() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("k", "v")
    return encode(picture(size=(16, 16)), "PNG", pnginfo=info)


def webp_sample() -> bytes:
    return encode(picture(size=(16, 16)), "WEBP", exif=exif_with_gps(), lossless=True)


SAMPLES = {"image/jpeg": jpeg_sample, "image/png": png_sample, "image/webp": webp_sample}
SOI = b"\xff\xd8"
PNG = b"\x89PNG\r\n\x1a\n"
IHDR = struct.pack(">I", 13) + b"IHDR" + bytes(13) + b"CRC!"


@pytest.mark.parametrize(
    ("media_type", "data"),
    [
        ("image/jpeg", b""),
        ("image/jpeg", SOI),
        ("image/jpeg", SOI + b"\xff"),
        ("image/jpeg", b"\xff\xd9\xff\xd8"),
        ("image/jpeg", SOI + b"\x00\xe0\x00\x10"),
        ("image/jpeg", SOI + b"\xff\xe0\x00\x01"),
        ("image/jpeg", SOI + b"\xff\xe0\x00\x00"),
        ("image/jpeg", SOI + b"\xff\xe0\x40\x00JFIF\x00"),
        ("image/jpeg", SOI + segment(0xDB, bytes(65)) + b"\xff\xd9"),
        ("image/jpeg", SOI + segment(0xDA, bytes(10)) + b"scan data without end"),
        ("image/jpeg", SOI + SOI + b"\xff\xd9"),
        ("image/jpeg", SOI + b"\xff\x00"),
        ("image/png", b""),
        ("image/png", b"\x89PNG\r\n\x1a\x00" + IHDR),
        ("image/png", PNG),
        ("image/png", PNG + IHDR),
        ("image/png", PNG + IHDR + struct.pack(">I", 1000) + b"IDAT" + bytes(10)),
        ("image/png", PNG + IHDR + struct.pack(">I", 4) + b"IDAT" + bytes(4) + b"CR"),
        ("image/png", PNG + IHDR + b"\xff\xff\xff\xffIDAT" + bytes(10)),
        ("image/png", PNG + struct.pack(">I", 0) + b"IEND" + b"CRC!"),
        ("image/png", PNG + IHDR + struct.pack(">I", 0) + b"ID\x00T" + b"CRC!"),
        ("image/webp", b""),
        ("image/webp", b"RIFF\x04\x00\x00\x00WEBP"),
        ("image/webp", b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00"),
        ("image/webp", b"RIFF\x10\x00\x00\x00WEBPVP8L\x10\x00\x00\x00abcd"),
        ("image/webp", b"RIFF\x0d\x00\x00\x00WEBPVP8L\x01\x00\x00\x00a"),
        ("image/webp", b"RIFF\x0c\x00\x00\x00WEBPEXIF\x00\x00\x00\x00"),
        ("image/webp", b"RIFF\x0c\x00\x00\x00WEBPVP8X\x00\x00\x00\x00"),
        ("image/webp", b"RIFX\x0c\x00\x00\x00WEBPVP8L\x00\x00\x00\x00"),
    ],
)
def test_malformed_input_raises_strip_error(media_type: str, data: bytes) -> None:
    with pytest.raises(MetadataStripError):
        strip(data, media_type)


@pytest.mark.parametrize("media_type", sorted(STRIPPABLE))
def test_every_truncation_is_refused(media_type: str) -> None:
    data = SAMPLES[media_type]()
    assert strip(data, media_type)
    for cut in range(len(data)):
        with pytest.raises(MetadataStripError):
            strip(data[:cut], media_type)


@pytest.mark.parametrize("media_type", sorted(STRIPPABLE))
def test_damaged_input_never_raises_anything_else(media_type: str) -> None:
    data = SAMPLES[media_type]()
    rng = random.Random(media_type)  # noqa: S311 - reproducible damage
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(MetadataStripError):
            strip(bytes(damaged), media_type)
    for _ in range(50):
        noise = rng.randbytes(rng.randrange(200))
        for head in (b"", data[:2], data[:12]):
            with contextlib.suppress(MetadataStripError):
                strip(head + noise, media_type)


def test_only_strippable_types_are_accepted() -> None:
    assert frozenset({"image/jpeg", "image/png", "image/webp"}) == STRIPPABLE
    for media_type in ("image/gif", "image/tiff", "application/pdf", "text/plain"):
        with pytest.raises(ValueError, match="cannot be stripped"):
            strip_metadata(io.BytesIO(b""), media_type)


# ---------------------------------------------------------------------- memory
def measure(path: Path, media_type: str) -> tuple[int, int]:
    """(bytes produced, peak traced memory) while stripping the file at `path`."""
    produced = 0
    with path.open("rb") as source:
        tracemalloc.start()
        try:
            for block in strip_metadata(source, media_type):
                produced += len(block)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return produced, peak


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_big_png_streams_in_flat_memory(tmp_path: Path) -> None:
    block = os.urandom(1024 * 1024)
    blocks = 32
    crc = zlib.crc32(b"IDAT")
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    path = tmp_path / "big.png"
    dropped = png_chunk(b"tEXt", b"Comment\x00" + b"x" * 1000)
    with path.open("wb") as out:
        out.write(PNG + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 4096, 2048, 8, 2, 0, 0, 0)))
        out.write(dropped)
        out.write(struct.pack(">I", blocks * len(block)) + b"IDAT")
        for _ in range(blocks):
            out.write(block)
        out.write(struct.pack(">I", crc) + png_chunk(b"IEND", b""))
    produced, peak = measure(path, "image/png")
    assert produced == path.stat().st_size - len(dropped)
    assert peak < 4 * 1024 * 1024


def test_big_jpeg_streams_in_flat_memory(tmp_path: Path) -> None:
    # Scan data is copied, not decoded: random bytes with 0xFF stuffed like an encoder does.
    scan = os.urandom(1024 * 1024).replace(b"\xff", b"\xff\x00") + b"\xff\xd0"
    blocks = 16
    path = tmp_path / "big.jpg"
    header = SOI + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    exif = segment(0xE1, b"Exif\x00\x00" + bytes(60_000))
    with path.open("wb") as out:
        out.write(header + exif + segment(0xDB, bytes(65)) + segment(0xDA, bytes(10)))
        for _ in range(blocks):
            out.write(scan)
        out.write(b"\xff\xd9" + b"trailer" * 100_000)
    produced, peak = measure(path, "image/jpeg")
    assert produced == path.stat().st_size - len(exif) - 700_000
    assert peak < 4 * 1024 * 1024


def test_stripped_output_is_flat_in_block_size() -> None:
    original = encode(picture(size=(400, 300)), "PNG", compress_level=0)
    blocks = list(strip_metadata(io.BytesIO(original), "image/png"))
    assert max(len(b) for b in blocks) <= 64 * 1024
    assert b"".join(blocks) == original


# ---------------------------------------------------------------------- sniffing
def generated(kind: str) -> bytes:
    image = picture(size=(8, 8))
    return encode(image, kind)[:64]


SNIFF_CASES = [
    (generated("JPEG"), "photo.png", "image/jpeg"),
    (generated("PNG"), "photo.jpg", "image/png"),
    (generated("WEBP"), "x", "image/webp"),
    (generated("GIF"), "x.bin", "image/gif"),
    (generated("TIFF"), "scan", "image/tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "x", "image/tiff"),
    (generated("BMP"), "x", "image/bmp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "IMG_0001", "image/heic"),
    (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "x", "image/heic"),
    (b"\x00\x00\x00\x18ftypheix\x00\x00\x00\x00", "x", "image/heic"),
    (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00", "x.avif", "image/avif"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "report", "application/pdf"),
    (b"PK\x03\x04\x14\x00\x00\x00", "evidence.zip", "application/zip"),
    (b"PK\x03\x04\x14\x00\x00\x00", "archive", "application/zip"),
    (b"PK\x05\x06" + bytes(18), "empty.zip", "application/zip"),
    (
        b"PK\x03\x04\x14\x00\x00\x00",
        "letter.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (b"PK\x03\x04\x14\x00\x00\x00", "notes.odt", "application/vnd.oasis.opendocument.text"),
    (b"PK\x03\x04\x14\x00\x00\x00", "photo.jpg", "application/zip"),
    (b"name,date\n", "log.csv", "text/csv"),
    (b"hello", "page.html", "text/html"),
    (b"\x00\x01\x02", "clip.mp4", "video/mp4"),
    (b"plain words, na\xc3\xafve", "notes", "text/plain"),
    (b"x" * 63 + b"\xc3", "notes", "text/plain"),  # cut inside a character
    (b"BM is where my notes start", "notes", "text/plain"),
    (b"not a picture at all", "photo.jpg", "text/plain"),
    (b"\x00\x01\x02\x03", "photo.jpg", "application/octet-stream"),
    (b"\x00\x01\x02\x03", "blob", "application/octet-stream"),
    (b"caf\xe9", "notes", "application/octet-stream"),  # the whole file: not cut short
    (b"caf\xe9 au lait", "notes", "application/octet-stream"),
    (b"", "empty", "text/plain"),
]


@pytest.mark.parametrize(("head", "name", "expected"), SNIFF_CASES)
def test_sniff(head: bytes, name: str, expected: str) -> None:
    assert sniff(head, name) == expected
