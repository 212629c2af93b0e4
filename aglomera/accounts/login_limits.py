"""Login rate limits: per username and address, and per address across usernames.

django-axes records every failed login (username, client address) in the database and compares
one failure count with one limit. This handler (settings.AXES_HANDLER) applies two limits over
the same records, both counted over the last LOGIN_COOLOFF_MINUTES:

- LOGIN_FAILURE_LIMIT failures for one username from one address lock that pair (guessing one
  user's password);
- LOGIN_IP_FAILURE_LIMIT failures from one address, whatever the usernames, lock the address
  (password spraying: many usernames tried once or twice each).

The address is the client's, found behind the reverse proxy by aglomera/accounts/client_ip.py.
An address that is itself a trusted proxy (the client could not be found) is never locked as a
whole, so that a proxy cannot lock everyone out; the per-username limit still applies there. A
successful login clears the failures of that username from that address only: logging in to
one's own account does not reset the count of an address that sprays others.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from aglomera.accounts.client_ip import is_trusted_proxy


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class LoginLimitHandler(AxesDatabaseHandler):  # type: ignore[misc] # axes has no types
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures of this username from this address, or the limit itself once either
        limit is reached (axes locks when this number reaches AXES_FAILURE_LIMIT)."""
        address = getattr(request, "axes_ip_address", None)
        recent = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        )
        username = get_client_username(request, credentials)
        pair = _failures(recent.filter(username=username))
        if address is None or is_trusted_proxy(address):
            return pair
        if _failures(recent) >= int(settings.LOGIN_IP_FAILURE_LIMIT):
            return max(pair, int(settings.AXES_FAILURE_LIMIT))
        return pair
