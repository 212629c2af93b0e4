"""Logging filters (settings.LOGGING)."""

from __future__ import annotations

import logging


class DenialsOnOneLine(logging.Filter):
    """A refused request is logged as one line, without the traceback of its exception.

    Django logs a PermissionDenied (403) through `django.request` and a suspicious request
    (SuspiciousOperation, a disallowed host, a CSRF failure) through `django.security.*` with
    the exception attached; the message already says what happened and where, and a traceback
    per refusal would bury real errors. Server errors (500) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        denied = record.name.startswith("django.security") or (
            record.name == "django.request" and getattr(record, "status_code", None) == 403
        )
        if denied:
            record.exc_info = None
            record.exc_text = None
        return True
