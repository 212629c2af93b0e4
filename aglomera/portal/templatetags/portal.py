from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_url(context: template.Context, name: str, *args: Any, **kwargs: Any) -> str:
    """The address of a portal page of the agglomeration shown: under its slug on the shared
    host, at the root of a host bound to it."""
    request = context["request"]
    if getattr(request, "portal_host", None) is None:
        kwargs["slug"] = request.portal.slug
    return reverse(f"portal:{name}", args=args, kwargs=kwargs)
