"""The EU share of the claims, when a list gives them only in total eligible expenditure.

Domain.md section 6 ("Money basis"): an amount keeps its basis, and two bases never meet in one
sum. The funnel compares EU money with EU money, so the claims in payment applications must be
on the EU basis too. The rule, per row:

* the list has a column of the claims' Union share: that is the EU amount, as stated;
* otherwise, with the claims in total eligible expenditure and both the operation's total
  eligible expenditure and its EU contribution known, the EU amount is the claims times the
  operation's co-financing rate (EU contribution / total eligible expenditure, the rate of
  CPR 2021/1060 Art. 112 as its legal act fixes it), rounded half-up to the cent, and marked
  derived;
* otherwise it is unknown (None), never 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aglomera.core.money import CENT


def derived_eu_share(
    claimed_eligible: Decimal | None, eligible: Decimal | None, eu: Decimal | None
) -> Decimal | None:
    """claimed x (EU / eligible), to the cent; None when any part is unknown or eligible is 0."""
    if claimed_eligible is None or eu is None or not eligible:
        return None
    return (claimed_eligible * eu / eligible).quantize(CENT, rounding=ROUND_HALF_UP)


def complete_eu_claims(rows: dict[str, dict[str, Any]], fields: tuple[str, ...]) -> tuple[str, ...]:
    """Give every row its `paid_eu` and `paid_eu_derived`; the fields the rows now carry."""
    if "paid_eu" in fields:
        for values in rows.values():
            values["paid_eu_derived"] = False
        return (*fields, "paid_eu_derived")
    if "paid_eligible" not in fields:
        return fields
    for values in rows.values():
        share = derived_eu_share(
            values.get("paid_eligible"), values.get("eligible_cost"), values.get("eu_contribution")
        )
        values["paid_eu"] = share
        values["paid_eu_derived"] = share is not None
    return (*fields, "paid_eu", "paid_eu_derived")
