"""The manager's pages of the agglomeration's members: list, add, create an account, grant and
revoke roles, remove someone from the agglomeration. Every change is audited by the actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from aglomera.agglomerations.views.lists import search_list
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form

MANAGE = actions.MANAGE


@tenant_view(MANAGE)
@require_GET
def member_list(request: TenantRequest, slug: str) -> HttpResponse:
    return search_list(
        request, MemberSearchForm, "agglomerations/member_list.html", queries.member_page
    )


def _new_member_page(
    request: TenantRequest,
    form_class: type[AddMemberForm | CreateAccountForm],
    template: str,
    act: Callable[[dict[str, Any]], User],
    said: Callable[[User], str],
) -> HttpResponse:
    """The form that gives someone (found, or a new account) a role here: on success, their
    page with `said(person)`; otherwise the form again with its errors."""
    agglomeration = request.tenant.agglomeration
    form = form_class(
        request.POST or None, organisations=queries.active_organisations(agglomeration)
    )
    done: list[User] = []
    if submit_action_form(request, form, MANAGE, agglomeration, lambda d: done.append(act(d))):
        messages.success(request, said(done[0]))
        return redirect("agglomerations:member_detail", slug=agglomeration.slug, user_pk=done[0].pk)
    return render(
        request,
        template,
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )


@tenant_view(MANAGE)
@require_http_methods(["GET", "POST"])
def member_add(request: TenantRequest, slug: str) -> HttpResponse:
    """An existing account, found by its username or e-mail, gets a role here."""

    def add(data: dict[str, Any]) -> User:
        user = actions.find_user(data["user"])
        actions.grant_role(
            request.tenant.agglomeration,
            user,
            data["role"],
            actor=request.user,
            reason=data["reason"],
            organisation=data["organisation"],
        )
        return user

    return _new_member_page(
        request,
        AddMemberForm,
        "agglomerations/member_add.html",
        add,
        lambda user: _("%(user)s now holds the role.") % {"user": user},
    )


@tenant_view(MANAGE)
@require_http_methods(["GET", "POST"])
def member_create(request: TenantRequest, slug: str) -> HttpResponse:
    """A new account; its person gets an e-mail with a link to choose their own password."""
    return _new_member_page(
        request,
        CreateAccountForm,
        "agglomerations/member_create.html",
        lambda data: actions.create_account(
            request.tenant.agglomeration, actor=request.user, **data
        ),
        lambda user: (
            _("The account %(user)s is created. A link to choose the password went to %(email)s.")
            % {"user": user.username, "email": user.email}
        ),
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


def _change_person(
    request: TenantRequest,
    person: User,
    form_name: str,
    form: BaseForm,
    act: Callable[[dict[str, Any]], object],
    said: Callable[[dict[str, Any]], str],
    then: str = "agglomerations:member_detail",
) -> HttpResponse:
    """A form of the person's page (its context name `form_name`) that runs `act`: on success,
    `said` and the page `then`; otherwise the person's page with the form's errors."""
    slug = request.tenant.agglomeration.slug
    if not submit_action_form(request, form, MANAGE, request.tenant.agglomeration, act):
        return _detail(request, person, 422, **{form_name: form})
    messages.success(request, said(form.cleaned_data))
    if then == "agglomerations:member_detail":
        return redirect(then, slug=slug, user_pk=person.pk)
    return redirect(then, slug=slug)


@login_required
@require_POST
@tenant_view(MANAGE)
def member_grant(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    return _change_person(
        request,
        person,
        "grant_form",
        GrantRoleForm(
            request.POST, prefix="grant", organisations=queries.active_organisations(agglomeration)
        ),
        lambda data: actions.grant_role(
            agglomeration,
            person,
            data["role"],
            actor=request.user,
            reason=data["reason"],
            organisation=data["organisation"],
        ),
        lambda data: (
            _("%(user)s is now also: %(role)s.")
            % {"user": person, "role": Role(data["role"]).label}
        ),
    )


@login_required
@require_POST
@tenant_view(MANAGE)
def member_revoke(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    held = queries.roles_held(person)
    return _change_person(
        request,
        person,
        "revoke_form",
        RevokeRoleForm(request.POST, prefix="revoke", held=held),
        lambda data: actions.revoke_role(
            agglomeration, person, data["role"], actor=request.user, reason=data["reason"]
        ),
        lambda data: (
            _("%(user)s no longer holds the role %(role)s here.")
            % {"user": person, "role": Role(data["role"]).label}
        ),
        # Without a role here any more, the person is not on the list: back to the list then.
        then="agglomerations:member_detail" if len(held) > 1 else "agglomerations:member_list",
    )


@login_required
@require_POST
@tenant_view(MANAGE)
def member_remove(request: TenantRequest, slug: str, user_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    person = queries.member(agglomeration, user_pk)
    return _change_person(
        request,
        person,
        "remove_form",
        ReasonForm(request.POST, prefix="remove"),
        lambda data: actions.deactivate_membership(
            agglomeration, person, actor=request.user, reason=data["reason"]
        ),
        lambda data: _("%(user)s no longer holds any role here.") % {"user": person},
        then="agglomerations:member_list",
    )
