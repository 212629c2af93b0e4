"""Links from the portal's sections to pages other parts of the portal may or may not serve."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch

from aglomera.portal.templatetags.portal import portal_url

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_link(context: template.Context, name: str, **kwargs: Any) -> str:
    """The address of a portal page, or "" when no such page exists (the text is then shown
    without a link)."""
    try:
        return portal_url(context, name, **kwargs)
    except NoReverseMatch:
        return ""
