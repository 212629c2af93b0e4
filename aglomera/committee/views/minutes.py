"""The minutes of a meeting: as a page and as an editable DOCX."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aglomera.committee import documents
from aglomera.committee.queries import meetings as queries
from aglomera.committee.views.pages import meeting_of
from aglomera.core.tenant import TenantRequest, tenant_view


@tenant_view("committee.view")
@require_GET
def minutes(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return render(
        request,
        "committee/minutes.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "committee": meeting.committee,
            "meeting": meeting,
            "page": queries.get_meeting_page(meeting),
        },
    )


@tenant_view("committee.view")
@require_GET
def minutes_docx(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    content = documents.minutes_docx(queries.get_meeting_page(meeting))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"minutes-{meeting.number}-{meeting.period}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
