"""The committee home, its statute and its members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aglomera.committee.actions import members as actions
from aglomera.committee.forms import members as forms
from aglomera.committee.models import CommitteeMember
from aglomera.committee.queries import meetings as meeting_queries
from aglomera.committee.queries import members as queries
from aglomera.committee.views.pages import committee_of, form_page
from aglomera.core.views_helpers import get_agglomeration, submit_action_form


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
            "meetings": meeting_queries.list_meetings(committee) if committee else [],
            "can_manage": can_manage,
        },
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
    return form_page(request, agglomeration, form, _("Statute of the steering committee"))


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, slug: str) -> HttpResponse:
    committee = committee_of(request, slug, "committee.manage")
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
    return form_page(request, committee.agglomeration, form, _("Add a member"), committee=committee)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = committee_of(request, slug, "committee.manage")
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
    return form_page(request, committee.agglomeration, form, title, committee=committee)
