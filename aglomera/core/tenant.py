"""The tenant boundary: which agglomeration a request acts in, as whom, in which time zone.

Every staff page of an agglomeration is a `tenant_view`: it resolves the agglomeration from the
URL's `slug` once, refuses outsiders with 404 (existence is not revealed) and members without the
view's permission with 403, puts a `Tenant` on `request.tenant` and runs the view in the
agglomeration's time zone. Views then fetch objects only through `in_tenant()` / `get_in_tenant()`,
which filter by the model's `TENANT_PATH` (the lookup from the model to its agglomeration), so an
object of another agglomeration is a 404 by construction. Form choice lists use the same helpers.
The REST API of the portal resolves the same `Tenant`. docs/adr/0005 explains the design.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import timezone

from aglomera.accounts.permissions import organisations_by_agglomeration, require_perm, roles_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from aglomera.accounts.models import Role, User
    from aglomera.agglomerations.models import Agglomeration

P = ParamSpec("P")
ModelT = TypeVar("ModelT", bound=models.Model)


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The agglomeration's time zone; the site's default if the stored name is unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Tenant:
    """The agglomeration a request acts in and who acts: resolved once per request."""

    agglomeration: Agglomeration
    user: User
    roles: frozenset[Role]
    organisations: frozenset[int]  # the organisations the user acts for here (applicants)
    zone: zoneinfo.ZoneInfo

    @property
    def id(self) -> int:
        return int(self.agglomeration.pk)

    def can(self, perm: str, obj: Any = None) -> bool:
        return bool(self.user.has_perm(perm, self.agglomeration if obj is None else obj))

    def require(self, perm: str, obj: Any = None) -> None:
        """403 unless the user holds `perm` on `obj` (the agglomeration by default)."""
        require_perm(self.user, perm, self.agglomeration if obj is None else obj)


class TenantRequest(HttpRequest):
    """What a `tenant_view` receives (for type checkers; at run time it is the HttpRequest)."""

    tenant: Tenant
    user: User


def resolve_tenant(
    user: User | AnonymousUser, slug: str, perm: str = "agglomerations.view"
) -> Tenant:
    """404 for anonymous users and outsiders, 403 for members without `perm`."""
    from aglomera.agglomerations.models import Agglomeration

    if not user.is_authenticated:
        raise Http404
    agglomeration = Agglomeration.objects.filter(slug=slug).first()
    roles = roles_in(user, agglomeration.pk) if agglomeration is not None else frozenset()
    if agglomeration is None or not roles:
        raise Http404
    require_perm(user, perm, agglomeration)
    return Tenant(
        agglomeration=agglomeration,
        user=user,
        roles=roles,
        organisations=organisations_by_agglomeration(user).get(agglomeration.pk, frozenset()),
        zone=zone_of(agglomeration.time_zone),
    )


View = Callable[Concatenate[TenantRequest, str, P], HttpResponseBase]


def tenant_view(
    perm: str = "agglomerations.view",
) -> Callable[[View[P]], Callable[Concatenate[HttpRequest, str, P], HttpResponseBase]]:
    """The decorator of every staff page under /<lang>/app/<slug>/: login, tenant, permission,
    time zone. Anonymous visitors go to the login page."""

    def decorate(
        view: View[P],
    ) -> Callable[Concatenate[HttpRequest, str, P], HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            tenant = resolve_tenant(request.user, slug, perm)
            request.tenant = tenant  # type: ignore[attr-defined]
            with timezone.override(tenant.zone):
                return view(request, slug, *args, **kwargs)  # type: ignore[arg-type]

        wrapper.tenant_perm = perm  # type: ignore[attr-defined]  # read by the URL walker test
        return wrapper  # type: ignore[return-value]

    return decorate


# ---- tenant-scoped queries ---------------------------------------------------------------------


def tenant_path(model: type[models.Model]) -> str:
    """The lookup from `model` to its agglomeration, declared on the model as TENANT_PATH."""
    path = getattr(model, "TENANT_PATH", None)
    if not isinstance(path, str):
        raise TypeError(f"{model.__name__} declares no TENANT_PATH")
    return path


def in_tenant(
    source: type[ModelT] | models.QuerySet[ModelT], tenant: Tenant | Agglomeration | int
) -> models.QuerySet[ModelT]:
    """Only the rows of `source` that belong to the tenant's agglomeration."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    agglomeration_id = _agglomeration_id(tenant)
    return queryset.filter(**{f"{tenant_path(queryset.model)}_id": agglomeration_id})


def get_in_tenant(
    source: type[ModelT] | models.QuerySet[ModelT],
    tenant: Tenant | Agglomeration | int,
    **lookup: Any,
) -> ModelT:
    """One object of the tenant, or 404 (also when it exists in another agglomeration)."""
    try:
        return in_tenant(source, tenant).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def _agglomeration_id(tenant: Tenant | Agglomeration | int) -> int:
    if isinstance(tenant, Tenant):
        return tenant.id
    if isinstance(tenant, int):
        return tenant
    return int(tenant.pk)
