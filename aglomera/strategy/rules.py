"""Domain rules of the strategy tree, shared by forms (to show messages) and actions (to enforce)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.strategy.models import Direction, IndicatorCode, SpecificObjective

SEGMENT = re.compile(r"^[0-9A-Za-z]{1,6}$")


def validate_child_code(code: str, parent_code: str | None) -> None:
    """A goal has one segment ("3"); a child adds one segment to its parent's code ("3.1")."""
    code = code.strip()
    if parent_code is None:
        if not SEGMENT.match(code):
            raise ValidationError(
                _("A goal code is one segment of letters or digits, for example 3."),
                code="code_format",
            )
        return
    prefix = f"{parent_code}."
    if not code.startswith(prefix) or not SEGMENT.match(code[len(prefix) :]):
        raise ValidationError(
            _("The code must be %(prefix)sN: the parent's code %(parent)s followed by one segment.")
            % {"prefix": prefix, "parent": parent_code},
            code="code_breaks_tree",
        )


# 13 integer digits: with the cents that is 15 significant digits, the most SQLite stores exactly.
MAX_AMOUNT = Decimal(10) ** 13


def validate_amount(amount: Decimal, *, positive: bool = False) -> None:
    """An amount of money: not negative (or positive), whole cents, and within the column."""
    if positive and amount <= 0:
        raise ValidationError(_("Enter a positive amount."), code="not_positive")
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Amounts have at most two decimal places."), code="decimals")
    if amount >= MAX_AMOUNT:
        raise ValidationError(
            _("The amount is too large: at most %(max)s.") % {"max": MAX_AMOUNT - Decimal("0.01")},
            code="too_large",
        )


def validate_plan_currency(specific_objective: SpecificObjective, currency: str) -> None:
    expected = specific_objective.programme.currency
    if currency != expected:
        raise ValidationError(
            _("The programme %(programme)s is planned in %(expected)s, not in %(given)s.")
            % {
                "programme": specific_objective.programme.code,
                "expected": expected,
                "given": currency,
            },
            code="wrong_currency",
        )


def validate_indicator_values(
    indicator: IndicatorCode, baseline: Decimal, milestone: Decimal | None, target: Decimal
) -> dict[str, str]:
    """Errors keyed by field: the target (and milestone) must move in the indicator's direction."""
    errors: dict[str, str] = {}
    grows = indicator.direction == Direction.INCREASE
    if grows and target < baseline:
        errors["target_2029"] = _(
            "The indicator %(code)s should grow: the target cannot be below the baseline %(baseline)s."
        ) % {"code": indicator.code, "baseline": baseline}
    if not grows and target > baseline:
        errors["target_2029"] = _(
            "The indicator %(code)s should fall: the target cannot be above the baseline %(baseline)s."
        ) % {"code": indicator.code, "baseline": baseline}
    if milestone is not None:
        low, high = sorted([baseline, target])
        if not low <= milestone <= high:
            errors["milestone_2024"] = _(
                "The milestone must lie between the baseline and the target."
            )
    return errors
