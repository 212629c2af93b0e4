from __future__ import annotations

from django.contrib import admin

from aglomera.calls.models import CallSchedule


@admin.register(CallSchedule)
class CallScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only in practice: calls and schedules are edited through the app's actions."""

    list_display = ("agglomeration", "year", "approved_on")
    list_filter = ("agglomeration",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
