"""How often a password-reset link may be asked for: at most RESET_LIMIT_PER_ADDRESS times an
hour for one e-mail address and RESET_LIMIT_PER_CLIENT times an hour from one client address.

The login lockout does not apply to resetting (views/passwords.py), so without this anyone
could have a person's mailbox flooded with reset e-mails. Over the limit the visitor gets the
same "sent" page as always (the answer never tells whether an account exists or a limit was
hit), and no e-mail goes out. Counters live in the default cache (Redis when REDIS_URL is set,
shared by the app servers).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from aglomera.accounts.client_ip import client_ip

WINDOW_SECONDS = 3600


def reset_allowed(request: HttpRequest, email: str) -> bool:
    """Counts this request and says whether it is within both limits."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    within = _count(f"password-reset:address:{digest}") <= settings.RESET_LIMIT_PER_ADDRESS
    client = client_ip(request) or "unknown"
    return _count(f"password-reset:client:{client}") <= settings.RESET_LIMIT_PER_CLIENT and within


def _count(key: str) -> int:
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1
