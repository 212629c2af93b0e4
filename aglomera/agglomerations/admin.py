from __future__ import annotations

from django.contrib import admin

from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation


@admin.register(Agglomeration)
class AgglomerationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("slug", "country", "currency")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "kind", "agglomeration", "population")
    list_filter = ("agglomeration", "kind")
    search_fields = ("name", "code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "country", "ico", "regon", "nip", "agglomeration", "status")
    list_filter = ("agglomeration", "kind", "status")
    search_fields = ("name", "ico", "regon", "nip")
    # The status moves only through the organisation workflow (the manager's pages).
    readonly_fields = ("status", "merged_into")
