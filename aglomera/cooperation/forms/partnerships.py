"""The forms of a new partnership (its name and description side by side in cs/pl/en, the other
agglomerations that signed, the agreement's date to its known precision and its document), of a
cooperation project of a partnership, and of one partner's budget in a project (an amount typed
the local way, its currency and basis, and the EU co-financing rate as a percentage)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.forms.exchanges import AgglomerationChoiceField
from aglomera.cooperation.forms.revision import RevisionForm
from aglomera.cooperation.models import DatePrecision, MoneyBasis
from aglomera.core.collation import collate_choices
from aglomera.core.dates import validate_years
from aglomera.core.fields import AmountField, ModelChoicesField, QuantityField
from aglomera.core.language_pairs import pair_field as text_field
from aglomera.core.money import Currency
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput

PRECISIONS = [
    (DatePrecision.DAY, _("to the day")),
    (DatePrecision.MONTH, _("only to the month (enter the month's first day)")),
    (DatePrecision.YEAR, _("only to the year (enter 1 January)")),
]


class AgglomerationsField(ModelChoicesField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PartnershipForm(OnceForm):
    name = text_field(_("Name"), max_length=200)
    description = text_field(_("Description"), max_length=5000, textarea=True, required=False)
    partners = AgglomerationsField(
        Agglomeration.objects.none(),
        label=_("The other agglomerations that signed the agreement"),
    )
    agreement_signed_on = forms.DateField(
        label=_("Agreement signed on"),
        validators=[validate_years],
        widget=DateInput,
        required=False,
    )
    agreement_precision = forms.ChoiceField(
        label=_("The date is known"), choices=PRECISIONS, initial=DatePrecision.DAY
    )
    agreement_source = forms.URLField(
        label=_("Agreement document (web address)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement_source"].help_text = _(
            "Where the signed agreement or a report of it is published, if anywhere."
        )
        if "partners" not in self.fields:  # the edit form: the members are not edited
            return
        self.fields["partners"].queryset = Agglomeration.objects.exclude(  # type: ignore[attr-defined]
            pk=agglomeration.pk
        )
        collate_choices(self.fields["partners"])  # type: ignore[arg-type]
        self.fields["partners"].help_text = _(
            "Your agglomeration is a member; its staff and the staff of each chosen agglomeration "
            "will see the partnership. Each side still decides what it shares."
        )


class PartnershipEditForm(RevisionForm, PartnershipForm):
    """Editing a partnership's name, description and agreement (its members stay), with the
    revision the page showed instead of a one-time token."""

    partners = None  # type: ignore[assignment]
    form_token = None  # type: ignore[assignment]
    missing_revision = _(
        "This page does not say which version of the partnership it was opened from, so your "
        "save could overwrite someone else's. Open the edit form again and repeat your changes."
    )


class ProjectForm(OnceForm):
    name = text_field(_("Name"), max_length=300)
    programme = text_field(_("Programme"), max_length=300, required=False)
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=100, required=False
    )
    starts_on = forms.DateField(
        label=_("Start"), validators=[validate_years], widget=DateInput, required=False
    )
    starts_precision = forms.ChoiceField(
        label=_("The start is known"), choices=PRECISIONS, initial=DatePrecision.DAY
    )
    ends_on = forms.DateField(
        label=_("End"), validators=[validate_years], widget=DateInput, required=False
    )
    ends_precision = forms.ChoiceField(
        label=_("The end is known"), choices=PRECISIONS, initial=DatePrecision.DAY
    )
    activities = text_field(_("Activities"), max_length=5000, textarea=True, required=False)
    source = forms.URLField(
        label=_("Source (web address)"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].help_text = _(
            "The programme that funds the project, e.g. Interreg Czechia – Poland 2021–2027."
        )
        self.fields["registration_number"].help_text = _(
            "As the programme registered it, e.g. CZ.11.4.120/0.0/0.0/16_026/0001080."
        )


class ProjectEditForm(RevisionForm, ProjectForm):
    """Editing a cooperation project, with the revision the page showed instead of a one-time
    token."""

    form_token = None  # type: ignore[assignment]
    missing_revision = _(
        "This page does not say which version of the project it was opened from, so your save "
        "could overwrite someone else's. Open the edit form again and repeat your changes."
    )


class BudgetForm(forms.Form):
    partner = AgglomerationChoiceField(Agglomeration.objects.none(), label=_("Partner"))
    basis = forms.ChoiceField(label=_("Money basis"), choices=MoneyBasis.choices)
    amount = AmountField(label=_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    eu_rate = QuantityField(
        label=_("EU co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        max_value=Decimal(100),
        required=False,
    )

    def __init__(self, *args: Any, members: list[Agglomeration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Agglomeration.objects.filter(  # type: ignore[attr-defined]
            pk__in=[member.pk for member in members]
        )
        collate_choices(self.fields["partner"])  # type: ignore[arg-type]
        self.fields["amount"].help_text = _(
            "In the currency the source states, on one basis: a partner's figure on another "
            "basis is kept beside it, never added to it. Saving the same partner and basis "
            "again replaces the figure."
        )
        self.fields["eu_rate"].help_text = _("For example 85; leave empty when not stated.")
