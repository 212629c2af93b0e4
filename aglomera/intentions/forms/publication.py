"""Forms of what the list of operations publishes of an intention: the purpose and achievements
(per language) and a contractor. The actions check the rest (identification numbers by country,
control characters, duplicates) and their errors are keyed by these field names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Country
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.intentions.actions.publication import (
    FOREIGN_MAX,
    NAME_MAX,
    REFERENCE_MAX,
    TEXT_MAX,
)


class PublicationTextsForm(forms.Form):
    purpose = I18nFormField(
        label=_("Purpose of the operation"),
        textarea=True,
        required=False,
        max_length=TEXT_MAX,
        help_text=_(
            "What the operation is for, in a sentence or two for the public. When empty, the "
            "list publishes the activities of the intention."
        ),
    )
    achievements = I18nFormField(
        label=_("Expected or actual achievements"),
        textarea=True,
        required=False,
        max_length=TEXT_MAX,
        help_text=_(
            "What the operation brings or has brought, e.g. 2.5 km of cycle path or two new "
            "classrooms. When empty, the list publishes the committed indicators."
        ),
    )


class ContractorForm(OnceForm):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    natural_person = forms.BooleanField(
        label=_("The contractor is a natural person"),
        required=False,
        help_text=_(
            "A natural person is published by first name and surname only, and removed two "
            "years after the operation was first published."
        ),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[*Country.choices, ("", _("another country"))],
    )
    identifier = forms.CharField(
        label=_("Identification number"),
        required=False,
        max_length=FOREIGN_MAX + 10,  # spaces between the digits are allowed and dropped
        help_text=_("IČO of a Czech contractor; REGON or NIP of a Polish one."),
    )
    procurement_reference = forms.CharField(
        label=_("Public procurement"),
        required=False,
        max_length=REFERENCE_MAX,
        help_text=_("The procurement's reference, e.g. its number in the procurement register."),
    )
