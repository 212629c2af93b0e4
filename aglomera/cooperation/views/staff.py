"""The office's cooperation pages under /app/<slug>/cooperation/: the agglomeration's
partnerships, a partnership (members, agreement, projects with each partner's budget, the
exchanges newest first), an exchange, and adding or editing an exchange.

Only members of a partnership see it: the staff of any other agglomeration get 404. Views
parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.cooperation import actions, merge, queries
from aglomera.cooperation.forms.exchanges import ExchangeForm, NewExchangeForm
from aglomera.cooperation.forms.participants import ParticipantForm
from aglomera.cooperation.forms.programme import ItemForm
from aglomera.cooperation.models import Exchange, Partnership
from aglomera.core.language_pairs import mark_stale
from aglomera.core.once import form_token
from aglomera.core.request_size import upload_limit
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.news.forms.news import PhotoForm
from aglomera.news.views.photos import photo_response


@tenant_view("cooperation.view")
def partnership_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "cooperation/list.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_partnerships(agglomeration),
            "can_manage": request.tenant.can("cooperation.manage"),
        },
    )


@tenant_view("cooperation.view")
def partnership_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    page = queries.get_partnership(agglomeration, pk)
    return render(
        request,
        "cooperation/partnership.html",
        {
            "agglomeration": agglomeration,
            "page": page,
            "partnership": page.partnership,
            "can_manage": request.tenant.can("cooperation.manage"),
        },
    )


def _exchange_page(
    request: TenantRequest,
    pk: int,
    participant_form: ParticipantForm | None = None,
    item_form: ItemForm | None = None,
    status: int = 200,
    photo_form: PhotoForm | None = None,
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    can_manage = request.tenant.can("cooperation.manage")
    if can_manage and participant_form is None:
        participant_form = ParticipantForm(
            members=queries.member_agglomerations(exchange.partnership),
            organisations=queries.member_municipality_names(exchange.partnership),
        )
    if can_manage and item_form is None:
        item_form = ItemForm(intentions=actions.linkable_intentions(exchange, agglomeration))
    return render(
        request,
        "cooperation/exchange.html",
        {
            "agglomeration": agglomeration,
            "exchange": exchange,
            "partnership": exchange.partnership,
            "missing": queries.exchange_missing(exchange),
            "stale": queries.exchange_stale(exchange),
            "people": queries.exchange_people(exchange),
            "participant_form": participant_form if can_manage else None,
            "photos": queries.exchange_photos(exchange),
            "photo_form": (photo_form or PhotoForm()) if can_manage else None,
            "upload_limit": settings.UPLOAD_MAX_BYTES,
            "items": queries.exchange_items(exchange),
            "item_form": item_form if can_manage else None,
            # the host's own staff open its project records; anyone else reads their names (or
            # their public page on the host's portal)
            "open_intentions": agglomeration.pk == exchange.host_id
            and request.tenant.can("intentions.view"),
            "can_manage": can_manage,
            # publishing the exchange as news (views/news.py): the manager of this agglomeration
            "news_rows": queries.exchange_news(exchange, agglomeration, timezone.now()),
            "can_publish_news": can_manage and request.tenant.can("news.publish"),
            "can_edit_news": request.tenant.can("news.manage"),
        },
        status=status,
    )


@tenant_view("cooperation.view")
def exchange_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _exchange_page(request, pk)


@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_participant_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    form = ParticipantForm(
        request.POST,
        members=queries.member_agglomerations(exchange.partnership),
        organisations=queries.member_municipality_names(exchange.partnership),
    )
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.add_participant(
            exchange,
            actions.ParticipantFields(
                name=data["name"],
                function=data.get("function") or "",
                side=data.get("side"),
                organisation=data.get("organisation") or "",
                part=data["part"],
            ),
            agglomeration=agglomeration,
            actor=request.user,
            form_token=form_token(form),
        ),
    ):
        messages.success(request, _("The participant is added."))
        return redirect("cooperation:exchange", slug=slug, pk=pk)
    return _exchange_page(request, pk, participant_form=form, status=422)


@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_participant_remove(
    request: TenantRequest, slug: str, pk: int, participant_pk: int
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    participant = queries.get_participant(agglomeration, pk, participant_pk)
    actions.remove_participant(participant, agglomeration=agglomeration, actor=request.user)
    messages.success(request, _("The participant is removed."))
    return redirect("cooperation:exchange", slug=slug, pk=pk)


@upload_limit("attachment")  # a photo of up to UPLOAD_MAX_BYTES, not the forms' limit
@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_photo_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    form = PhotoForm(request.POST, request.FILES)
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.add_photo(
            exchange,
            data["file"],
            alt=data["alt"],
            credit=data["credit"],
            agglomeration=agglomeration,
            actor=request.user,
            form_token=form_token(form),
        ),
    ):
        messages.success(request, _("The photo is added."))
        return redirect("cooperation:exchange", slug=slug, pk=pk)
    return _exchange_page(request, pk, photo_form=form, status=422)


@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_photo_remove(
    request: TenantRequest, slug: str, pk: int, photo_pk: int
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    photo = queries.get_photo(agglomeration, pk, photo_pk)
    actions.remove_photo(photo, agglomeration=agglomeration, actor=request.user)
    messages.success(request, _("The photo is removed."))
    return redirect("cooperation:exchange", slug=slug, pk=pk)


@tenant_view("cooperation.view")
def exchange_photo(
    request: TenantRequest, slug: str, pk: int, photo_pk: int, size: str
) -> HttpResponse:
    """A photo of the exchange, for the staff of the partnership's members only (never stored by
    a shared cache; for a signed-in user the security middleware forbids storing anyway)."""
    photo = queries.get_photo(request.tenant.agglomeration, pk, photo_pk)
    return photo_response(photo, size, cache="private, no-store")


@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_item_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    form = ItemForm(request.POST, intentions=actions.linkable_intentions(exchange, agglomeration))
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.add_item(
            exchange,
            actions.ItemFields(
                title=data["title"],
                kind=data["kind"],
                day=data.get("day"),
                starts_at=data.get("starts_at"),
                place=data.get("place") or "",
                intention=data.get("intention"),
                project_text=data.get("project_text") or "",
                project_url=data.get("project_url") or "",
            ),
            agglomeration=agglomeration,
            actor=request.user,
            form_token=form_token(form),
        ),
    ):
        messages.success(request, _("The programme item is added."))
        return redirect("cooperation:exchange", slug=slug, pk=pk)
    return _exchange_page(request, pk, item_form=form, status=422)


@login_required
@require_POST
@tenant_view("cooperation.manage")
def exchange_item_remove(request: TenantRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    item = queries.get_item(agglomeration, pk, item_pk)
    actions.remove_item(item, agglomeration=agglomeration, actor=request.user)
    messages.success(request, _("The programme item is removed."))
    return redirect("cooperation:exchange", slug=slug, pk=pk)


def _fields(data: dict[str, Any]) -> actions.ExchangeFields:
    return actions.ExchangeFields(
        kind=data["kind"],
        host=data["host"],
        project=data.get("project"),
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        dates_precision=data["dates_precision"],
        title=data["title"],
        participants=data.get("participants") or {},
        programme=data.get("programme") or {},
        outcomes=data.get("outcomes") or {},
        report=data.get("report") or {},
        source=data.get("source") or "",
    )


def _form_page(
    request: TenantRequest,
    partnership: Partnership,
    form: ExchangeForm,
    exchange: Exchange | None,
    current: Exchange | None = None,
    **more: Any,
) -> HttpResponse:
    return render(
        request,
        "cooperation/exchange_form.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "partnership": partnership,
            "form": form,
            "exchange": exchange,
            "current": current,
            **more,
        },
        status=422 if form.errors else 200,
    )


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def exchange_new(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership = queries.partnership_of(agglomeration, pk)
    form = NewExchangeForm(
        request.POST or None,
        partnership=partnership,
        hosts=queries.member_agglomerations(partnership),
        initial={"host": agglomeration.pk},
    )
    created: list[Exchange] = []
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_exchange(
                partnership,
                _fields(data),
                agglomeration=agglomeration,
                actor=request.user,
                form_token=form_token(form),
            )
        ),
    ):
        messages.success(request, _("The exchange is saved."))
        return redirect("cooperation:exchange", slug=slug, pk=created[0].pk)
    return _form_page(request, partnership, form, None)


def _initial(exchange: Exchange) -> dict[str, Any]:
    return {
        "kind": exchange.kind,
        "title": exchange.title,
        "host": exchange.host_id,
        "project": exchange.project_id,
        "starts_on": exchange.starts_on,
        "ends_on": exchange.ends_on,
        "dates_precision": exchange.dates_precision,
        "participants": exchange.participants,
        "programme": exchange.programme,
        "outcomes": exchange.outcomes,
        "report": exchange.report,
        "source": exchange.source,
        "revision": exchange.revision,
    }


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def exchange_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    partnership = exchange.partnership
    form = ExchangeForm(
        request.POST or None,
        initial=_initial(exchange),
        partnership=partnership,
        hosts=queries.member_agglomerations(partnership),
    )
    mark_stale(form, exchange.text_changed, queries.exchange_texts(exchange))
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.update_exchange(
            exchange,
            _fields(data),
            agglomeration=agglomeration,
            actor=request.user,
            expected_revision=data.get("revision"),
        ),
    ):
        messages.success(request, _("The exchange is saved."))
        return redirect("cooperation:exchange", slug=slug, pk=pk)
    if not merge.is_stale(form):
        return _form_page(request, partnership, form, exchange)
    # Refused: merge the typed input with the version saved meanwhile (docs/cooperation.md).
    current = queries.get_exchange(agglomeration, pk)
    names = {
        "host": {host.pk: str(host.name) for host in form.fields["host"].queryset},  # type: ignore[attr-defined]
        "project": {p.pk: str(p.name) for p in form.fields["project"].queryset},  # type: ignore[attr-defined]
    }
    merged = merge.merged_page(
        form,
        current,
        base=queries.exchange_as_of(current, form.cleaned_data["revision"]),
        mine=merge.fields_snapshot(_fields(form.cleaned_data)),
        theirs=actions.snapshot(current),
        texts=queries.exchange_texts(current),
        names=names,
    )
    return _form_page(request, partnership, form, exchange, **merged)
