"""The form of "What we share": checkboxes of the office's own strategies, of their dashboards
and of its good-practice cards for partners. The choices are the agglomeration's own items
only; an id that is not one of them is refused as an invalid choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.cooperation.queries.sharing import OwnSide


class SharingForm(forms.Form):
    strategies = forms.TypedMultipleChoiceField(
        label=_("Strategies (goals, measures and their allocations)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dashboards = forms.TypedMultipleChoiceField(
        label=_("Monitoring dashboards (the money funnel and the indicators)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practices = forms.TypedMultipleChoiceField(
        label=_("Good-practice cards for partners"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, own: OwnSide, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "strategies": [c.strategy.pk for c in own.strategies if c.shared],
                "dashboards": [c.strategy.pk for c in own.strategies if c.dashboard],
                "practices": [c.card.pk for c in own.cards if c.shared],
            },
        )
        super().__init__(*args, **kwargs)
        strategies = [
            (c.strategy.pk, f"{c.strategy.name} ({c.strategy.get_period_display()})")
            for c in own.strategies
        ]
        self.fields["strategies"].choices = strategies  # type: ignore[attr-defined]
        self.fields["dashboards"].choices = strategies  # type: ignore[attr-defined]
        self.fields["practices"].choices = [  # type: ignore[attr-defined]
            (c.card.pk, str(c.card.title)) for c in own.cards
        ]
