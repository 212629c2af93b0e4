"""The office's news pages under /app/<slug>/news/: the list, writing and editing an item
(languages side by side), its photos, the preview and the workflow buttons.

Views parse, authorize, call one action or query and render; they never write to the ORM.
The office (manager, coordinators) writes; only the manager publishes, schedules and withdraws.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.committee.models import Meeting
from aglomera.core.once import form_token
from aglomera.core.request_size import upload_limit
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors, submit_action_form
from aglomera.news import actions, queries, transitions
from aglomera.news.forms.news import NewNewsForm, NewsForm, PhotoForm, ScheduleForm
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus
from aglomera.news.views.photos import photo_response

STEP_LABELS: dict[str, Any] = {
    NewsStatus.PUBLISHED: gettext_lazy("Publish now"),
    NewsStatus.SCHEDULED: gettext_lazy("Schedule"),
    NewsStatus.WITHDRAWN: gettext_lazy("Withdraw from the portal"),
    NewsStatus.DRAFT: gettext_lazy("Back to draft"),
}


def _fields(data: dict[str, Any]) -> actions.NewsFields:
    return actions.NewsFields(
        title=data["title"],
        lead=data["lead"],
        body=data.get("body") or {},
        tags=list(data.get("tags") or []),
        new_tag=data.get("new_tag") or {},
    )


@tenant_view("news.manage")
def news_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "news/list.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_news(agglomeration, timezone.now()),
        },
    )


@tenant_view("news.manage")
@require_http_methods(["GET", "POST"])
def news_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = NewNewsForm(request.POST or None, agglomeration=agglomeration)
    created: list[NewsItem] = []
    if submit_action_form(
        request,
        form,
        "news.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_news_item(
                agglomeration, _fields(data), actor=request.user, form_token=form_token(form)
            )
        ),
    ):
        messages.success(request, _("The draft is saved. Add photos, preview it, publish it."))
        return redirect("news:edit", slug=slug, pk=created[0].pk)
    return render(
        request,
        "news/form.html",
        {"agglomeration": agglomeration, "form": form, "item": None},
        status=422 if form.errors else 200,
    )


def _initial(item: NewsItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "lead": item.lead,
        "body": item.body,
        "tags": [tag.pk for tag in item.tags.all()],
    }


def _edit_page(
    request: TenantRequest,
    item: NewsItem,
    *,
    form: NewsForm | None = None,
    photo_form: PhotoForm | None = None,
    schedule_form: ScheduleForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    tenant = request.tenant
    agglomeration = tenant.agglomeration
    allowed = transitions.allowed_transitions(item, request.user)
    return render(
        request,
        "news/edit.html",
        {
            "agglomeration": agglomeration,
            "item": item,
            "form": form or NewsForm(initial=_initial(item), agglomeration=agglomeration),
            "photo_form": photo_form or PhotoForm(),
            "schedule_form": schedule_form or ScheduleForm(),
            "steps": [(str(step), STEP_LABELS[step]) for step in allowed],
            "missing": queries.missing_languages(item),
            "public": queries.is_public(item, timezone.now()),
            "error": error,
            "upload_limit": settings.UPLOAD_MAX_BYTES,
        },
        status=status,
    )


@tenant_view("news.manage")
@require_http_methods(["GET", "POST"])
def news_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    item = queries.get_item(agglomeration, pk)
    form = NewsForm(request.POST or None, initial=_initial(item), agglomeration=agglomeration)
    if submit_action_form(
        request,
        form,
        "news.manage",
        item,
        lambda data: actions.update_news_item(item, _fields(data), actor=request.user),
    ):
        messages.success(request, _("The news item is saved."))
        return redirect("news:edit", slug=slug, pk=pk)
    if request.method == "POST":
        return _edit_page(request, item, form=form, status=422)
    return _edit_page(request, item)


@tenant_view("news.manage")
def news_preview(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """The item as the portal will show it, with a banner; never cached, never indexed."""
    item = queries.get_item(request.tenant.agglomeration, pk)
    request.portal = request.tenant.agglomeration  # type: ignore[attr-defined]
    response = render(
        request, "portal/news_detail.html", {"item": item, "preview": True, "section": "news"}
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
@tenant_view("news.publish")
def news_transition(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = queries.get_item(request.tenant.agglomeration, pk)
    to = request.POST.get("to", "")
    schedule_form = ScheduleForm(request.POST if to == NewsStatus.SCHEDULED else None)
    try:
        if to == NewsStatus.PUBLISHED:
            actions.publish_now(item, actor=request.user)
        elif to == NewsStatus.SCHEDULED:
            moment = schedule_form.cleaned_data["publish_at"] if schedule_form.is_valid() else None
            if moment is None and schedule_form.errors:
                return _edit_page(request, item, schedule_form=schedule_form, status=422)
            actions.schedule(item, moment, actor=request.user)
        elif to == NewsStatus.WITHDRAWN:
            actions.withdraw(item, actor=request.user, reason=request.POST.get("reason", ""))
        elif to == NewsStatus.DRAFT:
            actions.back_to_draft(item, actor=request.user)
        else:
            return _edit_page(request, item, error=_("Choose a step."), status=422)
    except ValidationError as exc:
        add_action_errors(schedule_form, exc)
        return _edit_page(request, item, schedule_form=schedule_form, status=422)
    except TransitionNotAllowed:
        return _edit_page(
            request, item, error=_("You cannot take this step on this news item now."), status=422
        )
    item.refresh_from_db()
    messages.success(
        request, _("The news item is now: %(status)s.") % {"status": item.get_status_display()}
    )
    return redirect("news:edit", slug=slug, pk=pk)


@upload_limit("attachment")  # a photo of up to UPLOAD_MAX_BYTES, not the forms' limit
@login_required
@require_POST
@tenant_view("news.manage")
def photo_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = queries.get_item(request.tenant.agglomeration, pk)
    form = PhotoForm(request.POST, request.FILES)
    if submit_action_form(
        request,
        form,
        "news.manage",
        item,
        lambda data: actions.add_photo(
            item,
            data["file"],
            alt=data["alt"],
            credit=data["credit"],
            actor=request.user,
            form_token=form_token(form),
        ),
    ):
        messages.success(request, _("The photo is added."))
        return redirect("news:edit", slug=slug, pk=pk)
    return _edit_page(request, item, photo_form=form, status=422)


def _photo_of(request: TenantRequest, photo_pk: int) -> NewsPhoto:
    return get_in_tenant(NewsPhoto.objects.select_related("item"), request.tenant, pk=photo_pk)


@login_required
@require_POST
@tenant_view("news.manage")
def photo_remove(request: TenantRequest, slug: str, pk: int, photo_pk: int) -> HttpResponse:
    photo = _photo_of(request, photo_pk)
    if photo.item_id != pk:
        return redirect("news:edit", slug=slug, pk=pk)
    actions.remove_photo(photo, actor=request.user)
    messages.success(request, _("The photo is removed."))
    return redirect("news:edit", slug=slug, pk=pk)


@tenant_view("news.manage")
def photo(request: TenantRequest, slug: str, photo_pk: int, size: str) -> HttpResponse:
    """A photo of any item (a draft's too) for the office's pages and the preview."""
    return photo_response(_photo_of(request, photo_pk), size, cache="private, max-age=300")


@login_required
@require_POST
@tenant_view("news.manage")
def from_meeting(request: TenantRequest, slug: str, meeting_pk: int) -> HttpResponse:
    meeting = get_in_tenant(
        Meeting.objects.select_related("committee__agglomeration"),
        request.tenant,
        pk=meeting_pk,
    )
    try:
        item = actions.news_from_meeting(meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("committee:meeting", slug=slug, pk=meeting_pk)
    messages.success(request, _("A draft news item about the meeting's resolutions is ready."))
    return redirect("news:edit", slug=slug, pk=item.pk)
