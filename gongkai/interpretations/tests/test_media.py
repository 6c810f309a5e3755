"""Media sniffers (magic bytes and structure) and metadata removal; no database."""

from __future__ import annotations

import io

import pytest

from gongkai.interpretations.media import (
    MediaLimits,
    MediaRejected,
    sniff_media,
    strip_image_metadata,
)

from .factories import jpeg_bytes, mp4_bytes, pdf_bytes, png_bytes

LIMITS = MediaLimits(image_bytes=10_000, video_bytes=100_000, pdf_bytes=100_000)


def sniff(name: str, data: bytes, limits: MediaLimits = LIMITS) -> str:
    return sniff_media(io.BytesIO(data), name, len(data), limits)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.png", png_bytes(), "png"),
        ("a.PNG", png_bytes(), "png"),
        ("a.jpg", jpeg_bytes(), "jpeg"),
        ("a.jpeg", jpeg_bytes(), "jpeg"),
        ("a.mp4", mp4_bytes(), "mp4"),
        ("a.mp4", mp4_bytes(brand=b"mp42"), "mp4"),
        ("a.pdf", pdf_bytes(), "pdf"),
    ],
)
def test_accepted(name, data, kind):
    assert sniff(name, data) == kind


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.gif", b"GIF89a", "bad_type"),
        ("noextension", png_bytes(), "bad_type"),
        ("a.png", jpeg_bytes(), "mismatch"),
        ("a.jpg", png_bytes(), "mismatch"),
        ("a.mp4", png_bytes(), "mismatch"),
        ("a.mp4", mp4_bytes(brand=b"qt  "), "mismatch"),
        ("a.pdf", png_bytes(), "mismatch"),
        ("a.png", png_bytes()[:-12], "corrupt"),
        ("a.jpg", jpeg_bytes()[:-2], "corrupt"),
        ("a.mp4", mp4_bytes() + b"junk", "corrupt"),
        ("a.png", b"", "empty"),
    ],
)
def test_refused(name, data, code):
    with pytest.raises(MediaRejected) as exc:
        sniff(name, data)
    assert exc.value.code == code


def test_mp4_without_moov_is_refused():
    data = mp4_bytes().replace(b"moov", b"free")
    with pytest.raises(MediaRejected) as exc:
        sniff("a.mp4", data)
    assert exc.value.code == "corrupt"


def test_size_limit_per_kind():
    tight = MediaLimits(image_bytes=10, video_bytes=100_000, pdf_bytes=10)
    with pytest.raises(MediaRejected) as exc:
        sniff("a.png", png_bytes(), tight)
    assert exc.value.code == "too_large"
    assert sniff("a.mp4", mp4_bytes(), tight) == "mp4"


def test_jpeg_metadata_is_removed_and_image_kept():
    original = jpeg_bytes(exif=b"GPS 38.9N")
    stripped = strip_image_metadata(original, "jpeg")
    assert b"GPS" not in stripped
    assert stripped == jpeg_bytes()


def test_png_text_chunks_are_removed():
    assert strip_image_metadata(png_bytes(text=b"Zhang San"), "png") == png_bytes()


def test_unparseable_image_is_left_alone():
    assert strip_image_metadata(b"\xff\xd8garbage", "jpeg") == b"\xff\xd8garbage"
