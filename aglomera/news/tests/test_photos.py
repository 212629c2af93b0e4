"""Hostile and awkward photo uploads: refused before anything is stored, or cleaned."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.news import actions, photos
from aglomera.news.models import NewsPhoto
from aglomera.news.tests.helpers import (
    GPS_IFD,
    draft,
    jpeg_with_gps,
    picture,
    png_claiming,
    upload,
)


def _refusal(olomouc: Agglomeration, actor: User, content: bytes, name: str = "a.jpg") -> str:
    item = draft(olomouc, actor)
    with pytest.raises(ValidationError) as error:
        actions.add_photo(item, upload(content, name), alt={"en": "A"}, credit="B", actor=actor)
    assert not NewsPhoto.objects.exists()
    assert (
        not default_storage.exists(f"news/{olomouc.pk}")
        or not default_storage.listdir(f"news/{olomouc.pk}")[1]
    )
    return str(error.value.error_list[0].code)


def test_gps_position_camera_and_comments_are_stripped(olomouc: Agglomeration, bob: User) -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as opened:
        assert opened.getexif().get_ifd(GPS_IFD)  # the test's premise
    item = draft(olomouc, bob)
    photo = actions.add_photo(item, upload(original), alt={"en": "A"}, credit="B", actor=bob)
    for name in (photo.image, photo.thumbnail):
        with default_storage.open(name) as handle:
            data = handle.read()
        with Image.open(io.BytesIO(data)) as stored:
            assert stored.format == "JPEG"
            assert not stored.getexif()
            assert "exif" not in stored.info and "comment" not in stored.info
        assert b"SpyCam" not in data and b"secret note" not in data and b"Exif" not in data


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_with_transparency_become_jpeg(
    olomouc: Agglomeration, bob: User, fmt: str
) -> None:
    item = draft(olomouc, bob)
    photo = actions.add_photo(
        item, upload(picture(fmt, (300, 200)), "a.img"), alt={"en": "A"}, credit="B", actor=bob
    )
    assert (photo.width, photo.height) == (300, 200)  # never enlarged
    with default_storage.open(photo.image) as handle, Image.open(handle) as stored:
        assert stored.mode == "RGB"


def test_the_camera_orientation_is_applied(olomouc: Agglomeration, bob: User) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    content = picture("JPEG", (400, 200), exif=exif.tobytes())
    photo = actions.add_photo(
        draft(olomouc, bob), upload(content), alt={"en": "A"}, credit="B", actor=bob
    )
    assert (photo.width, photo.height) == (200, 400)


def test_an_oversized_file_is_refused(olomouc: Agglomeration, bob: User, settings: object) -> None:
    settings.UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    assert _refusal(olomouc, bob, picture()) == "file_too_large"


def test_an_empty_file_is_refused(olomouc: Agglomeration, bob: User) -> None:
    assert _refusal(olomouc, bob, b"") == "empty_file"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        picture("JPEG")[:300],  # truncated
        picture("BMP", (10, 10)),  # a picture, but not an accepted kind
    ],
    ids=["html", "pdf", "gif", "truncated-jpeg", "bmp"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(
    olomouc: Agglomeration, bob: User, content: bytes
) -> None:
    assert _refusal(olomouc, bob, content) == "photo_type"


@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 20_000), (8_000, 8_000), (7_000, 6_000)],
    ids=["pillow-bomb", "over-our-limit", "just-over-our-limit"],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(
    olomouc: Agglomeration, bob: User, width: int, height: int
) -> None:
    bomb = png_claiming(width, height)
    assert len(bomb) < 100
    assert _refusal(olomouc, bob, bomb, "bomb.png") == "photo_pixels"


def test_a_picture_without_pixels_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        photos.process(io.BytesIO(png_claiming(0, 10)), "zero.png")
    assert error.value.code in {"photo_pixels", "photo_type"}


def test_delete_stored_ignores_empty_names(tmp_path: object) -> None:
    photos.delete_stored("", "")  # nothing to do, nothing raised
