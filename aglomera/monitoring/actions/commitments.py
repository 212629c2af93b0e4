"""Setting the commitment profile of a programme: the share of its EU money committed each year.

The profile is the programme's financial table in yearly tranches, in percent, as the office
enters it per agglomeration (programmes are shared between agglomerations). Early warning
spreads each measure's EU allocation in the programme by it (aglomera/monitoring/calculations/early_warning.py).
Only the manager sets it (`monitoring.set_commitments`).

Rules: each share is a number from 0 to 100 with at most two decimals; either every year of the
programme's period has a share and they add up to exactly 100.00, or every year is empty, which
removes the profile (the programme is spread evenly again). All years are written at once, with
an audit record holding the shares before and after; saving the same shares writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.money import CENT, ZERO
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS
from aglomera.monitoring.models import CommitmentProfile
from aglomera.monitoring.queries.commitments import programme_ids
from aglomera.strategy.models import Programme

SET = "monitoring.set_commitments"
HUNDRED = Decimal(100)


def share_field(year: int) -> str:
    """The name under which a year's share is posted and its error is reported."""
    return f"share_{year}"


def _share(raw: object) -> Decimal | None:
    """A share typed by the user (decimal comma or point, optional "%"); None when empty."""
    text = str(raw if raw is not None else "").replace("\xa0", "").replace(" ", "")
    text = text.removesuffix("%").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValidationError(_("Enter a number, e.g. 12.5."))
    if not ZERO <= value <= HUNDRED:
        raise ValidationError(_("Enter a share from 0 to 100."))
    if value != value.quantize(CENT):
        raise ValidationError(_("Enter at most two decimal places."))
    return value.quantize(CENT)


def _parse(years: tuple[int, ...], shares: Mapping[int, object]) -> dict[int, Decimal]:
    """The shares of every year, or {} when every year is empty; refuses a partial profile."""
    parsed: dict[int, Decimal | None] = {}
    errors: dict[str, list[str]] = {}
    for year in years:
        try:
            parsed[year] = _share(shares.get(year))
        except ValidationError as error:
            errors[share_field(year)] = error.messages
    if errors:
        raise ValidationError(errors)
    filled = {year: value for year, value in parsed.items() if value is not None}
    if not filled:
        return {}
    missing = [year for year in years if year not in filled]
    if missing:
        raise ValidationError(
            {
                share_field(year): _("Enter the share of %(year)s (0 if nothing is committed).")
                % {"year": year}
                for year in missing
            }
        )
    total = sum(filled.values(), ZERO)
    if total != HUNDRED:
        raise ValidationError(
            {
                "shares": _(
                    "The shares add up to %(total)s; they must add up to exactly 100.00 "
                    "(or leave every year empty for an even spread)."
                )
                % {"total": number_format(total, 2, use_l10n=True)}
            }
        )
    return filled


def _audit_shares(programme: Programme, shares: Mapping[int, Decimal]) -> dict[str, Any]:
    if not shares:
        return {}
    return {
        "programme": str(programme),
        "shares": {str(year): f"{share:.2f}" for year, share in sorted(shares.items())},
    }


@transaction.atomic
def set_commitment_profile(
    agglomeration: Agglomeration,
    *,
    programme: Programme,
    shares: Mapping[int, object],
    actor: Actor,
) -> dict[int, Decimal]:
    """Set the shares (percent per year) of one programme, or remove its profile when every
    year is empty. Returns the shares now in force ({} for an even spread)."""
    require_perm(actor, SET, agglomeration)
    if programme.pk not in programme_ids(agglomeration):
        raise ValidationError(
            {"programme": _("Choose a programme that the strategy plans EU money from.")}
        )
    wanted = _parse(PERIOD_YEARS[programme.period], shares)
    # One writer per programme at a time (FOR NO KEY UPDATE: rows referring to the programme
    # can still be inserted); SQLite serialises writers anyway.
    Programme.objects.select_for_update(no_key=True).filter(pk=programme.pk).first()
    current = dict(
        CommitmentProfile.objects.filter(
            agglomeration=agglomeration, programme=programme
        ).values_list("year", "share")
    )
    if current == wanted:
        return wanted
    CommitmentProfile.objects.filter(agglomeration=agglomeration, programme=programme).delete()
    CommitmentProfile.objects.bulk_create(
        CommitmentProfile(agglomeration=agglomeration, programme=programme, year=year, share=share)
        for year, share in sorted(wanted.items())
    )
    record(
        "monitoring.commitment_profile.set" if wanted else "monitoring.commitment_profile.removed",
        actor=actor,
        target=programme,
        agglomeration_id=agglomeration.pk,
        before=_audit_shares(programme, current),
        after=_audit_shares(programme, wanted),
    )
    return wanted
