from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from aglomera.calls.models import Call
from aglomera.calls.queries.calls import STATE_LABELS, call_state
from aglomera.core import zones

register = template.Library()


@register.filter
def zone_note(zone: str) -> str:
    """The portal's time zone in the reader's words, or "" when it is the reader's own."""
    return zones.zone_note(zone)


@register.simple_tag(takes_context=True)
def portal_url(context: template.Context, name: str, *args: Any, **kwargs: Any) -> str:
    """The address of a portal page of the agglomeration shown: under its slug on the shared
    host, at the root of a host bound to it."""
    request = context["request"]
    if getattr(request, "portal_host", None) is None:
        kwargs["slug"] = request.portal.slug
    return reverse(f"portal:{name}", args=args, kwargs=kwargs)


@register.filter
def call_state_label(call: Call) -> str:
    """The call's state as the calls page says it ("open for intentions", "announced, not open
    yet"), not the office's status ("announced")."""
    return str(STATE_LABELS[call_state(call, timezone.now())])
