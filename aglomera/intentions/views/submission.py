"""The applicant's pages: my intentions, a new intention, editing, attachments, submission,
withdrawal, and the intention page with its return comments and status history.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Every page is a `tenant_view`; an intention comes through `access.intention_of` (404 for another
agglomeration's or another organisation's intention, 403 for a member whose role does not allow
the step, or for staff on an applicant's draft).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.calls.models import Call
from aglomera.core.once import form_token
from aglomera.core.request_size import upload_limit
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.intentions import transitions, uploads
from aglomera.intentions.actions import submission as actions
from aglomera.intentions.forms.submission import (
    AttachmentForm,
    BaseIndicatorFormSet,
    IndicatorFormSet,
    IntentionForm,
    RevisionForm,
    WithdrawForm,
)
from aglomera.intentions.models import Attachment, IntentionStatus, ProjectIntention
from aglomera.intentions.queries import submission as queries
from aglomera.intentions.rules import check_call_open
from aglomera.intentions.views.access import VIEW, intention_of
from aglomera.monitoring.actions.progress import REPORTABLE

S = IntentionStatus


def _call(request: TenantRequest, call_pk: int) -> Call:
    call = queries.get_call(request.tenant.agglomeration, call_pk)
    if call is None:
        raise Http404
    request.tenant.require("intentions.create", call)
    return call


def _intention_form(request: TenantRequest, call: Call, **kwargs: Any) -> IntentionForm:
    return IntentionForm(
        request.POST or None,
        request.FILES or None,
        organisations=queries.organisation_choices(call.agglomeration),
        municipalities=queries.municipality_choices(call),
        kinds=list(queries.attachment_kinds(call.pk)),
        period=call.strategy.period,
        **kwargs,
    )


def _apply_errors(form: IntentionForm, indicators: Any, error: ValidationError) -> None:
    """Errors of the action go next to their fields; indicator errors above the indicators."""
    if hasattr(error, "error_dict") and "indicators" in error.error_dict:
        indicators._non_form_errors = indicators.error_class(
            [message for e in error.error_dict.pop("indicators") for message in e.messages]
        )
    add_action_errors(form, error)


def request_has_files(form: IntentionForm) -> bool:
    return any(form.files.get(name) for name in form.attachment_fields)


def _render_form(
    request: TenantRequest,
    call: Call,
    form: IntentionForm,
    indicators: BaseIndicatorFormSet,
    intention: ProjectIntention | None = None,
) -> HttpResponse:
    invalid = form.is_bound and bool(form.errors or indicators.total_error_count())
    closed: list[str] = []
    if intention is None and not form.is_bound:
        try:
            check_call_open(call, timezone.now())
        except ValidationError as exc:
            closed = exc.messages
    if invalid and request_has_files(form) and not form.non_field_errors():
        form.add_error(None, _("Nothing was saved; select the files again."))
    return render(
        request,
        "intentions/submission/form.html",
        {
            "agglomeration": call.agglomeration,
            "call": call,
            "intention": intention,
            "form": form,
            "indicators": indicators,
            "closed": closed,
        },
        status=422 if invalid else 200,
    )


# --- lists ----------------------------------------------------------------------------------


@tenant_view(VIEW)
@require_GET
def intention_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    membership = queries.applicant_membership(request.user, agglomeration)
    return render(
        request,
        "intentions/submission/list.html",
        {
            "agglomeration": agglomeration,
            "intentions": queries.list_intentions_for(request.user, agglomeration),
            "membership": membership,
        },
    )


@tenant_view("intentions.create")
@require_GET
def intention_new(request: TenantRequest, slug: str) -> HttpResponse:
    """Pick the call to apply to (the call page links straight to the form)."""
    agglomeration = request.tenant.agglomeration
    membership = queries.applicant_membership(request.user, agglomeration)
    return render(
        request,
        "intentions/submission/new.html",
        {
            "agglomeration": agglomeration,
            "calls": queries.list_open_calls(agglomeration, timezone.now()),
            "membership": membership,
        },
    )


# --- the intention form ---------------------------------------------------------------------


def _needs_organisation(request: TenantRequest) -> bool:
    if queries.applicant_organisation(request.user, request.tenant.agglomeration) is None:
        messages.info(
            request, _("Register your organisation first; intentions are filed in its name.")
        )
        return True
    return False


@upload_limit("attachment")
@tenant_view()
@require_http_methods(["GET", "POST"])
def intention_create(request: TenantRequest, slug: str, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    if _needs_organisation(request):
        return redirect("agglomerations:own_organisation", slug=slug)
    form = _intention_form(
        request,
        call,
        initial={
            "measure_code": call.measure_code,
            "requested_national": "0.00",
        },
    )
    indicators = IndicatorFormSet(request.POST or None, prefix="indicators")
    if request.method == "POST" and form.is_valid() & indicators.is_valid():
        try:
            intention = actions.create_intention(
                call,
                actor=request.user,
                form_token=form_token(form),
                **form.action_kwargs(indicators),
            )
        except ValidationError as exc:
            _apply_errors(form, indicators, exc)
        else:
            messages.success(
                request,
                _("The draft is saved. Submit it before the deadline when it is complete."),
            )
            return redirect("intentions:detail", slug=slug, pk=intention.pk)
    return _render_form(request, call, form, indicators)


@upload_limit("attachment")
@tenant_view()
@require_http_methods(["GET", "POST"])
def intention_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "intentions.edit")
    if intention.status not in actions.EDITABLE:
        messages.error(
            request,
            _("This intention is %(status)s and can no longer be edited.")
            % {"status": intention.get_status_display()},
        )
        return redirect("intentions:detail", slug=slug, pk=pk)
    page = queries.get_intention_page(intention)
    form = _intention_form(
        request, intention.call, initial=IntentionForm.initial_for(intention, page)
    )
    indicators = IndicatorFormSet(
        request.POST or None,
        prefix="indicators",
        initial=BaseIndicatorFormSet.initial_for(page.indicators),
    )
    if request.method == "POST" and form.is_valid() & indicators.is_valid():
        try:
            actions.update_intention(
                intention,
                actor=request.user,
                expected_revision=form.cleaned_data.get("revision"),
                **form.action_kwargs(indicators),
            )
        except ValidationError as exc:
            _apply_errors(form, indicators, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("intentions:detail", slug=slug, pk=pk)
    return _render_form(request, intention.call, form, indicators, intention)


# --- the intention page and its steps -------------------------------------------------------


def _render_detail(
    request: TenantRequest,
    intention: ProjectIntention,
    *,
    step_errors: list[str] | None = None,
    withdraw_form: WithdrawForm | None = None,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_intention_page(intention)
    allowed = transitions.INTENTION.allowed(intention, request.user)
    editable = intention.status in actions.EDITABLE and request.tenant.can(
        "intentions.edit", intention
    )
    kinds = queries.attachment_kinds(intention.call_id)
    return render(
        request,
        "intentions/submission/detail.html",
        {
            "agglomeration": intention.call.agglomeration,
            "call": intention.call,
            "intention": intention,
            "page": page,
            "can_submit": S.SUBMITTED in allowed,
            "can_withdraw": S.WITHDRAWN in allowed,
            "can_edit": editable,
            "step_errors": step_errors or [],
            "withdraw_form": withdraw_form
            or WithdrawForm(initial={"revision": intention.revision}),
            "attachment_form": attachment_form or AttachmentForm(kinds=kinds),
            "see_evaluation": request.tenant.can("intentions.view_evaluation", intention),
            "reports_progress": intention.status in REPORTABLE,
        },
        status=status,
    )


@tenant_view()
@require_GET
def intention_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _render_detail(request, intention_of(request, pk))


@login_required
@require_POST
@tenant_view()
def intention_submit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "intentions.submit")
    form = RevisionForm(request.POST)
    revision = form.cleaned_data.get("revision") if form.is_valid() else None
    try:
        actions.submit_intention(intention, actor=request.user, expected_revision=revision)
    except ValidationError as exc:
        return _render_detail(request, intention, step_errors=exc.messages, status=422)
    messages.success(request, _("The intention is submitted."))
    return redirect("intentions:detail", slug=slug, pk=pk)


@login_required
@require_POST
@tenant_view()
def intention_withdraw(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "intentions.withdraw")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw_intention(
                intention,
                form.cleaned_data["reason"],
                actor=request.user,
                expected_revision=form.cleaned_data.get("revision"),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The intention is withdrawn."))
            return redirect("intentions:detail", slug=slug, pk=pk)
    return _render_detail(request, intention, withdraw_form=form, status=422)


@upload_limit("attachment")
@login_required
@require_POST
@tenant_view()
def attachment_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "intentions.edit")
    kinds = queries.attachment_kinds(intention.call_id)
    form = AttachmentForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            actions.add_attachment(
                intention,
                form.cleaned_data["file"],
                kind=kind,
                actor=request.user,
                form_token=form_token(form),
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # e.g. no longer editable: shown at the top
                return _render_detail(request, intention, step_errors=exc.messages, status=422)
            form.add_error("file", [m for e in exc.error_dict.values() for m in e])
        else:
            messages.success(request, _("The file is attached."))
            return redirect("intentions:detail", slug=slug, pk=pk)
    return _render_detail(request, intention, attachment_form=form, status=422)


def _attachment(request: TenantRequest, pk: int, attachment_pk: int, perm: str) -> Attachment:
    intention = intention_of(request, pk, perm)
    attachment = get_in_tenant(queries.attachments_of(intention), request.tenant, pk=attachment_pk)
    attachment.intention = intention
    return attachment


@tenant_view()
@require_GET
def attachment_download(
    request: TenantRequest, slug: str, pk: int, attachment_pk: int
) -> FileResponse:
    attachment = _attachment(request, pk, attachment_pk, VIEW)
    try:
        handle = uploads.open_stored(attachment.file.name)
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@tenant_view()
def attachment_delete(
    request: TenantRequest, slug: str, pk: int, attachment_pk: int
) -> HttpResponse:
    attachment = _attachment(request, pk, attachment_pk, "intentions.edit")
    try:
        actions.delete_attachment(attachment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file is removed."))
    return redirect("intentions:detail", slug=slug, pk=pk)
