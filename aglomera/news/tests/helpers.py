"""Pictures for the news tests (made with Pillow, some of them hostile) and a draft builder."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.news import actions
from aglomera.news.models import NewsItem

GPS_IFD = 0x8825
MAKE = 0x010F


def picture(fmt: str = "JPEG", size: tuple[int, int] = (2400, 1200), **save: Any) -> bytes:
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    image = Image.new(mode, size, (30, 90, 160, 255) if mode == "RGBA" else (30, 90, 160))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A camera photo: EXIF with the maker and a GPS position (Olomouc, Horní náměstí)."""
    exif = Image.Exif()
    exif[MAKE] = "SpyCam"
    exif[GPS_IFD] = {1: "N", 2: (49.0, 35.0, 38.0), 3: "E", 4: (17.0, 15.0, 3.0)}
    return picture("JPEG", (800, 600), exif=exif.tobytes(), comment=b"secret note")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb)."""
    data = picture("PNG", (1, 1))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    crc = struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return data[:12] + chunk + crc + data[33:]


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def texts(title: str = "Stáž v Opolí", **more: Any) -> actions.NewsFields:
    """The texts of a news item; another title than the default one is the same in each
    language, so that any page can find it."""
    translated = title == "Stáž v Opolí"
    return actions.NewsFields(
        title={
            "cs": title,
            "pl": "Staż w Opolu" if translated else title,
            "en": "Internship in Opole" if translated else title,
        },
        lead={"cs": "Týden v Opolí.", "pl": "Tydzień w Opolu.", "en": "A week in Opole."},
        body={"cs": "První odstavec.\n\nDruhý <b>odstavec</b>."},
        **more,
    )


def draft(agglomeration: Agglomeration, actor: User, title: str = "Stáž v Opolí") -> NewsItem:
    return actions.create_news_item(agglomeration, texts(title), actor=actor)
