"""Steering committee pages: members, meetings, agenda, voting, resolutions and minutes.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee import actions, documents, forms, queries, transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    DecisionKind,
    Meeting,
    MeetingForm,
    SteeringCommittee,
)
from aglomera.core.views_helpers import authorize, get_agglomeration, submit_action_form


def _committee(request: HttpRequest, slug: str, perm: str) -> SteeringCommittee:
    agglomeration = get_agglomeration(request.user, slug, perm)
    committee = queries.get_committee(agglomeration)
    if committee is None:
        raise Http404
    committee.agglomeration = agglomeration
    return committee


def _meeting(request: HttpRequest, slug: str, pk: int, perm: str = "committee.view") -> Meeting:
    agglomeration = get_agglomeration(request.user, slug, perm)
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=pk, committee__agglomeration=agglomeration
    )
    meeting.committee.agglomeration = agglomeration
    return meeting


def _item(request: HttpRequest, slug: str, pk: int, perm: str) -> AgendaItem:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"),
        pk=pk,
        meeting__committee__agglomeration=agglomeration,
    )
    item.meeting.committee.agglomeration = agglomeration
    authorize(request.user, perm, item)
    return item


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_GET
def committee_home(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
    committee = queries.get_committee(agglomeration)
    can_manage = request.user.has_perm("committee.manage", agglomeration)
    return render(
        request,
        "committee/home.html",
        {
            "agglomeration": agglomeration,
            "committee": committee,
            "members": queries.list_members(committee) if committee else [],
            "meetings": queries.list_meetings(committee) if committee else [],
            "can_manage": can_manage,
        },
    )


def _form_page(
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


@login_required
@require_http_methods(["GET", "POST"])
def committee_settings(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "committee.manage")
    committee = queries.get_committee(agglomeration)
    initial = (
        {"name": committee.name, "quorum": committee.quorum, "majority": committee.majority}
        if committee
        else {"quorum": "0.5", "majority": "of_voting"}
    )
    form = forms.CommitteeForm(request.POST or None, initial=initial)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        agglomeration,
        lambda data: actions.ensure_committee(agglomeration, actor=request.user, **data),
    ):
        messages.success(request, _("The committee's statute is saved."))
        return redirect("committee:home", slug=slug)
    return _form_page(request, agglomeration, form, _("Statute of the steering committee"))


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug, "committee.manage")
    form = forms.MemberForm(request.POST or None, agglomeration=committee.agglomeration)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        committee,
        lambda data: actions.add_member(committee, actor=request.user, **data),
    ):
        messages.success(request, _("The member is added."))
        return redirect("committee:home", slug=slug)
    return _form_page(
        request, committee.agglomeration, form, _("Add a member"), committee=committee
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = _committee(request, slug, "committee.manage")
    member = get_object_or_404(
        CommitteeMember.objects.select_related("user"), pk=pk, committee=committee
    )
    member.committee = committee
    form = forms.MemberEditForm(
        request.POST or None,
        agglomeration=committee.agglomeration,
        initial={
            "alternate": member.alternate_id,
            "organisation": member.organisation_id,
            "is_chair": member.is_chair,
            "active": member.active,
        },
    )
    if submit_action_form(
        request,
        form,
        "committee.manage",
        committee,
        lambda data: actions.update_member(member, actor=request.user, **data),
    ):
        messages.success(request, _("The member is saved."))
        return redirect("committee:home", slug=slug)
    title = _("Member: %(name)s") % {"name": member.user.get_full_name() or member.user}
    return _form_page(request, committee.agglomeration, form, title, committee=committee)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug, "committee.manage")
    form = forms.PlanMeetingForm(request.POST or None, initial={"period": "2021-2027"})
    planned: list[Meeting] = []
    if submit_action_form(
        request,
        form,
        "committee.manage",
        committee,
        lambda data: planned.append(actions.plan_meeting(committee, actor=request.user, **data)),
    ):
        messages.success(request, _("The meeting is planned. Put items on its agenda."))
        return redirect("committee:agenda", slug=slug, pk=planned[0].pk)
    return _form_page(
        request, committee.agglomeration, form, _("Plan a meeting"), committee=committee
    )


def _render_meeting(
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
            "allowed": transitions.allowed_transitions(meeting, request.user),
            "attendance_form": attendance_form,
            "in_person": meeting.form == MeetingForm.IN_PERSON,
        },
        status=status,
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_meeting(request, _meeting(request, slug, pk))


def _run(
    request: HttpRequest, meeting: Meeting, run: Callable[[], object], success: str
) -> HttpResponse:
    """Run a button's action: success -> back to the meeting; refusal -> 422 with the reason."""
    try:
        run()
    except transitions.TransitionNotAllowed:
        return _render_meeting(
            request, meeting, error=_("You cannot take this step now."), status=422
        )
    except ValidationError as exc:
        return _render_meeting(request, meeting, error=_messages_of(exc), status=422)
    messages.success(request, success)
    return redirect("committee:meeting", slug=meeting.committee.agglomeration.slug, pk=meeting.pk)


@login_required
@require_POST
def meeting_transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, "committee.manage")
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, error=_("Choose a step."), status=422)
    return _run(
        request,
        meeting,
        lambda: transitions.transition(
            meeting, form.cleaned_data["to"], actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The meeting status is changed."),
    )


@login_required
@require_POST
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk, "committee.vote")
    form = forms.VoteForm(request.POST)
    member = None
    if form.is_valid():
        member = CommitteeMember.objects.filter(
            pk=form.cleaned_data["member"], committee=item.meeting.committee
        ).first()
    if member is None:
        return _render_meeting(
            request, item.meeting, error=_("Choose for whom and how to vote."), status=422
        )
    return _run(
        request,
        item.meeting,
        lambda: actions.cast_vote(item, member, form.cleaned_data["choice"], actor=request.user),
        _("Your vote is recorded."),
    )


@login_required
@require_POST
def room_votes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk, "committee.manage")
    members = queries.list_members(item.meeting.committee)
    form = forms.RoomVotesForm(request.POST, members=[m for m in members if m.active])
    if not form.is_valid():
        return _render_meeting(request, item.meeting, error=_("Choose the votes."), status=422)
    return _run(
        request,
        item.meeting,
        lambda: actions.record_room_votes(item, form.choices(), actor=request.user),
        _("The votes of the room are recorded."),
    )


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, "committee.manage")
    members = [m for m in queries.list_members(meeting.committee) if m.active]
    form = forms.AttendanceForm(request.POST, members=members, current={})
    if not form.is_valid():
        return _render_meeting(request, meeting, error=_("Record each member."), status=422)
    return _run(
        request,
        meeting,
        lambda: actions.record_attendance(meeting, form.presence(), actor=request.user),
        _("The attendance is recorded."),
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk, "committee.manage")
    form = forms.DecideForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return _run(
        request,
        item.meeting,
        lambda: actions.decide_item(item, actor=request.user, text=text),
        _("The item is decided; its resolution is recorded."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk, "committee.manage")
    return _run(
        request,
        item.meeting,
        lambda: actions.withdraw_item(item, actor=request.user),
        _("The item is withdrawn from the agenda."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk, "committee.manage")
    agglomeration = meeting.committee.agglomeration
    form = forms.AgendaItemForm(request.POST or None, agglomeration=agglomeration)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        meeting,
        lambda data: actions.add_agenda_item(
            meeting,
            title=data["title"],
            kind=data["kind"],
            target=form.target(),
            proposal=data["proposal"],
            actor=request.user,
            form_token=data["form_token"],
        ),
    ):
        messages.success(request, _("The item is on the agenda."))
        return redirect("committee:agenda", slug=slug, pk=pk)
    page = queries.get_meeting_page(meeting)
    return render(
        request,
        "committee/agenda.html",
        {
            "agglomeration": agglomeration,
            "committee": meeting.committee,
            "meeting": meeting,
            "page": page,
            "form": form,
            "call_kind": DecisionKind.CALL_INTENTIONS,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _item(request, slug, pk, "committee.manage")
    if item.kind != DecisionKind.CALL_INTENTIONS or item.object_id is None:
        raise Http404
    rows = queries.get_proposal_rows(item)
    form = forms.ProposalsForm(request.POST or None, intentions=rows)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        item,
        lambda _data: actions.set_item_proposals(item, form.decisions(), actor=request.user),
    ):
        messages.success(request, _("The proposed decisions are saved."))
        return redirect("committee:agenda", slug=slug, pk=item.meeting_id)
    return render(
        request,
        "committee/proposals.html",
        {
            "agglomeration": item.meeting.committee.agglomeration,
            "committee": item.meeting.committee,
            "meeting": item.meeting,
            "item": item,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_GET
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
    return render(
        request,
        "committee/resolutions.html",
        {"agglomeration": agglomeration, "resolutions": queries.list_resolutions(agglomeration)},
    )


@login_required
@require_GET
def minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    return render(
        request,
        "committee/minutes.html",
        {
            "agglomeration": meeting.committee.agglomeration,
            "committee": meeting.committee,
            "meeting": meeting,
            "page": queries.get_meeting_page(meeting),
        },
    )


@login_required
@require_GET
def minutes_docx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    content = documents.minutes_docx(queries.get_meeting_page(meeting))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"minutes-{meeting.number}-{meeting.period}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
