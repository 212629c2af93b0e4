"""Time zones named as people say them ("Prague time", "czas w Pradze"), never by the IANA id."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

ZONE_LABELS: dict[str, Promise] = {
    "Europe/Prague": pgettext_lazy("time zone", "Prague time"),
    "Europe/Warsaw": pgettext_lazy("time zone", "Warsaw time"),
}
OTHER_ZONE = pgettext_lazy("time zone", "the office's local time")
# The zone a reader of each language lives in: their own clock needs no note on the portal.
HOME_ZONES = {"cs": "Europe/Prague", "pl": "Europe/Warsaw"}


def zone_name(zone: str) -> str:
    """The zone in the reader's words."""
    return str(ZONE_LABELS.get(zone, OTHER_ZONE))


def zone_note(zone: str) -> str:
    """The zone in the reader's words, or "" when it is the reader's own (a Czech page of a
    Czech portal, a Polish one of a Polish)."""
    language = (get_language() or "").split("-")[0]
    return "" if HOME_ZONES.get(language) == zone else zone_name(zone)
