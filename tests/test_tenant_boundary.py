"""The tenant boundary (aglomera/core/tenant.py, docs/adr/0005): every page of an agglomeration
resolves it once, and objects are fetched only within it."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from aglomera.accounts.models import Membership, Role, User
from aglomera.core.tenant import (
    Tenant,
    get_in_tenant,
    in_tenant,
    resolve_tenant,
    tenant_view,
    zone_of,
)
from aglomera.strategy.tests.builders import make_olomouc, make_opole, make_user


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found.extend(_patterns(pattern.url_patterns, route))
        else:
            found.append((route, pattern))
    return found


def pages_of_an_agglomeration() -> list[tuple[str, URLPattern]]:
    """The staff pages of an agglomeration; the public portal's pages (aglomera/portal/access.py
    `portal_view`) show only public data and have no tenant to check."""
    routes = _patterns(get_resolver().url_patterns)
    # The REST API is left out: its public endpoints publish what the portal publishes (no
    # tenant), and its staff endpoints (token) call `resolve_tenant` themselves, as tenant_view
    # does (aglomera/api/permissions.py); tests/api/test_staff.py and test_cooperation.py
    # check them per role.
    return [
        (route, pattern)
        for route, pattern in routes
        if "<slug:slug>" in route
        and not route.startswith("api/")
        and not getattr(pattern.callback, "public_portal", False)
    ]


def test_there_are_pages_of_an_agglomeration() -> None:
    assert len(pages_of_an_agglomeration()) > 60


def test_every_page_of_an_agglomeration_goes_through_the_tenant_boundary() -> None:
    outside = [
        f"{route} ({pattern.name})"
        for route, pattern in pages_of_an_agglomeration()
        if getattr(pattern.callback, "tenant_perm", None) is None
    ]
    assert not outside, "decorate with @tenant_view(perm):\n" + "\n".join(outside)


# ---- resolving the tenant -------------------------------------------------------------------


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    olomouc, opole = make_olomouc(), make_opole()
    return {
        "olomouc": olomouc,
        "opole": opole,
        "manager": make_user("m", (olomouc, Role.MANAGER)),
        "applicant": make_user("a", (olomouc, Role.APPLICANT)),
        "opole_manager": make_user("om", (opole, Role.MANAGER)),
    }


def test_a_member_gets_the_agglomeration_their_roles_and_its_time_zone(
    world: dict[str, Any],
) -> None:
    tenant = resolve_tenant(world["manager"], "olomouc", "agglomerations.manage")
    assert tenant.agglomeration == world["olomouc"]
    assert tenant.id == world["olomouc"].pk
    assert tenant.roles == frozenset({Role.MANAGER})
    assert tenant.zone == zoneinfo.ZoneInfo("Europe/Prague")
    assert tenant.can("agglomerations.manage")
    tenant.require("agglomerations.manage")


def test_an_outsider_and_an_unknown_slug_are_not_found(world: dict[str, Any]) -> None:
    with pytest.raises(Http404):
        resolve_tenant(world["opole_manager"], "olomouc")
    with pytest.raises(Http404):
        resolve_tenant(world["manager"], "no-such-agglomeration")
    with pytest.raises(Http404):
        resolve_tenant(AnonymousUser(), "olomouc")


def test_a_member_without_the_permission_is_refused(world: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resolve_tenant(world["applicant"], "olomouc", "agglomerations.manage")
    tenant = resolve_tenant(world["applicant"], "olomouc")
    assert not tenant.can("agglomerations.manage")
    with pytest.raises(PermissionDenied):
        tenant.require("agglomerations.manage")


def test_an_unknown_time_zone_falls_back_to_the_sites() -> None:
    assert zone_of("Mars/Olympus") == zoneinfo.ZoneInfo("Europe/Prague")
    assert zone_of("Europe/Warsaw") == zoneinfo.ZoneInfo("Europe/Warsaw")


def test_the_view_runs_with_the_tenant_in_its_time_zone(world: dict[str, Any]) -> None:
    seen: dict[str, Any] = {}

    @tenant_view("agglomerations.view")
    def page(request: HttpRequest, slug: str) -> HttpResponse:
        seen["tenant"] = request.tenant  # type: ignore[attr-defined]
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse("ok")

    request = RequestFactory().get("/cs/app/opole/")
    request.user = world["opole_manager"]
    assert page(request, "opole").status_code == 200
    assert isinstance(seen["tenant"], Tenant)
    assert seen["tenant"].agglomeration == world["opole"]
    assert seen["zone"] == "Europe/Warsaw"
    assert page.tenant_perm == "agglomerations.view"  # type: ignore[attr-defined]


def test_an_anonymous_visitor_is_sent_to_the_login_page(world: dict[str, Any]) -> None:
    @tenant_view()
    def page(request: HttpRequest, slug: str) -> HttpResponse:
        raise AssertionError("never runs")

    request = RequestFactory().get("/cs/app/olomouc/calls/")
    request.user = AnonymousUser()
    response = page(request, "olomouc")
    assert response.status_code == 302
    assert "next=/cs/app/olomouc/calls/" in response["Location"]


# ---- fetching within the tenant ---------------------------------------------------------------


@pytest.fixture
def scoped_membership(monkeypatch: pytest.MonkeyPatch) -> type[Membership]:
    monkeypatch.setattr(Membership, "TENANT_PATH", "agglomeration", raising=False)
    return Membership


def test_an_object_of_another_agglomeration_is_not_found(
    world: dict[str, Any], scoped_membership: type[Membership]
) -> None:
    tenant = resolve_tenant(world["manager"], "olomouc")
    own = Membership.objects.get(user=world["applicant"])
    foreign = Membership.objects.get(user=world["opole_manager"])
    assert get_in_tenant(Membership, tenant, pk=own.pk) == own
    assert set(in_tenant(Membership, tenant)) == set(
        Membership.objects.filter(agglomeration=world["olomouc"])
    )
    assert foreign not in in_tenant(Membership.objects.all(), world["olomouc"])
    assert list(in_tenant(Membership, world["opole"].pk)) == [foreign]
    with pytest.raises(Http404):
        get_in_tenant(Membership, tenant, pk=foreign.pk)


@pytest.mark.parametrize("pk", ["x", 2**63, 10**30, None])
def test_a_malformed_or_huge_id_is_not_found(
    world: dict[str, Any], scoped_membership: type[Membership], pk: Any
) -> None:
    with pytest.raises(Http404):
        get_in_tenant(Membership, world["olomouc"], pk=pk)


def test_a_model_without_a_tenant_path_cannot_be_fetched_by_tenant(world: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="TENANT_PATH"):
        in_tenant(User, world["olomouc"])
