"""Commitment profiles: the share of each programme's EU money committed per year of the period.

Early warning spreads each measure's EU allocation by it (the decommitment rule). Who:
`monitoring.set_commitments` (manager) sets it; `monitoring.view_commitments` (manager,
coordinator, auditor) reads. Outsiders get 404, other members 403. Views parse, authorize, call
one action or query and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.actions.commitments import SET, set_commitment_profile, share_field
from aglomera.monitoring.forms.commitments import ALL_YEARS, ProfileForm
from aglomera.monitoring.queries.commitments import (
    ProfileRow,
    commitments_page,
    profile_programmes,
)

VIEW = "monitoring.view_commitments"


@dataclass
class Cell:
    year: int
    value: str  # the share shown in the input: the submitted text after an error
    amount: Decimal  # the allocation committed that year, as saved
    errors: list[str]


@dataclass
class Line:
    row: ProfileRow
    cells: list[Cell]
    errors: list[str]  # about the programme's shares as a whole (their total)


def _shown(share: Decimal | None) -> str:
    return "" if share is None else number_format(share, 2, use_l10n=True)


def _lines(rows: list[ProfileRow], form: ProfileForm) -> tuple[list[Line], list[str]]:
    """The rows to show, and the messages that belong to no row (shown above the table).

    After a refused save the submitted row shows what was typed, each message next to its year
    and the message about the total under the row.
    """
    posted = str(form.data.get("programme", "")) if form.errors else None
    row_fields = {share_field(year) for year in ALL_YEARS}
    top = [
        str(message)
        for name, found in form.errors.items()
        if name != "__all__" and name not in row_fields
        for message in found
    ]
    whole = [str(message) for message in form.non_field_errors()]
    lines: list[Line] = []
    placed = False
    for row in rows:
        commitments = row.commitments
        mine = posted == str(row.programme.pk)
        placed = placed or mine
        cells = [
            Cell(
                year,
                str(form.data.get(share_field(year), "")) if mine else _shown(row.shares.get(year)),
                commitments[year],
                [str(m) for m in form.errors.get(share_field(year), [])] if mine else [],
            )
            for year in row.years
        ]
        lines.append(Line(row, cells, whole if mine else []))
    if not placed:
        top += whole + [
            str(message) for name in sorted(row_fields) for message in form.errors.get(name, [])
        ]
    return lines, top


@tenant_view(VIEW)
@require_http_methods(["GET", "POST"])
def commitment_profiles(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        programmes=profile_programmes(agglomeration),
    )

    def save(data: dict[str, Any]) -> None:
        set_commitment_profile(
            agglomeration,
            programme=data["programme"],
            shares={year: data[share_field(year)] for year in ALL_YEARS},
            actor=request.user,
        )

    if submit_action_form(request, form, SET, agglomeration, save):
        messages.success(request, _("The commitment profile is saved."))
        return redirect("monitoring:commitment_profiles", slug=slug)
    page = commitments_page(agglomeration)
    lines, other_errors = _lines(page.rows, form)
    return render(
        request,
        "monitoring/commitments/list.html",
        {
            "agglomeration": agglomeration,
            "strategy_shown": page.strategy,
            "years": page.years,
            "lines": lines,
            "other_errors": other_errors,
            "can_edit": request.tenant.can(SET),
        },
        status=422 if form.errors else 200,
    )
