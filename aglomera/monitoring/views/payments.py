"""The payment forecast of a project: the schedule of expected EU payments early warning reads.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who: `intentions.view` opens it (staff of the agglomeration, the applicant for its own
organisation; another organisation's applicant gets 404); staff of the agglomeration or the
project's applicant enter it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.amounts import format_amount
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.views.access import intention_of
from aglomera.monitoring.actions import payments as payment_actions
from aglomera.monitoring.forms import payments as forms
from aglomera.monitoring.queries import payments as queries


def _forecast_page(
    request: TenantRequest, intention: ProjectIntention, form: forms.ForecastForm, status: int
) -> HttpResponse:
    payments = queries.list_forecast(intention)
    return render(
        request,
        "monitoring/progress/forecast.html",
        {
            "agglomeration": intention.call.agglomeration,
            "intention": intention,
            "payments": payments,
            "total": queries.forecast_total(payments),
            "form": form if payment_actions.may_forecast(request.user, intention) else None,
        },
        status=status,
    )


@tenant_view()
@require_http_methods(["GET", "POST"])
def payment_forecast(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk)
    if request.method != "POST":
        initial = "\n".join(
            f"{p.on.isoformat()} {format_amount(p.amount)}"
            for p in queries.list_forecast(intention)
        )
        return _forecast_page(
            request, intention, forms.ForecastForm(initial={"rows": initial}), 200
        )
    if not payment_actions.may_forecast(request.user, intention):
        raise PermissionDenied
    form = forms.ForecastForm(request.POST)
    if form.is_valid():
        try:
            payment_actions.set_payment_forecast(
                intention, form.cleaned_data["rows"], actor=request.user
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The payment forecast is saved."))
            return redirect("monitoring:payment_forecast", slug=slug, pk=pk)
    return _forecast_page(request, intention, form, 422)
