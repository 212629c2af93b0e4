"""Programme tranches: per programme and fund, the yearly EU commitment tranches, the
pre-financing received and the decommitments the managing authority reported.

Early warning tests the decommitment rule on them (calculations/early_warning.py). Who:
`monitoring.set_commitments` (manager) writes; `monitoring.view_commitments` (manager,
coordinator, auditor) reads. Outsiders get 404, other members 403; a programme the
agglomeration does not draw on is a 404. Views parse, authorize, call one action or query and
render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.accounts.permissions import require_perm
from aglomera.core.amounts import format_amount
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.actions.commitments import (
    PRE_FINANCING,
    SET,
    TRANCHE,
    amount_field,
    record_decommitment,
    remove_decommitment,
    set_programme_financing,
)
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS, deadline_for
from aglomera.monitoring.forms.commitments import DecommitmentForm, FinancingForm
from aglomera.monitoring.models import RegionCategory, ReportedDecommitment
from aglomera.monitoring.queries.commitments import (
    FinancingRow,
    commitments_page,
    offered_funds,
    programme_page,
)
from aglomera.strategy.models import Programme

VIEW = "monitoring.view_commitments"


@dataclass
class Cell:
    """One year of a fund: the values shown in its inputs (as typed after an error)."""

    year: int
    tranche: str  # in the input, as the page shows amounts (parse_amount reads it back)
    pre_financing: str
    deadline: date | None  # the tranche's deadline, when the year has a tranche
    tranche_amount: Decimal | None = None  # as saved, for reading
    pre_financing_amount: Decimal | None = None
    tranche_errors: list[str] = field(default_factory=list)
    pre_financing_errors: list[str] = field(default_factory=list)


@dataclass
class Section:
    """One fund of the programme page, with its two forms."""

    row: FinancingRow
    cells: list[Cell]
    region_category: str  # selected
    errors: list[str]  # about the fund's data as a whole
    category_errors: list[str]
    decommitment: DecommitmentForm


def _shown(amount: Decimal | None) -> str:
    return "" if not amount else format_amount(amount)


def _messages(form: BaseForm, name: str) -> list[str]:
    return [str(message) for message in form.errors.get(name, [])]


def _sections(
    rows: list[FinancingRow],
    funds: set[str],
    financing: FinancingForm,
    decommitment: DecommitmentForm | None,
) -> tuple[list[Section], list[str]]:
    """The funds to show, and the messages that belong to no fund (shown at the top).

    After a refused save the posted fund shows what was typed, each message next to its year.
    """
    posted = str(financing.data.get("fund", "")) if financing.errors else None
    other = str(decommitment.data.get("fund", "")) if decommitment is not None else None
    placed = posted in funds
    top: list[str] = []
    sections: list[Section] = []
    for row in rows:
        mine = posted == row.fund
        cells = []
        for year in row.years:
            tranche = row.tranches.get(year)
            if mine:
                cell = Cell(
                    year,
                    str(financing.data.get(amount_field(TRANCHE, year), "")),
                    str(financing.data.get(amount_field(PRE_FINANCING, year), "")),
                    None,
                    tranche_errors=_messages(financing, amount_field(TRANCHE, year)),
                    pre_financing_errors=_messages(financing, amount_field(PRE_FINANCING, year)),
                )
            elif row.shares_only:  # percentages, not money: the inputs wait for amounts
                cell = Cell(year, "", "", None)
            else:
                pre = row.pre_financing.get(year)
                cell = Cell(
                    year,
                    _shown(tranche),
                    _shown(pre),
                    None,
                    tranche_amount=tranche,
                    pre_financing_amount=pre,
                )
            if tranche and not row.shares_only:
                cell.deadline = deadline_for(year, row.programme.period)
            cells.append(cell)
        category = row.financing.region_category if row.financing is not None else ""
        errors: list[str] = []
        if mine:
            category = str(financing.data.get("region_category", ""))
            errors = [str(m) for m in financing.non_field_errors()] + _messages(financing, "fund")
        own = decommitment if decommitment is not None and other == row.fund else None
        if own is not None and (row.financing is None or row.shares_only):
            # its form is not shown without tranches in money: its messages go on the fund
            errors += [str(m) for found in own.errors.values() for m in found]
        if own is None:
            own = DecommitmentForm(funds=funds, years=row.years, initial={"fund": row.fund})
        own.auto_id = f"decommitment-{slugify(row.fund)}-%s"  # one form per fund on the page
        category_errors = _messages(financing, "region_category") if mine else []
        sections.append(Section(row, cells, category, errors, category_errors, own))
    if financing.errors and not placed:
        top += [str(m) for messages_ in financing.errors.values() for m in messages_]
    if decommitment is not None and other not in funds:
        top += [str(m) for messages_ in decommitment.errors.values() for m in messages_]
    return sections, top


def _programme(request: TenantRequest, pk: int) -> tuple[Programme, set[str]]:
    """The programme of the URL and the funds the agglomeration keeps tranches for; 404 when
    the agglomeration does not draw on it."""
    programme = Programme.objects.filter(pk=pk).first()
    funds = offered_funds(request.tenant.agglomeration, programme) if programme else set()
    if programme is None or not funds:
        raise Http404
    return programme, funds


def _programme_page(
    request: TenantRequest,
    programme: Programme,
    funds: set[str],
    financing: FinancingForm,
    decommitment: DecommitmentForm | None = None,
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    page = programme_page(agglomeration, programme)
    sections, other_errors = _sections(page.rows, funds, financing, decommitment)
    refused = bool(financing.errors) or (decommitment is not None and bool(decommitment.errors))
    return render(
        request,
        "monitoring/commitments/programme.html",
        {
            "agglomeration": agglomeration,
            "programme": programme,
            "strategy_shown": page.strategy,
            "sections": sections,
            "other_errors": other_errors,
            "categories": RegionCategory.choices,
            "can_edit": request.tenant.can(SET),
        },
        status=422 if refused else 200,
    )


@tenant_view(VIEW)
@require_http_methods(["GET"])
def commitments_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    page = commitments_page(agglomeration)
    return render(
        request,
        "monitoring/commitments/list.html",
        {
            "agglomeration": agglomeration,
            "strategy_shown": page.strategy,
            "rows": page.rows,
            "can_edit": request.tenant.can(SET),
        },
    )


@tenant_view(VIEW)
@require_http_methods(["GET", "POST"])
def programme_commitments(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    programme, funds = _programme(request, pk)
    years = PERIOD_YEARS[programme.period]
    form = FinancingForm(
        request.POST if request.method == "POST" else None, funds=funds, years=years
    )

    def save(data: dict[str, Any]) -> None:
        set_programme_financing(
            agglomeration,
            programme=programme,
            fund=data["fund"],
            region_category=data["region_category"],
            tranches={year: data[amount_field(TRANCHE, year)] for year in years},
            pre_financing={year: data[amount_field(PRE_FINANCING, year)] for year in years},
            actor=request.user,
        )

    if submit_action_form(request, form, SET, agglomeration, save):
        messages.success(request, _("The programme's tranches are saved."))
        return redirect("monitoring:programme_commitments", slug=slug, pk=programme.pk)
    return _programme_page(request, programme, funds, form)


@login_required
@require_POST
@tenant_view(VIEW)
def decommitment_new(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    programme, funds = _programme(request, pk)
    form = DecommitmentForm(request.POST, funds=funds, years=PERIOD_YEARS[programme.period])

    def save(data: dict[str, Any]) -> None:
        record_decommitment(
            agglomeration,
            programme=programme,
            fund=data["fund"],
            tranche_year=data["tranche_year"],
            amount=data["amount"],
            decided_on=data["decided_on"],
            reference=data["reference"],
            actor=request.user,
            form_token=form_token(form),
        )

    if submit_action_form(request, form, SET, agglomeration, save):
        messages.success(request, _("The decommitment is recorded."))
        return redirect("monitoring:programme_commitments", slug=slug, pk=programme.pk)
    blank = FinancingForm(None, funds=funds, years=PERIOD_YEARS[programme.period])
    return _programme_page(request, programme, funds, blank, form)


@login_required
@require_POST
@tenant_view(VIEW)
def decommitment_delete(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    require_perm(request.user, SET, request.tenant.agglomeration)
    item = get_in_tenant(
        ReportedDecommitment.objects.select_related(
            "financing__programme", "financing__agglomeration"
        ),
        request.tenant,
        pk=pk,
    )
    programme_id = item.financing.programme_id
    remove_decommitment(item, actor=request.user)
    messages.success(request, _("The decommitment is removed."))
    return redirect("monitoring:programme_commitments", slug=slug, pk=programme_id)
