"""Serving a stored photo (the portal's public view, the office's view and the exchange's
photos of aglomera/cooperation share this).
The stored files are small (at most 1600 pixels, re-encoded), so they are read whole."""

from __future__ import annotations

from typing import Protocol

from django.http import Http404, HttpResponse

from aglomera.news import photos

SIZES = ("full", "thumb")


class StoredPhoto(Protocol):
    """A news photo or an exchange's photo: the stored names of the picture and thumbnail."""

    @property
    def image(self) -> str: ...

    @property
    def thumbnail(self) -> str: ...


def photo_response(photo: StoredPhoto, size: str, *, cache: str) -> HttpResponse:
    if size not in SIZES:
        raise Http404
    name = photo.image if size == "full" else photo.thumbnail
    try:
        with photos.open_stored(name) as handle:
            content = handle.read()
    except (OSError, ValueError) as exc:  # the file is gone (or the name is not a stored one)
        raise Http404 from exc
    response = HttpResponse(content, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
