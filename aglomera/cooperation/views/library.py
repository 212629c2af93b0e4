"""The good-practice library under /app/<slug>/cooperation/library/: the office's own cards and
its partners' shared ones (searched, filtered by a tag), a card, and adding or editing a card of
the office's own agglomeration. A card the office may not read is a 404; views parse, authorize,
call one action or query and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.cooperation import actions, queries
from aglomera.cooperation.forms.library import (
    GoodPracticeForm,
    NewGoodPracticeForm,
    join_tags,
    split_tags_per_language,
)
from aglomera.cooperation.models import GoodPractice
from aglomera.core.language_pairs import mark_stale
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form

MAX_QUERY = 200


@tenant_view("cooperation.view")
def library(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    # PostgreSQL text cannot hold a NUL character: nobody types one, so it is dropped.
    query = request.GET.get("q", "")[:MAX_QUERY].replace("\x00", "").strip()
    tag = request.GET.get("tag", "")[:MAX_QUERY].replace("\x00", "").strip()
    return render(
        request,
        "cooperation/library.html",
        {
            "agglomeration": agglomeration,
            "page": queries.list_library(agglomeration, query, tag, request.LANGUAGE_CODE),
            "can_manage": request.tenant.can("cooperation.manage"),
        },
    )


@tenant_view("cooperation.view")
def card_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    card = queries.get_card(agglomeration, pk)
    return render(
        request,
        "cooperation/card.html",
        {
            "agglomeration": agglomeration,
            "card": card,
            "missing": queries.card_missing(card),
            "stale": queries.card_stale(card),
            "own": card.agglomeration_id == agglomeration.pk,
            "can_manage": request.tenant.can("cooperation.manage"),
        },
    )


def _fields(data: dict[str, Any]) -> actions.GoodPracticeFields:
    return actions.GoodPracticeFields(
        title=data["title"],
        what=data.get("what") or {},
        why=data.get("why") or {},
        amount=data.get("amount"),
        currency=data.get("currency") or "",
        basis=data.get("basis") or "",
        contact=data.get("contact") or "",
        intention=data.get("intention"),
        tags=split_tags_per_language(data.get("tags") or {}),
        visibility=data["visibility"],
        source=data.get("source") or "",
    )


def _form_page(
    request: TenantRequest, form: GoodPracticeForm, card: GoodPractice | None
) -> HttpResponse:
    return render(
        request,
        "cooperation/card_form.html",
        {"agglomeration": request.tenant.agglomeration, "form": form, "card": card},
        status=422 if form.errors else 200,
    )


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def card_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = NewGoodPracticeForm(
        request.POST or None, intentions=queries.intention_choices(agglomeration)
    )
    created: list[GoodPractice] = []
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_good_practice(
                _fields(data),
                agglomeration=agglomeration,
                actor=request.user,
                form_token=form_token(form),
            )
        ),
    ):
        messages.success(request, _("The card is saved."))
        return redirect("cooperation:card", slug=slug, pk=created[0].pk)
    return _form_page(request, form, None)


def _initial(card: GoodPractice) -> dict[str, Any]:
    return {
        "title": card.title,
        "what": card.what,
        "why": card.why,
        "amount": card.amount,
        "currency": card.currency,
        "basis": card.basis,
        "contact": card.contact,
        "intention": card.intention_id,
        "tags": join_tags(card.tags_by_language()),
        "visibility": card.visibility,
        "source": card.source,
    }


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def card_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    card = queries.own_card(agglomeration, pk)
    form = GoodPracticeForm(
        request.POST or None,
        initial=_initial(card),
        intentions=queries.intention_choices(agglomeration),
    )
    mark_stale(form, card.text_changed, queries.card_texts(card))
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.update_good_practice(
            card, _fields(data), agglomeration=agglomeration, actor=request.user
        ),
    ):
        messages.success(request, _("The card is saved."))
        return redirect("cooperation:card", slug=slug, pk=pk)
    return _form_page(request, form, card)
