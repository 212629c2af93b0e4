"""The forms of a programme's tranches: the yearly amounts of one fund, and a decommitment the
managing authority reported. The actions parse and check the amounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.monitoring.actions.commitments import (
    PRE_FINANCING,
    REFERENCE_LENGTH,
    TRANCHE,
    amount_field,
)
from aglomera.monitoring.models import RegionCategory
from aglomera.strategy.funds import fund_abbreviation


class FinancingForm(forms.Form):
    """One fund of a programme (`funds`: queries.commitments.offered_funds), its category of
    region and, per year of the programme's period (`years`), the tranche and the
    pre-financing as typed."""

    fund = forms.ChoiceField(
        choices=(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "Choose a programme and fund that the strategy plans EU money from."
            )
        },
    )
    region_category = forms.ChoiceField(
        label=_("Category of region"),
        choices=[("", "—"), *RegionCategory.choices],
        required=False,
    )

    def __init__(self, *args: Any, funds: set[str], years: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fund"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows for mypy
        field.choices = [(fund, fund_abbreviation(fund)) for fund in sorted(funds)]
        for kind in (TRANCHE, PRE_FINANCING):
            for year in years:
                self.fields[amount_field(kind, year)] = forms.CharField(
                    required=False, max_length=30, strip=True
                )


class DecommitmentForm(OnceForm):
    """A decommitment the managing authority reported for one tranche of a programme's fund."""

    fund = forms.ChoiceField(
        choices=(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "Choose a programme and fund that the strategy plans EU money from."
            )
        },
    )
    tranche_year = forms.TypedChoiceField(label=_("Tranche of the year"), coerce=int, choices=())
    amount = forms.CharField(label=_("Amount decommitted"), max_length=30, strip=True)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput, validators=[validate_years]
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=REFERENCE_LENGTH,
        help_text=_("The managing authority's letter or the Commission's decision."),
    )

    def __init__(self, *args: Any, funds: set[str], years: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fund = self.fields["fund"]
        year = self.fields["tranche_year"]
        assert isinstance(fund, forms.ChoiceField)  # noqa: S101 - narrows for mypy
        assert isinstance(year, forms.TypedChoiceField)  # noqa: S101 - narrows for mypy
        fund.choices = [(item, fund_abbreviation(item)) for item in sorted(funds)]
        year.choices = [(item, str(item)) for item in years]
