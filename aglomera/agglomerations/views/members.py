"""The manager's pages of the agglomeration's members: list, add, create an account, grant and
revoke roles, remove someone from the agglomeration. Every change is audited by the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.actions import members as actions
from aglomera.agglomerations.forms.people import (
    AddMemberForm,
    CreateAccountForm,
    GrantRoleForm,
    MemberSearchForm,
    ReasonForm,
    RevokeRoleForm,
)
from aglomera.agglomerations.queries import people as queries
from aglomera.core.query_params import query_int
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import add_action_errors

MANAGE = actions.MANAGE


def _run(form: BaseForm, action: Any) -> bool:
    """Validate the form, run the action on its data; errors land on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        add_action_errors(form, exc)
        return False
    return True


@tenant_view(MANAGE)
@require_GET
def member_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = MemberSearchForm(request.GET if ("q" in request.GET or "role" in request.GET) else None)
    search = role = ""
    if form.is_bound and form.is_valid():
        search, role = form.cleaned_data["q"].strip(), form.cleaned_data["role"]
    page = queries.member_page(
        agglomeration, search=search, role=role, page=query_int(request.GET, "page") or 1
    )
    return render(
        request,
        "agglomerations/member_list.html",
        {"agglomeration": agglomeration, "form": form, "page": page},
        status=422 if form.errors else 200,
    )


@tenant_view(MANAGE)
@require_http_methods(["GET", "POST"])
def member_add(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = AddMemberForm(
        request.POST or None, organisations=queries.active_organisations(agglomeration)
    )
    added: list[User] = []

    def add(data: dict[str, Any]) -> None:
        user = actions.find_user(data["user"])
        actions.grant_role(
            agglomeration,
            user,
            data["role"],
            actor=request.user,
            reason=data["reason"],
            organisation=data["organisation"],
        )
        added.append(user)

    if request.method == "POST" and _run(form, add):
        messages.success(request, _("%(user)s now holds the role.") % {"user": added[0]})
        return redirect("agglomerations:member_detail", slug=slug, user_pk=added[0].pk)
    return render(
        request,
        "agglomerations/member_add.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )


@tenant_view(MANAGE)
@require_http_methods(["GET", "POST"])
def member_create(request: TenantRequest, slug: str) -> HttpResponse:
    """A new account; its person gets an e-mail with a link to choose their own password."""
    agglomeration = request.tenant.agglomeration
    form = CreateAccountForm(
        request.POST or None, organisations=queries.active_organisations(agglomeration)
    )
    created: list[User] = []

    def create(data: dict[str, Any]) -> None:
        created.append(actions.create_account(agglomeration, actor=request.user, **data))

    if request.method == "POST" and _run(form, create):
        user = created[0]
        messages.success(
            request,
            _("The account %(user)s is created. A link to choose the password went to %(email)s.")
            % {"user": user.username, "email": user.email},
        )
        return redirect("agglomerations:member_detail", slug=slug, user_pk=user.pk)
    return render(
        request,
        "agglomerations/member_create.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )


def _detail(
    request: TenantRequest, person: User, http_status: int = 200, **forms: BaseForm
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    held = queries.roles_held(person)
    context = {
        "agglomeration": agglomeration,
        "person": person,
        "grant_form": GrantRoleForm(
            prefix="grant", organisations=queries.active_organisations(agglomeration)
        ),
        "revoke_form": RevokeRoleForm(prefix="revoke", held=held),
        "remove_form": ReasonForm(prefix="remove"),
        **forms,
    }
    return render(request, "agglomerations/member_detail.html", context, status=http_status)


@tenant_view(MANAGE)
@require_GET
def member_detail(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    return _detail(request, queries.member(request.tenant.agglomeration, user_pk))


@login_required
@require_POST
@tenant_view(MANAGE)
def member_grant(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    form = GrantRoleForm(
        request.POST, prefix="grant", organisations=queries.active_organisations(agglomeration)
    )
    if _run(
        form,
        lambda data: actions.grant_role(
            agglomeration,
            person,
            data["role"],
            actor=request.user,
            reason=data["reason"],
            organisation=data["organisation"],
        ),
    ):
        messages.success(
            request,
            _("%(user)s is now also: %(role)s.")
            % {"user": person, "role": Role(form.cleaned_data["role"]).label},
        )
        return redirect("agglomerations:member_detail", slug=slug, user_pk=person.pk)
    return _detail(request, person, 422, grant_form=form)


@login_required
@require_POST
@tenant_view(MANAGE)
def member_revoke(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    form = RevokeRoleForm(request.POST, prefix="revoke", held=queries.roles_held(person))
    if _run(
        form,
        lambda data: actions.revoke_role(
            agglomeration, person, data["role"], actor=request.user, reason=data["reason"]
        ),
    ):
        messages.success(
            request,
            _("%(user)s no longer holds the role %(role)s here.")
            % {"user": person, "role": Role(form.cleaned_data["role"]).label},
        )
        if len(queries.roles_held(person)) > 1:
            return redirect("agglomerations:member_detail", slug=slug, user_pk=person.pk)
        return redirect("agglomerations:member_list", slug=slug)
    return _detail(request, person, 422, revoke_form=form)


@login_required
@require_POST
@tenant_view(MANAGE)
def member_remove(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    form = ReasonForm(request.POST, prefix="remove")
    if _run(
        form,
        lambda data: actions.deactivate_membership(
            agglomeration, person, actor=request.user, reason=data["reason"]
        ),
    ):
        messages.success(request, _("%(user)s no longer holds any role here.") % {"user": person})
        return redirect("agglomerations:member_list", slug=slug)
    return _detail(request, person, 422, remove_form=form)
