"""Factories and sample files for interpretation tests."""

from __future__ import annotations

import io
import struct
import zlib

import factory
import pypdf
from django.core.files.base import ContentFile

from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Element, Form, Status
from gongkai.lib.tests.overlap_samples import REAL_INTERPRETATION
from gongkai.organizations.tests.factories import OrganFactory


class InterpretationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpretation
        skip_postgeneration_save = True

    organ = factory.SubFactory(OrganFactory)
    status = Status.DRAFT
    title = factory.Sequence(lambda n: f"《示范区学前教育资助办法》政策解读（{n}）")
    body = REAL_INTERPRETATION
    interpreter_name = "李老师"
    interpreter_phone = "0411-8888 1234"
    forms = factory.LazyFunction(lambda: [Form.TEXT.value])
    elements = factory.LazyFunction(lambda: [e.value for e in Element][:5])

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.documents.set(extracted)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(*, text: bytes = b"") -> bytes:
    """A valid 1×1 PNG, optionally with a tEXt chunk (metadata to be stripped)."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunks = _png_chunk(b"IHDR", ihdr)
    if text:
        chunks += _png_chunk(b"tEXt", b"Author\x00" + text)
    chunks += _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    chunks += _png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def jpeg_bytes(*, exif: bytes = b"") -> bytes:
    """A structurally valid JPEG (SOI, APP0, optional APP1 Exif, DQT, SOS, data, EOI)."""

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    out = b"\xff\xd8"
    out += segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if exif:
        out += segment(0xE1, b"Exif\x00\x00" + exif)
    out += segment(0xDB, b"\x00" + bytes(range(64)))
    out += segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return out + b"\x12\x34\x56\x78" + b"\xff\xd9"


def mp4_bytes(*, brand: bytes = b"isom", payload: bytes = b"\x00" * 64) -> bytes:
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", brand, 0x200, brand)
    moov = struct.pack(">I4s", 8, b"moov")
    mdat = struct.pack(">I4s", 8 + len(payload), b"mdat") + payload
    return ftyp + moov + mdat


def pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "张三"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> ContentFile:
    return ContentFile(data, name=name)
