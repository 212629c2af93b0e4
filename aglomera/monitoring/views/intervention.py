"""Types of intervention: the CPR Annex I code per programme specific objective of the strategy.

The code is published in the list of operations (Art. 49(3)(n)). Who: `monitoring.set_intervention`
(manager) sets it; `monitoring.view_intervention` (manager, coordinator, auditor) reads. Outsiders
get 404, other members 403. Views parse, authorize, call one action or query and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.actions.intervention import SET, set_intervention_field
from aglomera.monitoring.forms.intervention import InterventionFieldForm
from aglomera.monitoring.models import InterventionField
from aglomera.monitoring.queries.intervention import (
    InterventionRow,
    codable_objectives,
    intervention_page,
)

VIEW = "monitoring.view_intervention"


@dataclass
class Line:
    row: InterventionRow
    selected: str  # the code shown as chosen: the submitted one after an error
    field: InterventionField | None  # the saved code's codebook entry
    errors: list[str]
    unknown: bool  # a submitted code that is not in the codebook (kept in the select)


def _lines(
    rows: list[InterventionRow], fields: dict[str, InterventionField], form: InterventionFieldForm
) -> tuple[list[Line], list[str]]:
    """The rows to show, and the messages that belong to no row (shown above the table).

    After a refused save the submitted row shows the submitted code and the message next to it.
    """
    posted = str(form.data.get("specific_objective", "")) if form.errors else None
    code_errors = [str(message) for message in form.errors.get("code", [])]
    top = [str(m) for name, found in form.errors.items() if name != "code" for m in found]
    lines: list[Line] = []
    placed = False
    for row in rows:
        selected, errors = row.code, []
        if posted == str(row.specific_objective.pk):
            selected, errors, placed = str(form.data.get("code", "")).strip(), code_errors, True
        unknown = bool(selected) and selected not in fields
        lines.append(Line(row, selected, fields.get(row.code), errors, unknown))
    return lines, top if placed else top + code_errors


@tenant_view(VIEW)
@require_http_methods(["GET", "POST"])
def intervention_fields(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = InterventionFieldForm(
        request.POST if request.method == "POST" else None,
        objectives=codable_objectives(agglomeration),
    )

    def save(data: dict[str, Any]) -> None:
        set_intervention_field(
            agglomeration,
            specific_objective=data["specific_objective"],
            code=data["code"],
            actor=request.user,
        )

    if submit_action_form(request, form, SET, agglomeration, save):
        messages.success(request, _("The type of intervention is saved."))
        return redirect("monitoring:intervention_fields", slug=slug)
    page = intervention_page(agglomeration)
    lines, other_errors = _lines(page.rows, {field.code: field for field in page.fields}, form)
    return render(
        request,
        "monitoring/intervention/list.html",
        {
            "agglomeration": agglomeration,
            "strategy_shown": page.strategy,
            "lines": lines,
            "fields": page.fields,
            "other_errors": other_errors,
            "can_edit": request.tenant.can(SET),
        },
        status=422 if form.errors else 200,
    )
