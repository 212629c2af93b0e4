"""Staff endpoints of cooperation (token), read only: the agglomeration's partnerships with their
projects and each partner's budget, a partnership's exchanges, the good-practice library and the
joint project ideas, read through the same queries and permission as the office's cooperation
pages (aglomera/cooperation/views): `cooperation.view` in the agglomeration of the URL (404 for
an outsider, 403 for a role without it), and a partnership, card or idea the agglomeration does
not read is a 404. A partner's card is listed and opened only while its owner shares it with a
partnership both belong to (`visible_cards`), exactly as on the library page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from aglomera.api import serializers as s
from aglomera.api.permissions import tenant_of
from aglomera.api.queries import cooperation as queries
from aglomera.api.views.staff import READ_ERRORS, StaffView
from aglomera.cooperation.queries import get_card, list_library
from aglomera.core.tenant import Tenant

VIEW = "cooperation.view"


class CooperationView(StaffView):
    def page(
        self, tenant: Tenant, rows: Sequence[Any] | QuerySet[Any], work: Callable[[list[Any]], Any]
    ) -> Response:
        """One page of `rows`, turned into the serializer's input by `work` (a page at a time,
        so that the work per request does not grow with the list)."""
        page = self.paginate_queryset(rows) or []
        return self.in_zone(
            tenant,
            lambda: self.get_paginated_response(self.get_serializer(work(page), many=True).data),
        )


class PartnershipList(CooperationView):
    serializer_class = s.PartnershipSerializer

    @extend_schema(
        operation_id="staff_cooperation_partnerships_list",
        responses={200: s.PartnershipSerializer(many=True), **READ_ERRORS},
        description="The partnerships the agglomeration is a member of, with their members, "
        "agreement and cooperation projects (each partner's budget in its own currency and "
        "on its basis, never summed).",
    )
    def get(self, request: Request, slug: str) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        rows = queries.list_partnerships(tenant.agglomeration)
        return self.page(tenant, rows, queries.with_projects)


class ExchangeList(CooperationView):
    serializer_class = s.ExchangeSerializer

    @extend_schema(
        operation_id="staff_cooperation_exchanges_list",
        responses={200: s.ExchangeSerializer(many=True), **READ_ERRORS},
        description="The exchanges of a partnership of the agglomeration, newest first.",
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        rows = queries.partnership_exchanges(tenant.agglomeration, pk)
        return self.page(tenant, rows, list)


class LibraryList(CooperationView):
    serializer_class = s.GoodPracticeSerializer

    @extend_schema(
        operation_id="staff_cooperation_library_list",
        parameters=[s.LibraryFilterSerializer],
        responses={200: s.GoodPracticeSerializer(many=True), **READ_ERRORS},
        description="The good-practice cards the agglomeration's staff read, newest edit first: "
        "its own, its partners' public ones and those a partner shares with a partnership of "
        "both (as the library page).",
    )
    def get(self, request: Request, slug: str) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        filters = s.LibraryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        library = list_library(
            tenant.agglomeration,
            wanted.get("q", "").strip(),
            wanted.get("tag", "").strip(),
            get_language(),
        )
        return self.page(tenant, library.cards, list)


class LibraryCard(CooperationView):
    serializer_class = s.GoodPracticeSerializer

    @extend_schema(
        operation_id="staff_cooperation_library_retrieve",
        responses={200: s.GoodPracticeSerializer, **READ_ERRORS},
        description="One card the agglomeration's staff read (404 for any other).",
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        card = get_card(tenant.agglomeration, pk)
        return self.in_zone(tenant, lambda: Response(self.get_serializer(card).data))


class IdeaList(CooperationView):
    serializer_class = s.JointIdeaSerializer

    @extend_schema(
        operation_id="staff_cooperation_ideas_list",
        responses={200: s.JointIdeaSerializer(many=True), **READ_ERRORS},
        description="The joint project ideas of the agglomeration's partnerships, the latest "
        "changed first, with each member's side and the comments.",
    )
    def get(self, request: Request, slug: str) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        agglomeration = tenant.agglomeration
        return self.page(
            tenant,
            queries.list_ideas(agglomeration),
            lambda ideas: queries.with_sides(agglomeration, ideas),
        )


class IdeaDetail(CooperationView):
    serializer_class = s.JointIdeaSerializer

    @extend_schema(
        operation_id="staff_cooperation_ideas_retrieve",
        responses={200: s.JointIdeaSerializer, **READ_ERRORS},
        description="One joint idea of a partnership of the agglomeration (404 for any other).",
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        idea = queries.get_idea(tenant.agglomeration, pk, request.user)
        return self.in_zone(tenant, lambda: Response(self.get_serializer(idea).data))
