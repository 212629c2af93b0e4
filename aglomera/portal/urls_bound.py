"""URL configuration of a request whose host is bound to one agglomeration (hosts.py): its
portal at the root of each language, everything else as on the shared host."""

from __future__ import annotations

from aglomera.portal.urls import bound_portal
from config.urls import localized

urlpatterns = localized(bound_portal)
