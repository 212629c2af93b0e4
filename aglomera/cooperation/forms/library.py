"""The form of a good-practice card: its texts side by side in Czech, Polish and English (the
widget of the exchanges, marking a translation missing or older than another language's), its money as one amount
with currency and basis, the office's contact, the project record, tags and visibility."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.cooperation.models import MoneyBasis, Visibility
from aglomera.core.fields import AmountField
from aglomera.core.language_pairs import pair_field as text_field
from aglomera.core.money import Currency
from aglomera.core.once import OnceForm
from aglomera.intentions.models import ProjectIntention


class IntentionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def split_tags(value: str) -> list[str]:
    """'cycling, transport' -> ['cycling', 'transport'] (commas or new lines)."""
    return [part for line in value.splitlines() for part in line.split(",")]


def split_tags_per_language(value: dict[str, str]) -> dict[str, list[str]]:
    """{"en": "cycling, transport"} -> {"en": ["cycling", "transport"]}."""
    return {code: split_tags(text) for code, text in value.items()}


def join_tags(tags: dict[str, list[str]]) -> dict[str, str]:
    """The tags of each language as the form shows them: separated by commas."""
    return {code: ", ".join(values) for code, values in tags.items() if values}


class GoodPracticeForm(forms.Form):
    title = text_field(_("Title"), max_length=300)
    what = text_field(_("What it is"), max_length=5000, textarea=True, required=False)
    why = text_field(_("Why it worked"), max_length=5000, textarea=True, required=False)
    amount = AmountField(label=_("Amount"), required=False)  # typed the local way
    currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", "—"), *Currency.choices]
    )
    basis = forms.ChoiceField(
        label=_("Money basis"), required=False, choices=[("", "—"), *MoneyBasis.choices]
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intention = IntentionChoiceField(
        ProjectIntention.objects.none(), label=_("Project record"), required=False
    )
    tags = text_field(_("Tags"), max_length=1000, required=False)  # per language
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        help_text=_(
            "A card for partners is read by the partners of each partnership your manager "
            "shares it with (the partnership's page “What each side shares”)."
        ),
    )
    source = forms.URLField(
        label=_("Source (web address)"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, intentions: QuerySet[ProjectIntention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intention"].queryset = intentions  # type: ignore[attr-defined]
        self.fields["amount"].help_text = _(
            "Only a figure the sources state; with its currency and money basis. Amounts in "
            "different currencies or on different bases are never added up."
        )
        self.fields["contact"].help_text = _(
            "The office to ask (e.g. its department and general e-mail); no personal data needed."
        )
        self.fields["tags"].help_text = _(
            "In each language, separated by commas, e.g. cycling, transport."
        )
        self.fields["visibility"].help_text = _(
            "Partners: the staff of the agglomerations in a partnership with yours. Public: also "
            "on your portal."
        )


class NewGoodPracticeForm(OnceForm, GoodPracticeForm):
    pass
