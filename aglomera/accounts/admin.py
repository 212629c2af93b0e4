from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from aglomera.accounts.models import Membership, User


def superusers_only(request: HttpRequest) -> bool:
    """The Django admin is a tool for platform operators, not for strategy offices."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = superusers_only  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0


@admin.register(User)
class AglomeraUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_superuser")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "agglomeration", "role", "organisation")
    list_filter = ("agglomeration", "role")
