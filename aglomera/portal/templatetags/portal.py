from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

from aglomera.calls.models import Call
from aglomera.calls.queries.calls import STATE_LABELS, call_state

register = template.Library()

# The time zones of the agglomerations, named as a citizen says it, never by the IANA id.
ZONE_LABELS: dict[str, Promise] = {
    "Europe/Prague": pgettext_lazy("time zone", "Prague time"),
    "Europe/Warsaw": pgettext_lazy("time zone", "Warsaw time"),
}
OTHER_ZONE = pgettext_lazy("time zone", "the office's local time")
# The zone a reader of each language lives in: their own clock needs no note.
HOME_ZONES = {"cs": "Europe/Prague", "pl": "Europe/Warsaw"}


@register.filter
def zone_note(zone: str) -> str:
    """The portal's time zone in the reader's words ("Prague time", "czas w Pradze"), or ""
    when it is the reader's own (a Czech page of a Czech portal, a Polish one of a Polish)."""
    language = (get_language() or "").split("-")[0]
    if HOME_ZONES.get(language) == zone:
        return ""
    return str(ZONE_LABELS.get(zone, OTHER_ZONE))


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
