"""Staff endpoints (token): the pipeline of project intentions, read and acted on through the
same queries, permission checks and actions as the staff pages
(aglomera/intentions/views/submission.py and evaluation.py):

- the list and an intention: `tenant_view("intentions.view")` / `intention_of` of the pages;
- submit: `actions.submission.submit_intention`, as the applicant's "Submit" button;
- formal check, return, pass, recommend: `actions.evaluation.*`, as the evaluation page's forms,
  with `intentions.view_evaluation` for the agglomeration and the action's own permission.

Every step goes through `aglomera.intentions.transitions` (StatusChange and audit record); the
refusals are JSON (aglomera/api/exceptions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from aglomera.accounts.permissions import require_perm
from aglomera.api import serializers as s
from aglomera.api.permissions import IsSignedIn, tenant_of
from aglomera.core.tenant import Tenant, get_in_tenant
from aglomera.intentions.actions import evaluation as evaluation_actions
from aglomera.intentions.actions import submission as submission_actions
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries import evaluation as evaluation_queries
from aglomera.intentions.queries import submission as submission_queries
from aglomera.intentions.rules import is_private_draft
from aglomera.intentions.views.access import VIEW, require_own

EVALUATION = "intentions.view_evaluation"


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(s.ErrorSerializer, description=description)


READ_ERRORS = {
    400: _error("Malformed query parameters"),
    401: _error("No token or an invalid one"),
    403: _error("The role does not allow it"),
    404: _error("Unknown, or of an agglomeration the user is not a member of"),
}
ACTION_ERRORS = {
    **READ_ERRORS,
    400: _error("Malformed body"),
    409: _error("Wrong state, or someone acted in the meantime (stale revision)"),
    422: _error("Refused by a rule of the step (e.g. incomplete checklist)"),
}


class StaffView(GenericAPIView):
    permission_classes = [IsSignedIn]
    serializer_class = s.IntentionSerializer

    def in_zone(self, tenant: Tenant, work: Callable[[], Response]) -> Response:
        with timezone.override(tenant.zone):
            return work()


def _body(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class IntentionList(StaffView):
    @extend_schema(
        operation_id="staff_intentions_list",
        parameters=[s.IntentionFilterSerializer],
        responses={200: s.IntentionSerializer(many=True), **READ_ERRORS},
        description="Evaluators see every intention that left the draft; an applicant its "
        "organisation's intentions (drafts too).",
    )
    def get(self, request: Request, slug: str) -> Response:
        tenant = tenant_of(request, slug, VIEW)
        filters = s.IntentionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        rows = submission_queries.list_intentions_for(request.user, tenant.agglomeration)
        if "status" in wanted:
            rows = [row for row in rows if row.status == wanted["status"]]
        if "call" in wanted:
            rows = [row for row in rows if row.call_id == wanted["call"]]
        page = self.paginate_queryset(rows)
        return self.in_zone(
            tenant, lambda: self.get_paginated_response(self.get_serializer(page, many=True).data)
        )


def _intention(tenant: Tenant, pk: int, perm: str) -> ProjectIntention:
    """As `intention_of` of the pages: 404 for another agglomeration's or organisation's
    intention, 403 without `perm`, 403 for staff on an applicant's draft."""
    intention = get_in_tenant(submission_queries.intentions(), tenant, pk=pk)
    require_own(tenant, perm, intention)
    if perm == VIEW and is_private_draft(intention, tenant.organisations):
        raise PermissionDenied
    return intention


def _evaluated(tenant: Tenant, pk: int, perm: str) -> ProjectIntention:
    """As the evaluation pages: drafts are 404, then the action's permission (403)."""
    intention = get_in_tenant(evaluation_queries.evaluated_intentions(), tenant, pk=pk)
    require_perm(tenant.user, perm, intention)
    return intention


class IntentionDetail(StaffView):
    @extend_schema(responses={200: s.IntentionSerializer, **READ_ERRORS})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug)
        intention = _intention(tenant, pk, VIEW)
        return self.in_zone(tenant, lambda: Response(self.get_serializer(intention).data))


class SubmitIntention(StaffView):
    @extend_schema(
        request=s.RevisionSerializer,
        responses={200: s.IntentionSerializer, **ACTION_ERRORS},
        description="Submit a draft or returned intention (the applicant of its organisation).",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug)
        intention = _intention(tenant, pk, "intentions.submit")
        data = _body(s.RevisionSerializer, request)

        def act() -> Response:
            moved = submission_actions.submit_intention(
                intention, actor=request.user, expected_revision=data.get("revision")
            )
            return Response(self.get_serializer(moved).data)

        return self.in_zone(tenant, act)


class RecordFormalCheck(StaffView):
    @extend_schema(
        request=s.FormalCheckSerializer,
        responses={200: s.FormalCheckResultSerializer(many=True), **ACTION_ERRORS},
        description="Record checklist items of a submitted intention as fulfilled or not.",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, EVALUATION)
        intention = _evaluated(tenant, pk, "intentions.formal_check")
        data = _body(s.FormalCheckSerializer, request)
        answers = {
            answer["item"]: evaluation_actions.CheckAnswer(answer["passed"], answer["note"])
            for answer in data["answers"]
        }

        def act() -> Response:
            results = evaluation_actions.record_formal_check(
                intention, answers, actor=request.user, expected_revision=data.get("revision")
            )
            return Response(s.FormalCheckResultSerializer(results, many=True).data)

        return self.in_zone(tenant, act)


class ReturnIntention(StaffView):
    @extend_schema(
        request=s.ReturnSerializer,
        responses={200: s.IntentionSerializer, **ACTION_ERRORS},
        description="Return a submitted intention to the applicant for completion.",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, EVALUATION)
        intention = _evaluated(tenant, pk, "intentions.formal_check")
        data = _body(s.ReturnSerializer, request)

        def act() -> Response:
            moved = evaluation_actions.return_intention(
                intention,
                data["comment"],
                actor=request.user,
                expected_revision=data.get("revision"),
            )
            return Response(self.get_serializer(moved).data)

        return self.in_zone(tenant, act)


class PassFormalCheck(StaffView):
    @extend_schema(
        request=s.RevisionSerializer,
        responses={200: s.IntentionSerializer, **ACTION_ERRORS},
        description="Pass the formal check: every checklist item must be recorded as "
        "fulfilled (422 `checklist_incomplete` otherwise).",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, EVALUATION)
        intention = _evaluated(tenant, pk, "intentions.formal_check")
        data = _body(s.RevisionSerializer, request)

        def act() -> Response:
            moved = evaluation_actions.pass_formal_check(
                intention, actor=request.user, expected_revision=data.get("revision")
            )
            return Response(self.get_serializer(moved).data)

        return self.in_zone(tenant, act)


class RecommendIntention(StaffView):
    @extend_schema(
        request=s.RecommendSerializer,
        responses={200: s.IntentionSerializer, **ACTION_ERRORS},
        description="Record the working group's recommendation of an intention that passed "
        "the formal check (422 `no_reviews` before any review counts).",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        tenant = tenant_of(request, slug, EVALUATION)
        intention = _evaluated(tenant, pk, "intentions.recommend")
        data = _body(s.RecommendSerializer, request)

        def act() -> Response:
            moved = evaluation_actions.recommend_intention(
                intention,
                data["to"],
                actor=request.user,
                note=data["note"],
                expected_revision=data.get("revision"),
            )
            return Response(self.get_serializer(moved).data)

        return self.in_zone(tenant, act)
