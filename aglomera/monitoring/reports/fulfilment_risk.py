"""The fulfilment report's risk section, from early warning (calculations/early_warning.py) on
the period's last day.

Per programme and fund the strategy draws EU money from: the strategy's contribution to the
programme's decommitment risk at each deadline still open on that day (the strategy's share of
the N+3 target, its projects' claims and forecast claims, what they do not cover), the
decommitments the managing authority reported (the programme's amount and the strategy's
pro-rata share), or "no tranche data" where the office entered none. Nothing here is called
lost unless the managing authority reported it. Amounts are EU support in the programme's
currency: the test runs per programme, so it is not converted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from aglomera.monitoring.calculations.early_warning import (
    DeadlineCheck,
    ProgrammeRisk,
    deadline_for,
    get_early_warning,
)
from aglomera.monitoring.reports.fulfilment_tables import (
    UNKNOWN,
    Table,
    format_day,
    format_money,
)
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Strategy


def _check_row(item: ProgrammeRisk, category: str, check: DeadlineCheck) -> list[str]:
    state = _("Contribution to the programme's risk") if check.shortfall else _("Covered")
    return [
        item.programme,
        fund_abbreviation(item.fund),
        category,
        str(check.year),
        format_day(check.deadline),
        format_money(check.target),
        format_money(check.covered),
        format_money(check.shortfall),
        item.currency,
        state,
    ]


def _rows(item: ProgrammeRisk, period: str) -> list[list[str]]:
    if item.financing is None or item.contribution is None:
        state = _("No tranche data: nothing can be said about this programme's risk.")
        return [
            [
                item.programme,
                fund_abbreviation(item.fund),
                UNKNOWN,
                "",
                "",
                "",
                "",
                "",
                item.currency,
                state,
            ]
        ]
    category = item.financing.region_category_label
    rows = [
        _check_row(item, category, check) for check in item.contribution.checks if not check.passed
    ]
    for reported in item.financing.decommitments:
        state = _(
            "Decommitted: %(amount)s of the programme, reported by the managing authority on "
            "%(day)s (%(reference)s); the strategy's pro-rata share is in the amount column."
        ) % {
            "amount": f"{format_money(reported.amount)} {item.currency}",
            "day": format_day(reported.decided_on),
            "reference": reported.reference,
        }
        rows.append(
            [
                item.programme,
                fund_abbreviation(item.fund),
                category,
                str(reported.tranche_year),
                format_day(deadline_for(reported.tranche_year, period)),
                "",
                "",
                format_money(item.decommitted_share(reported.amount)),
                item.currency,
                state,
            ]
        )
    if not rows:
        rows.append(
            [
                item.programme,
                fund_abbreviation(item.fund),
                category,
                "",
                "",
                "",
                "",
                "",
                item.currency,
                _("No deadline is open any more."),
            ]
        )
    return rows


def _amounts(totals: dict[str, Decimal]) -> str:
    return ", ".join(f"{format_money(amount)} {currency}" for currency, amount in totals.items())


def risk_table(strategy: Strategy, *, as_of: date) -> Table:
    """The risk section on `as_of` (early warning's 6 queries)."""
    warning = get_early_warning(strategy, as_of=as_of)
    rows = [row for item in warning.programmes for row in _rows(item, strategy.period)]
    notes = [
        _(
            "Decommitment is decided per programme, fund and category of region (CPR 2021/1060 "
            "Art. 105-107): the programme's yearly EU tranches up to year N, less its "
            "pre-financing, must be covered by the EU share of its payment applications by 31 "
            "December of N+3 (the 2027 tranche: N+2). The strategy's contribution is its "
            "pro-rata share of each tranche (its EU allocation in the programme and fund divided "
            "by the programme's tranches) against its projects' certified claims and the claims "
            "forecast before the deadline. A contribution to the risk is not a loss: other "
            "projects of the programme may cover it. Money is decommitted only where the "
            "managing authority reported it. Deadlines open after %(day)s; EU support in the "
            "programme's currency."
        )
        % {"day": format_day(as_of)}
    ]
    at_risk = warning.at_risk_by_currency
    notes.append(
        _("The strategy's contribution to the programmes' risk at open deadlines: %(amounts)s.")
        % {"amounts": _amounts(at_risk)}
        if at_risk
        else _("The strategy contributes nothing to the programmes' risk at open deadlines.")
    )
    decommitted = warning.decommitted_by_currency
    if decommitted:
        notes.append(
            _("Decommitted from the programmes, as the managing authorities reported: %(amounts)s.")
            % {"amounts": _amounts(decommitted)}
        )
    missing = warning.missing
    if missing:
        notes.append(
            _(
                "No tranche data for %(programmes)s: the office has not entered the programme's "
                "tranches (page Programme tranches), so nothing is shown at risk for it."
            )
            % {
                "programmes": ", ".join(
                    f"{item.programme} ({fund_abbreviation(item.fund)})" for item in missing
                )
            }
        )
    return Table(
        title=_("Early warning: the strategy's contribution to the decommitment risk (EU support)"),
        headers=[
            _("Programme"),
            _("Fund"),
            _("Category of region"),
            _("Tranche"),
            _("Deadline (N+3)"),
            _("Claims needed"),
            _("Claimed and forecast"),
            _("Not covered or decommitted"),
            _("Currency"),
            _("State"),
        ],
        rows=rows,
        widths=(20, 12, 30, 14, 20, 28, 28, 28, 14, 73),
        empty=_("The strategy draws no EU money from a programme."),
        numeric_from=5,
        numeric_to=8,
        notes=notes if rows else [],
    )
