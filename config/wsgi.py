from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if settings.APP_ENV == "production":
    # Refuse to serve while an account still has the published demo password.
    from aglomera.accounts.demo_passwords import refuse_demo_passwords

    refuse_demo_passwords()
