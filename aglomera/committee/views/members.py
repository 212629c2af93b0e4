"""The committee home, its statute and its members."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aglomera.committee.actions import members as actions
from aglomera.committee.calculations.quorum import quorum_text
from aglomera.committee.forms import members as forms
from aglomera.committee.models import CommitteeMember, SteeringCommittee
from aglomera.committee.queries import meetings as meeting_queries
from aglomera.committee.queries import members as queries
from aglomera.committee.views.pages import form_page
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form


@tenant_view("committee.view")
@require_GET
def committee_home(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    committee = queries.get_committee(agglomeration)
    members = queries.list_members(committee) if committee else []
    voting = sum(1 for member in members if member.active)
    return render(
        request,
        "committee/home.html",
        {
            "agglomeration": agglomeration,
            "committee": committee,
            "quorum": quorum_text(committee.quorum, voting) if committee else "",
            "members": members,
            "meetings": meeting_queries.list_meetings(committee) if committee else [],
            "kind_majorities": queries.kind_majorities(committee) if committee else [],
            "can_manage": request.tenant.can("committee.manage"),
        },
    )


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def committee_settings(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    committee = queries.get_committee(agglomeration)
    initial = (
        {
            "name": committee.name,
            "quorum": committee.quorum,
            "majority": committee.majority,
            "casting_vote": committee.casting_vote,
            "number_rejections": committee.number_rejections,
            "early_close": committee.early_close,
            **{f"majority_{m.kind}": m.rule for m in queries.kind_majorities(committee)},
        }
        if committee
        else {"quorum": "0.5", "majority": "of_voting", "number_rejections": True}
    )
    form = forms.CommitteeForm(request.POST or None, initial=initial)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        agglomeration,
        lambda _data: actions.ensure_committee(agglomeration, actor=request.user, **form.statute()),
    ):
        messages.success(request, _("The committee's statute is saved."))
        return redirect("committee:home", slug=slug)
    return form_page(request, form, _("Statute of the steering committee"))


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def member_new(request: TenantRequest, slug: str) -> HttpResponse:
    committee = get_in_tenant(SteeringCommittee, request.tenant)  # 404 until it is set up
    form = forms.MemberForm(request.POST or None, agglomeration=request.tenant.agglomeration)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        committee,
        lambda data: actions.add_member(committee, actor=request.user, **data),
    ):
        messages.success(request, _("The member is added."))
        return redirect("committee:home", slug=slug)
    return form_page(request, form, _("Add a member"), committee=committee)


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def member_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    members = CommitteeMember.objects.select_related("user", "committee")
    member = get_in_tenant(members, request.tenant, pk=pk)
    form = forms.MemberEditForm(
        request.POST or None,
        agglomeration=request.tenant.agglomeration,
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
        member.committee,
        lambda data: actions.update_member(member, actor=request.user, **data),
    ):
        messages.success(request, _("The member is saved."))
        return redirect("committee:home", slug=slug)
    title = _("Member: %(name)s") % {"name": member.user.get_full_name() or member.user}
    return form_page(request, form, title, committee=member.committee)
