"""Media of an interpretation (图解 images, 视频, PDF): type sniffing and metadata removal.

A file is accepted only when its extension *and* its content agree, as for document
attachments (gongkai.lib.filetext, reused here for PDF). PNG, JPEG and MP4 are checked by
their structure, not by the browser-supplied content type:

- PNG: the 8-byte signature, then an ``IHDR`` chunk of length 13, and an ``IEND`` chunk;
- JPEG: ``FF D8 FF`` (SOI + a marker) at the start and an EOI marker ``FF D9`` at the end;
- MP4 (ISO base media file): a first box ``ftyp`` whose major or compatible brand is an MP4
  brand, top-level box sizes that add up to the file size, and a ``moov`` box. QuickTime
  ``.mov`` (brand ``qt``) is refused: browsers do not play it everywhere.

Published images carry no camera metadata: :func:`strip_image_metadata` drops JPEG APP1
(EXIF/XMP, which can hold GPS positions and the device owner), APP13 (IPTC) and comments, and
PNG text/EXIF chunks. Pure Python: no Django; files are read through a seekable binary stream.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from django.http import FileResponse
from django.utils.translation import gettext, gettext_lazy

from gongkai.lib.filetext import FileRejected, validate_upload

if TYPE_CHECKING:
    from gongkai.interpretations.models import Media

__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "IMAGE_KINDS",
    "MediaRejected",
    "MediaLimits",
    "kind_for_filename",
    "sniff_media",
    "strip_image_metadata",
]

# extension → kind
EXTENSIONS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "mp4": "mp4", "pdf": "pdf"}
CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
    "pdf": "application/pdf",
}
IMAGE_KINDS = frozenset({"png", "jpeg"})

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"M4V ",
        b"dash",
        b"mmp4",
    }
)
_PNG_DROPPED_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})

_MESSAGES = {
    "bad_type": gettext_lazy(
        "文件类型不允许：解读材料仅支持 PNG、JPEG 图片，MP4 视频和 PDF 文件。"
    ),
    "empty": gettext_lazy("文件为空，请重新选择文件。"),
    "mismatch": gettext_lazy("文件内容与扩展名不符，请确认文件格式后重新上传。"),
    "corrupt": gettext_lazy("文件已损坏或格式不完整。"),
}


class MediaRejected(ValueError):
    """An upload that cannot be accepted; ``code`` is stable, the message in the user's
    language."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or str(_MESSAGES.get(code, _MESSAGES["corrupt"])))
        self.code = code
        self.message = str(self)


@dataclass(frozen=True)
class MediaLimits:
    image_bytes: int
    video_bytes: int
    pdf_bytes: int

    def for_kind(self, kind: str) -> int:
        if kind in IMAGE_KINDS:
            return self.image_bytes
        return self.video_bytes if kind == "mp4" else self.pdf_bytes


def kind_for_filename(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise MediaRejected("bad_type")
    return kind


def _size_message(limit: int) -> str:
    if limit >= 1024 * 1024:
        return gettext("文件过大：不能超过 %(size)s MB。") % {
            "size": f"{limit / (1024 * 1024):.0f}"
        }
    return gettext("文件过大：不能超过 %(size)s 字节。") % {"size": limit}


def _check_png(data: bytes) -> None:
    if not data.startswith(PNG_SIGNATURE):
        raise MediaRejected("mismatch")
    if data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise MediaRejected("corrupt")
    if b"IEND" not in data[-12:]:
        raise MediaRejected("corrupt")


def _check_jpeg(data: bytes) -> None:
    if not data.startswith(b"\xff\xd8\xff"):
        raise MediaRejected("mismatch")
    if b"\xff\xd9" not in data[-1024:]:
        raise MediaRejected("corrupt")


def _read_box_header(stream: BinaryIO, offset: int, size: int) -> tuple[int, bytes]:
    """(box size, box type) of the top-level box at ``offset``."""
    stream.seek(offset)
    header = stream.read(8)
    if len(header) < 8:
        raise MediaRejected("corrupt")
    box_size, box_type = struct.unpack(">I4s", header)
    if box_size == 1:
        large = stream.read(8)
        if len(large) < 8:
            raise MediaRejected("corrupt")
        box_size = struct.unpack(">Q", large)[0]
    elif box_size == 0:
        box_size = size - offset
    if box_size < 8 or offset + box_size > size:
        raise MediaRejected("corrupt")
    return box_size, box_type


def _check_mp4(stream: BinaryIO, size: int) -> None:
    stream.seek(0)
    head = stream.read(32)
    if len(head) < 16 or head[4:8] != b"ftyp":
        raise MediaRejected("mismatch")
    ftyp_size = struct.unpack(">I", head[:4])[0]
    stream.seek(8)
    brands_data = stream.read(max(min(ftyp_size, 4096) - 8, 0))
    brands = {brands_data[0:4]} | {
        brands_data[i : i + 4] for i in range(8, len(brands_data) - 3, 4)
    }
    if not brands & MP4_BRANDS:
        raise MediaRejected("mismatch")
    offset = 0
    seen: set[bytes] = set()
    for _ in range(10_000):  # top-level boxes are few; bound the walk on hostile input
        if offset >= size:
            break
        box_size, box_type = _read_box_header(stream, offset, size)
        seen.add(box_type)
        offset += box_size
    else:
        raise MediaRejected("corrupt")
    if offset != size or b"moov" not in seen:
        raise MediaRejected("corrupt")


def sniff_media(stream: BinaryIO, filename: str, size: int, limits: MediaLimits) -> str:
    """Check extension, size and content of an upload; return its kind or raise MediaRejected.

    Images and PDFs are read whole (their limits are small); a video is only walked box by box.
    """
    kind = kind_for_filename(filename)
    limit = limits.for_kind(kind)
    if size > limit:
        raise MediaRejected("too_large", _size_message(limit))
    if size == 0:
        raise MediaRejected("empty")
    if kind == "mp4":
        _check_mp4(stream, size)
        stream.seek(0)
        return kind
    stream.seek(0)
    data = stream.read(limit + 1)
    stream.seek(0)
    if kind == "png":
        _check_png(data)
    elif kind == "jpeg":
        _check_jpeg(data)
    else:
        try:
            if validate_upload(data, filename, limit) != "pdf":
                raise MediaRejected("mismatch")
        except FileRejected as exc:
            raise MediaRejected(exc.code, str(exc)) from None
    return kind


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return data  # not a marker where one must be: leave the file as it is
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the entropy-coded image follows, copy the rest
            out += data[i:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[i : i + 2]
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        segment = data[i : i + 2 + length]
        if len(segment) < 2 + length:
            return data
        # APP1 (EXIF/XMP), APP13 (IPTC/Photoshop), COM (comment).
        if marker not in (0xE1, 0xED, 0xFE):
            out += segment
        i += 2 + length
    return data


def _strip_png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    i = len(PNG_SIGNATURE)
    while i + 12 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        chunk_type = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data):
            return data
        if chunk_type not in _PNG_DROPPED_CHUNKS:
            out += data[i:end]
        i = end
        if chunk_type == b"IEND":
            return bytes(out)
    return data


def strip_image_metadata(data: bytes, kind: str) -> bytes:
    """The image without EXIF/XMP/IPTC/comments (JPEG) or text/EXIF/time chunks (PNG)."""
    if kind == "jpeg":
        return _strip_jpeg(data)
    if kind == "png":
        return _strip_png(data)
    return data


def media_response(media: Media, *, download: bool = False) -> FileResponse:
    """A stored medium as a file response (shown inline, or as a download)."""
    response = FileResponse(
        media.file.open("rb"),
        content_type=CONTENT_TYPES.get(media.kind, "application/octet-stream"),
        as_attachment=download,
        filename=media.original_name or f"{media.title}.{media.kind}",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
