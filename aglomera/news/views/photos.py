"""Serving a stored news photo (the portal's public view and the office's view share this).
The stored files are small (at most 1600 pixels, re-encoded), so they are read whole."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from aglomera.news import photos
from aglomera.news.models import NewsPhoto

SIZES = ("full", "thumb")


def photo_response(photo: NewsPhoto, size: str, *, cache: str) -> HttpResponse:
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
