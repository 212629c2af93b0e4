from __future__ import annotations

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from aglomera.core.request_size import guard_asgi_body  # noqa: E402 - needs the apps loaded

# Django's ASGI handler reads the whole body before any middleware runs: the guard lets no body
# through that the request size limit (aglomera/core/request_size.py) would refuse.
application = guard_asgi_body(django_application)

if settings.APP_ENV == "production":
    # Refuse to serve while an account still has the published demo password.
    from aglomera.accounts.demo_passwords import refuse_demo_passwords

    refuse_demo_passwords()
