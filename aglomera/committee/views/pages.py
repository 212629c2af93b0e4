"""What the committee views share: the fetchers, the form page and the meeting page
(rendered again with the reason when a button's action is refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.forms import meetings as forms
from aglomera.committee.models import AgendaItem, Meeting, MeetingForm, SteeringCommittee
from aglomera.committee.queries import meetings as queries
from aglomera.committee.queries import members as member_queries
from aglomera.committee.transitions import MEETING
from aglomera.core.views_helpers import authorize, get_agglomeration
from aglomera.core.workflow import TransitionNotAllowed


def committee_of(request: HttpRequest, slug: str, perm: str) -> SteeringCommittee:
    agglomeration = get_agglomeration(request.user, slug, perm)
    committee = member_queries.get_committee(agglomeration)
    if committee is None:
        raise Http404
    committee.agglomeration = agglomeration
    return committee


def meeting_of(request: HttpRequest, slug: str, pk: int, perm: str = "committee.view") -> Meeting:
    agglomeration = get_agglomeration(request.user, slug, perm)
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=pk, committee__agglomeration=agglomeration
    )
    meeting.committee.agglomeration = agglomeration
    return meeting


def item_of(request: HttpRequest, slug: str, pk: int, perm: str) -> AgendaItem:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"),
        pk=pk,
        meeting__committee__agglomeration=agglomeration,
    )
    item.meeting.committee.agglomeration = agglomeration
    authorize(request.user, perm, item)
    return item


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def form_page(
    request: HttpRequest,
    agglomeration: Agglomeration,
    form: Any,
    title: str,
    *,
    committee: SteeringCommittee | None = None,
) -> HttpResponse:
    return render(
        request,
        "committee/form.html",
        {"agglomeration": agglomeration, "committee": committee, "form": form, "title": title},
        status=422 if form.errors else 200,
    )


def render_meeting(
    request: HttpRequest, meeting: Meeting, *, error: str = "", status: int = 200
) -> HttpResponse:
    page = queries.get_meeting_page(meeting, request.user)
    can_manage = request.user.has_perm("committee.manage", meeting)
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
            "agglomeration": meeting.committee.agglomeration,
            "committee": meeting.committee,
            "page": page,
            "meeting": meeting,
            "error": error,
            "can_manage": can_manage,
            "can_vote": request.user.has_perm("committee.vote", meeting),
            "allowed": MEETING.allowed(meeting, request.user),  # type: ignore[arg-type]  # tenant_view next
            "attendance_form": attendance_form,
            "in_person": meeting.form == MeetingForm.IN_PERSON,
        },
        status=status,
    )


def run_on_meeting(
    request: HttpRequest, meeting: Meeting, run: Callable[[], object], success: str
) -> HttpResponse:
    """Run a button's action: success -> back to the meeting; refusal -> 422 with the reason."""
    try:
        run()
    except TransitionNotAllowed:
        return render_meeting(
            request, meeting, error=_("You cannot take this step now."), status=422
        )
    except ValidationError as exc:
        return render_meeting(request, meeting, error=messages_of(exc), status=422)
    messages.success(request, success)
    return redirect("committee:meeting", slug=meeting.committee.agglomeration.slug, pk=meeting.pk)
