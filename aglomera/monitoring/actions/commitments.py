"""Keeping a programme's tranches: the yearly EU commitment tranches and pre-financing of a
programme and fund, and the decommitments its managing authority reported.

The office enters them per agglomeration (programmes are shared between agglomerations), from
the programme's financial table and the managing authority's reports; early warning tests the
decommitment rule on them (aglomera/monitoring/calculations/early_warning.py). Only the manager
writes (`monitoring.set_commitments`); every change is audited.

Rules of `set_programme_financing`: every amount is a number of at least 0 with at most two
decimals, in the programme currency; an empty year is a year without a tranche (e.g. 2021 for
most 2021-2027 programmes) or without pre-financing. Either some tranche is above zero and the
category of region is chosen, or every year is empty, which removes the data (refused while a
reported decommitment needs them). All years are written at once; saving the same data writes
nothing. Pre-financing is stored as received per year (CPR 2021/1060 Art. 90; the rates are in
the early-warning module's docstring).

Rules of `record_decommitment`: the programme and fund have tranches in money; the tranche year
has a tranche, its deadline has passed by the decision date, which is not in the future; the
amount is above zero and, with the decommitments already reported for that tranche, not more
than the tranche; a reference (the managing authority's letter or decision) is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import amounts, once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.money import CENT, ZERO
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS, deadline_for
from aglomera.monitoring.models import (
    ProgrammeFinancing,
    ProgrammeYear,
    RegionCategory,
    ReportedDecommitment,
)
from aglomera.monitoring.queries.commitments import offered_funds
from aglomera.strategy.models import Programme
from aglomera.strategy.rules import MAX_AMOUNT

SET = "monitoring.set_commitments"
TRANCHE = "tranche"
PRE_FINANCING = "pre_financing"
REFERENCE_LENGTH = 300


def amount_field(kind: str, year: int) -> str:
    """The name under which a year's amount is posted and its error is reported."""
    return f"{kind}_{year}"


def parse_amount(raw: object) -> Decimal | None:
    """An amount typed by the user in their language's format (core.amounts); None when empty."""
    try:
        value = amounts.parse_amount_leniently(raw)
    except ValueError:
        raise ValidationError(
            _("Enter an amount, for example %(example)s.")
            % {"example": amounts.format_amount(amounts.EXAMPLE)}
        ) from None
    if value is None:
        return None
    if value < 0:
        raise ValidationError(_("The amount cannot be negative."))
    # Before any rounding: quantize() fails beyond the decimal context's 28 digits.
    if value >= MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."))
    if value != value.quantize(CENT):
        raise ValidationError(_("Enter at most two decimal places."))
    return value.quantize(CENT)


def _parse_years(
    years: tuple[int, ...], tranches: Mapping[int, object], pre_financing: Mapping[int, object]
) -> tuple[dict[int, Decimal | None], dict[int, Decimal | None]]:
    parsed: dict[str, dict[int, Decimal | None]] = {TRANCHE: {}, PRE_FINANCING: {}}
    errors: dict[str, list[str]] = {}
    for kind, given in ((TRANCHE, tranches), (PRE_FINANCING, pre_financing)):
        for year in years:
            try:
                parsed[kind][year] = parse_amount(given.get(year))
            except ValidationError as error:
                errors[amount_field(kind, year)] = error.messages
    if errors:
        raise ValidationError(errors)
    return parsed[TRANCHE], parsed[PRE_FINANCING]


def _offered(agglomeration: Agglomeration, programme: Programme, fund: str) -> None:
    if fund not in offered_funds(agglomeration, programme):
        raise ValidationError(
            {"fund": _("Choose a programme and fund that the strategy plans EU money from.")}
        )


def _state(financing: ProgrammeFinancing | None) -> dict[str, Any]:
    """The data of a programme and fund as the audit log and the no-change check see them."""
    if financing is None:
        return {}
    years = list(ProgrammeYear.objects.filter(financing=financing).order_by("year"))
    return {
        "programme": str(financing.programme),
        "fund": financing.fund,
        "region_category": financing.region_category,
        "shares_only": financing.shares_only,
        "tranches": {str(item.year): f"{item.tranche:.2f}" for item in years},
        "pre_financing": {str(item.year): f"{item.pre_financing:.2f}" for item in years},
    }


@transaction.atomic
def set_programme_financing(
    agglomeration: Agglomeration,
    *,
    programme: Programme,
    fund: str,
    region_category: str,
    tranches: Mapping[int, object],
    pre_financing: Mapping[int, object],
    actor: Actor,
) -> ProgrammeFinancing | None:
    """Set the yearly tranches and pre-financing of one programme and fund, or remove them when
    every year is empty. Returns the data now in force (None when removed)."""
    require_perm(actor, SET, agglomeration)
    _offered(agglomeration, programme, fund)
    years = PERIOD_YEARS[programme.period]
    wanted_tranches, wanted_pre = _parse_years(years, tranches, pre_financing)
    # One writer per programme at a time (FOR NO KEY UPDATE: rows referring to the programme
    # can still be inserted); SQLite serialises writers anyway.
    Programme.objects.select_for_update(no_key=True).filter(pk=programme.pk).first()
    current = ProgrammeFinancing.objects.filter(
        agglomeration=agglomeration, programme=programme, fund=fund
    ).first()
    before = _state(current)
    empty = all(value is None for value in (*wanted_tranches.values(), *wanted_pre.values()))
    if empty:
        if current is None:
            return None
        if ReportedDecommitment.objects.filter(financing=current).exists():
            raise ValidationError(
                {
                    "fund": _(
                        "Remove the reported decommitments of this programme and fund before "
                        "its tranches."
                    )
                }
            )
        current.delete()
        record(
            "monitoring.programme_financing.removed",
            actor=actor,
            target=programme,
            agglomeration_id=agglomeration.pk,
            before=before,
        )
        return None
    if region_category not in RegionCategory.values:
        raise ValidationError({"region_category": _("Choose the category of region.")})
    if not any(value for value in wanted_tranches.values()):
        raise ValidationError(
            {"tranches": _("Enter the tranche of at least one year (above zero).")}
        )
    after = {
        "programme": str(programme),
        "fund": fund,
        "region_category": region_category,
        "shares_only": False,
        "tranches": {str(year): f"{wanted_tranches[year] or ZERO:.2f}" for year in years},
        "pre_financing": {str(year): f"{wanted_pre[year] or ZERO:.2f}" for year in years},
    }
    if before == after:
        return current
    financing, _created = ProgrammeFinancing.objects.update_or_create(
        agglomeration=agglomeration,
        programme=programme,
        fund=fund,
        defaults={"region_category": region_category, "shares_only": False},
    )
    ProgrammeYear.objects.filter(financing=financing).delete()
    ProgrammeYear.objects.bulk_create(
        ProgrammeYear(
            financing=financing,
            year=year,
            tranche=wanted_tranches[year] or ZERO,
            pre_financing=wanted_pre[year] or ZERO,
        )
        for year in years
    )
    record(
        "monitoring.programme_financing.set",
        actor=actor,
        target=programme,
        agglomeration_id=agglomeration.pk,
        before=before,
        after=after,
    )
    return financing


def _decommitment_audit(item: ReportedDecommitment) -> dict[str, Any]:
    return {
        "programme": str(item.financing.programme),
        "fund": item.financing.fund,
        "tranche_year": item.tranche_year,
        "amount": f"{item.amount:.2f}",
        "decided_on": item.decided_on.isoformat(),
        "reference": item.reference,
    }


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} {currency}"


@transaction.atomic
def record_decommitment(
    agglomeration: Agglomeration,
    *,
    programme: Programme,
    fund: str,
    tranche_year: int,
    amount: object,
    decided_on: date,
    reference: str,
    actor: Actor,
    form_token: UUID | None = None,
) -> ReportedDecommitment:
    """Record a decommitment the managing authority reported for a tranche of a programme."""
    require_perm(actor, SET, agglomeration)
    _offered(agglomeration, programme, fund)
    earlier = once.claim(form_token, actor=actor, model=ReportedDecommitment)
    if earlier is not None:
        return earlier
    financing = (
        ProgrammeFinancing.objects.select_for_update()
        .filter(agglomeration=agglomeration, programme=programme, fund=fund)
        .first()
    )
    if financing is None or financing.shares_only:
        raise ValidationError(
            {"fund": _("Enter the programme's tranches in money before a decommitment.")}
        )
    errors: dict[str, str] = {}
    tranche = (
        ProgrammeYear.objects.filter(financing=financing, year=tranche_year)
        .values_list("tranche", flat=True)
        .first()
    )
    deadline = deadline_for(tranche_year, programme.period)
    if not tranche:
        errors["tranche_year"] = _("The programme has no tranche in %(year)s.") % {
            "year": tranche_year
        }
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("Enter the day the decommitment was decided, not a future one.")
    elif decided_on <= deadline:
        errors["decided_on"] = _(
            "The %(year)s tranche can be decommitted only after its deadline, %(deadline)s."
        ) % {"year": tranche_year, "deadline": date_format(deadline, "SHORT_DATE_FORMAT")}
    try:
        value = parse_amount(amount)
    except ValidationError as error:
        errors["amount"] = error.messages[0]
        value = None
    if value is None or value <= 0:
        errors.setdefault("amount", _("Enter the amount decommitted (above zero)."))
    elif tranche:
        reported = (
            ReportedDecommitment.objects.filter(
                financing=financing, tranche_year=tranche_year
            ).aggregate(total=Sum("amount"))["total"]
            or ZERO
        )
        if reported + value > tranche:
            errors["amount"] = _(
                "With %(reported)s already reported, this is more than the %(year)s tranche "
                "(%(tranche)s)."
            ) % {
                "reported": _money(reported, programme.currency),
                "year": tranche_year,
                "tranche": _money(tranche, programme.currency),
            }
    text = reference.strip()
    if not text:
        errors["reference"] = _(
            "Enter the reference of the managing authority's report (letter or decision)."
        )
    elif len(text) > REFERENCE_LENGTH:
        errors["reference"] = _("Keep the reference to %(count)s characters.") % {
            "count": REFERENCE_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    assert value is not None  # noqa: S101 - an empty amount is an error above
    item = ReportedDecommitment.objects.create(
        financing=financing,
        tranche_year=tranche_year,
        amount=value,
        decided_on=decided_on,
        reference=text,
    )
    record(
        "monitoring.decommitment.recorded",
        actor=actor,
        target=programme,
        agglomeration_id=agglomeration.pk,
        after=_decommitment_audit(item),
    )
    once.bind(form_token, item)
    return item


@transaction.atomic
def remove_decommitment(item: ReportedDecommitment, *, actor: Actor) -> None:
    """Remove a reported decommitment entered by mistake."""
    agglomeration = item.financing.agglomeration
    require_perm(actor, SET, agglomeration)
    before = _decommitment_audit(item)
    programme = item.financing.programme
    item.delete()
    record(
        "monitoring.decommitment.removed",
        actor=actor,
        target=programme,
        agglomeration_id=agglomeration.pk,
        before=before,
    )
