"""Request rates of the API, counted in Django's default cache.

Anonymous clients are counted per address as `aglomera.accounts.client_ip` reads it (the same
trusted proxies as the login rate limit), signed-in clients per user. The rates are read from
settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] at each request (API_ANON_RATE, API_USER_RATE).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from aglomera.accounts.client_ip import client_ip


def _rate(scope: str) -> str | None:
    rates: dict[str, str | None] = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    return rates.get(scope)


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or "unknown"


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or "unknown"
