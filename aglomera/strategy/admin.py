from __future__ import annotations

from django.contrib import admin

from aglomera.strategy.models import IndicatorCode, Programme, SpecificObjective


class SpecificObjectiveInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SpecificObjective
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "period", "country", "currency")
    list_filter = ("period", "country")
    inlines = [SpecificObjectiveInline]


@admin.register(IndicatorCode)
class IndicatorCodeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "kind", "source", "direction")
    list_filter = ("kind", "source")
    search_fields = ("code",)
