"""The form registering an organisation."""

from __future__ import annotations

from django import forms

from aglomera.agglomerations.models import Organisation
from aglomera.core.once import FormTokenField


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    form_token = FormTokenField()

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "ico", "regon", "nip", "address"]
