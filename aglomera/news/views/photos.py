"""Serving a stored news photo (the portal's public view and the office's view share this)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from aglomera.news import photos
from aglomera.news.models import NewsPhoto

SIZES = ("full", "thumb")


def photo_response(photo: NewsPhoto, size: str, *, cache: str) -> FileResponse:
    if size not in SIZES:
        raise Http404
    name = photo.image if size == "full" else photo.thumbnail
    try:
        handle = photos.open_stored(name)
    except (OSError, ValueError) as exc:  # the file is gone (or the name is not a stored one)
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
