# SPDX-License-Identifier: GPL-3.0-or-later
"""Media types from magic bytes, and lossless removal of identifying image metadata.

Evidence must stay pixel-identical, so nothing is decoded or re-encoded: the container is
walked and metadata blocks are left out, every other byte is copied unchanged. What goes:

- JPEG: APP1 (EXIF with GPS and camera serials, XMP, extended XMP), APP13 (Photoshop/IPTC),
  every APP2..APP15 except APP2 ICC_PROFILE (colours) and APP14 Adobe (colour transform),
  APP0 other than JFIF (JFXX thumbnails), the JFIF thumbnail, COM segments, and everything
  after the end-of-image marker (motion-photo videos, MPF preview images with their own EXIF,
  vendor trailers). The EXIF orientation goes with APP1: a photo taken sideways may then be
  shown sideways; the pixels are unchanged.
- PNG: tEXt, zTXt, iTXt (XMP), eXIf, tIME, caBX (C2PA manifests, which can embed EXIF), and
  anything after IEND. Other chunks, including iCCP, sRGB, gAMA, cHRM and pHYs, are kept.
- WebP: the EXIF, XMP and C2PA chunks; the VP8X flags that announce EXIF and XMP are cleared
  and the RIFF size is rewritten.

Memory stays flat: bodies are copied in blocks of 64 KiB. Malformed input raises
MetadataStripError (with a short code that is safe to log), never a parsing exception.
"""

from __future__ import annotations

import codecs
import mimetypes
from collections.abc import Generator, Iterator
from typing import BinaryIO

from desktop.journal.errors import MetadataStripError

STRIPPABLE: frozenset[str] = frozenset({"image/jpeg", "image/png", "image/webp"})

_BLOCK = 64 * 1024
_HEAD_BYTES = 64
_HEIF_BRANDS = {b"heic", b"heix", b"mif1"}
_BMP_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Types sniff() recognises by content: a name claiming one of them is not believed on its own.
_MAGIC_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "image/tiff",
        "image/heic",
        "image/bmp",
        "application/pdf",
        "application/zip",
    }
)
# Office and e-book files are zip archives; their own type says more than application/zip.
_ZIP_FAMILIES = ("application/vnd.openxmlformats", "application/vnd.oasis.opendocument")
_ZIP_TYPES = {"application/epub+zip"}


# ---------------------------------------------------------------------- sniffing
def sniff(head: bytes, name: str) -> str:
    """The media type of a file from its first bytes (64 are enough) and its name."""
    magic = _magic_type(head)
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    if (
        magic == "application/zip"
        and guessed is not None
        and (guessed.startswith(_ZIP_FAMILIES) or guessed in _ZIP_TYPES)
    ):
        return guessed
    if magic is not None:
        return magic
    if guessed is not None and guessed not in _MAGIC_TYPES:
        return guessed
    if b"\x00" not in head:
        try:
            # A full head may end in the middle of a character; a shorter one is the whole file.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _HEAD_BYTES)
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain"
    return "application/octet-stream"


def _magic_type(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(_PNG_SIGNATURE):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    # "BM" alone is too common at the start of text; the DIB header size confirms it.
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "image/bmp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "application/zip"
    return None


# ---------------------------------------------------------------------- stripping
def strip_metadata(source: BinaryIO, media_type: str) -> Iterator[bytes]:
    """Stream the image in `source` (seekable, at offset 0) without its metadata.

    ValueError at once for a type not in STRIPPABLE; MetadataStripError while iterating
    when the file is malformed (part of the output may have been yielded by then). Errors
    reading `source` propagate unchanged.
    """
    if media_type == "image/jpeg":
        return _strip_jpeg(_Reader(source))
    if media_type == "image/png":
        return _strip_png(_Reader(source))
    if media_type == "image/webp":
        return _strip_webp(source)
    raise ValueError("media type cannot be stripped")


class _Reader:
    """Block-buffered reading where running out of data is a MetadataStripError."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.buf = b""
        self.pos = 0

    def fill(self) -> bool:
        """Make sure unread bytes are buffered; False at the end of the file."""
        if self.pos < len(self.buf):
            return True
        self.buf = self.source.read(_BLOCK)
        self.pos = 0
        return bool(self.buf)

    def exact(self, size: int, code: str) -> bytes:
        parts = []
        while size:
            if not self.fill():
                raise MetadataStripError(code)
            part = self.buf[self.pos : self.pos + size]
            self.pos += len(part)
            size -= len(part)
            parts.append(part)
        return b"".join(parts)

    def byte(self, code: str) -> int:
        if not self.fill():
            raise MetadataStripError(code)
        self.pos += 1
        return self.buf[self.pos - 1]

    def copy(self, size: int, code: str, *, keep: bool = True) -> Iterator[bytes]:
        """Yield (or with keep=False, skip) the next `size` bytes, a block at a time."""
        while size:
            if not self.fill():
                raise MetadataStripError(code)
            part = self.buf[self.pos : self.pos + size]
            self.pos += len(part)
            size -= len(part)
            if keep:
                yield part


# JPEG markers
_SOI, _EOI, _SOS, _TEM, _COM = 0xD8, 0xD9, 0xDA, 0x01, 0xFE
_RST = range(0xD0, 0xD8)


def _strip_jpeg(reader: _Reader) -> Generator[bytes, None, None]:
    if reader.exact(2, "jpeg:no-soi") != b"\xff\xd8":
        raise MetadataStripError("jpeg:no-soi")
    yield b"\xff\xd8"
    in_image = False  # True after the first SOS
    code = _next_marker(reader)
    while True:
        if code == _EOI:
            if not in_image:
                raise MetadataStripError("jpeg:no-sos")
            # Whatever follows the image (videos, preview images, trailers) is left out.
            yield b"\xff\xd9"
            return
        if code == _TEM or code in _RST:
            yield bytes((0xFF, code))
            code = _next_marker(reader)
            continue
        if code in (0x00, _SOI):
            raise MetadataStripError("jpeg:bad-marker")
        length = int.from_bytes(reader.exact(2, "jpeg:truncated"), "big")
        if length < 2:
            raise MetadataStripError("jpeg:bad-length")
        # Segments are at most 65533 bytes: reading one whole keeps memory flat enough.
        payload = _jpeg_keep(code, reader.exact(length - 2, "jpeg:truncated"))
        if payload is not None:
            yield bytes((0xFF, code)) + (len(payload) + 2).to_bytes(2, "big") + payload
        if code == _SOS:
            in_image = True
            code = yield from _entropy(reader)
        else:
            code = _next_marker(reader)


def _next_marker(reader: _Reader) -> int:
    """The code of the marker that must come next (fill bytes 0xFF skipped)."""
    if reader.byte("jpeg:truncated") != 0xFF:
        raise MetadataStripError("jpeg:expected-marker")
    code = reader.byte("jpeg:truncated")
    while code == 0xFF:
        code = reader.byte("jpeg:truncated")
    return code


def _entropy(reader: _Reader) -> Generator[bytes, None, int]:
    """Copy entropy-coded data up to the next real marker, whose code is returned.

    In scan data 0xFF is followed by 0x00 (a stuffed byte) or by a restart marker; anything
    else is a marker ending the scan.
    """
    while True:
        if not reader.fill():
            raise MetadataStripError("jpeg:no-eoi")
        buf, start = reader.buf, reader.pos
        at = start
        while True:
            at = buf.find(b"\xff", at)
            if at < 0 or at + 1 >= len(buf):
                break
            following = buf[at + 1]
            if following != 0x00 and following not in _RST:
                break
            at += 2
        if at < 0:
            reader.pos = len(buf)
            yield buf[start:]
            continue
        if at > start:
            yield buf[start:at]
        reader.pos = at + 1
        code = reader.byte("jpeg:no-eoi")
        while code == 0xFF:
            code = reader.byte("jpeg:no-eoi")
        if code == 0x00 or code in _RST:  # split across two blocks
            yield bytes((0xFF, code))
            continue
        return code


def _jpeg_keep(code: int, payload: bytes) -> bytes | None:
    """The segment payload to write, or None to leave the segment out."""
    if code == 0xE0:
        if not payload.startswith(b"JFIF\x00"):
            return None
        if len(payload) > 14:
            # Drop the optional thumbnail: it can show what the image was before cropping.
            return payload[:12] + b"\x00\x00"
        return payload
    if code == 0xE2:
        return payload if payload.startswith(b"ICC_PROFILE\x00") else None
    if code == 0xEE:
        return payload if payload.startswith(b"Adobe") else None
    if 0xE1 <= code <= 0xEF or code == _COM:
        return None
    return payload


_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"caBX"}


def _strip_png(reader: _Reader) -> Generator[bytes, None, None]:
    if reader.exact(8, "png:signature") != _PNG_SIGNATURE:
        raise MetadataStripError("png:signature")
    yield _PNG_SIGNATURE
    first = True
    while True:
        header = reader.exact(8, "png:truncated")
        length = int.from_bytes(header[:4], "big")
        kind = header[4:]
        if length > 0x7FFFFFFF or not kind.isalpha():
            raise MetadataStripError("png:bad-chunk")
        if first and kind != b"IHDR":
            raise MetadataStripError("png:no-ihdr")
        first = False
        keep = kind not in _PNG_DROP
        if keep:
            yield header
        # Body and CRC; kept chunks are unchanged, so their CRCs stay valid.
        yield from reader.copy(length + 4, "png:truncated", keep=keep)
        if kind == b"IEND":
            return  # data after IEND is left out


_WEBP_DROP = {b"EXIF", b"XMP ", b"C2PA"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _webp_chunks(source: BinaryIO, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(fourcc, offset of the body, body size) of each top-level chunk.

    It seeks before every header, so the caller may read between two steps.
    """
    offset = 12
    while offset < end:
        source.seek(offset)
        header = source.read(8)
        if len(header) != 8:
            raise MetadataStripError("webp:truncated")
        size = int.from_bytes(header[4:], "little")
        body = offset + 8
        offset = body + size + (size & 1)  # bodies are padded to an even size
        if offset > end:
            raise MetadataStripError("webp:chunk-past-end")
        yield header[:4], body, size


def _strip_webp(source: BinaryIO) -> Generator[bytes, None, None]:
    head = source.read(12)
    if len(head) != 12 or head[:4] != b"RIFF" or head[8:] != b"WEBP":
        raise MetadataStripError("webp:header")
    end = source.seek(0, 2)
    if int.from_bytes(head[4:8], "little") != end - 8:
        raise MetadataStripError("webp:riff-size")
    # First pass over the headers only: the new RIFF size comes before everything else.
    total = 4
    first = True
    for kind, _body, size in _webp_chunks(source, end):
        if first and kind not in (b"VP8 ", b"VP8L", b"VP8X"):
            raise MetadataStripError("webp:no-image")
        if kind == b"VP8X" and size < 10:
            raise MetadataStripError("webp:bad-vp8x")
        first = False
        if kind not in _WEBP_DROP:
            total += 8 + size + (size & 1)
    if first:
        raise MetadataStripError("webp:no-image")
    yield b"RIFF" + total.to_bytes(4, "little") + b"WEBP"
    for kind, body, size in _webp_chunks(source, end):
        if kind in _WEBP_DROP:
            continue
        padded = size + (size & 1)
        source.seek(body)
        if kind == b"VP8X":
            flags = source.read(1)
            if len(flags) != 1:
                raise MetadataStripError("webp:truncated")
            yield kind + size.to_bytes(4, "little")
            yield bytes((flags[0] & ~(_VP8X_EXIF | _VP8X_XMP),))
            padded -= 1
        else:
            yield kind + size.to_bytes(4, "little")
        while padded:
            block = source.read(min(padded, _BLOCK))
            if not block:
                raise MetadataStripError("webp:truncated")
            padded -= len(block)
            yield block
