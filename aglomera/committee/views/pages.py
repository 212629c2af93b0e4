"""What the committee views share: a meeting or an agenda item of the tenant, the form page, and
the meeting page (rendered again with the reason when a button's action is refused)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aglomera.committee.forms import meetings as forms
from aglomera.committee.models import AgendaItem, Meeting, MeetingForm, SteeringCommittee
from aglomera.committee.queries import meetings as queries
from aglomera.committee.transitions import MEETING
from aglomera.core.tenant import TenantRequest, get_in_tenant
from aglomera.core.transitions import TransitionNotAllowed


def meeting_of(request: TenantRequest, pk: int) -> Meeting:
    return get_in_tenant(Meeting.objects.select_related("committee"), request.tenant, pk=pk)


def item_of(request: TenantRequest, pk: int) -> AgendaItem:
    items = AgendaItem.objects.select_related("meeting__committee")
    return get_in_tenant(items, request.tenant, pk=pk)


def form_page(
    request: TenantRequest,
    form: BaseForm,
    title: str,
    *,
    committee: SteeringCommittee | None = None,
) -> HttpResponse:
    return render(
        request,
        "committee/form.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "committee": committee,
            "form": form,
            "title": title,
        },
        status=422 if form.errors else 200,
    )


def render_meeting(
    request: TenantRequest,
    meeting: Meeting,
    *,
    error: str = "",
    status: int = 200,
    conflict_form: BaseForm | None = None,
) -> HttpResponse:
    """The meeting page; `conflict_form` is a refused declaration, shown again as typed."""
    tenant = request.tenant
    page = queries.get_meeting_page(meeting, tenant.user)
    can_manage = tenant.can("committee.manage", meeting)
    attendance_form = None
    if can_manage and meeting.form == MeetingForm.IN_PERSON:
        current = {
            pk: ("alternate" if a.by_alternate else "present" if a.present else "absent")
            for pk, a in page.attendance.items()
        }
        attendance_form = forms.AttendanceForm(
            members=[m for m in page.members if m.active], current=current
        )
    return render(
        request,
        "committee/meeting.html",
        {
            "agglomeration": tenant.agglomeration,
            "committee": meeting.committee,
            "page": page,
            "meeting": meeting,
            "error": error,
            "can_manage": can_manage,
            "can_vote": tenant.can("committee.vote", meeting),
            "allowed": MEETING.allowed(meeting, tenant.user),
            "attendance_form": attendance_form,
            "in_person": meeting.form == MeetingForm.IN_PERSON,
            "conflict_form": conflict_form,
        },
        status=status,
    )


def run_on_meeting(
    request: TenantRequest,
    meeting: Meeting,
    run: Callable[[], object],
    success: str,
    *,
    conflict_form: BaseForm | None = None,
) -> HttpResponse:
    """Run a button's action: success -> back to the meeting; refusal -> 422 with the reason."""
    try:
        run()
    except TransitionNotAllowed:
        return render_meeting(
            request, meeting, error=_("You cannot take this step now."), status=422
        )
    except ValidationError as exc:
        return render_meeting(
            request,
            meeting,
            error=" ".join(exc.messages),
            status=422,
            conflict_form=conflict_form,
        )
    messages.success(request, success)
    return redirect("committee:meeting", slug=request.tenant.agglomeration.slug, pk=meeting.pk)
