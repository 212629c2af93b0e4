"""Photos of news items: checked, resized and re-encoded before anything is stored.

An upload is refused when it is empty, larger than settings.UPLOAD_MAX_BYTES, not a JPEG, PNG
or WebP picture by its content (Pillow identifies it from its bytes; the name does not count),
or has more than `MAX_PIXELS` pixels. The pixel count is read from the header before anything is
decoded, and Pillow's own decompression-bomb warning is an error here, so a small file that
unpacks into gigabytes is refused without being unpacked.

The picture is then decoded, turned upright (EXIF orientation), reduced to at most `LONG_SIDE`
pixels on its long side plus a thumbnail of `THUMB_SIDE`, and written anew as JPEG. The new files
carry no metadata: EXIF (camera, GPS position, time), XMP and comments of the original are gone,
and so is anything hidden after or inside the original file, which is never stored.

Photos are public (a published item's gallery): they go to the default storage (MEDIA_ROOT),
under a random name; the portal serves them through a view that checks the item is public
(aglomera/portal/views/news.py), the staff pages through a view that checks the role. The
photos of a cross-border exchange's report (aglomera/cooperation/actions/photos.py) go through
the same checks, stored under "cooperation/" and served to the partnership's members only.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aglomera.news.models import THUMB_SIDE

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000  # a 40-megapixel photo passes; decoded it takes about 120 MB
LONG_SIDE = 1600
QUALITY = 85


@dataclass(frozen=True)
class Processed:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _refuse_type(name: str) -> ValidationError:
    return ValidationError(
        _(
            "The file %(name)s is not a JPEG, PNG or WebP picture (the type is checked by the "
            "content, not by the name)."
        )
        % {"name": name},
        code="photo_type",
    )


def _refuse_pixels(name: str) -> ValidationError:
    return ValidationError(
        _(
            "The picture %(name)s has too many pixels (at most %(limit)s million are accepted). "
            "Reduce its resolution and upload it again."
        )
        % {"name": name, "limit": MAX_PIXELS // 1_000_000},
        code="photo_pixels",
    )


def check_size(upload: Any) -> None:
    name = str(getattr(upload, "name", "") or "?")
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name}, code="empty_file")
    limit = int(settings.UPLOAD_MAX_BYTES)
    if size > limit:
        raise ValidationError(
            _("The file %(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency goes onto white, palettes and grey levels are converted."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.info = {}  # Pillow writes a kept JPEG comment again unless it is dropped
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, no icc_profile=, no comment=: the new file carries none of the original's data.
    copy.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def process(handle: IO[bytes], name: str = "?") -> Processed:
    """Check and re-encode a picture; ValidationError with a message for the uploader."""
    handle.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle, formats=FORMATS) as opened:
                width, height = opened.size
                if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                    raise _refuse_pixels(name)
                opened.seek(0)  # an animation: its first frame
                opened.load()
                upright = ImageOps.exif_transpose(opened)
                rgb = _flatten(upright)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse_pixels(name) from exc
    except (OSError, ValueError, SyntaxError, EOFError, UnidentifiedImageError) as exc:
        raise _refuse_type(name) from exc
    image = _encode(rgb, LONG_SIDE)
    with Image.open(io.BytesIO(image)) as stored:
        final_width, final_height = stored.size
    return Processed(image, _encode(rgb, THUMB_SIDE), final_width, final_height)


def store(agglomeration_id: int, processed: Processed, folder: str = "news") -> tuple[str, str]:
    """Save the picture and its thumbnail under random names in `folder/<agglomeration>/`
    (an exchange's photos: "cooperation"); return the stored names."""
    base = f"{folder}/{agglomeration_id}/{secrets.token_hex(16)}"
    image = default_storage.save(f"{base}.jpg", ContentFile(processed.image))
    thumbnail = default_storage.save(f"{base}-thumb.jpg", ContentFile(processed.thumbnail))
    return image, thumbnail


def open_stored(name: str) -> IO[bytes]:
    handle: IO[bytes] = default_storage.open(name, "rb")
    return handle


def delete_stored(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
