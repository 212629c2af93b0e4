"""Form fields shared by every form of the product.

`AmountField` is the one field of every amount of money: people type an amount the way the
product shows it in their language ("9 200 000,00" in Czech and Polish, "9,200,000.00" in
English), and the field shows its value that way too. `QuantityField` is the same for a
quantity that is not money (an indicator's value), shown without trailing zeros.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from aglomera.core.amounts import EXAMPLE, format_amount, format_quantity, parse_amount
from aglomera.core.money import MONEY_DIGITS, MONEY_PLACES
from aglomera.core.query_params import MAX_ID

CENTS = _("Enter the amount to the cent (at most two decimal places).")


class AmountInput(forms.TextInput):
    """A text input (type=number refuses grouping and the decimal comma) with a numeric keypad."""

    def __init__(self, attrs: dict[str, Any] | None = None, places: int = MONEY_PLACES) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.places = places

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_amount(value, self.places)
        return None if value in (None, "") else str(value)


class AmountField(forms.DecimalField):
    """An amount of money (by default: not negative, to the cent) typed in the local format.

    Every message shows numbers in the user's format (never "0.01" on a Czech page).
    """

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter an amount, for example %(example)s."),
        "negative": _("The amount cannot be negative."),
        "min_value": _("Enter at least %(limit)s."),
        "max_value": _("Enter at most %(limit)s."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
        "max_decimal_places": ngettext_lazy(
            "Enter at most %(max)s decimal place.", "Enter at most %(max)s decimal places.", "max"
        ),
    }

    def __init__(
        self,
        *,
        max_digits: int = MONEY_DIGITS,
        decimal_places: int = MONEY_PLACES,
        min_value: Decimal | None = Decimal("0"),
        max_value: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", AmountInput(places=decimal_places))
        kwargs.pop("localize", None)  # always local: the field parses and shows it itself
        # The limits are checked in validate(), whose messages format the limit locally.
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        if decimal_places == MONEY_PLACES:
            self.error_messages["max_decimal_places"] = CENTS
        self.low, self.high = min_value, max_value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            parsed = parse_amount(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": format_amount(EXAMPLE, min(self.decimal_places or 0, 2))},
            ) from None
        # "-0" is zero: kept and audited as "0", never as a negative-looking "-0"
        return parsed.copy_abs() if parsed is not None and parsed == 0 else parsed

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        places = self.decimal_places or 0
        if self.low is not None and value < self.low:
            if self.low == 0:
                raise ValidationError(self.error_messages["negative"], code="min_value")
            limit = format_amount(self.low, places)
            raise ValidationError(
                self.error_messages["min_value"], code="min_value", params={"limit": limit}
            )
        if self.high is not None and value > self.high:
            limit = format_amount(self.high, places)
            raise ValidationError(
                self.error_messages["max_value"], code="max_value", params={"limit": limit}
            )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step: they belong to type=number, which this input is not.
        return forms.Field.widget_attrs(self, widget)


class QuantityInput(AmountInput):
    """The input of a quantity: its value without trailing zeros ("1 000 000", not
    "1 000 000,000")."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_quantity(value)
        return None if value in (None, "") else str(value)


QUANTITY_EXAMPLE = Decimal("1250.5")


class QuantityField(AmountField):
    """A quantity that is not money (an indicator's value), typed in the local format like an
    amount ("1 000,5"), never with an exponent ("1e9"); at most what the model column holds
    (max_digits, decimal_places), not negative unless min_value says otherwise."""

    default_error_messages = {
        "invalid": _("Enter a number, for example %(example)s."),
        "negative": _("The value cannot be negative."),
        "max_digits": _("The number is too large."),
        "max_whole_digits": _("The number is too large."),
    }

    def __init__(
        self,
        *,
        max_digits: int,
        decimal_places: int,
        min_value: Decimal | None = Decimal("0"),
        max_value: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", QuantityInput(places=decimal_places))
        if max_value is None:  # the largest the column holds, stated in the message
            max_value = Decimal(10) ** (max_digits - decimal_places) - Decimal(1).scaleb(
                -decimal_places
            )
        super().__init__(
            max_digits=max_digits,
            decimal_places=decimal_places,
            min_value=min_value,
            max_value=max_value,
            **kwargs,
        )
        # AmountField speaks of cents for two places; a quantity has no cents.
        self.error_messages["max_decimal_places"] = AmountField.default_error_messages[
            "max_decimal_places"
        ]

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": format_quantity(QUANTITY_EXAMPLE)},
            ) from None

    def validate(self, value: Any) -> None:
        if value is not None and self.high is not None and value > self.high:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_quantity(self.high)},
            )
        super().validate(value)


__all__ = ["AmountField", "AmountInput", "QuantityField", "QuantityInput"]


class ModelChoicesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """The one multiple choice of objects of the product: Django's, except that an id outside the
    database's 64-bit range is an invalid choice (SQLite raises OverflowError on it in the
    `__in` query Django's field makes, which would answer 500)."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for given in value or ():
                try:
                    number = int(str(given))
                except ValueError:
                    continue  # Django's own check refuses it
                if not -MAX_ID - 1 <= number <= MAX_ID:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": given},
                    )
        return super()._check_values(value)  # type: ignore[misc]
