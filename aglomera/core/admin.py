from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from aglomera.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit log is never edited."""

    list_display = ("created_at", "actor", "agglomeration", "code", "object_repr")
    list_filter = ("agglomeration", "code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
