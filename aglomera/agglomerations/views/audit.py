"""The audit log of an agglomeration: a filtered, paged page and the same list as CSV."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aglomera.agglomerations.forms.audit import AuditFilterForm
from aglomera.agglomerations.queries import audit as audit_queries
from aglomera.core.exports import csv_response
from aglomera.core.query_params import query_int
from aglomera.core.tenant import TenantRequest, tenant_view

PAGE_SIZE = 50
MAX_PAGE = 10**6  # a page number past this is nonsense: the last page is shown


def _form(request: TenantRequest) -> AuditFilterForm:
    agglomeration = request.tenant.agglomeration
    form = AuditFilterForm(
        request.GET,
        actors=audit_queries.actors(agglomeration),
        object_types=audit_queries.object_types(agglomeration),
    )
    form.is_valid()
    return form


@tenant_view("core.view_audit")
def audit_log(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = _form(request)
    events = audit_queries.filtered_events(agglomeration, form.wanted())
    paginator = Paginator(events, PAGE_SIZE)
    number = query_int(request.GET, "page", max_value=MAX_PAGE)
    if number is None:  # none asked: the newest; a page that is not a number: the last one
        number = paginator.num_pages if request.GET.get("page") else 1
    page = paginator.get_page(number)  # past the end: the last page
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agglomerations/audit.html",
        {
            "agglomeration": agglomeration,
            "form": form,
            "page": page,
            "events": audit_queries.readable(list(page.object_list)),
            "query": query.urlencode(),
        },
        status=422 if form.errors else 200,
    )


@tenant_view("core.view_audit")
def audit_csv(request: TenantRequest, slug: str) -> HttpResponseBase:
    """Every event the filter selects, newest first, in the reader's language."""
    agglomeration = request.tenant.agglomeration
    form = _form(request)
    if form.errors:  # the page says what is wrong; no file filtered otherwise than asked
        return audit_log(request, slug)
    selected = audit_queries.filtered_events(agglomeration, form.wanted())
    events = audit_queries.readable(list(selected))
    rows: list[list[object]] = [
        [
            _("Time (ISO 8601)"),
            _("When"),
            _("Who"),
            _("Event"),
            _("Kind of object"),
            _("Object"),
            _("Changes"),
            _("Reason"),
        ]
    ]
    for event in events:
        moment = timezone.localtime(event.at)
        rows.append(
            [
                moment.isoformat(timespec="seconds"),
                formats.date_format(moment, "SHORT_DATETIME_FORMAT"),
                event.actor,
                event.sentence,
                event.object_type,
                event.object_name,
                "\n".join(f"{c.label}: {c.old} → {c.new}" for c in event.changes),
                event.reason,
            ]
        )
    day = timezone.localdate().isoformat()
    return csv_response(rows, filename=f"audit-{agglomeration.slug}-{day}.csv")
