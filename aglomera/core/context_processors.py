from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from aglomera.core.language import page_address

# Each language named in itself, as a reader looking for their own language expects it; the
# link carries lang= of that language, which is then true of its text (WCAG 3.1.2).
NATIVE_NAMES = {"cs": "Čeština", "pl": "Polski", "en": "English"}


def languages(request: HttpRequest) -> dict[str, Any]:
    """Links to the same page in each UI language, for the language switch: through
    core:language, with the page's GET address (never a POST-only one, which would answer 405)."""
    query = urlencode({"next": page_address(request)})
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "native": NATIVE_NAMES.get(code, str(name)),
                "url": f"{reverse('core:language', args=[code])}?{query}",
            }
            for code, name in settings.LANGUAGES
        ]
    }
