"""Public read endpoints: no token needed, only what the portal publishes.

Each view parses its query parameters with a filter serializer (unknown parameters are ignored,
malformed ones are a 400), reads through `aglomera.api.queries.public` and serializes.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from aglomera.api import serializers as s
from aglomera.api.queries import public as queries
from aglomera.core.tenant import zone_of

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Malformed query parameters"),
    404: OpenApiResponse(s.ErrorSerializer, description="Unknown agglomeration, object or page"),
}


def _filters(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PublicView(GenericAPIView):
    permission_classes = [AllowAny]

    def paginated(self, items: Any) -> Response:
        page = self.paginate_queryset(items)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **getattr(self, "extra_context", {})}


class AgglomerationList(PublicView):
    serializer_class = s.AgglomerationSerializer

    @extend_schema(
        operation_id="agglomerations_list",
        responses={200: s.AgglomerationSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return self.paginated(queries.list_agglomerations())


class AgglomerationDetail(PublicView):
    serializer_class = s.AgglomerationSerializer

    @extend_schema(responses={200: s.AgglomerationSerializer, **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        return Response(self.get_serializer(queries.get_agglomeration(slug)).data)


class StrategyDetail(PublicView):
    serializer_class = s.StrategySerializer

    @extend_schema(
        responses={200: s.StrategySerializer, **ERRORS},
        description="The current version of the newest approved strategy: goals, specific "
        "goals, measures and their indicators. 404 when no strategy is approved yet.",
    )
    def get(self, request: Request, slug: str) -> Response:
        tree = queries.get_strategy_tree(queries.get_agglomeration(slug))
        if tree is None:
            raise Http404
        return Response(self.get_serializer(tree).data)


# A call's `phase` is the portal's (calls.queries.calls.public_phase), as of one moment for the
# whole answer.
class CallView(PublicView):
    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}


class CallList(CallView):
    serializer_class = s.CallSerializer

    @extend_schema(
        operation_id="calls_list",
        parameters=[s.CallFilterSerializer],
        responses={200: s.CallSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        filters = _filters(s.CallFilterSerializer, request)
        agglomeration = queries.get_agglomeration(slug)
        return self.paginated(queries.list_public_calls(agglomeration, filters.get("status", "")))


class CallDetail(CallView):
    serializer_class = s.CallSerializer

    @extend_schema(responses={200: s.CallSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        agglomeration = queries.get_agglomeration(slug)
        return Response(self.get_serializer(queries.get_public_call(agglomeration, pk)).data)


class ProjectList(PublicView):
    serializer_class = s.ProjectSerializer

    @extend_schema(
        operation_id="projects_list",
        parameters=[s.ProjectFilterSerializer],
        responses={200: s.ProjectSerializer(many=True), **ERRORS},
        description="Operations selected for support (from the legal act on) with the items "
        "of CPR 2021/1060 Art. 49(3). A natural person is neither named nor located.",
    )
    def get(self, request: Request, slug: str) -> Response:
        filters = _filters(s.ProjectFilterSerializer, request)
        agglomeration = queries.get_agglomeration(slug)
        self.extra_context = {"agglomeration": agglomeration}
        return self.paginated(queries.list_public_projects(agglomeration, **filters))


class ProjectDetail(PublicView):
    serializer_class = s.ProjectSerializer

    @extend_schema(responses={200: s.ProjectSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        agglomeration = queries.get_agglomeration(slug)
        self.extra_context = {"agglomeration": agglomeration}
        project = queries.get_public_project(agglomeration, pk)
        return Response(self.get_serializer(project).data)


class MeetingList(PublicView):
    serializer_class = s.MeetingSerializer

    @extend_schema(
        operation_id="meetings_list", responses={200: s.MeetingSerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(queries.list_public_meetings(queries.get_agglomeration(slug)))


class ResolutionList(PublicView):
    serializer_class = s.ResolutionSerializer

    @extend_schema(
        operation_id="resolutions_list",
        parameters=[s.ResolutionFilterSerializer],
        responses={200: s.ResolutionSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        filters = _filters(s.ResolutionFilterSerializer, request)
        agglomeration = queries.get_agglomeration(slug)
        return self.paginated(
            queries.list_public_resolutions(agglomeration, filters.get("meeting"))
        )


class ResolutionDetail(PublicView):
    serializer_class = s.ResolutionSerializer

    @extend_schema(responses={200: s.ResolutionSerializer, **ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        agglomeration = queries.get_agglomeration(slug)
        return Response(self.get_serializer(queries.get_public_resolution(agglomeration, pk)).data)


class FunnelDetail(PublicView):
    serializer_class = s.FunnelSerializer

    @extend_schema(
        parameters=[s.FunnelFilterSerializer],
        responses={200: s.FunnelSerializer, **ERRORS},
        description="EU money of the newest approved strategy per stage, per currency, as of "
        "a day. An amount unknown for every intention of its stage is null, never 0; "
        "`unknown_count` says how many intentions' amounts are unknown.",
    )
    def get(self, request: Request, slug: str) -> Response:
        filters = _filters(s.FunnelFilterSerializer, request)
        agglomeration = queries.get_agglomeration(slug)
        as_of = filters.get("as_of") or timezone.localdate(
            timezone=zone_of(agglomeration.time_zone)
        )
        result = queries.get_public_funnel(agglomeration, as_of)
        return Response(self.get_serializer(s.funnel_data(result)).data)
